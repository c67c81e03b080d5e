"""Fixes from a user's review of the charts, each on a file written with the official SDK."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus
from resim.metrics.python.metrics_writer import ResimMetricsWriter

from tui.charts import render
from tui.model import Metric, load

PASSED = MetricStatus.PASSED_METRIC_STATUS
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE


def _save(writer: ResimMetricsWriter, folder: Path) -> list[Metric]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return load(folder).metrics


def _figure(folder: Path, figure: dict) -> Metric:
    writer = ResimMetricsWriter(uuid.uuid4())
    writer.add_plotly_metric("Figure").with_plotly_data(json.dumps(figure)).with_status(
        PASSED
    ).with_importance(MEDIUM)
    return _save(writer, folder)[0]


def test_plotly_trace_names_follow_one_rule(tmp_path: Path) -> None:
    long = "n" * 60
    traces = [
        {"type": "scatter", "y": [1, 2, 3], "name": ""},  # blank: unnamed
        {"type": "scatter", "y": [1, 2, 3], "name": "   "},  # blank: unnamed
        {"type": "scatter", "y": [1, 2, 3], "name": ["a", "b"]},  # not a scalar: unnamed
        {"type": "scatter", "y": [1, 2, 3], "name": True},  # a bool is no name
        {"type": "scatter", "y": [1, 2, 3], "name": 7},  # Plotly shows numbers
        {"type": "bar", "x": ["a"], "y": [1], "name": {"text": "x"}},
        {"type": "bar", "x": ["a"], "y": [2], "name": long},
        {"type": "bar", "base": [0], "x": [1], "y": ["r"], "orientation": "h", "name": long},
    ]
    chart = render(_figure(tmp_path, {"data": traces}), 120, 60, color="none")
    names = [row.name for row in chart.summary]
    # Unnamed traces are numbered by their place in the figure, whatever their type.
    assert names[:6] == ["trace 0", "trace 1", "trace 2", "trace 3", "7", "trace 5"]
    # One width for every family (bars and the timeline alike).
    assert names[6] == names[7] == "n" * 39 + "…"
