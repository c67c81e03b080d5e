"""A grouped double summary reads as a table: name, value, unit, status (issue 11).

Long category names used to push the value off screen; names that differ only
at the end must stay apart when cut, and the whole name is in the summary
(the card's details). The file is written by the official SDK.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
from resim.metrics.python.metrics import GroupedMetricsData
from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus
from resim.metrics.python.metrics_writer import ResimMetricsWriter

from tests.sdk_jobs import objects
from tui.charts import render
from tui.charts._text import fit_middle
from tui.formats import load

PREFIX = "vehicle_perception_pipeline_camera_"
NAMES = [PREFIX + "front_left_latency", PREFIX + "rear_left_latency", "lidar"]


def _grouped_summary(folder: Path):  # type: ignore[no-untyped-def]
    writer = ResimMetricsWriter(uuid.uuid4())
    values = GroupedMetricsData(
        "latency",
        category_to_series={n: np.array([12.5 + i]) for i, n in enumerate(NAMES)},
        unit="ms",
    )
    status = GroupedMetricsData(
        "status",
        category_to_series={
            n: objects(
                [
                    MetricStatus.FAIL_WARN_METRIC_STATUS
                    if i == 1
                    else MetricStatus.PASSED_METRIC_STATUS
                ]
            )
            for i, n in enumerate(NAMES)
        },
    )
    writer.add_double_summary_metric("Latency per sensor").with_value_data(values).with_status_data(
        status
    ).with_index(0).with_status(MetricStatus.PASSED_METRIC_STATUS).with_importance(
        MetricImportance.HIGH_IMPORTANCE
    )
    folder.mkdir(parents=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return load(folder).metrics[0]


def test_grouped_summary_has_a_unit_column_and_keeps_long_names_apart(tmp_path: Path) -> None:
    metric = _grouped_summary(tmp_path / "job")
    for width in (60, 80, 120):
        chart = render(metric, width, 20, color="none")
        lines = chart.body.plain.split("\n")
        assert lines[0].split() == ["name", "value", "unit", "status"], lines
        rows = lines[1:4]
        assert all(len(line) <= width for line in lines), (width, lines)
        unit_at = lines[0].index("unit")
        for row, value in zip(rows, ("12.5", "13.5", "14.5"), strict=True):
            assert value in row and row[unit_at : unit_at + 2] == "ms", (width, lines)
        assert "FAIL_WARN" in rows[1]
        names = [row[: lines[0].index("value")].split("  ")[0].strip() for row in rows]
        assert len(set(names)) == 3, names  # cut in the middle, the ends tell them apart
        assert names[0].endswith("left_latency") or NAMES[0] in names[0], names
    assert [s.name for s in chart.summary] == NAMES  # whole in the details


def test_fit_middle_keeps_both_ends() -> None:
    assert fit_middle("abcdefghij", 10) == "abcdefghij"
    cut = fit_middle("abcdefghijklmnop", 9)
    assert cut == "abcd…mnop" and len(cut) == 9
