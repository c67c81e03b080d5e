"""Vertical bars: labels under the axis, values up the side."""

from __future__ import annotations

import numpy as np
from rich.cells import cell_len

from tui.charts import scale
from tui.charts._text import fit
from tui.charts.bars import VERTICAL_EIGHTHS, Bars, fill_char, segments, value_range
from tui.charts.frame import Frame, LegendItem, label_width, y_ticks
from tui.charts.grid import Grid
from tui.charts.types import ColorMode, Palette

FAIL_GLYPHS = {5: "×", 2: "!"}
_AXIS_GUESS = 8  # cells the value labels and axis usually take


def fits(bars: Bars, width: int) -> bool:
    """Whether every bar, and enough of each label, fits side by side in ``width``."""
    n = max(len(bars.labels), 1)
    per_group = 1 if bars.stack else max(len(bars.series), 1)
    group = (width - _AXIS_GUESS) // n
    if group < per_group + 1:
        return False
    longest = max((cell_len(t) for t in bars.labels), default=0)
    return longest <= group - 1 or group - 1 >= 6


def legend(bars: Bars, grid: Grid, color: ColorMode, palette: Palette) -> list[LegendItem]:
    if not bars.legend or (len(bars.series) < 2 and not any(s.name for s in bars.series)):
        return []
    k = len(bars.series)
    return [
        LegendItem(
            fill_char(i, color, k),
            s.name or f"series {i + 1}",
            grid.style(s.color or palette.color(i)),
        )
        for i, s in enumerate(bars.series)
    ]


def draw(
    bars: Bars, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Grid, int]:
    grid = Grid(width, height, color)
    axis = grid.style(palette.axis)
    frame = Frame(
        width,
        height,
        bars.title,
        bars.y_title,
        bars.x_title,
        legend(bars, grid, color, palette),
        axis,
    )
    k = max(len(bars.series), 1)
    per_group = 1 if bars.stack else k
    n_all = len(bars.labels)
    start, end = segments(bars, n_all)
    lo, hi = value_range(start, end)
    chosen: dict[int, tuple[float, float, list[float]]] = {}

    def y_label_width(rows: int) -> int:
        chosen[rows] = y_ticks(lo, hi, rows)
        t = chosen[rows][2]
        step = t[1] - t[0] if len(t) > 1 else None
        return label_width([scale.number(v, step) for v in t])

    frame.place(y_label_width)
    y0, y1, ticks = chosen.get(frame.plot_h) or y_ticks(lo, hi, frame.plot_h)
    group = max(frame.plot_w // max(n_all, 1), per_group + 1)
    shown = min(n_all, frame.plot_w // group)
    bar_w = max(1, min((group - 1) // per_group, 12))
    eighths = frame.plot_h * 8 / (y1 - y0)

    def level(v: float) -> int:  # eighths of a cell above the bottom of the plot
        return round((v - y0) * eighths)

    zero = round(level(0.0) / 8) * 8
    for j in range(shown):
        left = frame.plot_x + j * group + max((group - per_group * bar_w) // 2, 0)
        for i, item in enumerate(bars.series):
            a, b = start[i, j], end[i, j]
            if not np.isfinite(b):
                continue
            x = left + (0 if bars.stack else i * bar_w)
            style = grid.style(item.color or palette.color(i))
            char = fill_char(i, color, k)
            lo_e, hi_e = sorted((level(a) if bars.stack else zero, level(b)))
            lo_e = round(lo_e / 8) * 8
            if char != "█" or hi_e <= zero or bars.stack:
                hi_e = round(hi_e / 8) * 8
            _column(grid, frame, x, bar_w, lo_e, hi_e, char, style)
            if item.statuses is not None and j < len(item.statuses):
                glyph = FAIL_GLYPHS.get(int(item.statuses[j]))
                if glyph:
                    row = frame.plot_y + frame.plot_h - 1 - (max(hi_e, lo_e) + 7) // 8
                    colour = palette.fail if glyph == "×" else palette.warn
                    if row >= frame.plot_y:
                        grid.write(x, row, glyph * bar_w, grid.style(colour))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else None
    rows = [
        (frame.plot_h - 1 - min(level(t) // 8, frame.plot_h - 1), scale.number(t, step))
        for t in ticks
    ]
    frame.draw(grid, rows, [])
    if frame._labels:
        row = frame.plot_y + frame.plot_h + 1
        for j in range(shown):
            text = fit(bars.labels[j], group - 1 if group > 1 else 1)
            x = frame.plot_x + j * group + max((group - cell_len(text)) // 2, 0)
            grid.write(x, row, text, axis)
    return grid, shown


def _column(
    grid: Grid, frame: Frame, x: int, w: int, lo_e: int, hi_e: int, char: str, style: int
) -> None:
    bottom = frame.plot_y + frame.plot_h  # the row just under the plot
    full_lo, full_hi = lo_e // 8, hi_e // 8
    grid.fill(x, max(bottom - full_hi, frame.plot_y), x + w, bottom - full_lo, char, style)
    part = hi_e % 8
    if part and char == "█":
        row = bottom - full_hi - 1
        if frame.plot_y <= row < bottom:
            grid.fill(x, row, x + w, row + 1, VERTICAL_EIGHTHS[part], style)
