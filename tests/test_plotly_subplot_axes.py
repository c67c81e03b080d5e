"""Subplots as Plotly lays them out (issue 11): shared x axes on one range with the
panels aligned, a secondary y axis drawn in its panel with ticks on the right, and
empty subplots and facet cells kept empty in their place."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tui.charts.cursor import readings, readout
from tui.charts.plotly import draw_figure
from tui.charts.types import Chart, Palette


def _draw(figure: Any, width: int = 100, height: int = 30) -> Chart:
    chart = draw_figure(json.loads(figure.to_json()), width, height, "none", Palette())
    assert not chart.notes, chart.notes
    return chart


def _tick_rows(text: str) -> list[str]:
    """The x tick label rows (right under each frame's bottom line)."""
    lines = text.splitlines()
    return [lines[k + 1] for k, line in enumerate(lines[:-1]) if "└" in line]


def test_shared_x_axes_put_every_panel_on_one_range_with_aligned_plots() -> None:
    t = np.arange(0, 20, 0.5)
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True)
    figure.add_trace(go.Scatter(x=t, y=np.sin(t), name="speed"), row=1, col=1)
    figure.add_trace(go.Scatter(x=t[:20], y=np.cos(t[:20]) * 100, name="accel"), row=2, col=1)
    chart = _draw(figure)
    first, second = chart.views
    assert (first.x0, first.x1) == (second.x0, second.x1) == (0.0, 19.5)
    assert first.col0 == second.col0 and first.cols == second.cols  # one x axis, aligned
    top, bottom = _tick_rows(chart.body.plain)
    assert top == bottom and "18" in top  # the same ticks at the same columns
    # The shorter trace ends half way: its last point is drawn in the left half.
    lines = chart.body.plain.splitlines()
    start = next(k for k, line in enumerate(lines) if "accel" in line)
    drawn = [line[second.col0 + second.cols // 2 + 2 :] for line in lines[start + 2 : start + 12]]
    assert not any(c in "⠁⠂⠄⡀⠈⠐⠠⢀⣀⠤⠒⠉" for row in drawn for c in row.strip("│ "))


def test_facets_share_x_and_keep_an_empty_cell_empty() -> None:
    frame = pd.DataFrame(
        {"a": ["p", "p", "q"], "b": ["u", "v", "v"], "x": [1, 2, 3], "y": [1, 2, 3]}
    )
    chart = _draw(px.scatter(frame, x="x", y="y", facet_row="a", facet_col="b"))
    views = chart.views
    assert len(views) == 3
    assert len({(round(v.x0, 6), round(v.x1, 6)) for v in views}) == 1  # x matches x
    left, right, lone = views
    assert lone.col0 == right.col0 > left.col0  # b=v · a=q stays under b=v, not moved left
    lines = chart.body.plain.splitlines()
    under = [line[: right.col0 - 2] for line in lines[lone.row0 : lone.row0 + lone.rows]]
    assert all(not row.strip() for row in under)  # the empty cell (b=u · a=q) is blank


def test_an_empty_subplot_column_keeps_its_place() -> None:
    figure = make_subplots(rows=2, cols=2)
    figure.add_trace(go.Scatter(x=[1, 2], y=[1, 2], name="a"), row=1, col=1)
    figure.add_trace(go.Scatter(x=[1, 2], y=[2, 1], name="b"), row=2, col=1)
    chart = _draw(figure, 100, 24)
    assert all(v.col0 + v.cols < 55 for v in chart.views)  # both in the left half
    assert all(len(line.rstrip()) < 55 for line in chart.body.plain.splitlines())


def test_a_secondary_y_axis_has_ticks_of_its_own_on_the_right() -> None:
    t = np.arange(0, 20, 0.5)
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(go.Scatter(x=t, y=np.sin(t), name="speed"), secondary_y=False)
    figure.add_trace(go.Scatter(x=t, y=np.cos(t) * 100 + 300, name="accel"), secondary_y=True)
    figure.update_yaxes(title_text="accel (m/s²)", secondary_y=True)
    chart = _draw(figure, 100, 20)
    text = chart.body.plain
    assert len(chart.views) <= 1 and chart.view is not None  # one panel, not two
    assert "accel (right axis: accel (m/s²))" in text
    lines = text.splitlines()
    right = {}  # row: the label after a tick mark on the frame's right-hand side
    for k, line in enumerate(lines):
        _, mark, label = line.rpartition("├")
        if mark and "│" not in label and label.strip():
            right[k] = label.strip()
    values = {k: float(v) for k, v in right.items()}
    assert len(values) >= 2, text
    assert all(195 <= v <= 405 for v in values.values()), values  # the secondary's own span
    rows = sorted(values)
    assert values[rows[0]] > values[rows[-1]]  # higher values higher up
    left = [line.split("┤")[0].strip() for line in lines if "┤" in line]
    assert all(abs(float(v)) <= 1.0 for v in left if v)  # the primary keeps its own ticks
    # The secondary's peak (400 at t = 0) is drawn on the row of its 400 tick.
    assert 400.0 in values.values(), values
    at = next(k for k, v in values.items() if v == 400.0)
    view = chart.view
    first = [
        k
        for k in range(view.row0, view.row0 + view.rows)
        if "•" in lines[k][view.col0 : view.col0 + 2]
    ]
    assert first and abs(first[0] - at) <= 1, (first, at, text)


def test_the_cursor_reads_a_secondary_series_in_its_own_units() -> None:
    t = np.arange(0, 20, 0.5)
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(go.Scatter(x=t, y=np.sin(t), name="speed"), secondary_y=False)
    figure.add_trace(go.Scatter(x=t, y=np.cos(t) * 100 + 300, name="accel"), secondary_y=True)
    view = _draw(figure, 100, 20).view
    assert view is not None
    found = {r.name.split(" (")[0]: r.y for r in readings(view, 0.0)}
    assert found == {"speed": 0.0, "accel": 400.0}  # not 400 scaled onto sin's [-1, 1]
    assert "accel (right axis)  400" in readout(view, 0.0).plain


def _right_ticks(text: str) -> dict[int, float]:
    out = {}
    for k, line in enumerate(text.splitlines()):
        _, mark, label = line.rpartition("├")
        if mark and "│" not in label and label.strip():
            out[k] = float(label)
    return out


def test_bars_on_a_secondary_axis_are_drawn_to_its_scale() -> None:
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(go.Bar(x=["a", "b", "c"], y=[1, 2, 3], name="count"), secondary_y=False)
    figure.add_trace(go.Bar(x=["a", "b", "c"], y=[100, 300, 200], name="rate"), secondary_y=True)
    figure.update_yaxes(title_text="per hour", secondary_y=True)
    chart = _draw(figure, 80, 20)
    text = chart.body.plain
    lines = text.splitlines()
    ticks = _right_ticks(text)
    assert 300.0 in ticks.values() and 0.0 in ticks.values(), text
    # The right axis's tallest bar (300, at b) tops out on the row of the 300 tick, as
    # tall as the left axis's tallest (3, at c): each axis fits its own data.
    top = next(k for k, v in ticks.items() if v == 300.0)
    plot = [(k, line) for k, line in enumerate(lines) if "│" in line or "┤" in line]
    assert min(k for k, line in plot if "▒" in line) == top, text
    assert min(k for k, line in plot if "█" in line) == top
    assert "rate (right axis: per hour)" in text
    assert chart.marks is not None
    values = {m.key: {e.name.split(" (")[0]: e.value for e in m.entries} for m in chart.marks.items}
    assert values["b"] == {"count": "2", "rate": "per hour 300"}  # each in its own units
