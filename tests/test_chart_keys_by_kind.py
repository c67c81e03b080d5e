"""The footer shows only the chart keys that act on the focused chart's kind: zoom, pan
and reset on charts with an x axis; the cursor and n/N on those and on bars, buckets and
boxes; {/} on a figure of subplots. A key that does not act goes on to the card."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tests.explore_jobs import (
    write_bars,
    write_gears,
    write_histogram,
    write_plotly,
    write_scatter,
    write_speed,
)
from tui.app.widgets.chart_view import ChartView
from tui.formats import load

# kind: (writer, has an x axis, has subplots)
KINDS: dict[str, tuple[Callable[[Path], Path], bool, bool]] = {
    "double over time": (write_speed, True, False),
    "states": (write_gears, True, False),
    "plotly scatter": (write_scatter, True, False),
    "plotly timeline": (lambda p: write_plotly(p, "timeline"), True, False),
    "plotly subplots": (lambda p: write_plotly(p, "subplots"), True, True),
    "bar chart": (write_bars, False, False),
    "histogram": (write_histogram, False, False),
    "plotly bar": (lambda p: write_plotly(p, "bar"), False, False),
    "plotly box": (lambda p: write_plotly(p, "box"), False, False),
}


class Host(App[None]):
    def __init__(self, view: ChartView) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view
        yield Footer()

    def on_mount(self) -> None:
        self.view.focus()


async def _settle(pilot, check, what: str) -> None:
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, what
        await pilot.pause()


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
async def test_footer_shows_the_keys_of_the_chart_kind(tmp_path: Path, kind: str) -> None:
    writer, x_axis, subplots = KINDS[kind]
    view = ChartView(load(writer(tmp_path)).metrics[0])
    app = Host(view)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot, lambda: view.chart is not None, "the chart is drawn")
        assert (view.view is not None) is x_axis, "the kind is what the test says"

        def footer() -> set[str]:
            return {key.action for key in app.screen.query(FooterKey)}

        await _settle(pilot, lambda: "cursor(1)" in footer(), "the cursor key is shown")
        assert ("zoom(2)" in footer()) is x_axis
        assert "failure(1)" in footer()
        active = app.screen.active_bindings
        for key in ("plus", "minus", "H", "L", "0"):
            assert (key in active) is x_axis, key
        assert ("right_curly_bracket" in active) is subplots
        # Zoom keys on a chart that cannot zoom do nothing to it (and nothing breaks).
        await pilot.press("plus", "0", "H")
        await pilot.pause()
        if not x_axis:
            assert view.window is None and view.chart is not None
