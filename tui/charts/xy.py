"""Lines on x/y axes: the shared engine of double over time, line plot and Plotly scatter.

x is either plain numbers or int64 nanoseconds (timestamps); with timestamps
the axis shows seconds since an origin, or UTC clock time when the times are
absolute. Every series is decimated to the plot's resolution first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from tui.charts import scale
from tui.charts.decimate import coarsen, reduce, x_bounds
from tui.charts.frame import Frame, LegendItem, label_width, y_ticks
from tui.charts.grid import Grid
from tui.charts.raster import MARKERS, Canvas
from tui.charts.types import ColorMode, Palette

FAIL_BLOCK, FAIL_WARN = 5, 2
BLOCK_GLYPH, WARN_GLYPH = "×", "!"


@dataclass(slots=True)
class Line:
    name: str  # already safe
    x: np.ndarray  # float, or int64 nanoseconds when the axis is a time axis
    y: np.ndarray
    statuses: np.ndarray | None = None
    color: str | None = None
    mode: str = "lines"  # "lines", "markers" or "lines+markers"
    _failing: dict[int, np.ndarray] | None = None

    def failing(self) -> dict[int, np.ndarray]:
        """Positions of FAIL_WARN and FAIL_BLOCK points, found once."""
        if self._failing is None:
            status = self.statuses
            if status is None or not len(status):
                self._failing = {
                    FAIL_WARN: np.zeros(0, np.int64),
                    FAIL_BLOCK: np.zeros(0, np.int64),
                }
            else:
                # One pass over the series; only the (usually few) hits are sorted out.
                hits = np.flatnonzero(status >= FAIL_WARN)
                kinds = status[hits]
                self._failing = {k: hits[kinds == k] for k in (FAIL_WARN, FAIL_BLOCK)}
        return self._failing


@dataclass(slots=True)
class Threshold:
    value: float
    label: str
    series: int = 0


@dataclass(slots=True)
class XAxis:
    """``time``: x holds int64 ns and is shown as seconds since ``origin_ns``."""

    time: bool = False
    origin_ns: int = 0
    lo: float | None = None  # fixed bounds in display units (seconds for time)
    hi: float | None = None

    @property
    def absolute(self) -> bool:
        return self.time and self.origin_ns / 1e9 >= scale.ABSOLUTE_AFTER_S

    def to_raw(self, value: float) -> float:
        return self.origin_ns + value * 1e9 if self.time else value

    def display(self, raw: np.ndarray) -> np.ndarray:
        if self.time:
            return (raw - self.origin_ns) / 1e9
        return raw.astype(np.float64, copy=False)


@dataclass(slots=True)
class XYPlot:
    lines: list[Line]
    axis: XAxis = field(default_factory=XAxis)
    title: str = ""
    x_title: str = ""
    y_title: str = ""
    thresholds: list[Threshold] = field(default_factory=list)


def draw(plot: XYPlot, width: int, height: int, color: ColorMode, palette: Palette) -> Grid:
    """The whole chart as a Grid of ``width`` x ``height``."""
    grid = Grid(width, height, color)
    braille = color != "none" or len(plot.lines) == 1
    axis_style = grid.style(palette.axis)
    styles = [grid.style(line.color or palette.color(i)) for i, line in enumerate(plot.lines)]
    legend = _legend(plot, braille, styles, grid, palette)
    frame = Frame(width, height, plot.title, plot.y_title, _x_title(plot), legend, axis_style)
    x0, x1 = _x_range(plot)
    lo_hi: list[tuple[float, float]] = []
    # The y range depends on the data in view; the columns on the plot width,
    # which depends on the y labels: reduce at full width first to find the range.
    # One O(n) pass per line at the finest resolution the plot could have; the
    # final columns are merged from it in O(width).
    fine = 2 * width
    probe = [
        reduce(ln.x, ln.y, plot.axis.to_raw(x0), plot.axis.to_raw(x1), fine)
        if "lines" in ln.mode or ln.mode == ""
        else None
        for ln in plot.lines
    ]
    lo_hi = [r.y_bounds for r in probe if r is not None and r.y_bounds is not None]
    lo_hi += [_finite_bounds(ln.y) for ln in plot.lines if "markers" in ln.mode]
    lo_hi = [b for b in lo_hi if b is not None]
    if not lo_hi:
        frame.place(lambda rows: 1)
        frame.draw(grid, [], [])
        _center(grid, frame, "no data", axis_style)
        return grid
    lo, hi = min(a for a, _ in lo_hi), max(b for _, b in lo_hi)
    lo, hi = _with_thresholds(lo, hi, plot.thresholds)
    ticks_for: dict[int, tuple[float, float, list[float]]] = {}

    def y_label_width(rows: int) -> int:
        ticks_for[rows] = y_ticks(lo, hi, rows)
        _, _, ticks = ticks_for[rows]
        step = ticks[1] - ticks[0] if len(ticks) > 1 else None
        return label_width([scale.number(t, step) for t in ticks])

    frame.place(y_label_width)
    y0, y1, yt = ticks_for.get(frame.plot_h) or y_ticks(lo, hi, frame.plot_h)
    canvas = Canvas(frame.plot_w, frame.plot_h, braille)
    for item in plot.thresholds:
        if y0 <= item.value <= y1:
            canvas.hline(
                int(canvas.rows(np.array([item.value]), y0, y1)[0]),
                "╌",
                _rule_style(plot, item, grid, palette),
            )
    raw0, raw1 = plot.axis.to_raw(x0), plot.axis.to_raw(x1)
    for i, line in enumerate(plot.lines):
        marker = MARKERS[i % len(MARKERS)]
        if "lines" in line.mode or line.mode == "":
            runs = probe[i]
            if runs is not None:
                canvas.plot(coarsen(runs, fine, canvas.res_x), y0, y1, styles[i], marker)
        if "markers" in line.mode:
            px, py = _points(canvas, line.x, line.y, raw0, raw1, y0, y1)
            canvas.points(px, py, styles[i], marker)
            if not braille or "lines" not in line.mode:
                canvas.mark(px, py, marker, styles[i])
    for line in plot.lines:
        _mark_failures(canvas, line, raw0, raw1, y0, y1, grid, palette)
    canvas.draw(grid, frame.plot_x, frame.plot_y)
    step = yt[1] - yt[0] if len(yt) > 1 else None
    rows = [
        (int(canvas.rows(np.array([t]), y0, y1)[0]) // (4 if braille else 1), scale.number(t, step))
        for t in yt
    ]
    frame.draw(grid, rows, _x_ticks(plot.axis, x0, x1, frame.plot_w))
    return grid


def _x_title(plot: XYPlot) -> str:
    if not plot.axis.time:
        return plot.x_title
    if plot.axis.absolute:
        return f"{plot.x_title or 'time'} (UTC)"
    return plot.x_title or "time (s)"


def _x_range(plot: XYPlot) -> tuple[float, float]:
    axis = plot.axis
    lo, hi = math.inf, -math.inf
    for line in plot.lines:
        found = x_bounds(np.asarray(line.x))
        if found is not None and len(line.y):
            ends = axis.display(
                np.array(found, dtype=np.float64 if line.x.dtype.kind == "f" else line.x.dtype)
            )
            lo, hi = min(lo, float(ends[0])), max(hi, float(ends[1]))
    lo = axis.lo if axis.lo is not None else lo
    hi = axis.hi if axis.hi is not None else hi
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return 0.0, 1.0
    return scale.span(lo, hi)


def _rule_style(plot: XYPlot, item: Threshold, grid: Grid, palette: Palette) -> int:
    """A threshold in its series' colour when there are several series, else the failure colour."""
    if len(plot.lines) > 1 and item.series < len(plot.lines):
        return grid.style(plot.lines[item.series].color or palette.color(item.series))
    return grid.style(palette.fail)


