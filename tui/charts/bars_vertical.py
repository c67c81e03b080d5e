"""Vertical bars: labels under the axis, values up the side, drawn by plotext."""

from __future__ import annotations

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts import scale
from tui.charts._plotext import Figure
from tui.charts._text import fit
from tui.charts.bars import (
    VERTICAL_EIGHTHS,
    Bars,
    extent,
    fail_glyph,
    fill_char,
    legend,
    order,
    segments,
    value_range,
)
from tui.charts.legend import header_lines, share, with_header
from tui.charts.types import ColorMode, Palette

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


def draw(
    bars: Bars, width: int, height: int, color: ColorMode, palette: Palette
) -> tuple[Text, int]:
    """The chart and how many bars it shows."""
    header = header_lines(legend(bars, color, palette), width, bars.y_title, palette.axis)
    layout = share(height, header, bool(bars.x_title))
    fig = Figure(width, height - layout.header_rows, color, layout.frame)
    rows = max(fig.rows(x_labels=layout.x_labels, x_title=layout.x_title), 1)
    k = max(len(bars.series), 1)
    per_group = 1 if bars.stack else k
    n_all = len(bars.labels)
    start, end = segments(bars, n_all)
    y0, y1, ticks = scale.y_ticks(*value_range(start, end), rows)
    y_labels = scale.labels(ticks) if layout.frame else []
    cols = max(fig.cols(max((cell_len(t) for t in y_labels), default=0)), 1)
    group = max(cols // max(n_all, 1), per_group + 1)
    shown = min(n_all, max(cols // group, 1))
    bar_w = max(1, min((group - 1) // per_group, 12))
    eighths = rows * 8 / (y1 - y0)

    def level(v: float) -> int:  # eighths of a cell above the bottom of the plot
        return round((v - y0) * eighths)

    zero = round(level(0.0) / 8) * 8
    for i in order(bars):
        item = bars.series[i]
        colour = item.color or palette.color(i)
        char = fill_char(i, color, k)
        tops: tuple[list[int], list[int]] = ([], [])
        parts: tuple[list[int], list[int], list[str]] = ([], [], [])
        fails: tuple[list[int], list[int], list[str]] = ([], [], [])
        for j in range(shown):
            b = end[i, j]
            if not np.isfinite(b):
                continue
            left = j * group + max((group - per_group * bar_w) // 2, 0)
            x = left + (0 if bars.stack else i * bar_w)
            first, after, part = extent(zero, level(b), char == "█" and not bars.stack)
            if after > first:  # plotext fills each column from the zero row to this row
                row = after - 1 if after * 8 > zero else first
                tops[0].extend(range(x, x + bar_w))
                tops[1].extend([row] * bar_w)
            if part:
                parts[0].extend(range(x, x + bar_w))
                parts[1].extend([after] * bar_w)
                parts[2].extend([VERTICAL_EIGHTHS[part]] * bar_w)
            glyph = fail_glyph(item, j)
            if glyph:
                fails[0].extend(range(x, x + bar_w))
                # Over the bar; in a stack, in its own top cell (above is the next segment).
                fails[1].extend(
                    [max(after - 1, first) if bars.stack else after + bool(part)] * bar_w
                )
                fails[2].extend([glyph] * bar_w)
        fig.columns(*tops, zero // 8, char, colour)
        fig.glyphs(*parts, colour)
        for glyph, tint in (("×", palette.fail), ("!", palette.warn)):
            mine = [n for n, g in enumerate(fails[2]) if g == glyph]
            fig.glyphs([fails[0][n] for n in mine], [fails[1][n] for n in mine], glyph, tint)
    y_ticks = [(min(level(t) // 8, rows - 1), t_) for t, t_ in zip(ticks, y_labels, strict=False)]
    x_ticks = (
        [(j * group + group // 2, fit(bars.labels[j], max(group - 1, 1))) for j in range(shown)]
        if layout.x_labels
        else []
    )
    fig.axes(cols, rows, x_ticks, y_ticks, bars.x_title if layout.x_title else "", palette.axis)
    return with_header(layout, fig.to_text(), width, color), shown
