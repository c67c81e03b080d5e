"""Lines on x/y axes: the shared engine of double over time, line plot and Plotly scatter.

x is either plain numbers or int64 nanoseconds (timestamps); with timestamps
the axis shows seconds since an origin, or UTC clock time when the times are
absolute. Every series is decimated to the plot's resolution in numpy
(decimate.py) and rasterised to the plot's cells (raster.py); plotext draws
the cells, the axes, threshold lines and failing points (_plotext.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts import scale
from tui.charts._plotext import Figure
from tui.charts.decimate import coarsen, fact, offsets, reduce, sorted_window, x_bounds
from tui.charts.legend import LegendItem, header_lines, header_text, share
from tui.charts.raster import MARKERS, Canvas, cell_of, segment_points
from tui.charts.types import ColorMode, Palette
from tui.charts.view import Range, XView

FAIL_BLOCK, FAIL_WARN = 5, 2
BLOCK_GLYPH, WARN_GLYPH = "×", "!"
RULE = "⠤"  # a threshold: a row of dots at its true height


@dataclass(slots=True)
class Line:
    name: str  # already safe
    x: np.ndarray  # float, or int64 nanoseconds when the axis is a time axis
    y: np.ndarray
    statuses: np.ndarray | None = None
    color: str | None = None
    mode: str = "lines"  # "lines", "markers" or "lines+markers"
    _failing: dict[int, np.ndarray] | None = None
    labels: list[str] | None = None  # y holds codes into these (a states band)
    # y in its own axis's units when y was scaled to be drawn (a secondary y axis)
    own_y: np.ndarray | None = None

    def failing(self) -> dict[int, np.ndarray]:
        """Positions of FAIL_WARN and FAIL_BLOCK points, found once per status array."""
        if self._failing is None:
            status = self.statuses
            if status is None or not len(status):
                empty = np.zeros(0, np.int64)
                self._failing = {FAIL_WARN: empty, FAIL_BLOCK: empty}
            else:  # a redraw (every resize) finds them remembered
                self._failing = fact(status, "failing", _failing)
        return self._failing


def _failing(status: np.ndarray) -> dict[int, np.ndarray]:
    # One pass over the series (a cheap max() when nothing fails, as is usual); only
    # the hits are sorted out.
    if not len(status) or int(status.max()) < FAIL_WARN:
        empty = np.zeros(0, np.int64)
        return {FAIL_WARN: empty, FAIL_BLOCK: empty}
    hits = np.flatnonzero(status >= FAIL_WARN)
    kinds = status[hits]
    return {k: hits[kinds == k] for k in (FAIL_WARN, FAIL_BLOCK)}


@dataclass(slots=True)
class Threshold:
    value: float
    label: str
    series: int = 0


@dataclass(slots=True)
class XAxis:
    """``time``: x holds int64 ns and is shown as seconds since ``origin_ns``.

    Relative times keep origin 0, so the axis reads the timestamps themselves in
    seconds, as the ReSim web app shows them (a window from ``start_time`` = 2 s
    starts at 2, not at 0). Absolute (epoch) times are shown as UTC clock time,
    and the origin is only a reference that keeps the float seconds precise.
    """

    time: bool = False
    origin_ns: int = 0
    lo: float | None = None  # fixed bounds in display units (seconds for time)
    hi: float | None = None
    dates: bool = False  # clock time whatever the origin (a Plotly date axis)

    @classmethod
    def of_time(cls, first_ns: int) -> XAxis:
        """A time axis for timestamps starting at ``first_ns``."""
        absolute = first_ns / 1e9 >= scale.ABSOLUTE_AFTER_S
        return cls(time=True, origin_ns=int(first_ns) if absolute else 0)

    @property
    def absolute(self) -> bool:
        return self.time and (self.dates or self.origin_ns / 1e9 >= scale.ABSOLUTE_AFTER_S)

    def to_raw(self, value: float) -> float:
        return self.origin_ns + value * 1e9 if self.time else value

    def raw_range(self, x0: float, x1: float) -> tuple[float, float]:
        """[x0, x1] in raw units; exact integers that take in both ends on a time axis."""
        if not self.time:
            return x0, x1
        lo = self.origin_ns + math.floor(x0 * 1e9)
        return lo, max(self.origin_ns + math.ceil(x1 * 1e9), lo + 1)

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
    window: Range | None = None  # the x range to show (a zoom), else all the data
    drawn: XView | None = None  # set by draw(): where the plot area ended up
    y_range: tuple[float, float] | None = None  # at least this range (a Plotly axis range)
    legend: bool = True  # the series in the legend (thresholds and failure marks always are)


def draw(plot: XYPlot, width: int, height: int, color: ColorMode, palette: Palette) -> Text:
    """The whole chart, legend above, in at most ``width`` x ``height`` cells."""
    braille = color != "none" or len(plot.lines) == 1  # every series in Braille
    full = _x_range(plot)
    x0, x1 = plot.window if plot.window is not None and plot.window[1] > plot.window[0] else full
    title = x_title(plot.axis, plot.x_title, x0, x1)
    raw0, raw1 = plot.axis.raw_range(x0, x1)
    failures = [_shown_failures(line, raw0, raw1) for line in plot.lines]
    legend = _legend(plot, braille, palette, failures)
    header = header_lines(legend, width, plot.y_title, palette.axis)
    layout = share(height, header, bool(title))
    fig = Figure(width, height - layout.header_rows, color, layout.frame)
    # The y range depends on the data in view and the columns on the plot width,
    # which depends on the y labels: reduce at the finest width the plot could have
    # (one O(n) pass per line), find the range, then merge to the columns in O(width).
    fine = 2 * width
    probe = [
        reduce(ln.x, ln.y, raw0, raw1, fine) if "lines" in ln.mode or ln.mode == "" else None
        for ln in plot.lines
    ]
    bounds = [r.y_bounds for r in probe if r is not None and r.y_bounds is not None]
    marked = [
        _finite_bounds(ln.y if plot.window is None else _visible(ln, raw0, raw1))
        for ln in plot.lines
        if "markers" in ln.mode
    ]
    bounds += [b for b in marked if b is not None]
    rows = max(fig.rows(x_labels=layout.x_labels, x_title=layout.x_title), 1)
    if not bounds:
        cols = max(fig.cols(1 if layout.frame else 0), 1)
        fig.axes(cols, rows, [], [], title if layout.x_title else "", palette.axis)
        fig.text(max((cols - 7) // 2, 0), rows // 2, "no data", palette.axis)
        return fig.to_text(header_text(layout, width, color))
    lo, hi = min(a for a, _ in bounds), max(b for _, b in bounds)
    if plot.y_range is not None:  # widened to it, never narrowed: no point drawn off its value
        lo, hi = min(lo, plot.y_range[0]), max(hi, plot.y_range[1])
    lo, hi = _with_thresholds(lo, hi, plot.thresholds)
    y0, y1, yt = scale.y_ticks(lo, hi, rows)
    y_labels = scale.labels(yt) if layout.frame else []
    cols = max(fig.cols(max((cell_len(t) for t in y_labels), default=0)), 1)
    canvas = Canvas(cols, rows, True)
    # Without colour, series after the first are told apart by marker characters.
    coarse = Canvas(cols, rows, False) if not braille else None

    def row_of(value: float) -> int:
        return rows - 1 - int(canvas.rows(np.array([value]), y0, y1)[0]) // 4

    rules = _rule_rows(canvas, plot.thresholds, y0, y1)
    colours = [line.color or palette.color(i) for i, line in enumerate(plot.lines)]
    marks: list[tuple[int, np.ndarray, np.ndarray]] = []
    for i, line in enumerate(plot.lines):
        marker = MARKERS[(i - 1) % len(MARKERS)]
        own = coarse if coarse is not None and i else canvas
        runs = probe[i]
        if runs is not None:
            own.plot(coarsen(runs, fine, own.res_x), y0, y1, i, marker)
        if "markers" in line.mode:
            px, py = _points(own, line.x, line.y, raw0, raw1, y0, y1)
            own.points(px, py, i, marker)
            if own is coarse or "lines" not in line.mode:
                marks.append((i, *cell_of(own, px, py)))
    grids: dict[int, np.ndarray] = {}
    for layer in (canvas, coarse):
        if layer is not None:
            grids[id(layer)] = layer.chars()
            c, r, chars, owner = layer.cells(grids[id(layer)])
            for i, colour in enumerate(colours):
                mine = owner == i
                fig.glyphs(c[mine], r[mine], chars[mine].tolist(), colour)
    for item, row in rules:  # the rule where no series is drawn (there, in its dots)
        free = np.flatnonzero(
            (canvas.owner[row] < 0) & (coarse.owner[row] < 0 if coarse is not None else True)
        )
        chars = grids[id(canvas)][row, free].tolist()
        fig.glyphs(free, [rows - 1 - row] * len(free), chars, _rule_colour(plot, item, palette))
    for i, mc, mr in marks:
        fig.glyphs(mc, mr, MARKERS[(i - 1) % len(MARKERS)] if i else "•", colours[i])
    axis_cols: dict[int, list[np.ndarray]] = {FAIL_WARN: [], FAIL_BLOCK: []}
    for i in range(len(plot.lines)):
        own = coarse if coarse is not None and i else canvas
        for status, (cx, cy) in _failure_cells(own, failures[i], raw0, raw1, y0, y1):
            axis_cols[status].append(cx)
            _recolour(fig, own, grids[id(own)], i, cx, cy, _FAIL_LOOK[status], palette, color)
    _mark_axis(fig, axis_cols, palette)
    y_ticks = [(row_of(t), text) for t, text in zip(yt, y_labels, strict=False)]
    ticks = x_ticks(plot.axis, x0, x1, cols) if layout.x_labels else []
    fig.axes(cols, rows, ticks, y_ticks, title if layout.x_title else "", palette.axis)
    edge = int(layout.frame)  # the frame's left and top lines come first
    left = max((cell_len(t) for t in y_labels), default=0) + edge
    top = layout.header_rows + edge
    plot.drawn = XView(left, top, cols, rows, x0, x1, full, plot.axis, tuple(plot.lines))
    return fig.to_text(header_text(layout, width, color))


def x_title(axis: XAxis, name: str, x0: float = 0.0, x1: float = 0.0) -> str:
    """The x axis name, saying what a time axis counts: seconds (of the timestamps as
    written), or UTC clock time with the date (or year) the tick labels leave out."""
    if not axis.time:
        return name
    if axis.absolute:
        base = axis.origin_ns / 1e9
        _, when = scale.clock_labels([], 1.0, (base + x0, base + x1))
        return f"{name or 'time'} (UTC{', ' + when if when else ''})"
    return f"{name} (s)" if name else "time (s)"


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


def _rule_rows(
    canvas: Canvas, thresholds: list[Threshold], y0: float, y1: float
) -> list[tuple[Threshold, int]]:
    """Put each threshold in view on the canvas as a row of dots at its own height (a
    quarter of a cell, not the nearest text row: "fails below 0.5" must not sit on
    the 0 tick); returns each with its cell row (from the top)."""
    out = []
    for item in thresholds:
        if math.isfinite(item.value) and y0 <= item.value <= y1:
            dot = int(canvas.rows(np.array([item.value]), y0, y1)[0])
            canvas.dots[dot, :] = True  # merged into the series' cells it crosses
            out.append((item, dot // 4))
    return out


def _rule_colour(plot: XYPlot, item: Threshold, palette: Palette) -> str:
    """A threshold in its series' colour when there are several series, else the failure colour."""
    if len(plot.lines) > 1 and 0 <= item.series < len(plot.lines):  # -1: no series
        return plot.lines[item.series].color or palette.color(item.series)
    return palette.fail


