"""Screens and dialogs laid over the main view."""
