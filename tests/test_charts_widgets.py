"""Pilot tests of ChartView and ImageView in a tiny App of their own."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import pytest
from resim.metrics.python.metrics import (
    ExternalFileMetricsData,
    GroupedMetricsData,
    SeriesMetricsData,
)
from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus, Timestamp
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Select

from tests.sdk_jobs import objects, png_bytes
from tui.app.widgets.chart_view import BIG, ChartArea, ChartView
from tui.app.widgets.image_view import ImageView
from tui.formats import load
from tui.model import Metric

PASSED = MetricStatus.PASSED_METRIC_STATUS
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE


class Host(App[None]):
    """Shows one widget and records the category messages it posts."""

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget
        self.categories: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()

    def on_chart_view_category_changed(self, message: ChartView.CategoryChanged) -> None:
        self.categories.append(message.category)


def _write(writer: ResimMetricsWriter, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return folder


def _dot(folder: Path, n: int) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    ns = np.arange(n, dtype=np.int64) * 10_000_000
    times = SeriesMetricsData(
        "t", series=objects([Timestamp(secs=int(t // 10**9), nanos=int(t % 10**9)) for t in ns])
    )
    values = SeriesMetricsData(
        "speed", series=np.sin(np.arange(n) / 50.0), index_data=times, unit="m/s"
    )
    status = SeriesMetricsData("status", series=objects([PASSED] * n), index_data=times)
    writer.add_double_over_time_metric("Speed").with_doubles_over_time_data(
        [values]
    ).with_statuses_over_time_data([status]).with_failure_definitions([]).with_status(
        PASSED
    ).with_importance(MEDIUM)
    return load(_write(writer, folder)).metrics[0]


def _grouped_bars(folder: Path) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    names = ["north", "south", "east"]
    labels = GroupedMetricsData(
        "labels", category_to_series={c: objects(["a", "b"]) for c in names}
    )
    values = GroupedMetricsData(
        "counts",
        category_to_series={c: np.array([1.0 + i, 2.0]) for i, c in enumerate(names)},
        index_data=labels,
    )
    status = GroupedMetricsData(
        "status",
        category_to_series={c: objects([PASSED, PASSED]) for c in names},
        index_data=labels,
    )
    writer.add_bar_chart_metric("Per region").append_values_data(
        values, "count"
    ).append_statuses_data(status).with_status(PASSED).with_importance(MEDIUM)
    return load(_write(writer, folder)).metrics[0]


async def test_chart_view_draws_at_its_size_and_redraws_on_resize(tmp_path: Path) -> None:
    app = Host(ChartView(_dot(tmp_path / "job", 200)))
    async with app.run_test(size=(90, 40)) as pilot:
        await pilot.pause()
        area = app.query_one(ChartArea)
        first = area.body.plain
        assert "time (s)" in first and len(first.splitlines()) <= area.size.height
        assert max(len(line) for line in first.splitlines()) <= area.size.width
        summary = app.query_one(".chart-summary").render()
        assert summary  # the per-series table is under the chart
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert max(len(line) for line in area.body.plain.splitlines()) <= 60


@pytest.mark.slow
async def test_chart_view_draws_big_series_in_a_worker(tmp_path: Path) -> None:
    app = Host(ChartView(_dot(tmp_path / "job", BIG + 10)))
    async with app.run_test(size=(90, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "time (s)" in app.query_one(ChartArea).body.plain


async def test_category_keys_and_select(tmp_path: Path) -> None:
    view = ChartView(_grouped_bars(tmp_path / "job"))
    app = Host(view)
    async with app.run_test(size=(90, 40)) as pilot:
        await pilot.pause()
        assert view.categories == ["north", "south", "east"] and view.category == "north"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.category == "south"
        assert app.query_one(".chart-categories", Select).value == "south"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert view.category == "east"
        assert app.categories == ["north", "south", "north", "east"]


def _images(folder: Path, names: list[str]) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    files = [
        writer.add_metrics_data(ExternalFileMetricsData(f"img {i}", filename=n))
        for i, n in enumerate(names)
    ]
    writer.add_image_list_metric("Frames").with_image_list_data(files).with_status(
        PASSED
    ).with_importance(MEDIUM)
    return load(_write(writer, folder)).metrics[0]


async def test_image_view_navigates_and_explains_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "ok.png").write_bytes(png_bytes())
    (folder / "text.png").write_text("not an image")
    outside = tmp_path / "secret.png"
    outside.write_bytes(png_bytes())
    os.symlink(outside, folder / "link.png")
    view = ImageView(
        _images(folder, ["ok.png", "text.png", "link.png", "gone.png", "../secret.png"])
    )
    app = Host(view)
    async with app.run_test(size=(80, 30)) as pilot:
        seen = []
        for _ in range(5):
            await app.workers.wait_for_complete()
            await pilot.pause()
            caption = str(app.query_one(".image-caption").render())
            message = str(app.query_one(".image-message").render())
            seen.append((caption, message, len(app.query(".image-body"))))
            await pilot.press("right")
        assert seen[0] == ("1/5: ok.png", "", 1)
        assert "not a readable image" in seen[1][1] and seen[1][2] == 0
        assert "symlink" in seen[2][1]
        assert "missing" in seen[3][1]
        assert "leaves the outputs directory" in seen[4][1]
        await pilot.press("left")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert str(app.query_one(".image-caption").render()) == "5/5: ../secret.png"


async def test_image_view_removed_at_once_does_not_take_the_app_down(tmp_path: Path) -> None:
    """A cursor moving over an image metric mounts and removes its view at once; its
    mount handler and decode then find no parts (NoMatches killed the app)."""
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "ok.png").write_bytes(png_bytes())
    metric = _images(folder, ["ok.png", "ok.png"])
    app = Host(Widget())
    async with app.run_test(size=(80, 30)) as pilot:
        for _ in range(5):
            view = ImageView(metric)
            await app.mount(view)
            await view.remove()
            view = ImageView(metric)
            app.mount(view)
            view.remove()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.return_code is None
