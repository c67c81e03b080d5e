"""Traces drawn cell by cell: the states timeline, heatmaps and tables."""

from __future__ import annotations

import itertools
import warnings
from typing import Any

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts import scale
from tui.charts import series as s
from tui.charts._text import pad
from tui.charts.decimate import stats
from tui.charts.frame import Frame, LegendItem
from tui.charts.grid import Grid
from tui.charts.plotly.fields import (
    axis_title,
    colour,
    matrix,
    nested,
    numbers,
    strings,
    trace_name,
)
from tui.charts.states import FILLS
from tui.charts.types import ColorMode, Palette, SeriesSummary
from tui.charts.view import Range, XView
from tui.charts.xy import Line, XAxis

SHADES = " .:-=+*#%@"
VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
MAX_TABLE_ROWS = 500


def timeline(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
    window: Range | None = None,
) -> tuple[Text, list[SeriesSummary], XView | None]:
    """Horizontal bars from ``base`` for ``x``: the SDK's states timeline, with its x
    view for a cursor (each row a band of spans); ``window``: the part of x to show."""
    grid = Grid(width, height, color)
    rows: dict[str, int] = {}
    looks: dict[str, tuple[str, int]] = {}
    segments: list[tuple[int, float, float, str]] = []
    for i, trace in traces:
        name = trace_name(trace, i)
        base = numbers(trace.get("base"), notes, f"{name} base")
        size = numbers(trace.get("x"), notes, f"{name} x")
        where = strings(trace.get("y"), notes, f"{name} y") or [""]
        if base is None or size is None:
            continue
        if name not in looks:
            tint = colour(nested(trace, "marker").get("color")) or palette.color(len(looks))
            fill = "█" if color != "none" else FILLS[len(looks) % len(FILLS)]
            looks[name] = (fill, grid.style(tint))
        n = min(len(base), len(size))
        for j in range(n):
            row = rows.setdefault(where[min(j, len(where) - 1)], len(rows))
            segments.append((row, float(base[j]), float(base[j] + size[j]), name))
    segments = [g for g in segments if np.isfinite(g[1]) and np.isfinite(g[2])]
    # Plotly puts a category axis's first row at the bottom (unless it is reversed):
    # the web app lists the SDK's systems bottom up, and so do we.
    if nested(layout, "yaxis").get("autorange") != "reversed":
        last = len(rows) - 1
        rows = {name: last - r for name, r in rows.items()}
        segments = [(last - r, a, b, n) for r, a, b, n in segments]
    legend = [LegendItem(fill, name, style) for name, (fill, style) in looks.items()]
    names = list(rows) or [""]

    def placed(lines: int) -> Frame:
        frame = Frame(
            width, lines, "", "", axis_title(layout, "xaxis"), legend, grid.style(palette.axis)
        )
        frame.place(lambda r: min(max(cell_len(n) for n in names), max(width // 4, 3)))
        return frame

    frame = placed(height)
    if not segments:
        frame.draw(grid, [], [])
        return grid.to_text(), [], None
    lo = min(min(a, b) for _, a, b, _ in segments)
    hi = max(max(a, b) for _, a, b, _ in segments)
    full = scale.span(lo, hi)
    lo, hi = window if window is not None and window[1] > window[0] else full
    band = max(1, min(3, (frame.plot_h + 1) // max(len(rows), 1) - 1))
    spare = frame.plot_h - (len(rows) * (band + 1) - 1)
    if spare > 0:  # the x axis right under the last band, not rows of nothing above it
        tighter = placed(height - spare)
        if tighter.plot_h == frame.plot_h - spare:
            frame = tighter
            grid.keep_rows(height - spare)
    cols = frame.plot_w
    for row, a, b, name in segments:
        if max(a, b) < lo or min(a, b) > hi:
            continue  # outside the window
        top = frame.plot_y + row * (band + 1)
        c0 = max(int((min(a, b) - lo) / (hi - lo) * cols), 0)
        c1 = min(max(round((max(a, b) - lo) / (hi - lo) * cols), c0 + 1), cols)
        fill, style = looks[name]
        if top < frame.plot_y + frame.plot_h:
            grid.fill(
                frame.plot_x + c0,
                top,
                frame.plot_x + c1,
                min(top + band, frame.plot_y + frame.plot_h),
                fill,
                style,
            )
    ticks = scale.ticks(lo, hi, max(2, cols // 10))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else None
    x_ticks = [(int((t - lo) / (hi - lo) * (cols - 1)), scale.number(t, step)) for t in ticks]
    frame.draw(grid, [(r * (band + 1) + band // 2, n) for n, r in rows.items()], x_ticks)
    summary = [SeriesSummary(n, sum(1 for g in segments if g[3] == n)) for n in looks]
    # Column c covers [lo + c w, lo + (c + 1) w): the cursor reads x at the middle of it.
    half = (hi - lo) / cols / 2 if cols else 0.0
    height = min(frame.plot_h, len(rows) * (band + 1) - 1)
    lines = _span_lines(rows, segments, list(looks))
    x0, x1 = lo + half, hi - half
    view = XView(frame.plot_x, frame.plot_y, cols, height, x0, x1, full, XAxis(), lines)
    return grid.to_text(), summary, view


def _span_lines(
    rows: dict[str, int], segments: list[tuple[int, float, float, str]], names: list[str]
) -> tuple[Line, ...]:
    """Each row of a timeline as a band for the cursor, top row first: at every span's
    start the trace that spans it, at its end nothing (until the next span starts)."""
    nothing = len(names)
    labels = [*names, "(none)"]
    code = {n: k for k, n in enumerate(names)}
    out = []
    for name, r in sorted(rows.items(), key=lambda item: item[1]):
        mine = [g for g in segments if g[0] == r]
        at = [min(a, b) for _, a, b, _ in mine] + [max(a, b) for _, a, b, _ in mine]
        what = [code[n] for *_, n in mine] + [nothing] * len(mine)
        # An end and a start at the same x: the start wins (it is sorted after the end).
        first = [1] * len(mine) + [0] * len(mine)
        order = np.lexsort((np.array(first), np.array(at)))
        x = np.array(at, dtype=np.float64)[order]
        y = np.array(what, dtype=np.int64)[order]
        out.append(Line(name, x, y, labels=labels))
    return tuple(out)


def heatmap(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
    """The first heatmap trace as a grid of coloured (or shaded) cells."""
    _, trace = traces[0]
    grid = Grid(width, height, color)
    z = matrix(trace.get("z"), notes, "heatmap z")
    if z is None or not z.size:
        return grid.to_text(), []
    xs = strings(trace.get("x"), notes, "heatmap x") or [str(j) for j in range(z.shape[1])]
    ys = strings(trace.get("y"), notes, "heatmap y") or [str(j) for j in range(z.shape[0])]
    # The finite range, and whether all are finite, learnt once per matrix (decimate.stats).
    low, high, _, all_finite = stats(z.ravel())
    lo, hi = (low, high) if np.isfinite(low) else (0.0, 1.0)
    stops = _stops(trace.get("colorscale"))
    if color == "none":
        key = [LegendItem("▦", f"{scale.stat(lo)} {SHADES[1:]} {scale.stat(hi)}")]
    else:  # a colour scale: each colour with the value it stands for
        key = [
            LegendItem(
                "█",
                scale.stat(lo + (hi - lo) * p),
                grid.style(_interpolate(stops, p)),
            )
            for p in (0.0, 0.25, 0.5, 0.75, 1.0)
        ]

    def placed(rows: int) -> Frame:
        frame = Frame(
            width, rows, "", "", axis_title(layout, "xaxis"), key, grid.style(palette.axis)
        )
        frame.place(
            lambda r: min(max(cell_len(t) for t in ys[: z.shape[0]] or [""]), max(width // 4, 2))
        )
        return frame

    frame = placed(height)
    # Plotly puts row 0 at the bottom; larger matrices shrink by block means.
    shown = _shrink(z[::-1], frame.plot_h, frame.plot_w, all_finite)
    rh, cw = frame.plot_h // shown.shape[0], frame.plot_w // shown.shape[1]
    spare = frame.plot_h - rh * shown.shape[0]
    if spare > 0:  # the x axis right under the last row, not rows of nothing above it
        tighter = placed(height - spare)
        if tighter.plot_h == rh * shown.shape[0]:
            frame = tighter
            grid.keep_rows(height - spare)
    level = np.clip((shown - lo) / ((hi - lo) or 1.0), 0, 1)
    # Every cell's character and style at once, written as blocks of rh x cw cells
    # (a Python call per cell cost 100 ms and more at 120x40).
    finite = np.isfinite(shown)
    chars = np.full(shown.shape, "?", dtype="<U1")
    ids = np.zeros(shown.shape, dtype=grid.style_ids.dtype)
    if color == "none":
        shade = np.minimum((level[finite] * len(SHADES)).astype(np.int64), len(SHADES) - 1)
        chars[finite] = np.array(list(SHADES), dtype="<U1")[shade]
    else:
        chars[finite] = " "
        # A style per distinct colour (a few hundred), not per cell.
        colours, which = np.unique(_packed_many(stops, level[finite]), return_inverse=True)
        made = [grid.style(f"on #{c:06x}") for c in colours.tolist()]
        ids[finite] = np.array(made, dtype=ids.dtype)[which.ravel()]
    y0, x0 = frame.plot_y, frame.plot_x
    block_chars = np.repeat(np.repeat(chars, rh, 0), cw, 1)
    target = grid.chars[y0 : y0 + block_chars.shape[0], x0 : x0 + block_chars.shape[1]]
    h, w = target.shape  # clipped to the grid, as a fill is
    target[:] = block_chars[:h, :w]
    grid.style_ids[y0 : y0 + h, x0 : x0 + w] = np.repeat(np.repeat(ids, rh, 0), cw, 1)[:h, :w]
    y_labels = []
    if shown.shape[0] == z.shape[0]:
        y_labels = [
            (r * rh + rh // 2, ys[z.shape[0] - 1 - r] if z.shape[0] - 1 - r < len(ys) else "")
            for r in range(shown.shape[0])
        ]
    x_ticks = []
    if shown.shape[1] == z.shape[1]:
        # Every column's name when they fit, else every k-th whole (not each cut to "…").
        named = min(len(xs), shown.shape[1])
        widest = min(max((cell_len(t) for t in xs[:named]), default=1), 20)
        step = max(1, -(-(widest + 1) // max(cw, 1)))
        x_ticks = [
            (c * cw + cw // 2, pad(xs[c], max(cw * step - 1, 1), "center").strip())
            for c in range(0, named, step)
        ]
    frame.draw(grid, y_labels, x_ticks)
    if shown.shape != z.shape:
        notes.append(
            f"heatmap of {z.shape[0]}x{z.shape[1]} averaged to "
            f"{shown.shape[0]}x{shown.shape[1]} cells"
        )
    return grid.to_text(), [s.summarize("z", z.ravel())]


def table(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
    """The first table trace: header and cells, columns fitted to the width."""
    _, trace = traces[0]
    grid = Grid(width, height, color)
    header = nested(trace, "header")
    cells = nested(trace, "cells")
    columns = [strings(c, notes, "table cells") or [] for c in _columns(cells.get("values"))]
    heads = strings(header.get("values"), notes, "table header") or []
    count = max(len(columns), len(heads))
    if not count:
        return grid.to_text(), []
    heads = heads + [""] * (count - len(heads))
    columns = columns + [[]] * (count - len(columns))
    nrows = min(max(len(c) for c in columns), MAX_TABLE_ROWS)
    widths = [
        max([cell_len(heads[j])] + [cell_len(v) for v in columns[j][:nrows]] + [1])
        for j in range(count)
    ]
    room = width - (count - 1) * 3
    while sum(widths) > room and max(widths) > 4:
        widest = widths.index(max(widths))
        widths[widest] -= 1
    axis = grid.style(palette.axis)
    bold = grid.style("bold")

    def line(row: int, cells_: list[str], style: int) -> None:
        x = 0
        for j, text in enumerate(cells_):
            x = grid.write(x, row, pad(text, widths[j]), style)
            if j < count - 1:
                x = grid.write(x, row, " │ ", axis)

    line(0, heads, bold)
    grid.write(0, 1, "─" * min(sum(widths) + (count - 1) * 3, width), axis)
    for r in range(min(nrows, height - 2)):
        line(r + 2, [c[r] if r < len(c) else "" for c in columns], 0)
    if nrows > height - 2:
        notes.append(f"table: {nrows - (height - 2)} more row(s) not shown")
    grid.keep_rows(min(nrows + 2, height))  # no blank lines under a short table
    return grid.to_text(), []


def _columns(values: object) -> list[Any]:
    if isinstance(values, list):
        return [v if isinstance(v, list | dict) else [v] for v in values]
    return []


def _stops(scale_: object) -> list[tuple[float, str]]:
    if isinstance(scale_, list):
        stops = []
        for item in scale_[:64]:
            if isinstance(item, list) and len(item) == 2 and isinstance(item[0], float | int):
                hexed = colour(item[1])
                if hexed and hexed.startswith("#") and len(hexed) == 7:
                    stops.append((float(item[0]), hexed))
        if len(stops) >= 2:
            return sorted(stops)
    return [(i / (len(VIRIDIS) - 1), c) for i, c in enumerate(VIRIDIS)]


def _interpolate_many(stops: list[tuple[float, str]], v: np.ndarray) -> list[str]:
    """``_interpolate`` of every value of ``v`` (the same colours, in numpy)."""
    at = np.array([p for p, _ in stops])
    beyond = (np.searchsorted(at[1:], v, "left") >= len(stops) - 1).tolist()
    last, packed = stops[-1][1], _packed_many(stops, v).tolist()
    return [last if out else f"#{c:06x}" for c, out in zip(packed, beyond, strict=True)]


def _packed_many(stops: list[tuple[float, str]], v: np.ndarray) -> np.ndarray:
    """The colours of ``_interpolate_many`` as 0xRRGGBB integers."""
    at = np.array([p for p, _ in stops])
    rgb = np.array([[int(c[k : k + 2], 16) for k in (1, 3, 5)] for _, c in stops], dtype=float)
    seg = np.searchsorted(at[1:], v, "left")  # the first stop at or above v ends its segment
    beyond = seg >= len(stops) - 1
    seg = np.minimum(seg, len(stops) - 2)
    p0, p1 = at[seg], at[seg + 1]
    same = p1 == p0
    t = np.where(same, 0.0, (v - p0) / np.where(same, 1.0, p1 - p0))
    np.clip(t, 0.0, 1.0, out=t)  # below the first stop: its colour (as _interpolate)
    a, b = rgb[seg], rgb[seg + 1]
    mixed = np.rint(a + (b - a) * t[:, None]).astype(np.int64)
    packed: np.ndarray = (mixed[:, 0] << 16) | (mixed[:, 1] << 8) | mixed[:, 2]
    packed[beyond] = int(stops[-1][1][1:], 16)
    return packed


def _interpolate(stops: list[tuple[float, str]], v: float) -> str:
    for (p0, c0), (p1, c1) in itertools.pairwise(stops):
        if v <= p1:
            # Below the first stop (a scale that starts above 0): the first stop's colour,
            # not one extrapolated past black.
            t = 0.0 if p1 == p0 else min(max((v - p0) / (p1 - p0), 0.0), 1.0)
            a = [int(c0[k : k + 2], 16) for k in (1, 3, 5)]
            b = [int(c1[k : k + 2], 16) for k in (1, 3, 5)]
            return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))
    return stops[-1][1]


def _shrink(z: np.ndarray, rows: int, cols: int, finite: bool = False) -> np.ndarray:
    """Block means so that the matrix has at most ``rows`` x ``cols`` cells (of the finite
    values; ``finite``: all of them are, as is usual)."""
    r = max(1, -(-z.shape[0] // max(rows, 1)))
    c = max(1, -(-z.shape[1] // max(cols, 1)))
    if r == 1 and c == 1:
        return z
    if finite:  # block sums in two passes, no padded copy and no NaN masks
        rs, cs = np.arange(0, z.shape[0], r), np.arange(0, z.shape[1], c)
        sums = np.add.reduceat(np.add.reduceat(z, rs, axis=0), cs, axis=1)
        counts = np.outer(np.diff(rs, append=z.shape[0]), np.diff(cs, append=z.shape[1]))
        mean: np.ndarray = sums / counts
        return mean
    h, w = -(-z.shape[0] // r), -(-z.shape[1] // c)
    padded = np.full((h * r, w * c), np.nan)
    padded[: z.shape[0], : z.shape[1]] = z
    blocks = padded.reshape(h, r, w, c)
    with warnings.catch_warnings():  # an all-NaN block is NaN, and that is fine
        warnings.simplefilter("ignore", RuntimeWarning)
        means: np.ndarray = np.nanmean(blocks, axis=(1, 3))
        return means