def _finite_bounds(y: np.ndarray) -> tuple[float, float] | None:
    finite = y[np.isfinite(y)]
    return (float(finite.min()), float(finite.max())) if len(finite) else None


def _with_thresholds(lo: float, hi: float, thresholds: list[Threshold]) -> tuple[float, float]:
    reach = max(hi - lo, abs(hi), abs(lo), 1e-9)
    for item in thresholds:
        if math.isfinite(item.value) and lo - reach <= item.value <= hi + reach:
            lo, hi = min(lo, item.value), max(hi, item.value)
    return lo, hi


def _legend(
    plot: XYPlot, braille: bool, styles: list[int], grid: Grid, palette: Palette
) -> list[LegendItem]:
    items: list[LegendItem] = []
    if len(plot.lines) > 1 or (plot.lines and plot.lines[0].name):
        for i, line in enumerate(plot.lines):
            glyph = "━" if braille else MARKERS[i % len(MARKERS)]
            items.append(LegendItem(glyph, line.name or f"series {i + 1}", styles[i]))
    for item in plot.thresholds:
        items.append(LegendItem("╌", item.label, _rule_style(plot, item, grid, palette)))
    if any(len(ln.failing()[FAIL_BLOCK]) for ln in plot.lines):
        items.append(LegendItem(BLOCK_GLYPH, "FAIL_BLOCK point", grid.style(palette.fail)))
    if any(len(ln.failing()[FAIL_WARN]) for ln in plot.lines):
        items.append(LegendItem(WARN_GLYPH, "FAIL_WARN point", grid.style(palette.warn)))
    return items


