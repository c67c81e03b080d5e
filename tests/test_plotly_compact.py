"""Plotly panels whose rows are fixed (timeline bands, pie slices as bars) end at their
last row: the x axis right under it, not under rows of nothing (seen in the screenshot
review: two timeline bands at the top of a 120x40 card, fifteen empty rows, the axis)."""

from __future__ import annotations

import re

import pytest

from tui.charts.plotly import draw_figure
from tui.charts.types import Palette


def _timeline() -> dict:
    spans = [("planner", 0, 4, "IDLE"), ("planner", 4, 6, "CRUISE"), ("perception", 0, 10, "IDLE")]
    data = [
        {"type": "bar", "orientation": "h", "base": [a], "x": [b - a], "y": [row], "name": n}
        for row, a, b, n in spans
    ]
    return {"data": data, "layout": {"xaxis": {"title": {"text": "t (s)"}}}}


def _pie() -> dict:
    return {"data": [{"type": "pie", "labels": ["a", "b", "c"], "values": [5, 3, 1]}]}


@pytest.mark.parametrize("figure", [_timeline, _pie], ids=["timeline", "pie"])
@pytest.mark.parametrize(("width", "height"), [(80, 40), (60, 24), (100, 16)])
def test_the_axis_is_under_the_last_row(figure: object, width: int, height: int) -> None:
    chart = draw_figure(figure(), width, height, "none", Palette())  # type: ignore[operator]
    lines = chart.body.plain.splitlines()
    axis = next(k for k, line in enumerate(lines) if "└" in line)
    above = lines[axis - 1]
    drawn = re.split("[┤│]", above, maxsplit=1)[-1].strip("│ ")
    assert drawn, lines  # the row over the axis holds bars, not blanks
    assert len(lines) <= axis + 3, lines  # and nothing but the tick labels and axis name
