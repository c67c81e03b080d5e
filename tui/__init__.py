"""resim-tui: a terminal dashboard and inspector for ReSim metrics files.

Folders by role, lowest layer first (README "Develop"; tests/test_layers.py
holds every import to this): schema (protobuf bindings), model (the resolved
job), text (safe text helpers), formats (readers), validate, charts, export,
live (watching and reloading), app (the Textual viewer), cli (the command
line); demo holds the bundled demo job. Every folder may import this module.
"""

__version__ = "0.1.0"