def _visible(line: Line, raw0: float, raw1: float) -> np.ndarray:
    """The y of the points whose x is in [raw0, raw1]: a zoom fits y to what is in view."""
    n = min(len(line.x), len(line.y))
    with np.errstate(invalid="ignore"):
        keep = (line.x[:n] >= raw0) & (line.x[:n] <= raw1)
    shown: np.ndarray = line.y[:n][keep]
    return shown


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
    plot: XYPlot, braille: bool, palette: Palette, failures: list[dict[int, Points]]
) -> list[LegendItem]:
    items: list[LegendItem] = []
    if plot.legend and (len(plot.lines) > 1 or (plot.lines and plot.lines[0].name)):
        for i, line in enumerate(plot.lines):
            glyph = "━" if braille or not i else MARKERS[(i - 1) % len(MARKERS)]
            glyph = glyph if "lines" in line.mode else "•"
            items.append(
                LegendItem(glyph, line.name or f"series {i + 1}", line.color or palette.color(i))
            )
    for item in plot.thresholds:
        items.append(LegendItem(RULE, item.label, _rule_colour(plot, item, palette)))
    # Only marks that are drawn: not statuses past the end of the values, nor points
    # without a place on the plot.
    if any(len(found[FAIL_BLOCK][0]) for found in failures):
        items.append(LegendItem(BLOCK_GLYPH, "FAIL_BLOCK (x axis)", palette.fail))
    if any(len(found[FAIL_WARN][0]) for found in failures):
        items.append(LegendItem(WARN_GLYPH, "FAIL_WARN (x axis)", palette.warn))
    return items


