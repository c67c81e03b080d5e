"""Vertical bars: labels under the axis, values up the side, drawn by plotext.

``plan`` works out the space (how many bars fit, how wide a label may be)
without drawing, so that bars.py can choose an orientation; ``draw`` draws
a plan. The labels under the bars are placed by us, not by plotext: plotext
drops a label that would touch its neighbour (and its tick with it), so
crowded charts lost bars' names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts import scale
from tui.charts._plotext import Figure
from tui.charts.bars_common import (
    VERTICAL_EIGHTHS,
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
    """The space of a vertical bar chart: ``shown`` bars, each group ``group`` columns."""

    layout: Layout
    fig: Figure
    rows: int
    cols: int
    y0: float
    y1: float
    ticks: list[float]
    y_labels: list[str]
    group: int
    shown: int

    @property
    def label_room(self) -> int:
        """Cells a bar's label may take and still leave a blank before the next one."""
        return max(self.group - 1, 0)


def plan(bars: Bars, width: int, height: int, color: ColorMode, palette: Palette) -> Plan:
    header = header_lines(legend(bars, color, palette), width, bars.y_title, palette.axis)
    layout = share(height, header, bool(bars.x_title))
    fig = Figure(width, height - layout.header_rows, color, layout.frame)
    rows = max(fig.rows(x_labels=layout.x_labels, x_title=layout.x_title), 1)
    per_group = 1 if one_slot(bars) else max(len(bars.series), 1)
    n_all = len(bars.labels)
    start, end = segments(bars, n_all)
    y0, y1, ticks = scale.y_ticks(*value_range(start, end, bars.span), rows)
    y_labels = scale.labels(ticks) if layout.frame else []
    cols = max(fig.cols(max((cell_len(t) for t in y_labels), default=0)), 1)
    group = max(cols // max(n_all, 1), per_group + 1)  # a blank column between groups
    shown = min(n_all, max(cols // group, 1))
    return Plan(layout, fig, rows, cols, y0, y1, ticks, y_labels, group, shown)


def draw(
    space: Plan,
    bars: Bars,
    labels: list[str | None],
    color: ColorMode,
    palette: Palette,
) -> tuple[Text, Marks]:
    """Draw the first ``space.shown`` bars; ``labels[j]`` goes under bar j (None: no label).
    With the drawing come the bars as marks, for a cursor."""
    fig, rows, group, shown = space.fig, space.rows, space.group, space.shown
    k = max(len(bars.series), 1)
    per_group = 1 if one_slot(bars) else k
    bar_w = max(1, min((group - 1) // per_group, 12))
    _, end = segments(bars, shown)
    eighths = rows * 8 / (space.y1 - space.y0)

    def level(v: float) -> int:  # eighths of a cell above the bottom of the plot
        return round((v - space.y0) * eighths)

    zero = round(level(0.0) / 8) * 8
    for i, picked in layers(bars, end):
        item = bars.series[i]
        colour = item.color or palette.color(i)
        char = fill_char(i, color, k)
        tops: tuple[list[int], list[int]] = ([], [])
        parts: tuple[list[int], list[int], list[str]] = ([], [], [])
        fails: tuple[list[int], list[int], list[str]] = ([], [], [])
        for j in picked:
            b = end[i, j]
            if not np.isfinite(b):
                continue
            left = j * group + max((group - per_group * bar_w) // 2, 0)
            x = left + (0 if one_slot(bars) else i * bar_w)
            # A partial top cell would blank the rest of that cell of a longer bar behind.
            solid = char == "█" and not bars.stack and not in_front(bars, end, i, j)
            first, after, part = extent(zero, level(b), solid, b > 0 and not bars.stack)
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
                # Beside the data, never over it: above a bar (the cell after its tip),
                # or for a stack in the blank column right of it, level with the
                # failing segment's top (above it is the next segment).
                above = after + bool(part)
                if one_slot(bars) or above >= rows:
                    fails[0].append(x + bar_w)
                    fails[1].append(max(min(after - 1, rows - 1), first))
                else:
                    fails[0].append(x + (bar_w - 1) // 2)
                    fails[1].append(above)
                fails[2].append(glyph)
        fig.columns(*tops, zero // 8, char, colour)
        fig.glyphs(*parts, colour)
        for glyph, tint in (("×", palette.fail), ("!", palette.warn)):
            mine = [n for n, g in enumerate(fails[2]) if g == glyph]
            fig.glyphs([fails[0][n] for n in mine], [fails[1][n] for n in mine], glyph, tint)
    ticks, y_labels = space.ticks, space.y_labels
    solid = fill_char(0, color, k) == "█" and not bars.stack
    y_ticks = [
        (min(max(tip_cell(zero, level(t), solid), 0), rows - 1), text)
        for t, text in zip(ticks, y_labels, strict=False)
    ]
    # Each label and its tick under the middle of its bars (not the blank between groups).
    middle = max((group - per_group * bar_w) // 2, 0) + (per_group * bar_w - 1) // 2
    named = [(j * group + middle, text) for j, text in enumerate(labels[:shown]) if text]
    if space.layout.x_labels:
        # Ticks with empty labels (plotext keeps the row for them), then our own labels.
        fig.under_axis([(col, text) for col, text in named], space.cols)
    x_ticks = [(col, "") for col, _ in named] if space.layout.x_labels else []
    x_title = bars.x_title if space.layout.x_title else ""
    fig.axes(space.cols, rows, x_ticks, y_ticks, x_title, palette.axis)
    edge = int(space.layout.frame)  # the frame's left and top lines come first
    left = max((cell_len(t) for t in y_labels), default=0) + edge
    top = space.layout.header_rows + edge
    pad = max((group - per_group * bar_w) // 2, 0)

    def place(j: int) -> tuple[range, range]:
        c0 = left + j * group + pad
        return range(c0, c0 + per_group * bar_w), range(top, top + rows)

    drawn = fig.to_text(header_text(space.layout, fig.width, color))
    return drawn, marks(bars, shown, place)
