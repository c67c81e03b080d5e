"""Valid metrics files written with the official SDK, for the validator's tests.

``write_job(folder)`` writes an outputs directory holding one metric of (almost) every
type, grouped and indexed data, an event with its own metric and a real PNG, and returns
the SDK's JobMetrics message. Tests mutate it to make invalid files on purpose.
"""

from __future__ import annotations

import json
import struct
import uuid
import zlib
from pathlib import Path

import numpy as np
from resim.metrics.proto import metrics_pb2 as sdk_pb2
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics
from resim.metrics.python.metrics import (
    ExternalFileMetricsData,
    GroupedMetricsData,
    SeriesMetricsData,
)
from resim.metrics.python.metrics_utils import (
    DoubleFailureDefinition,
    HistogramBucket,
    MetricImportance,
    MetricStatus,
    Timestamp,
)
from resim.metrics.python.metrics_writer import ResimMetricsWriter

PASSED = MetricStatus.PASSED_METRIC_STATUS
WARN = MetricStatus.FAIL_WARN_METRIC_STATUS
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE


def png_bytes() -> bytes:
    """A 1×1 PNG, built by hand so the tests need no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def objects(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def build(folder: Path, *, points: int = 6) -> ResimMetricsWriter:
    """A writer holding a small job of every common metric type (not yet written)."""
    writer = ResimMetricsWriter(uuid.uuid4())
    times = SeriesMetricsData(
        "times", series=objects([Timestamp(secs=i, nanos=0) for i in range(points)])
    )
    speed = SeriesMetricsData(
        "speed", series=np.linspace(0.0, 10.0, points), index_data=times, unit="m/s"
    )
    speed_status = SeriesMetricsData(
        "speed status", series=objects([PASSED] * points), index_data=times
    )
    writer.add_double_over_time_metric("Speed").with_doubles_over_time_data(
        [speed]
    ).with_statuses_over_time_data([speed_status]).with_failure_definitions(
        [DoubleFailureDefinition(fails_above=100.0, fails_below=None)]
    ).with_status(PASSED).with_importance(MEDIUM)

    peak = SeriesMetricsData("peak", series=np.array([3.0, 4.0]))
    peak_status = SeriesMetricsData("peak status", series=objects([PASSED, WARN]))
    writer.add_double_summary_metric("Peak").with_value_data(peak).with_status_data(
        peak_status
    ).with_index(1).with_failure_definition(
        DoubleFailureDefinition(fails_above=5.0, fails_below=0.0)
    ).with_status(PASSED).with_importance(MEDIUM)

    writer.add_scalar_metric("Distance").with_value(12.5).with_unit("m").with_failure_definition(
        DoubleFailureDefinition(fails_above=20.0, fails_below=1.0)
    ).with_status(PASSED).with_importance(MEDIUM).with_tag("team", "planning")

    samples = SeriesMetricsData("samples", series=np.array([0.5, 1.5, 1.7, 2.5]))
    samples_status = SeriesMetricsData("samples status", series=objects([PASSED] * 4))
    writer.add_histogram_metric("Spread").with_values_data(samples).with_statuses_data(
        samples_status
    ).with_buckets(
        [HistogramBucket(0.0, 1.0), HistogramBucket(1.0, 2.0), HistogramBucket(2.0, 3.0)]
    ).with_lower_bound(0.0).with_upper_bound(3.0).with_status(PASSED).with_importance(MEDIUM)

    states = SeriesMetricsData(
        "gear", series=objects(["P", "D", "D", "N", "D", "P"][:points]), index_data=times
    )
    states_status = SeriesMetricsData(
        "gear status", series=objects([PASSED] * points), index_data=times
    )
    writer.add_states_over_time_metric("Gear").with_states_over_time_data(
        [states]
    ).with_statuses_over_time_data([states_status]).with_states_set(
        {"P", "D", "N", "R"}
    ).with_failure_states({"R"}).with_status(PASSED).with_importance(MEDIUM)

    groups = ["car", "bike"]
    xs = GroupedMetricsData(
        "recall", category_to_series={g: np.array([0.1, 0.5, 0.9]) for g in groups}
    )
    ys = GroupedMetricsData(
        "precision", category_to_series={g: np.array([0.9, 0.7, 0.2]) for g in groups}
    )
    pr_status = GroupedMetricsData(
        "pr status", category_to_series={g: objects([PASSED] * 3) for g in groups}
    )
    writer.add_line_plot_metric("PR curve").append_series_data(xs, ys, "car").append_statuses_data(
        pr_status
    ).with_status(PASSED).with_importance(MEDIUM)

    labels = SeriesMetricsData("labels", series=objects(["a", "b", "c"]))
    counts = SeriesMetricsData("counts", series=np.array([1.0, 2.0, 3.0]), index_data=labels)
    counts_status = SeriesMetricsData(
        "counts status", series=objects([PASSED] * 3), index_data=labels
    )
    writer.add_bar_chart_metric("Counts").append_values_data(counts, "n").append_statuses_data(
        counts_status
    ).with_status(PASSED).with_importance(MEDIUM)

    batches = SeriesMetricsData("batches", series=objects([uuid.uuid4(), uuid.uuid4()]))
    batch_times = SeriesMetricsData(
        "batch times",
        series=objects([Timestamp(secs=1, nanos=0), Timestamp(secs=2, nanos=0)]),
        index_data=batches,
    )
    batch_values = SeriesMetricsData(
        "batch values", series=np.array([4.0, 5.0]), index_data=batches
    )
    batch_status = SeriesMetricsData(
        "batch status", series=objects([PASSED, PASSED]), index_data=batches
    )
    writer.add_batchwise_bar_chart_metric("Batches").append_category_data(
        "all", batch_times, batch_values, batch_status
    ).with_colors(["#1f77b4"]).with_project_id(uuid.uuid4()).with_status(PASSED).with_importance(
        MEDIUM
    )

    (folder / "plot.png").write_bytes(png_bytes())
    image = ExternalFileMetricsData("plot image", "plot.png")
    writer.add_image_metric("Plot").with_image_data(image).with_status(PASSED).with_importance(
        MEDIUM
    )
    writer.add_image_list_metric("Plots").with_image_list_data([image]).with_status(
        PASSED
    ).with_importance(MEDIUM)
    writer.add_text_metric("Notes").with_text("# Fine\nall good").with_status(
        PASSED
    ).with_importance(MEDIUM)
    figure = {"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}], "layout": {}}
    writer.add_plotly_metric("Figure").with_plotly_data(json.dumps(figure)).with_status(
        PASSED
    ).with_importance(MEDIUM)

    at_event = (
        writer.add_scalar_metric("Speed at stop")
        .with_value(0.0)
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .is_event_metric()
    )
    writer.add_event("Stop").with_absolute_timestamp(Timestamp(secs=3, nanos=0)).with_status(
        PASSED
    ).with_importance(MEDIUM).with_metrics([at_event])
    return writer


def write_job(folder: Path, *, points: int = 6) -> sdk_pb2.JobMetrics:
    """Write ``folder/metrics.binproto`` (and its image); returns the message, checked valid."""
    folder.mkdir(parents=True, exist_ok=True)
    message = build(folder, points=points).write().metrics_msg
    validate_job_metrics(message)
    (folder / "metrics.binproto").write_bytes(message.SerializeToString())
    return message
