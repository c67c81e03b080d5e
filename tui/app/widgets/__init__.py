"""Widgets: composition and display only; data comes from tui.model."""