def _points(
    canvas: Canvas, x: np.ndarray, y: np.ndarray, raw0: float, raw1: float, y0: float, y1: float
) -> tuple[np.ndarray, np.ndarray]:
    n = min(len(x), len(y))
    xf = np.asarray(x[:n], dtype=np.float64)
    yf = np.asarray(y[:n], dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        px = np.rint((xf - raw0) * ((canvas.res_x - 1) / (raw1 - raw0)))
    ok = np.isfinite(px) & np.isfinite(yf) & (px >= 0) & (px <= canvas.res_x - 1)
    return px[ok].astype(np.int64), canvas.rows(yf[ok], y0, y1)


def _mark_failures(
    canvas: Canvas,
    line: Line,
    raw0: float,
    raw1: float,
    y0: float,
    y1: float,
    grid: Grid,
    palette: Palette,
) -> None:
    if line.statuses is None or not len(line.statuses):
        return
    n = min(len(line.x), len(line.y), len(line.statuses))
    for status, glyph, colour in (
        (FAIL_WARN, WARN_GLYPH, palette.warn),
        (FAIL_BLOCK, BLOCK_GLYPH, palette.fail),
    ):
        where = line.failing()[status]
        where = where[where < n]
        if len(where):
            px, py = _points(canvas, line.x[where], line.y[where], raw0, raw1, y0, y1)
            canvas.mark(px, py, glyph, grid.style(colour))


def _x_ticks(axis: XAxis, x0: float, x1: float, width: int) -> list[tuple[int, str]]:
    if axis.absolute:
        sample = scale.clock(axis.origin_ns / 1e9 + x0)
        count = max(2, width // (len(sample) + 4))
        base = axis.origin_ns / 1e9
        values = [v - base for v in scale.time_ticks(base + x0, base + x1, count)]
        labels = [scale.clock(base + v) for v in values]
    else:
        count = max(2, width // 10)
        values = scale.ticks(x0, x1, count)
        step = values[1] - values[0] if len(values) > 1 else None
        labels = [scale.number(v, step) for v in values]
    out = []
    for value, text in zip(values, labels, strict=True):
        col = round((value - x0) / (x1 - x0) * (width - 1)) if x1 > x0 else 0
        if 0 <= col < width:
            out.append((col, text))
    return out


def _center(grid: Grid, frame: Frame, message: str, style: int) -> None:
    row = frame.plot_y + frame.plot_h // 2
    col = frame.plot_x + max((frame.plot_w - len(message)) // 2, 0)
    grid.write(col, row, message, style)
