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


def _save(writer: ResimMetricsWriter, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return folder
