"""Scrollbars whose thumb is whole cells: no eighth-block glyphs at its ends.

Textual draws a thumb's fractional ends with ▁▂▃▅▆▇ in the thumb's colour on the
track's. In tmux at 256 colours the track and thumb nearly vanish into the
background, so those glyphs read as stray two-cell marks at the right edge
that change shape as the table scrolls or grows. A thumb of whole cells is
background colour only: nothing on screen but the bar itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.scrollbar import ScrollBar, ScrollBarRender


class WholeCellScrollBarRender(ScrollBarRender):
    """Blank partial glyphs: Textual then leaves the thumb's end cells to the track."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def whole_cell_scrollbars_everywhere() -> None:
    """Every scrollbar of the app whole-cell: the tree, the card, tables, panels (one look).

    Textual's class-wide renderer is the app's to choose (its ScrollBar docs); the
    viewer sets it once, when it is made.
    """
    ScrollBar.renderer = WholeCellScrollBarRender
