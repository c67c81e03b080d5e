"""Metrics to explore, written with the official SDK: a speed over time that fails in
runs, and a line plot, so that cursor, zoom and failure tests know the arrays."""

from __future__ import annotations

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
