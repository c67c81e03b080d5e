"""Metrics to explore, written with the official SDK: a speed over time that fails in
runs, and a line plot, so that cursor, zoom and failure tests know the arrays."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import numpy as np
from resim.metrics.python.metrics import SeriesMetricsData
from resim.metrics.python.metrics_utils import (
    DoubleFailureDefinition,
    MetricImportance,
    MetricStatus,
    Timestamp,
)
from resim.metrics.python.metrics_writer import ResimMetricsWriter

from tests.sdk_jobs import objects
from tui.formats import load
from tui.model import Metric

PASSED = MetricStatus.PASSED_METRIC_STATUS
WARN = MetricStatus.FAIL_WARN_METRIC_STATUS
BLOCK = MetricStatus.FAIL_BLOCK_METRIC_STATUS
_SDK_STATUS = {1: PASSED, 2: WARN, 5: BLOCK}
STEP_NS = 10_000_000  # 10 ms between samples


def speed(n: int = 500) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Times (ns), values and statuses (ints): BLOCK above 0.9, WARN below -0.95."""
    ns = np.arange(n, dtype=np.int64) * STEP_NS
    y = np.sin(np.arange(n) / 50.0)
    status = np.where(y > 0.9, 5, np.where(y < -0.95, 2, 1))
    return ns, y, status


