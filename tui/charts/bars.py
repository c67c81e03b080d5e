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
from dataclasses import dataclass, field

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts._text import fit
from tui.charts.legend import LegendItem
from tui.charts.types import ColorMode, Palette

# Series textures without colour; distinct in ASCII too (the shades become #, :, ., %).
FILLS = ("█", "▒", "░", "▓", "=", "+", "~", "o")
VERTICAL_EIGHTHS = " ▁▂▃▄▅▆▇█"
HORIZONTAL_EIGHTHS = " ▏▎▍▌▋▊▉█"
FAIL_GLYPHS = {5: "×", 2: "!"}  # FAIL_BLOCK, FAIL_WARN


@dataclass(slots=True)
class BarSeries:
    name: str  # safe
    values: np.ndarray  # float per label; NaN = no bar
    color: str | None = None
    statuses: np.ndarray | None = None


@dataclass(slots=True)
class Bars:
    labels: list[str]  # safe
    series: list[BarSeries]
    stack: bool = False
    title: str = ""
    x_title: str = ""  # the label axis
    y_title: str = ""  # the value axis
    horizontal: bool | None = None  # None: decide from the labels and the space
    suffixes: list[str] = field(default_factory=list)  # text after each bar (horizontal)
    legend: bool = True
    short: list[str] = field(default_factory=list)  # shorter labels that still tell bars apart
    ordered: bool = False  # labels on an ordered axis (histogram buckets): may be thinned


def draw(
    bars: Bars, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Text, list[str]]:
    """The chart, and notes (e.g. how many bars were left out).

    Every bar keeps a name: vertical bars when all of them fit with their labels
    (or with ``bars.short`` ones), else horizontal bars when all of them fit
    one per row, else vertical ones with shortened labels. Only when neither
    orientation has room for every bar are the last ones left out, with a note.
    """
    choice = _choose(bars, width, height, color, palette)
    notes = []
    if choice.shown < len(bars.labels):
        notes.append(f"showing the first {choice.shown} of {len(bars.labels)} bars")
    return choice.render(), notes


Merge = Callable[[int], tuple["Bars", str]]


def draw_merging(
    merge: Merge, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Text, list[str]]:
    """Bars of an ordered axis (histogram buckets): when they do not all fit, neighbours
    are merged rather than the last ones dropped (that is where outliers are).

    ``merge(most)`` returns the bars merged to at most ``most`` (all of them when
    they are fewer) and a note saying what was merged ('' when nothing was).
    """
    most = max(width // 2, height, 1)  # more bars than this fit in neither orientation
    for _ in range(4):  # merging can widen the value labels, and so shrink the room
        bars, note = merge(most)
        choice = _choose(bars, width, height, color, palette)
        if choice.shown >= len(bars.labels) or most == 1:
            break
        most = max(min(choice.capacity, most - 1), 1)
    return choice.render(), [note] if note else []


@dataclass(slots=True)
class _Choice:
    render: Callable[[], Text]
    shown: int
    capacity: int  # the most bars either orientation could show


def _choose(bars: Bars, width: int, height: int, color: ColorMode, palette: Palette) -> _Choice:
    from tui.charts import bars_horizontal, bars_vertical

    n = len(bars.labels)
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
        cut = [fit(t, room) for t in labels[:shown]]
        if len(set(cut)) == len(cut):
            return cut
    widest = max((cell_len(t) for t in labels[:shown]), default=1)
    every = max(math.ceil((widest + 1) / max(room + 1, 1)), 1)
    return [t if j % every == 0 else None for j, t in enumerate(labels[:shown])]


def fill_char(index: int, color: ColorMode, count: int) -> str:
    """The fill of series ``index``: solid with colour; a distinct texture without."""
    if color != "none" or count == 1:
        return "█"
    return FILLS[index % len(FILLS)]


def fail_glyph(item: BarSeries, j: int) -> str | None:
    """The mark of bar ``j`` of a series when its status is a failure, else None."""
    if item.statuses is None or j >= len(item.statuses):
        return None
    return FAIL_GLYPHS.get(int(item.statuses[j]))


def legend(bars: Bars, color: ColorMode, palette: Palette) -> list[LegendItem]:
    if not bars.legend or (len(bars.series) < 2 and not any(s.name for s in bars.series)):
        return []
    k = len(bars.series)
    return [
        LegendItem(fill_char(i, color, k), s.name or f"series {i + 1}", s.color or palette.color(i))
        for i, s in enumerate(bars.series)
    ]


def extent(zero: int, end: int, solid: bool, positive: bool = False) -> tuple[int, int, int]:
    """Cells of a bar from level ``zero`` to level ``end`` (both in eighths of a cell).

    Returns (first full cell, cell after the last full one, eighths of a partial
    cell after them); the partial cell is kept only for solid bars above zero.
    A ``positive`` value too small for an eighth still gets one (or, for a
    textured bar, one cell): a bucket holding one outlier must not look empty.
    """
    lo_e, hi_e = sorted((zero, end))
    lo_e = round(lo_e / 8) * 8
    if not solid or hi_e <= zero:
        hi_e = round(hi_e / 8) * 8
    if positive and hi_e <= lo_e:
        return (lo_e // 8, lo_e // 8, 1) if solid else (lo_e // 8, lo_e // 8 + 1, 0)
    return lo_e // 8, hi_e // 8, hi_e % 8


def order(bars: Bars) -> range:
    """Series in drawing order: a stack is drawn top first, each series from zero to its
    end, so that the series under it paint over all but its own segment."""
    k = len(bars.series)
    return range(k - 1, -1, -1) if bars.stack else range(k)


def segments(bars: Bars, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Start and end value of every (series, label) bar for the first ``count`` labels.

    Side by side bars start at 0; stacked ones on the sum of those before them
    (positives upwards, negatives downwards, as Plotly's ``relative``).
    """
    k = len(bars.series)
    values = np.zeros((k, count))
    for i, item in enumerate(bars.series):
        row = np.asarray(item.values[:count], dtype=np.float64)
        values[i, : len(row)] = row
        values[i, len(row) :] = np.nan
    if not bars.stack:
        return np.zeros_like(values), values
    clean = np.where(np.isfinite(values), values, 0.0)
    pos, neg = np.maximum(clean, 0), np.minimum(clean, 0)
    start_pos = np.cumsum(pos, axis=0) - pos
    start_neg = np.cumsum(neg, axis=0) - neg
    start = np.where(clean >= 0, start_pos, start_neg)
    end = np.where(np.isfinite(values), start + clean, np.nan)
    return start, end


def value_range(start: np.ndarray, end: np.ndarray) -> tuple[float, float]:
    both = np.concatenate([start.ravel(), end.ravel(), [0.0]])
    both = both[np.isfinite(both)]
    return float(both.min()), float(both.max())
