"""Markdown from a file, with a budget: Textual's widget for short text, plain text past it.

Textual's Markdown widget mounts a widget per block: a 400 KB list is tens of
thousands of widgets and minutes of a frozen screen. Past a size a reader of a
terminal would scroll through anyway, its start is shown as readable plain text
(tui/charts/markdown.py, linear in its length) in one Static, and says so.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from tui.charts.markdown import plain
from tui.text.plural import plural
from tui.text.safe import printable_block

MAX_RENDERED_CHARS = 20_000
MAX_RENDERED_LINES = 400
MAX_PLAIN_CHARS = 20_000


def file_markdown(text: str, classes: str | None = None) -> Widget:
    """A widget showing ``text`` (Markdown from the file), whatever its size."""
    if len(text) <= MAX_RENDERED_CHARS and text.count("\n") < MAX_RENDERED_LINES:
        # Imported here, at the first description shown: Textual's Markdown (with
        # markdown-it) is a tenth of a second of every start-up otherwise, the jobs
        # table's included, which shows none.
        from textual.widgets import Markdown

        return Markdown(printable_block(text), open_links=False, classes=classes)
    note = Text(
        f"({plural(len(text), 'character')}: the first {min(len(text), MAX_PLAIN_CHARS):,} "
        "shown as plain text, not rendered; resim-tui export writes all of it)\n",
        style=Style(dim=True),
    )
    return Static(note + plain(text, MAX_PLAIN_CHARS), classes=classes)