def write_speed(folder: Path, n: int = 500, *, scale: float = 1.0) -> Path:
    ns, y, status = speed(n)
    writer = ResimMetricsWriter(uuid.uuid4())
    stamps = [Timestamp(secs=int(t // 10**9), nanos=int(t % 10**9)) for t in ns]
    times = SeriesMetricsData("t", series=objects(stamps))
    values = SeriesMetricsData("speed", series=y * scale, index_data=times, unit="m/s")
    codes = SeriesMetricsData(
        "status", series=objects([_SDK_STATUS[int(s)] for s in status]), index_data=times
    )
    writer.add_double_over_time_metric("Speed").with_doubles_over_time_data(
        [values]
    ).with_statuses_over_time_data([codes]).with_failure_definitions(
        [DoubleFailureDefinition(fails_above=0.9, fails_below=None)]
    ).with_status(BLOCK).with_importance(MetricImportance.MEDIUM_IMPORTANCE)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return folder


def speed_metric(folder: Path, n: int = 500) -> Metric:
    return load(write_speed(folder, n)).metrics[0]


GEARS = ["P", "D", "D", "R", "R", "D", "N", "D", "R", "P"]  # R is the failure state


def write_gears(folder: Path) -> Path:
    """A states chart: a gear every second, R (reverse) the failure state."""
    writer = ResimMetricsWriter(uuid.uuid4())
    stamps = [Timestamp(secs=i, nanos=0) for i in range(len(GEARS))]
    times = SeriesMetricsData("t", series=objects(stamps))
    states = SeriesMetricsData("gear", series=objects(GEARS), index_data=times)
    codes = SeriesMetricsData(
        "gear status", series=objects([PASSED] * len(GEARS)), index_data=times
    )
    writer.add_states_over_time_metric("Gear").with_states_over_time_data(
        [states]
    ).with_statuses_over_time_data([codes]).with_states_set(
        {"P", "D", "N", "R"}
    ).with_failure_states({"R"}).with_status(BLOCK).with_importance(
        MetricImportance.MEDIUM_IMPORTANCE
    )
    return _save(writer, folder)


SCATTER_X = np.linspace(0.0, 20.0, 200)
SCATTER_Y = np.cos(SCATTER_X)


def write_scatter(folder: Path) -> Path:
    """A Plotly scatter (lines) of cos(x) over 0..20."""
    writer = ResimMetricsWriter(uuid.uuid4())
    figure = {
        "data": [
            {
                "type": "scatter",
                "mode": "lines",
                "name": "cos",
                "x": SCATTER_X.tolist(),
                "y": SCATTER_Y.tolist(),
            }
        ],
        "layout": {"xaxis": {"title": {"text": "x"}}},
    }
    writer.add_plotly_metric("Figure").with_plotly_data(json.dumps(figure)).with_status(
        PASSED
    ).with_importance(MetricImportance.MEDIUM_IMPORTANCE)
    return _save(writer, folder)


BAR_LABELS = ["left", "right", "straight", "u-turn", "merge"]
BAR_VALUES = np.array([4.0, 7.5, 12.0, 0.0, 3.25])
BAR_STATUS = [1, 5, 1, 2, 1]  # "right" fails (BLOCK), "u-turn" warns


def write_bars(folder: Path) -> Path:
    """A Metrics 1.0 bar chart of manoeuvres, one failing and one warning."""
    writer = ResimMetricsWriter(uuid.uuid4())
    labels = SeriesMetricsData("manoeuvre", series=objects(BAR_LABELS))
    counts = SeriesMetricsData("count", series=BAR_VALUES, index_data=labels)
    codes = SeriesMetricsData(
        "count status", series=objects([_SDK_STATUS[c] for c in BAR_STATUS]), index_data=labels
    )
    writer.add_bar_chart_metric("Manoeuvres").append_values_data(
        counts, "count"
    ).append_statuses_data(codes).with_status(BLOCK).with_importance(
        MetricImportance.MEDIUM_IMPORTANCE
    )
    return _save(writer, folder)


HIST_SAMPLES = np.array([0.2, 0.4, 1.1, 1.5, 1.6, 1.9, 2.2, 2.9, 3.5])
HIST_EDGES = [(0.0, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 4.0)]
HIST_STATUS = [1, 1, 1, 1, 1, 1, 1, 1, 5]  # the 3.5 sample fails


def write_histogram(folder: Path) -> Path:
    """A Metrics 1.0 histogram of nine samples in four buckets; the last one fails."""
    from resim.metrics.python.metrics_utils import HistogramBucket

    writer = ResimMetricsWriter(uuid.uuid4())
    samples = SeriesMetricsData("gap", series=HIST_SAMPLES)
    codes = SeriesMetricsData("gap status", series=objects([_SDK_STATUS[c] for c in HIST_STATUS]))
    writer.add_histogram_metric("Gaps").with_values_data(samples).with_statuses_data(
        codes
    ).with_buckets([HistogramBucket(lo, hi) for lo, hi in HIST_EDGES]).with_lower_bound(
        0.0
    ).with_upper_bound(4.0).with_status(BLOCK).with_importance(MetricImportance.MEDIUM_IMPORTANCE)
    return _save(writer, folder)


BOX_GROUPS = ["a"] * 5 + ["b"] * 6
BOX_VALUES = [1.0, 2.0, 3.0, 4.0, 5.0, 10.0, 11.0, 12.0, 13.0, 14.0, 40.0]
TIMELINE = [
    ("planner", 0.0, 4.0, "ok"),
    ("planner", 4.0, 6.0, "stuck"),
    ("planner", 8.0, 10.0, "ok"),
]


def plotly_figure(kind: str) -> dict:
    """A Plotly bar, box or timeline figure with known numbers."""
    if kind == "bar":
        return {
            "data": [{"type": "bar", "name": "hits", "x": BAR_LABELS, "y": BAR_VALUES.tolist()}]
        }
    if kind == "subplots":
        return subplots_figure()
    if kind == "box":
        return {"data": [{"type": "box", "name": "lag", "x": BOX_GROUPS, "y": BOX_VALUES}]}
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": state,
            "y": [row],
            "base": [start],
            "x": [end - start],
        }
        for row, start, end, state in TIMELINE
    ]
    return {"data": data}


SUB_X = np.linspace(0.0, 10.0, 101)


def subplots_figure() -> dict:
    """make_subplots(rows=2): sin on the top panel, 10 x cos on the bottom one."""
    return {
        "data": [
            {"type": "scatter", "name": "sin", "x": SUB_X.tolist(), "y": np.sin(SUB_X).tolist()},
            {
                "type": "scatter",
                "name": "cos",
                "x": SUB_X.tolist(),
                "y": (10 * np.cos(SUB_X)).tolist(),
                "xaxis": "x2",
                "yaxis": "y2",
            },
        ],
        "layout": {
            "xaxis": {"domain": [0, 1], "anchor": "y"},
            "yaxis": {"domain": [0.55, 1], "anchor": "x"},
            "xaxis2": {"domain": [0, 1], "anchor": "y2"},
            "yaxis2": {"domain": [0, 0.45], "anchor": "x2"},
        },
    }


def write_plotly(folder: Path, kind: str) -> Path:
    writer = ResimMetricsWriter(uuid.uuid4())
    writer.add_plotly_metric("Figure").with_plotly_data(
        json.dumps(plotly_figure(kind))
    ).with_status(PASSED).with_importance(MetricImportance.MEDIUM_IMPORTANCE)
    return _save(writer, folder)


def _save(writer: ResimMetricsWriter, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return folder
