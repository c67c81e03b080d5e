"""Horizontal bars: one row per bar, labels on the left, values along the bottom.

Used when labels are many or long (they stay readable on the left) and for
pie charts (ranked bars with percentages) and Plotly ``orientation: "h"``.
"""

from __future__ import annotations

import numpy as np
from rich.cells import cell_len

from tui.charts import scale
from tui.charts.bars import HORIZONTAL_EIGHTHS, Bars, fill_char, segments, value_range
from tui.charts.bars_vertical import FAIL_GLYPHS, legend
from tui.charts.frame import Frame
from tui.charts.grid import Grid
from tui.charts.types import ColorMode, Palette


def draw(
    bars: Bars, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Grid, int]:
    grid = Grid(width, height, color)
    axis = grid.style(palette.axis)
    frame = Frame(
        width, height, bars.title, "", bars.y_title, legend(bars, grid, color, palette), axis
    )
    k = max(len(bars.series), 1)
    rows_per = 1 if bars.stack or k == 1 else k + 1  # a blank row between groups
    label_w = min(max(cell_len(t) for t in bars.labels) if bars.labels else 1, max(width // 3, 4))
    frame.place(lambda rows: label_w)
    shown = min(len(bars.labels), max((frame.plot_h + (rows_per > 1)) // rows_per, 1))
    start, end = segments(bars, shown)
    lo, hi = value_range(start, end)
    lo, hi = scale.span(lo, hi)
    suffix_w = max((cell_len(t) for t in bars.suffixes[:shown]), default=0)
    suffix_w = suffix_w + 1 if suffix_w else 0
    area = max(frame.plot_w - suffix_w, 1)
    eighths = area * 8 / (hi - lo)

    def level(v: float) -> int:
        return round((v - lo) * eighths)

    zero = round(level(0.0) / 8) * 8
    y_labels = []
    for j in range(shown):
        top = j * rows_per
        y_labels.append((top + (k - 1) // 2 if rows_per > 1 else top, bars.labels[j]))
        right_end = frame.plot_x
        for i, item in enumerate(bars.series):
            a, b = start[i, j], end[i, j]
            if not np.isfinite(b):
                continue
            row = frame.plot_y + top + (0 if rows_per == 1 else i)
            style = grid.style(item.color or palette.color(i))
            char = fill_char(i, color, k)
            lo_e, hi_e = sorted((level(a) if bars.stack else zero, level(b)))
            lo_e = round(lo_e / 8) * 8
            if char != "█" or hi_e <= zero or bars.stack:
                hi_e = round(hi_e / 8) * 8
            x = frame.plot_x
            grid.fill(x + lo_e // 8, row, x + hi_e // 8, row + 1, char, style)
            if hi_e % 8 and char == "█":
                grid.put(x + hi_e // 8, row, HORIZONTAL_EIGHTHS[hi_e % 8], style)
            end_x = x + (hi_e + 7) // 8
            if item.statuses is not None and j < len(item.statuses):
                glyph = FAIL_GLYPHS.get(int(item.statuses[j]))
                if glyph:
                    colour = palette.fail if glyph == "×" else palette.warn
                    end_x = grid.write(end_x, row, glyph, grid.style(colour))
            right_end = max(right_end, end_x)
            if rows_per > 1 and j < len(bars.suffixes):
                grid.write(end_x + 1, row, bars.suffixes[j], axis)
        if rows_per == 1 and j < len(bars.suffixes):
            grid.write(right_end + 1, frame.plot_y + top, bars.suffixes[j], axis)
    count = max(2, area // 10)
    values = scale.ticks(lo, hi, count)
    step = values[1] - values[0] if len(values) > 1 else None
    x_ticks = [(level(v) // 8, scale.number(v, step)) for v in values if 0 <= level(v) // 8 < area]
    frame.draw(grid, y_labels, x_ticks)
    return grid, shown
