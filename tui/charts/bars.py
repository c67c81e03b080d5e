"""Bars: grouped or stacked, vertical or (for many or long labels) horizontal.

Shared by bar charts, batchwise bar charts, histograms and Plotly bar/pie.
Values arrive as one numpy array per series aligned with the labels; the
number of bars is capped to what the space can show before anything is
drawn, so a 100k-label chart costs what a 100-label one does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rich.cells import cell_len

from tui.charts.grid import Grid
from tui.charts.types import ColorMode, Palette

FILLS = ("█", "▒", "░", "▓", "#", "=", "+", "%")
VERTICAL_EIGHTHS = " ▁▂▃▄▅▆▇█"
HORIZONTAL_EIGHTHS = " ▏▎▍▌▋▊▉█"


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


def draw(
    bars: Bars, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Grid, list[str]]:
    """The chart as a Grid, and notes (e.g. how many bars were left out)."""
    from tui.charts import bars_horizontal, bars_vertical

    notes: list[str] = []
    n = len(bars.labels)
    horizontal = bars.horizontal
    if horizontal is None:
        horizontal = not bars_vertical.fits(bars, width)
    if horizontal:
        grid, shown = bars_horizontal.draw(bars, width, height, color, palette)
    else:
        grid, shown = bars_vertical.draw(bars, width, height, color, palette)
    if shown < n:
        notes.append(f"showing the first {shown} of {n} bars")
    return grid, notes


def fill_char(index: int, color: ColorMode, count: int) -> str:
    """The fill of series ``index``: solid with colour; a distinct texture without."""
    if color != "none" or count == 1:
        return "█"
    return FILLS[index % len(FILLS)]


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


def label_cells(labels: list[str]) -> int:
    return max((cell_len(t) for t in labels), default=0)
