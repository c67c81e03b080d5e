"""The interactive viewer (Textual): what it composes and what only it uses.

viewer.py is the App and its stylesheet viewer.tcss; palette.py the command
palette; screens/ the screens and dialogs laid over the main view; widgets/
one widget per file. They compose and display: data comes from tui.model,
drawing from tui.charts, watching from tui.live.

May import: tui.model, tui.text, tui.formats, tui.validate, tui.charts,
tui.export, tui.live; Textual, Rich, textual-image and Pillow.
"""
