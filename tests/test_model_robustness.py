"""Defects inside a file that parses: recorded, never raised, and views still work."""

from __future__ import annotations

from pathlib import Path

from tui.formats import load
from tui.model.problems import Severity
from tui.model.tables import metric_tables
from tui.schema import metrics_pb2
from tui.validate import validate


def _job_with_bad_string_series(tmp_path: Path) -> Path:
    job = metrics_pb2.JobMetrics()
    job.job_id.id.data = "6f0c1a43-1f7e-4a77-9d46-6a4c3b1c0a01"
    job.metrics_status = metrics_pb2.PASSED_METRIC_STATUS
    data = job.metrics_data.add()
    data.metrics_data_id.id.data = "6f0c1a43-1f7e-4a77-9d46-6a4c3b1c0a02"
    data.data_type = metrics_pb2.STRING_SERIES_DATA_TYPE
    data.name = "labels"
    data.series.strings.series.append("PLACEHOLDER")
    raw = job.SerializeToString()
    # Swap the string's bytes for invalid UTF-8 of the same length: protobuf parses the
    # file lazily (series stay bytes), and the series itself cannot be decoded.
    raw = raw.replace(b"PLACEHOLDER", b"\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5")
    path = tmp_path / "metrics.binproto"
    path.write_bytes(raw)
    return path


def test_undecodable_series_is_reported_not_raised(tmp_path: Path) -> None:
    doc = load(_job_with_bad_string_series(tmp_path))
    data = doc.data[0]
    column = data.column()
    assert column.kind == "corrupt" and column.error
    assert data.length() == 0
    assert data.series_error()
    report = validate(doc)
    assert not report.valid
    assert any(p.rule == "series-corrupt" for p in report.errors)


def test_unknown_enums_are_warnings_in_the_model(tmp_path: Path) -> None:
    job = metrics_pb2.JobMetrics()
    job.job_id.id.data = "6f0c1a43-1f7e-4a77-9d46-6a4c3b1c0a01"
    metric = job.job_level_metrics.metrics.add()
    metric.name = "m"
    metric.type = 42  # type: ignore[assignment]
    metric.status = 77  # type: ignore[assignment]
    path = tmp_path / "metrics.binproto"
    path.write_bytes(job.SerializeToString())
    doc = load(path)
    assert doc.metrics[0].type.name == "UNKNOWN(42)"
    assert doc.metrics[0].status.label == "UNKNOWN(77)"
    assert all(p.severity is Severity.WARNING for p in doc.problems)
    assert metric_tables(doc.metrics[0]) == []


def test_tables_skip_missing_references(tmp_path: Path) -> None:
    job = metrics_pb2.JobMetrics()
    job.job_id.id.data = "6f0c1a43-1f7e-4a77-9d46-6a4c3b1c0a01"
    metric = job.job_level_metrics.metrics.add()
    metric.name = "xy"
    metric.type = metrics_pb2.LINE_PLOT_METRIC_TYPE
    values = metric.metric_values.line_plot_metric_values
    values.x_doubles_data_id.add().id.data = "00000000-0000-4000-8000-000000000001"
    values.y_doubles_data_id.add().id.data = "00000000-0000-4000-8000-000000000002"
    path = tmp_path / "metrics.binproto"
    path.write_bytes(job.SerializeToString())
    (table,) = metric_tables(load(path).metrics[0])
    assert table.columns == [] and table.rows == 0