Points = tuple[np.ndarray, np.ndarray]  # x (raw units) and y of some points
_NONE: Points = (np.zeros(0), np.zeros(0))


def _shown_failures(line: Line, raw0: float, raw1: float) -> dict[int, Points]:
    """The failing points that have a place on the plot, by status: a status paired
    with an x and a y, both finite, x within [raw0, raw1]. Found before the layout
    (the legend lists only marks that are drawn) and placed in cells after it."""
    found = line.failing()
    n = min(len(line.x), len(line.y))
    first, past = 0, n
    # A zoom into sorted x looks only at the failures in the window (a binary search),
    # not at every failure of the series; one index more each side, as the exact test
    # of x against the bounds below decides.
    if (span := sorted_window(line.x, raw0, raw1)) is not None:
        first, past = max(span[0] - 1, 0), min(span[1] + 1, n)
    shown = {}
    for status, where in found.items():
        # positions are ascending
        where = where[int(np.searchsorted(where, first)) : int(np.searchsorted(where, past))]
        if not len(where):
            shown[status] = _NONE
            continue
        x = line.x[where]  # raw units: int64 ns compare exactly with int bounds
        y = line.y[where]
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(x) & np.isfinite(y) & (x >= raw0) & (x <= raw1)
        shown[status] = (x[ok], y[ok]) if not ok.all() else (x, y)
    return shown


