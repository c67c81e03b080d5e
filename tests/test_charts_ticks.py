"""Tick labels sit on the row (or column) that holds their value (issue 11).

A value axis is read by looking across from a bar's tip, or a line, to the
label: so a bar whose value is exactly a tick's must end in that tick's row,
and a line at a tick's value must be drawn in it. Each test draws data at the
tick values at many sizes and reads the label and the data back from the text.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from tui.charts import bars as b
from tui.charts import xy
from tui.charts.types import Palette

VALUES = [float(v) for v in range(1, 25)]  # a bar at every tick of 0..24, whatever the step
SIZES = [(60, h) for h in range(9, 42, 5)] + [(97, 24), (120, 40)]


def _y_labels(lines: list[str]) -> dict[float, int]:
    """Tick label value -> line number, from the ``12┤`` at the left of a plot."""
    out = {}
    for n, line in enumerate(lines):
        if "┤" in line:
            text = line.split("┤", 1)[0].strip()
            if text:
                out[float(text)] = n
    return out


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize(
    ("color", "stack"), [("truecolor", False), ("none", False), ("none", True)]
)
def test_vertical_bar_tips_end_in_their_tick_row(
    width: int, height: int, color: str, stack: bool
) -> None:
    bars = b.Bars(
        [chr(97 + j) for j in range(len(VALUES))],
        [b.BarSeries("", np.array(VALUES))],
        stack=stack,
        legend=False,
        horizontal=False,
    )
    text = b.draw(bars, width, height, color, Palette())[0].plain  # type: ignore[arg-type]
    lines = text.split("\n")
    labels = _y_labels(lines)
    axis = next(n for n, line in enumerate(lines) if "└" in line)
    left = lines[axis].index("└")
    plot = [n for n in range(axis) if len(lines[n]) > left and lines[n][left] in "│┤"]
    centres = [c for c, ch in enumerate(lines[axis]) if ch == "┬"]  # one tick per bar
    assert len(centres) == len(VALUES), text
    checked = 0
    for col, value in zip(centres, VALUES, strict=True):
        if value not in labels:
            continue
        inked = [n for n in plot if len(lines[n]) > col and lines[n][col] != " "]
        tip = min(inked, default=-1)
        assert tip == labels[value], (value, width, height, "\n" + text)
        checked += 1
    assert checked >= 1, text


@pytest.mark.parametrize(("width", "height"), [(w, 28) for w in range(40, 131, 13)])
@pytest.mark.parametrize("color", ["truecolor", "none"])
def test_horizontal_bar_tips_end_in_their_tick_column(width: int, height: int, color: str) -> None:
    bars = b.Bars(
        [chr(97 + j) for j in range(len(VALUES))],
        [b.BarSeries("", np.array(VALUES))],
        legend=False,
        horizontal=True,  # one row per bar: 24 of them, and the axis
    )
    text = b.draw(bars, width, height, color, Palette())[0].plain  # type: ignore[arg-type]
    lines = text.split("\n")
    axis = next(n for n, line in enumerate(lines) if "└" in line)
    marks = [c for c, ch in enumerate(lines[axis]) if ch == "┬"]
    below = lines[axis + 1]
    labels = {}
    for col in marks:  # the label under a tick is the word that covers its column
        start = below.rfind(" ", 0, col + 1) + 1
        end = below.find(" ", col)
        labels[float(below[start : end if end >= 0 else None])] = col
    rows = [line for line in lines[:axis] if "┤" in line]
    checked = 0
    for line, value in zip(rows, VALUES, strict=True):
        if value not in labels:
            continue
        body = line.split("┤", 1)[1].rstrip(" │")
        tip = line.index("┤") + len(body)
        assert tip == labels[value], (value, width, "\n" + text)
        checked += 1
    assert checked >= 1, text


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_lines_at_a_tick_value_are_drawn_in_its_row(width: int, height: int) -> None:
    for v in VALUES[::2]:  # one series per chart: its row alone is drawn
        line = xy.Line(str(v), np.array([0.0, 1.0]), np.array([v, v]))
        text = xy.draw(xy.XYPlot([line]), width, height, "none", Palette()).plain
        rows = text.split("\n")
        labels = _y_labels(rows)
        value = float(line.y[0])
        drawn = [n for n, row in enumerate(rows) if "┤" in row or "│" in row[:6]]
        inked = [n for n in drawn if any("⠁" <= ch <= "⣿" for ch in row_of(rows[n]))]
        assert inked, text
        if value in labels:
            assert inked == [labels[value]], (value, width, height, "\n" + text)


def row_of(line: str) -> str:
    """The plot part of a line (right of the y axis)."""
    for mark in ("┤", "│"):
        if mark in line:
            return line.split(mark, 1)[1]
    return ""


@pytest.mark.parametrize("rows", [3, 5, 8, 12, 20, 36])
@pytest.mark.parametrize(
    ("lo", "hi"),
    [(0.0, 10.2), (0.0, 1.05), (20.0, 27.3), (1.2, 6.854), (-3.5, 0.2), (1e6, 1e6 + 3), (0.1, 0.9)],
)
def test_y_range_is_the_data_with_round_ticks_inside(lo: float, hi: float, rows: int) -> None:
    """The y axis spans the data, not the next round values out (0-10.2 on 0-20 at a few
    rows): at least two ticks, no more than the rows allow, evenly spaced round values."""
    from tui.charts.scale import y_ticks

    y0, y1, ticks = y_ticks(lo, hi, rows)
    assert (y0, y1) == (lo, hi)
    count = max(2, min(rows // 3 + 1, 8))  # a label every third row
    # Two ticks must be there, even where only a finer step than the rows ask gives them.
    assert 2 <= len(ticks) <= max(count, min(3, rows))
    assert all(lo <= t <= hi for t in ticks)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)
