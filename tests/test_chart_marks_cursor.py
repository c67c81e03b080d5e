"""The cursor on charts without an x axis (Metrics 1.0 bar charts and histograms, Plotly
bars and boxes) and on Plotly timelines: which cells each mark takes, what the readout
says (checked against the numbers the files were written from), and the keys."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np
import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.explore_jobs import (
    BAR_LABELS,
    BAR_STATUS,
    BAR_VALUES,
    BOX_GROUPS,
    BOX_VALUES,
    HIST_EDGES,
    HIST_SAMPLES,
    SUB_X,
    TIMELINE,
    write_bars,
    write_histogram,
    write_plotly,
)
from tui.app.widgets.chart_view import ChartArea, ChartView
from tui.charts import Chart, Palette
from tui.charts import bars as b
from tui.charts import cursor as cur
from tui.charts import marks as mk
from tui.charts.render import render
from tui.formats import load
from tui.text.formatting import number


def _chart(folder: Path, width: int = 80, height: int = 20) -> Chart:
    return render(load(folder).metrics[0], width, height, color="none", palette=Palette())


def _reversed(text) -> set[tuple[int, int]]:
    """(line, column) of every cell drawn reversed."""
    out = set()
    for row, line in enumerate(text.split("\n", allow_blank=True)):
        for span in line.spans:
            if "reverse" in str(span.style) and "not reverse" not in str(span.style):
                out.update((row, c) for c in range(span.start, span.end))
    return out


def _filled(text, mark) -> set[tuple[int, int]]:
    lines = text.plain.split("\n")
    return {
        (r, c)
        for r in range(*mark.lines)
        for c in range(*mark.cols)
        if r < len(lines) and c < len(lines[r]) and lines[r][c] != " "
    }


FILL = set("█▒░▓=+~o▁▂▃▄▅▆▇▏▎▍▌▋▊▉")


@pytest.mark.parametrize(
    ("horizontal", "stack", "series", "size"),
    list(itertools.product([None, True], [False, True], [1, 3], [(60, 16), (100, 30), (40, 12)])),
)
def test_every_bar_cell_is_in_its_marks_box_and_boxes_do_not_overlap(
    horizontal: bool | None, stack: bool, series: int, size: tuple[int, int]
) -> None:
    rng = np.random.default_rng(7)
    labels = [f"label {j}" for j in range(6)]
    bars = b.Bars(
        labels,
        [b.BarSeries(f"s{i}", rng.uniform(1, 10, len(labels))) for i in range(series)],
        stack=stack,
        horizontal=horizontal,
    )
    body, _, marks = b.draw(bars, *size, "none", Palette())
    lines = body.plain.split("\n")
    assert marks.items, "bars drawn, marks given"
    boxes = [{(r, c) for r in range(*m.lines) for c in range(*m.cols)} for m in marks.items]
    for one, other in itertools.combinations(boxes, 2):
        assert not one & other
    owned = set().union(*boxes)
    fills = {
        (r, c)
        for r, line in enumerate(lines)
        for c, ch in enumerate(line)
        if ch in FILL and r >= 1  # the legend line (a series' glyph) is not a bar
    }
    shown = set().union(*(_filled(body, m) for m in marks.items))
    assert fills - owned <= {p for p in fills if p[0] == 0}, "a bar cell outside every mark"
    for j, mark in enumerate(marks.items):  # each bar's own cells, and only those, reversed
        assert _filled(body, mark) & fills, f"bar {j} has no cells in its mark"
        assert _reversed(mk.overlay(body, mark)) == _filled(body, mark)
    assert shown


def test_bar_chart_readout_is_the_category_value_and_status(tmp_path: Path) -> None:
    chart = _chart(write_bars(tmp_path))
    assert chart.view is None and chart.marks is not None
    marks = chart.marks
    assert [m.key for m in marks.items] == BAR_LABELS
    words = {1: "PASSED", 2: "FAIL_WARN", 5: "FAIL_BLOCK"}
    for j in range(len(marks.items)):
        text = mk.readout(marks, j).plain
        assert text.startswith(f"bar {j + 1} of {len(BAR_LABELS)}: {BAR_LABELS[j]}")
        assert f"count  {number(float(BAR_VALUES[j]))}" in text
        assert words[BAR_STATUS[j]] in text
    failing = [j for j, s in enumerate(BAR_STATUS) if s in (2, 5)]
    assert mk.next_failing(marks, None, 1) == failing[0]
    assert mk.next_failing(marks, failing[0], 1) == failing[1]
    assert mk.next_failing(marks, failing[1], 1) is None
    assert mk.next_failing(marks, None, -1) == failing[-1]
    assert mk.next_failing(marks, failing[0], -1) is None


def test_zero_bar_gets_a_line_not_nothing(tmp_path: Path) -> None:
    chart = _chart(write_bars(tmp_path))
    assert chart.marks is not None
    zero = chart.marks.items[BAR_LABELS.index("u-turn")]
    drawn = mk.overlay(chart.body, zero).plain.split("\n")
    column = [line[(zero.cols[0] + zero.cols[1] - 1) // 2] for line in drawn[slice(*zero.lines)]]
    # Empty cells show the line; the bar's failure mark (on the zero row) is reversed.
    assert column.count(mk.LINE_DOWN) == len(column) - 1
    assert any(
        zero.lines[0] <= r < zero.lines[1] for r, _ in _reversed(mk.overlay(chart.body, zero))
    )


def test_histogram_readout_is_the_bucket_range_and_count(tmp_path: Path) -> None:
    chart = _chart(write_histogram(tmp_path))
    assert chart.marks is not None and chart.marks.what == "bucket"
    counts = [int(((lo <= HIST_SAMPLES) & (hi > HIST_SAMPLES)).sum()) for lo, hi in HIST_EDGES]
    for j, mark in enumerate(chart.marks.items):
        lo, hi = HIST_EDGES[j]
        assert mark.key == f"[{number(lo)}, {number(hi)})"
        text = mk.readout(chart.marks, j).plain
        assert f"count {counts[j]}" in text
        # Only the bucket holding the failing sample says a status.
        assert ("FAIL_BLOCK" in text) == (lo <= 3.5 < hi)
        assert "NO_STATUS" not in text


def test_plotly_bars_and_boxes_read_their_numbers(tmp_path: Path) -> None:
    chart = _chart(write_plotly(tmp_path / "bar", "bar"))
    assert chart.marks is not None
    assert [m.key for m in chart.marks.items] == BAR_LABELS
    assert "hits  12" in mk.readout(chart.marks, BAR_LABELS.index("straight")).plain
    chart = _chart(write_plotly(tmp_path / "box", "box"))
    assert chart.marks is not None and chart.marks.what == "box"
    values = np.array(BOX_VALUES)
    for j, group in enumerate(dict.fromkeys(BOX_GROUPS)):
        mine = values[np.array(BOX_GROUPS) == group]
        q1, q2, q3 = np.percentile(mine, [25, 50, 75])
        text = mk.readout(chart.marks, j).plain
        assert chart.marks.items[j].key == group
        assert f"median {number(float(q2))}" in text
        assert f"quartiles {number(float(q1))} to {number(float(q3))}" in text
    assert "1 outlier" in mk.readout(chart.marks, 1).plain  # the 40


def test_plotly_timeline_cursor_reads_the_span_under_it(tmp_path: Path) -> None:
    chart = _chart(write_plotly(tmp_path, "timeline"))
    view = chart.view
    assert view is not None and chart.marks is None
    for x, want in ((1.0, "ok"), (5.0, "stuck"), (7.0, "(none)"), (9.0, "ok")):
        text = cur.readout(view, x).plain
        assert f"planner  {want}" in text, text
    # Zoomed in, the same x reads the same span, and the window is drawn.
    zoomed = render(
        load(tmp_path).metrics[0], 80, 20, color="none", palette=Palette(), window=(4.0, 6.0)
    )
    assert zoomed.view is not None and zoomed.view.x0 < 4.1 and zoomed.view.x1 > 5.9
    assert zoomed.view.full == view.full
    assert "planner  stuck" in cur.readout(zoomed.view, 5.0).plain
    assert TIMELINE[1][3] == "stuck"


def test_subplots_zoom_one_panel_and_read_its_own_series(tmp_path: Path) -> None:
    metric = load(write_plotly(tmp_path, "subplots")).metrics[0]
    whole = render(metric, 100, 30, color="none", palette=Palette())
    assert len(whole.views) == 2 and whole.view is whole.views[0]
    top, bottom = whole.views
    assert bottom.row0 > top.row0 + top.rows  # placed where each panel is drawn
    zoomed = render(metric, 100, 30, color="none", palette=Palette(), window=(2.0, 4.0), panel=1)
    first, second = zoomed.views

    def where(v) -> tuple:
        return (v.col0, v.row0, v.cols, v.rows, v.x0, v.x1)

    assert zoomed.view is second and where(first) == where(top)  # only that panel zooms
    assert second.x0 == pytest.approx(2.0, abs=0.05) and second.x1 == pytest.approx(4.0, abs=0.05)
    assert second.full == (0.0, 10.0)
    i = int(np.argmin(np.abs(SUB_X - 3.0)))
    text = cur.readout(second, 3.0).plain
    assert "cos" in text and number(float(10 * np.cos(SUB_X[i]))) in text
    assert "sin" in cur.readout(first, 3.0).plain
    # The bottom panel's lines now show 2..4: its tick labels say so, the top's do not.
    lines = zoomed.body.plain.split("\n")
    assert "2.0" in lines[second.row0 + second.rows + 1]
    assert (
        lines[: top.row0 + top.rows + 2] == whole.body.plain.split("\n")[: top.row0 + top.rows + 2]
    )


class Host(App[None]):
    def __init__(self, view: ChartView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view

    def on_mount(self) -> None:
        self.view.focus()


async def _settle(pilot, check, what: str) -> None:
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, what
        await pilot.pause()


def _readout(app: App) -> str:
    return str(app.query_one(".chart-readout", Static).render())


@pytest.mark.slow
async def test_keys_and_click_step_the_bars_and_a_reload_keeps_the_bar(tmp_path: Path) -> None:
    metric = load(write_bars(tmp_path)).metrics[0]
    view = ChartView(metric)
    app = Host(view)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot, lambda: view.chart is not None, "the chart is drawn")
        assert _readout(app) == ""
        await pilot.press("right")
        await _settle(pilot, lambda: "bar 1 of 5" in _readout(app), "the first bar")
        await pilot.press("right", "right")
        await _settle(pilot, lambda: "bar 3 of 5: straight" in _readout(app), "two bars on")
        await pilot.press("n")  # the next failing bar: u-turn (warns)
        await _settle(pilot, lambda: view.mark == "u-turn", "next failure")
        assert "FAIL_WARN" in _readout(app)
        await pilot.press("N", "N")  # back past straight to right (blocks)
        await _settle(pilot, lambda: view.mark == "right", "previous failure")
        await pilot.press("N")  # none before: it stays and says so
        await pilot.pause()
        assert view.mark == "right"
        await pilot.press("shift+right")  # ten on: clamped to the last
        await _settle(pilot, lambda: view.mark == "merge", "last bar")
        marks = view.marks
        assert marks is not None
        target = marks.items[0]
        area = app.query_one(ChartArea)
        await pilot.click(ChartArea, offset=(target.cols[0], target.lines[1] - 1))
        await _settle(pilot, lambda: view.mark == "left", "clicked the first bar")
        assert area.body.plain  # drawn
        place = view.place
    again = ChartView(metric, place=place)
    app = Host(again)
    async with app.run_test(size=(70, 24)) as pilot:  # another size: the same bar
        await _settle(pilot, lambda: "bar 1 of 5: left" in _readout(app), "kept across a reload")


@pytest.mark.slow
async def test_timeline_cursor_and_zoom_in_the_app(tmp_path: Path) -> None:
    view = ChartView(load(write_plotly(tmp_path, "timeline")).metrics[0])
    app = Host(view)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot, lambda: view.view is not None, "the chart is drawn")
        await pilot.press("right")
        await _settle(pilot, lambda: "planner" in _readout(app), "readout")
        full = view.view
        assert full is not None
        await pilot.press("plus")
        await _settle(
            pilot,
            lambda: (
                view.view is not None and view.view.x1 - view.view.x0 < (full.x1 - full.x0) / 1.5
            ),
            "zoomed",
        )
        await pilot.press("0")
        await _settle(pilot, lambda: view.window is None, "reset")


@pytest.mark.slow
async def test_subplot_keys_and_mouse_pick_the_panel_that_zooms(tmp_path: Path) -> None:
    from textual import events

    view = ChartView(load(write_plotly(tmp_path, "subplots")).metrics[0])
    app = Host(view)
    async with app.run_test(size=(100, 40)) as pilot:
        await _settle(pilot, lambda: view.chart is not None and len(view.chart.views) == 2, "drawn")
        await pilot.press("right")
        await _settle(pilot, lambda: "sin" in _readout(app), "the cursor in the top panel")
        await pilot.press("right_curly_bracket")  # the next panel: the bottom one
        await _settle(pilot, lambda: view.panel == 1 and view.view is not None, "panel 2")
        await pilot.press("right")
        await _settle(pilot, lambda: "cos" in _readout(app), "the cursor in the bottom panel")
        await pilot.press("plus")
        await _settle(
            pilot,
            lambda: view.view is not None and view.view.x1 - view.view.x0 < 6,
            "the bottom panel zoomed",
        )
        assert view.chart is not None and view.chart.views[0].x1 - view.chart.views[0].x0 == 10
        # The wheel over the top panel zooms that one (the bottom one is whole again).
        top = view.chart.views[0]
        area = app.query_one(ChartArea)
        at = (top.col0 + top.cols // 2, top.row0 + 2)
        await pilot.hover(ChartArea, offset=at)
        area.post_message(
            events.MouseScrollUp(
                area, at[0], at[1], 0, 0, 0, False, False, False, screen_x=at[0], screen_y=at[1]
            )
        )
        await _settle(
            pilot,
            lambda: view.panel == 0 and view.view is not None and view.view.x1 - view.view.x0 < 6,
            "the top panel zoomed by the wheel",
        )
        assert view.chart.views[1].x1 - view.chart.views[1].x0 == 10
