"""Bars: grouped or stacked, vertical or (for many or long labels) horizontal.

Shared by bar charts, batchwise bar charts, histograms and Plotly bar/pie.
Values arrive as one numpy array per series aligned with the labels; the
number of bars is capped to what the space can show before anything is
drawn, so a 100k-label chart costs what a 100-label one does. plotext draws
the bars (filled columns or rows), the axes and the labels; we choose the
cells, so that a bar's last cell can be a partial block (eighths) and a
stack can go down for negative values (plotext's ``stacked_bar`` cannot).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from tui.charts import bars_horizontal, bars_vertical
from tui.charts._text import fit
from tui.charts.bars_common import FILLS, Bars, BarSeries
from tui.charts.types import ColorMode, Palette
from tui.charts.view import Marks
from tui.text.plural import plural

__all__ = ["FILLS", "BarSeries", "Bars", "draw", "draw_merging", "most_shown"]


def most_shown(width: int, height: int) -> int:
    """More bars than this fit in neither orientation (vertical bars take two columns
    at least, horizontal ones a row): renderers pass only this many to ``draw``, so
    that labels and colours are made for what can be drawn, not for every bar."""
    return max(width // 2, height, 1)


def draw(
    bars: Bars, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Text, list[str], Marks]:
    """The chart, notes (e.g. how many bars were left out), and the bars drawn as marks
    for a cursor.

    Every bar keeps a name: vertical bars when all of them fit with their labels
    (or with ``bars.short`` ones), else horizontal bars when all of them fit
    one per row, else vertical ones with shortened labels. Only when neither
    orientation has room for every bar are the last ones left out, with a note.
    """
    choice = _choose(bars, width, height, color, palette)
    notes = []
    total = max(bars.total, len(bars.labels))
    if choice.shown < total:
        notes.append(f"showing the first {choice.shown} of {plural(total, 'bar')}")
    body, marks = choice.render()
    return body, notes, marks


Merge = Callable[[int], tuple["Bars", str]]


def draw_merging(
    merge: Merge, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Text, list[str], Marks]:
    """Bars of an ordered axis (histogram buckets): when they do not all fit, neighbours
    are merged rather than the last ones dropped (that is where outliers are).

    ``merge(most)`` returns the bars merged to at most ``most`` (all of them when
    they are fewer) and a note saying what was merged ('' when nothing was).
    """
    most = most_shown(width, height)
    for _ in range(4):  # merging can widen the value labels, and so shrink the room
        bars, note = merge(most)
        choice = _choose(bars, width, height, color, palette)
        if choice.shown >= len(bars.labels) or most == 1:
            break
        most = max(min(choice.capacity, most - 1), 1)
    body, marks = choice.render()
    return body, [note] if note else [], marks


@dataclass(slots=True)
class _Choice:
    render: Callable[[], tuple[Text, Marks]]
    shown: int
    capacity: int  # the most bars either orientation could show


def _choose(bars: Bars, width: int, height: int, color: ColorMode, palette: Palette) -> _Choice:
    n = max(bars.total, len(bars.labels))
    v = (
        bars_vertical.plan(bars, width, height, color, palette)
        if bars.horizontal is not True
        else None
    )
    h = (
        bars_horizontal.plan(bars, width, height, color, palette)
        if bars.horizontal is not False
        else None
    )
    capacity = max(v.shown if v else 0, h.shown if h else 0)

    def vertical(labels: list[str | None]) -> _Choice:
        assert v is not None
        return _Choice(
            lambda: bars_vertical.draw(v, bars, labels, color, palette), v.shown, capacity
        )

    def horizontal() -> _Choice:
        assert h is not None
        return _Choice(lambda: bars_horizontal.draw(h, bars, color, palette), h.shown, capacity)

    if v is not None and v.shown >= n:
        for labels in (bars.labels, bars.short):
            if labels and all(cell_len(t) <= v.label_room for t in labels):
                return vertical(list(labels))
    if h is not None and (h.shown >= n or v is None):
        return horizontal()
    if v is not None and (v.shown >= n or h is None or v.shown >= h.shown):
        return vertical(_squeezed(bars, v.label_room, v.shown))
    return horizontal()


def _squeezed(bars: Bars, room: int, shown: int) -> list[str | None]:
    """Labels for bars whose full labels do not fit under them: cut to the room with an
    ellipsis while that leaves them different from each other; else (and always on
    an ordered axis, where a name between two others is clear) whole labels under
    every k-th bar."""
    labels = bars.short or bars.labels
    if room >= 4 and not bars.ordered:
        cut: list[str | None] = [fit(t, room) for t in labels[:shown]]
        if len(set(cut)) == len(cut):
            return cut
    widest = max((cell_len(t) for t in labels[:shown]), default=1)
    every = max(math.ceil((widest + 1) / max(room + 1, 1)), 1)
    return [t if j % every == 0 else None for j, t in enumerate(labels[:shown])]
