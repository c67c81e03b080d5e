"""Horizontal bars: one row per bar, labels on the left, values along the bottom.

Used when labels are many or long (they stay readable on the left) and for
pie charts (ranked bars with percentages) and Plotly ``orientation: "h"``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts import scale
from tui.charts._plotext import Figure
from tui.charts._text import fit
from tui.charts.bars_common import (
    HORIZONTAL_EIGHTHS,
    Bars,
    extent,
    fail_glyph,
    fill_char,
    in_front,
    layers,
    legend,
    marks,
    one_slot,
    segments,
    tip_cell,
    value_range,
)
from tui.charts.legend import Layout, header_lines, header_text, share
from tui.charts.types import ColorMode, Palette
from tui.charts.view import Marks


@dataclass(slots=True)
class Plan:
    """The space of a horizontal bar chart: ``shown`` bars, labels ``label_w`` wide."""

    layout: Layout
    fig: Figure
    rows: int
    rows_per: int
    label_w: int
    cols: int
    shown: int


def plan(bars: Bars, width: int, height: int, color: ColorMode, palette: Palette) -> Plan:
    # The label axis is on the left, so its name (a histogram's "Time headway (s) buckets
    # ...") heads the chart, as the value axis's name does for vertical bars.
    header = header_lines(legend(bars, color, palette), width, bars.x_title, palette.axis)
    layout = share(height, header, bool(bars.y_title))
    fig = Figure(width, height - layout.header_rows, color, layout.frame)
    rows = max(fig.rows(x_labels=layout.x_labels, x_title=layout.x_title), 1)
    k = max(len(bars.series), 1)
    rows_per = 1 if one_slot(bars) or k == 1 else k + 1  # a blank row between groups
    label_w = min(max((cell_len(t) for t in bars.labels), default=1), max(width // 3, 4))
    cols = max(fig.cols(label_w if layout.frame else 0), 1)
    shown = min(len(bars.labels), max((rows + (rows_per > 1)) // rows_per, 1))
    return Plan(layout, fig, rows, rows_per, label_w, cols, shown)


def draw(space: Plan, bars: Bars, color: ColorMode, palette: Palette) -> tuple[Text, Marks]:
    """Draw the first ``space.shown`` bars, labels on the left; with them, the bars as
    marks for a cursor."""
    layout, fig, rows, rows_per = space.layout, space.fig, space.rows, space.rows_per
    label_w, cols, shown = space.label_w, space.cols, space.shown
    k = max(len(bars.series), 1)
    start, end = segments(bars, shown)
    lo, hi = scale.span(*value_range(start, end, bars.span))
    suffix_w = max((cell_len(t) for t in bars.suffixes[:shown]), default=0)
    area = max(cols - (suffix_w + 1 if suffix_w else 0), 1)
    eighths = area * 8 / (hi - lo)

    def level(v: float) -> int:  # eighths of a cell right of the plot's left edge
        return round((v - lo) * eighths)

    zero = round(level(0.0) / 8) * 8
    right = [0] * shown  # where each label's bars end, for its suffix
    stack_marks: dict[int, list[str]] = {}
    for i, picked in layers(bars, end):
        item = bars.series[i]
        colour = item.color or palette.color(i)
        char = fill_char(i, color, k)
        ends: tuple[list[int], list[int]] = ([], [])
        parts: tuple[list[int], list[int], list[str]] = ([], [], [])
        for j in picked:
            b = end[i, j]
            if not np.isfinite(b):
                continue
            row = rows - 1 - (j * rows_per + (0 if rows_per == 1 else i))
            solid = char == "█" and not bars.stack and not in_front(bars, end, i, j)
            first, after, part = extent(zero, level(b), solid, b > 0 and not bars.stack)
            if after > first:  # plotext fills each row from the zero column to this column
                ends[0].append(after - 1 if after * 8 > zero else first)
                ends[1].append(row)
            if part:
                parts[0].append(after)
                parts[1].append(row)
                parts[2].append(HORIZONTAL_EIGHTHS[part])
            tip = after + bool(part)
            glyph = fail_glyph(item, j)
            if glyph and one_slot(bars):  # after the whole stack: the next segment is at tip
                stack_marks.setdefault(j, []).append(glyph)
            elif glyph:
                fig.glyphs([tip], [row], glyph, palette.fail if glyph == "×" else palette.warn)
                tip += 1
            if rows_per > 1 and j < len(bars.suffixes):
                fig.text(tip + 1, row, bars.suffixes[j], palette.axis)
            right[j] = max(right[j], tip)
        fig.bands(ends[1], ends[0], zero // 8, char, colour)
        fig.glyphs(parts[0], parts[1], parts[2], colour)
    for j, glyphs in stack_marks.items():
        for n, glyph in enumerate(glyphs):
            colour = palette.fail if glyph == "×" else palette.warn
            fig.glyphs([right[j] + n], [rows - 1 - j], glyph, colour)
        right[j] += len(glyphs)
    if rows_per == 1:
        for j in range(min(shown, len(bars.suffixes))):
            fig.text(right[j] + 1, rows - 1 - j, bars.suffixes[j], palette.axis)
    middle = (k - 1) // 2 if rows_per > 1 else 0  # a group's label on its middle bar
    names = [fit(bars.labels[j], label_w) for j in range(shown)]
    y_ticks = [(rows - 1 - j * rows_per - middle, name) for j, name in enumerate(names)]
    values = scale.ticks(lo, hi, max(2, area // 10))
    solid = fill_char(0, color, k) == "█" and not bars.stack
    cells = [tip_cell(zero, level(v), solid) for v in values]
    x_ticks = [
        (cell, text)
        for cell, text in zip(cells, scale.labels(values), strict=True)
        if 0 <= cell < area
    ]
    fig.axes(
        cols,
        rows,
        x_ticks if layout.x_labels else [],
        y_ticks if layout.frame else [],
        bars.y_title if layout.x_title else "",
        palette.axis,
    )
    edge = int(layout.frame)  # the frame's left and top lines come first
    left = (max((cell_len(t) for t in names), default=0) if layout.frame else 0) + edge
    top = layout.header_rows + edge
    per = 1 if rows_per == 1 else k

    def place(j: int) -> tuple[range, range]:
        return range(left, left + cols), range(top + j * rows_per, top + j * rows_per + per)

    return fig.to_text(header_text(layout, fig.width, color)), marks(bars, shown, place)
