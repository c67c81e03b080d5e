"""A cursor on a chart without an x axis: it stands on one mark (a bar, a bucket, a
box) at a time, steps to the next, jumps to the next failing one and reads it out.

Works from the chart's ``Marks`` (where each mark is drawn and what it holds), on the
finished drawing: moving the cursor restyles the cells of two marks, nothing is drawn
again. No Textual here.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.charts.cursor import paint
from tui.charts.view import Mark, Marks
from tui.charts.xy import FAIL_BLOCK, FAIL_WARN
from tui.text.glyphs import status_look

MOST_ENTRIES = 8  # the readout names this many series, then says how many more


def index_of(marks: Marks, key: str | None, fallback: int | None) -> int | None:
    """The mark called ``key`` (after a reload or a resize, the same category), else the
    one at ``fallback`` clamped to the marks; None when there are none or no cursor."""
    if not marks.items or (fallback is None and key is None):
        return None
    for i, mark in enumerate(marks.items):
        if mark.key == key:
            return i
    return min(max(fallback or 0, 0), len(marks.items) - 1)


def failing(mark: Mark) -> bool:
    return any(e.status in (FAIL_WARN, FAIL_BLOCK) for e in mark.entries)


def next_failing(marks: Marks, index: int | None, step: int) -> int | None:
    """The next mark after ``index`` (``step`` > 0) or before it with a failing status;
    from the first (or last) mark when there is no cursor yet."""
    n = len(marks.items)
    if index is None:
        order = range(n) if step > 0 else range(n - 1, -1, -1)
    else:
        order = range(index + 1, n) if step > 0 else range(index - 1, -1, -1)
    return next((i for i in order if failing(marks.items[i])), None)


def readout(marks: Marks, index: int, palette_series: tuple[str, ...] = ()) -> Text:
    """What the cursor stands on: which mark of how many, its key, each series' value."""
    mark = marks.items[index]
    head = f"{marks.what} {index + 1} of {len(marks.items)}: "
    out = Text.assemble((head, Style(bold=True)), (mark.key, Style(bold=True)))
    many = len(mark.entries) > 1
    for k, entry in enumerate(mark.entries[:MOST_ENTRIES]):
        series = palette_series[k % len(palette_series)] if palette_series else None
        colour = entry.color or series
        out.append("\n")
        if many or entry.name:
            out.append("━ ", Style(color=colour) if colour else None)
            out.append((entry.name or f"series {k + 1}") + "  ")
        out.append(entry.value, Style(bold=True))
        if entry.status is not None:
            look = status_look(entry.status)
            out.append(f"  {look.glyph} {look.word}")
    if len(mark.entries) > MOST_ENTRIES:
        more = len(mark.entries) - MOST_ENTRIES
        out.append(f"\n… and {more} more series", Style(dim=True))
    return out


LINE_DOWN = "│"
LINE_ACROSS = "─"


def overlay(body: Text, mark: Mark, colour: str | None = None) -> Text:
    """``body`` with ``mark``'s cells reversed (what they show stays readable), and a
    line through its middle where it is empty, as the x cursor has: a zero bar is found
    too."""
    (c0, c1), (l0, l1) = mark.cols, mark.lines
    if c1 <= c0 or l1 <= l0:
        return body
    if l1 - l0 >= c1 - c0:  # an upright bar: the line goes down its middle column
        return paint(body, range(l0, l1), range(c0, c1), LINE_DOWN, colour, (c0 + c1 - 1) // 2)
    middle = (l0 + l1 - 1) // 2  # else across its middle line
    return paint(body, range(l0, l1), range(c0, c1), LINE_ACROSS, colour, -2 - middle)