def _points(
    canvas: Canvas, x: np.ndarray, y: np.ndarray, raw0: float, raw1: float, y0: float, y1: float
) -> tuple[np.ndarray, np.ndarray]:
    n = min(len(x), len(y))
    yf = np.asarray(y[:n], dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        px = np.rint(offsets(x[:n], raw0) * ((canvas.res_x - 1) / (raw1 - raw0)))
    ok = np.isfinite(px) & np.isfinite(yf) & (px >= 0) & (px <= canvas.res_x - 1)
    return px[ok].astype(np.int64), canvas.rows(yf[ok], y0, y1)


# Failing points are shown without hiding the line: the line's own cells there take
# the warn or fail colour (colour modes), and a mark goes on the x axis line under
# them (every mode). A status glyph drawn over the line would replace the very
# stretch of line that fails, and the threshold rule with it.
_FAIL_LOOK = {FAIL_WARN: "warn", FAIL_BLOCK: "fail"}


def _failure_cells(
    canvas: Canvas, failures: dict[int, Points], raw0: float, raw1: float, y0: float, y1: float
) -> list[tuple[int, tuple[np.ndarray, np.ndarray]]]:
    """(status, (columns, rows from the bottom)) of the cells of each kind of failing point
    (already known to be finite and in the x range)."""
    found = []
    for status in (FAIL_WARN, FAIL_BLOCK):
        x, y = failures[status]
        if not len(x):
            continue
        px = np.rint(offsets(x, raw0) * ((canvas.res_x - 1) / (raw1 - raw0))).astype(np.int64)
        if len(px) > 2 * canvas.res_x and bool((px[1:] >= px[:-1]).all()):
            # Many failing points per dot column (x is time, so they come in order): the
            # stroke between the lowest and highest of them in each column, as the line
            # itself is drawn, costs the columns rather than the points.
            starts = np.flatnonzero(np.concatenate(([True], px[1:] != px[:-1])))
            lo = canvas.rows(np.minimum.reduceat(y, starts), y0, y1)
            hi = canvas.rows(np.maximum.reduceat(y, starts), y0, y1)
            found.append((status, cell_of(canvas, *segment_points(px[starts], hi, px[starts], lo))))
        else:
            found.append((status, cell_of(canvas, px, canvas.rows(y, y0, y1))))
    return found


def _recolour(
    fig: Figure,
    canvas: Canvas,
    chars: np.ndarray,
    series: int,
    cx: np.ndarray,
    cy: np.ndarray,
    look: str,
    palette: Palette,
    color: ColorMode,
) -> None:
    """Paint the series' own cells at its failing points in the warn/fail colour (never
    another series' cells); without a frame, where the axis cannot carry marks, the
    status glyph goes over the point instead."""
    colour = getattr(palette, look)
    if not fig.frame:
        fig.glyphs(cx, cy, WARN_GLYPH if look == "warn" else BLOCK_GLYPH, colour)
        return
    if color == "none":
        return
    top = canvas.height - 1 - cy
    mine = canvas.owner[top, cx] == series
    fig.glyphs(cx[mine], cy[mine], chars[top[mine], cx[mine]].tolist(), colour)


def _mark_axis(fig: Figure, cols: dict[int, list[np.ndarray]], palette: Palette) -> None:
    """The x axis marks: FAIL_BLOCK wins a column that also has FAIL_WARN points."""
    block = np.unique(np.concatenate(cols[FAIL_BLOCK])) if cols[FAIL_BLOCK] else None
    if cols[FAIL_WARN]:
        warn = np.unique(np.concatenate(cols[FAIL_WARN]))
        if block is not None:
            warn = np.setdiff1d(warn, block)
        fig.axis_marks(warn, WARN_GLYPH, palette.warn)
    if block is not None:
        fig.axis_marks(block, BLOCK_GLYPH, palette.fail)


def x_ticks(axis: XAxis, x0: float, x1: float, width: int) -> list[tuple[int, str]]:
    """(column, label) of round x values over ``width`` columns: clock times or numbers."""
    count = max(2, width // 8)
    while True:
        values, labels = _tick_values(axis, x0, x1, count)
        longest = max((cell_len(t) for t in labels), default=0)
        if count <= 2 or len(values) * (longest + 2) <= width:
            break
        count = max(2, min(count - 1, width // (longest + 2)))
    out = []
    for value, text in zip(values, labels, strict=True):
        col = round((value - x0) / (x1 - x0) * (width - 1)) if x1 > x0 else 0
        if 0 <= col < width:
            out.append((col, text))
    return out


def _tick_values(axis: XAxis, x0: float, x1: float, count: int) -> tuple[list[float], list[str]]:
    if not axis.absolute:
        values = scale.ticks(x0, x1, count)
        return values, scale.labels(values)
    base = axis.origin_ns / 1e9
    stamps = scale.time_ticks(base + x0, base + x1, count)
    step = stamps[1] - stamps[0] if len(stamps) > 1 else 1.0
    labels, _ = scale.clock_labels(stamps, step, (base + x0, base + x1))
    return [v - base for v in stamps], labels
