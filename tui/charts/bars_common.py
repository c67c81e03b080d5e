"""What vertical and horizontal bars share: the bars to draw, their fills, their cells.

bars.py chooses the orientation; bars_vertical.py and bars_horizontal.py draw
it. Both take these from here, so that neither needs bars.py (which imports them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from tui.charts.legend import LegendItem
from tui.charts.types import ColorMode, Palette
from tui.charts.view import Entry, Mark, Marks
from tui.text.formatting import number

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
    # Every series' bar in the same place from zero (Plotly's ``barmode: "overlay"``): drawn
    # tallest first, so that each shorter one stays in front and every top is seen.
    overlay: bool = False
    title: str = ""
    x_title: str = ""  # the label axis
    y_title: str = ""  # the value axis
    horizontal: bool | None = None  # None: decide from the labels and the space
    suffixes: list[str] = field(default_factory=list)  # text after each bar (horizontal)
    legend: bool = True
    short: list[str] = field(default_factory=list)  # shorter labels that still tell bars apart
    ordered: bool = False  # labels on an ordered axis (histogram buckets): may be thinned
    total: int = 0  # bars in the data, when only the first ``len(labels)`` were passed
    span: tuple[float, float] | None = None  # the value axis covers at least this range


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
    """The series (when there is more than one, or it is named), then the failure marks
    that are drawn beside failing bars."""
    items = []
    if bars.legend and (len(bars.series) > 1 or any(s.name for s in bars.series)):
        k = len(bars.series)
        items = [
            LegendItem(
                fill_char(i, color, k), s.name or f"series {i + 1}", s.color or palette.color(i)
            )
            for i, s in enumerate(bars.series)
        ]
    found = {int(v) for s in bars.series if s.statuses is not None for v in _failing(s.statuses)}
    for status, what, colour in ((5, "FAIL_BLOCK", palette.fail), (2, "FAIL_WARN", palette.warn)):
        if status in found:
            items.append(LegendItem(FAIL_GLYPHS[status], what, colour))
    return items


def _failing(statuses: np.ndarray) -> np.ndarray:
    return np.unique(statuses[(statuses == 2) | (statuses == 5)])


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


def tip_cell(zero: int, end: int, solid: bool) -> int:
    """The cell that holds the tip of a bar from level ``zero`` to level ``end`` (eighths),
    drawn as ``extent`` draws it: where the value axis puts the tick of that value, so
    that a bar reaching a tick ends in the tick's row (not the row above it)."""
    first, after, part = extent(zero, end, solid)
    if end > zero:
        return after if part else max(after - 1, first)
    return first if end < zero else zero // 8


def order(bars: Bars) -> range:
    """Series in drawing order: a stack is drawn top first, each series from zero to its
    end, so that the series under it paint over all but its own segment."""
    k = len(bars.series)
    return range(k - 1, -1, -1) if bars.stack else range(k)


def one_slot(bars: Bars) -> bool:
    """Whether the series of a label share one bar's place (stacked or overlaid)."""
    return bars.stack or bars.overlay


def layers(bars: Bars, end: np.ndarray) -> list[tuple[int, list[int]]]:
    """(series, labels) in painting order, later over earlier: every series over all
    labels in ``order``, or, overlaid, by rank at each label (the longest bar first)."""
    count = end.shape[1] if end.ndim == 2 else 0
    if not bars.overlay:
        return [(i, list(range(count))) for i in order(bars)]
    size = np.where(np.isfinite(end), np.abs(end), -1.0)
    rank = np.argsort(np.argsort(-size, axis=0, kind="stable"), axis=0, kind="stable")
    k = len(bars.series)
    out = []
    for r in range(k):
        for i in range(k):
            picked = np.flatnonzero(rank[i] == r).tolist()
            if picked:
                out.append((i, picked))
    return out


def in_front(bars: Bars, end: np.ndarray, i: int, j: int) -> bool:
    """Whether bar ``j`` of series ``i`` is overlaid on a longer one: its top is then a
    whole cell, since a partial one would blank the rest of that cell of the bar behind."""
    if not bars.overlay:
        return False
    column = end[:, j]
    return bool(np.any(np.abs(column[np.isfinite(column)]) > abs(end[i, j])))


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


def value_range(
    start: np.ndarray, end: np.ndarray, span: tuple[float, float] | None = None
) -> tuple[float, float]:
    """The values the bars reach, zero included, widened to ``span`` when given."""
    both = np.concatenate([start.ravel(), end.ravel(), [0.0], span or []])
    both = both[np.isfinite(both)]
    return float(both.min()), float(both.max())


def marks(bars: Bars, shown: int, place: Callable[[int], tuple[range, range]]) -> Marks:
    """The first ``shown`` bars (a label's series together) as marks for a cursor;
    ``place(j)`` gives the columns and lines of the chart's body that label ``j`` takes."""
    what = "bucket" if bars.ordered else "bar"
    unit = f"{bars.y_title} " if bars.y_title else ""
    items = []
    for j in range(min(shown, len(bars.labels))):
        entries = []
        for item in bars.series:
            if j >= len(item.values):
                continue
            status = (
                int(item.statuses[j])
                if item.statuses is not None and j < len(item.statuses)
                else None
            )
            status = status or None  # 0: no status given (a bucket where nothing fails)
            value = f"{unit}{number(float(item.values[j]))}"
            entries.append(Entry(item.name, value, status, item.color))
        cols, lines = place(j)
        key = _range(bars.labels[j]) if bars.ordered else bars.labels[j]
        items.append(Mark(key, tuple(entries), (cols.start, cols.stop), (lines.start, lines.stop)))
    return Marks(tuple(items), what)


def _range(label: str) -> str:
    """A bucket's compact label ('0.5–1', written by its renderer) as the half-open range
    it is, '[0.5, 1)'; other labels as they are."""
    parts = label.split("–")
    return f"[{parts[0]}, {parts[1]})" if len(parts) == 2 and all(parts) else label
