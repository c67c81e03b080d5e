"""Generate large metrics files for benchmarking resim-tui (not committed).

Run from the repository root::

    .venv/bin/python benchmarks/make_big_files.py            # all three
    .venv/bin/python benchmarks/make_big_files.py big_dot    # just one

Writes into ``benchmarks/data/`` (gitignored):

- ``big_dot/metrics.binproto`` (~100 MB): one double-over-time metric over a
  5,000,000-point series at 1 kHz (values INDEXED_DOUBLE by a TIMESTAMP series,
  statuses INDEXED_METRIC_STATUS by the same), plus a few small metrics.
- ``fifty/metrics.binproto`` (~5 MB): 50 metrics of mixed types.
- ``wide/metrics.binproto`` (~95 MB): one double-over-time metric with 20 series
  of 500,000 points sharing one timestamp index.
- ``many/metrics.binproto`` (~12 MB): 20,000 small metrics of mixed types (scalars,
  short doubles over time, small bar charts, texts), as a big test suite writes.
- ``bars/metrics.binproto``: one bar chart of 5,000,000 labelled bars.
- ``batches/metrics.binproto``: a batchwise bar chart, 2 categories x 500,000
  batches (1,000,000 batches in all).
- ``states/metrics.binproto``: a states-over-time metric of 5,000,000 points.
- ``stall/metrics.binproto`` (~400 MB): ``big_dot`` at 20,000,000 points and
  ``many``'s 20,000 metrics in one file, for ``bench_stall.py``.
- ``plotly/metrics.binproto``: a Plotly scatter of 1,000,000 points, a bar
  trace of 100,000 bars and a 1,000 x 1,000 heatmap.

The structure always comes from the SDK: the metrics are built with
``ResimMetricsWriter`` around one-element placeholder series, and only then are
the big series filled in, on the generated ``metrics_pb2`` messages, from wire
bytes encoded with numpy (building 5M ``Timestamp`` objects in Python takes far
longer). A self-check first proves that the fast encoding gives exactly the
bytes protobuf itself writes. Every file passes ``validate_job_metrics``.
"""

from __future__ import annotations

import argparse
import itertools
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
from resim.metrics.proto import metrics_pb2 as mp
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics
from resim.metrics.python.metrics import SeriesMetricsData
from resim.metrics.python.metrics_utils import (
    DoubleFailureDefinition,
    HistogramBucket,
    MetricImportance,
    MetricStatus,
    Timestamp,
)
from resim.metrics.python.metrics_writer import ResimMetricsWriter

DATA = Path(__file__).resolve().parent / "data"
NAMESPACE = uuid.UUID("0b3a9a52-3d2e-4c55-9a57-7c1d3e0f5a11")
NANOS = 1_000_000_000
PASSED = MetricStatus.PASSED_METRIC_STATUS
WARN = MetricStatus.FAIL_WARN_METRIC_STATUS
RAW = MetricStatus.RAW_METRIC_STATUS
HIGH = MetricImportance.HIGH_IMPORTANCE
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE
LOW = MetricImportance.LOW_IMPORTANCE


# ---------------------------------------------------------------------------
# Wire encoding with numpy
# ---------------------------------------------------------------------------


def varints(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Base-128 varints of non-negative integers: a (n, width) byte matrix and lengths."""
    v = values.astype(np.uint64)
    lengths = np.ones(v.size, dtype=np.int64)
    for k in range(1, 10):
        lengths += (v >> np.uint64(7 * k)) > 0
    width = int(lengths.max()) if v.size else 1
    out = np.empty((v.size, width), dtype=np.uint8)
    for k in range(width):
        group = ((v >> np.uint64(7 * k)) & np.uint64(0x7F)).astype(np.uint8)
        out[:, k] = np.where(k < lengths - 1, group | 0x80, group)
    return out, lengths


def varint(value: int) -> bytes:
    matrix, lengths = varints(np.array([value]))
    return matrix[0, : lengths[0]].tobytes()


def packed_field(payload: bytes) -> bytes:
    """Field 1 as a length-delimited record (a packed repeated field)."""
    return b"\x0a" + varint(len(payload)) + payload


def encode_doubles(values: np.ndarray) -> bytes:
    """A serialized DoubleSeries."""
    return packed_field(np.ascontiguousarray(values, dtype="<f8").tobytes())


def encode_statuses(statuses: np.ndarray) -> bytes:
    """A serialized MetricStatusSeries (every enum value < 128 is one byte)."""
    return packed_field(statuses.astype(np.uint8).tobytes())


def encode_timestamps(ns: np.ndarray) -> bytes:
    """A serialized TimestampSeries: one ``Timestamp`` record per element.

    Each record is ``0x0a <len> [0x08 <seconds>] [0x10 <nanos>]``; proto3 leaves
    out fields equal to zero, so the optional parts are masked per element.
    """
    secs, nanos = np.divmod(ns.astype(np.int64), NANOS)
    s_bytes, s_len = varints(secs)
    n_bytes, n_len = varints(nanos)
    has_s, has_n = secs != 0, nanos != 0
    body = has_s * (1 + s_len) + has_n * (1 + n_len)
    if body.max() > 127:
        raise ValueError("timestamp record longer than a one-byte length")
    n = ns.size
    columns = [np.full(n, 0x0A, np.uint8), body.astype(np.uint8), np.full(n, 0x08, np.uint8)]
    masks = [np.ones(n, bool), np.ones(n, bool), has_s]
    columns += [s_bytes[:, k] for k in range(s_bytes.shape[1])]
    masks += [has_s & (k < s_len) for k in range(s_bytes.shape[1])]
    columns.append(np.full(n, 0x10, np.uint8))
    masks.append(has_n)
    columns += [n_bytes[:, k] for k in range(n_bytes.shape[1])]
    masks += [has_n & (k < n_len) for k in range(n_bytes.shape[1])]
    matrix = np.stack(columns, axis=1)
    mask = np.stack(masks, axis=1)
    return matrix[mask].tobytes()


def encode_strings(values: list[str]) -> bytes:
    """A serialized StringSeries: one length-delimited record per string."""
    parts = []
    for text in values:
        raw = text.encode()
        parts.append(
            b"\x0a" + varint(len(raw)) + raw if len(raw) > 127 else bytes((10, len(raw))) + raw
        )
    return b"".join(parts)


def encode_uuids(values: list[str]) -> bytes:
    """A serialized UuidSeries: records of ``UUID { string data = 1; }`` (36 chars)."""
    return b"".join(b"\x0a\x26\x0a\x24" + text.encode() for text in values)


def self_check() -> None:
    """The fast encoders must produce the bytes protobuf writes itself."""
    rng = np.random.default_rng(0)
    ns = np.concatenate(
        [[0, 1, NANOS, NANOS + 1, 127, 128, 2**31 * NANOS], rng.integers(0, 10**13, 2000)]
    )
    slow = mp.TimestampSeries()
    for value in ns.tolist():
        slow.series.add(seconds=value // NANOS, nanos=value % NANOS)
    assert encode_timestamps(ns) == slow.SerializeToString(), "timestamp encoding differs"
    doubles = np.concatenate([[0.0, -0.0, np.nan, np.inf], rng.normal(0, 1e3, 1000)])
    slow_d = mp.DoubleSeries()
    slow_d.series.extend(doubles.tolist())
    assert encode_doubles(doubles) == slow_d.SerializeToString(), "double encoding differs"
    statuses = rng.integers(1, 6, 1000)
    slow_s = mp.MetricStatusSeries()
    slow_s.series.extend(statuses.tolist())
    assert encode_statuses(statuses) == slow_s.SerializeToString(), "status encoding differs"
    texts = ["", "a", "état", "x" * 200, "bar 17"]
    slow_t = mp.StringSeries()
    slow_t.series.extend(texts)
    assert encode_strings(texts) == slow_t.SerializeToString(), "string encoding differs"
    ids = [str(uuid.uuid5(NAMESPACE, str(k))) for k in range(5)]
    slow_u = mp.UUIDSeries()
    for text in ids:
        slow_u.series.add(data=text)
    assert encode_uuids(ids) == slow_u.SerializeToString(), "uuid encoding differs"


# ---------------------------------------------------------------------------
# Building on SDK-made structure
# ---------------------------------------------------------------------------


def placeholder(
    writer: ResimMetricsWriter,
    name: str,
    kind: str,
    index: SeriesMetricsData | None = None,
    unit: str | None = None,
) -> SeriesMetricsData:
    """A one-element series of the right kind; its contents are replaced later."""
    first: object = {
        "time": Timestamp(secs=0, nanos=0),
        "double": 0.0,
        "status": PASSED,
        "string": "x",
        "uuid": uuid.uuid5(NAMESPACE, "placeholder"),
    }[kind]
    series = np.empty(1, dtype=object)
    series[0] = first
    data = writer.add_series_metrics_data(name).with_series(series)
    if index is not None:
        data.with_index_data(index)
    if unit is not None:
        data.with_unit(unit)
    return data


def fill(job: mp.JobMetrics, fills: dict[str, tuple[str, bytes]]) -> None:
    """Replace the series of the named MetricsData by pre-encoded wire bytes."""
    by_name = {data.name: data for data in job.metrics_data}
    for name, (kind, blob) in fills.items():
        target = getattr(by_name[name].series, kind)
        target.Clear()
        target.MergeFromString(blob)


def statuses_for(values: np.ndarray, above: float) -> np.ndarray:
    return np.where(values > above, WARN.value, PASSED.value).astype(np.uint8)


def add_small_metrics(writer: ResimMetricsWriter, rng: np.random.Generator) -> None:
    """A few small metrics next to the big one."""
    (
        writer.add_scalar_metric("Max speed")
        .with_status(PASSED)
        .with_importance(HIGH)
        .with_value(18.2)
        .with_unit("m/s")
        .with_failure_definition(DoubleFailureDefinition(fails_above=20.0, fails_below=None))
    )
    (
        writer.add_text_metric("About")
        .with_status(RAW)
        .with_importance(LOW)
        .with_text("# Benchmark\n\nA very long log, for load-time measurements.\n")
    )
    values = rng.normal(0.0, 1.0, 200)
    data = writer.add_series_metrics_data("Small histogram values").with_series(values)
    status = writer.add_series_metrics_data("Small histogram statuses").with_series(
        np.array([PASSED] * values.size, dtype=object)
    )
    (
        writer.add_histogram_metric("Lateral error")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_values_data(data)
        .with_statuses_data(status)
        .with_buckets(buckets(-4.0, 4.0, 16))
        .with_lower_bound(-4.0)
        .with_upper_bound(4.0)
    )


def buckets(lower: float, upper: float, count: int) -> list[HistogramBucket]:
    edges = [lower + (upper - lower) * i / count for i in range(count + 1)]
    return [HistogramBucket(lower=a, upper=b) for a, b in itertools.pairwise(edges)]


def make_big_dot(points: int = 5_000_000) -> mp.JobMetrics:
    rng = np.random.default_rng(1)
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "big_dot"))
    times = placeholder(writer, "Time", "time")
    speed = placeholder(writer, "Ego speed", "double", times, "m/s")
    status = placeholder(writer, "Ego speed status", "status", times)
    limit = 18.5
    t = np.arange(points, dtype=np.float64) / 1000.0  # 1 kHz
    values = 14.0 + 4.0 * np.sin(t / 60.0) + rng.normal(0.0, 0.3, points)
    statuses = statuses_for(values, limit)
    (
        writer.add_double_over_time_metric(f"Ego speed ({points / 1e6:g}M points)")
        .with_description(f"{points:,} samples at 1 kHz ({points / 60_000:.0f} minutes).")
        .with_status(WARN if (statuses == WARN.value).any() else PASSED)
        .with_importance(HIGH)
        .append_doubles_over_time_data(speed, "Ego")
        .append_statuses_over_time_data(status)
        .with_failure_definitions([DoubleFailureDefinition(fails_above=limit, fails_below=None)])
        .with_y_axis_name("Speed (m/s)")
    )
    add_small_metrics(writer, rng)
    job = writer.write().metrics_msg
    fill(
        job,
        {
            "Time": (
                "timestamps",
                encode_timestamps(np.arange(points, dtype=np.int64) * 1_000_000),
            ),
            "Ego speed": ("doubles", encode_doubles(values)),
            "Ego speed status": ("statuses", encode_statuses(statuses)),
        },
    )
    return job


def make_wide(series_count: int = 20, points: int = 500_000) -> mp.JobMetrics:
    rng = np.random.default_rng(2)
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "wide"))
    times = placeholder(writer, "Time", "time")
    metric = (
        writer.add_double_over_time_metric("Wheel and joint signals")
        .with_description(f"{series_count} series x {points:,} points, one time index.")
        .with_importance(MEDIUM)
        .with_y_axis_name("Value")
    )
    fills: dict[str, tuple[str, bytes]] = {
        "Time": ("timestamps", encode_timestamps(np.arange(points, dtype=np.int64) * 2_000_000)),
    }
    t = np.arange(points, dtype=np.float64) / 500.0  # 500 Hz
    any_warn = False
    for k in range(series_count):
        name = f"Signal {k + 1:02d}"
        values = np.sin(t / (5.0 + k)) * (1 + k / 10) + rng.normal(0.0, 0.05, points)
        statuses = statuses_for(values, 2.5)
        any_warn |= bool((statuses == WARN.value).any())
        metric.append_doubles_over_time_data(placeholder(writer, name, "double", times), name)
        metric.append_statuses_over_time_data(
            placeholder(writer, f"{name} status", "status", times)
        )
        fills[name] = ("doubles", encode_doubles(values))
        fills[f"{name} status"] = ("statuses", encode_statuses(statuses))
    metric.with_failure_definitions(
        [DoubleFailureDefinition(fails_above=2.5, fails_below=None)] * series_count
    )
    metric.with_status(WARN if any_warn else PASSED)
    job = writer.write().metrics_msg
    fill(job, fills)
    return job


def make_fifty(count: int = 50) -> mp.JobMetrics:
    """Fifty metrics of mixed types, written with the SDK writer alone."""
    rng = np.random.default_rng(3)
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "fifty"))

    def series(
        name: str, values: list[object] | np.ndarray, index: SeriesMetricsData | None = None
    ) -> SeriesMetricsData:
        array = np.empty(len(values), dtype=object)
        array[:] = list(values)
        data = writer.add_series_metrics_data(name).with_series(array)
        return data if index is None else data.with_index_data(index)

    def time_index(name: str, points: int, hz: int) -> SeriesMetricsData:
        step = NANOS // hz
        return series(
            name,
            [Timestamp(secs=(k * step) // NANOS, nanos=(k * step) % NANOS) for k in range(points)],
        )

    def dot(i: int) -> None:
        points = 16_000
        index = time_index(f"m{i} time", points, 100)
        values = rng.normal(10.0, 2.0, points)
        data = series(f"m{i} values", values, index)
        status = series(f"m{i} statuses", [WARN if v > 16 else PASSED for v in values], index)
        (
            writer.add_double_over_time_metric(f"Signal {i:02d} over time")
            .with_status(WARN if (values > 16).any() else PASSED)
            .with_importance(MEDIUM)
            .append_doubles_over_time_data(data)
            .append_statuses_over_time_data(status)
            .with_failure_definitions([DoubleFailureDefinition(fails_above=16.0, fails_below=None)])
        )

    def line(i: int) -> None:
        points = 10_000
        x = series(f"m{i} x", np.cumsum(rng.uniform(0.0, 0.1, points)))
        y = series(f"m{i} y", np.cumsum(rng.normal(0.0, 0.1, points)))
        status = series(f"m{i} statuses", [PASSED] * points)
        (
            writer.add_line_plot_metric(f"Trajectory {i:02d}")
            .with_status(PASSED)
            .with_importance(LOW)
            .append_series_data(x, y, "Path")
            .append_statuses_data(status)
        )

    def bar(i: int) -> None:
        labels = series(f"m{i} labels", [f"bin {k}" for k in range(12)])
        values = series(f"m{i} values", rng.uniform(0, 10, 12), labels)
        status = series(f"m{i} statuses", [PASSED] * 12, labels)
        (
            writer.add_bar_chart_metric(f"Counts {i:02d}")
            .with_status(PASSED)
            .with_importance(LOW)
            .append_values_data(values)
            .append_statuses_data(status)
        )

    def histogram(i: int) -> None:
        values = series(f"m{i} values", rng.normal(0.0, 1.0, 5_000))
        status = series(f"m{i} statuses", [PASSED] * 5_000)
        (
            writer.add_histogram_metric(f"Distribution {i:02d}")
            .with_status(PASSED)
            .with_importance(LOW)
            .with_values_data(values)
            .with_statuses_data(status)
            .with_buckets(buckets(-5.0, 5.0, 20))
            .with_lower_bound(-5.0)
            .with_upper_bound(5.0)
        )

    def scalar(i: int) -> None:
        (
            writer.add_scalar_metric(f"Score {i:02d}")
            .with_status(PASSED)
            .with_importance(HIGH)
            .with_value(float(rng.uniform(0, 1)))
            .with_unit("%")
        )

    def states(i: int) -> None:
        points = 10_000
        index = time_index(f"m{i} time", points, 50)
        names = ["IDLE", "DRIVE", "BRAKE", "FAULT"]
        values = [names[(k // 500) % 3] for k in range(points)]
        data = series(f"m{i} states", values, index)
        status = series(f"m{i} statuses", [PASSED] * points, index)
        (
            writer.add_states_over_time_metric(f"Mode {i:02d}")
            .with_status(PASSED)
            .with_importance(MEDIUM)
            .append_states_over_time_data(data)
            .append_statuses_over_time_data(status)
            .with_states_set(names)
            .with_failure_states(["FAULT"])
        )

    def summary(i: int) -> None:
        values = series(f"m{i} values", rng.uniform(0, 5, 10))
        status = series(f"m{i} statuses", [PASSED] * 10)
        (
            writer.add_double_summary_metric(f"Summary {i:02d}")
            .with_status(PASSED)
            .with_importance(LOW)
            .with_value_data(values)
            .with_status_data(status)
            .with_index(3)
        )

    def text(i: int) -> None:
        (
            writer.add_text_metric(f"Notes {i:02d}")
            .with_status(RAW)
            .with_importance(LOW)
            .with_text(f"## Notes {i}\n\n" + "- a line of notes\n" * 40)
        )

    def plotly(i: int) -> None:
        x = np.arange(2_000, dtype=np.float64)
        fig = go.Figure(go.Scatter(x=x, y=np.cumsum(rng.normal(0, 1, x.size)), mode="lines"))
        (
            writer.add_plotly_metric(f"Plotly {i:02d}")
            .with_status(RAW)
            .with_importance(LOW)
            .with_plotly_data(fig.to_json())
        )

    kinds: list[Callable[[int], None]] = [
        dot,
        dot,
        line,
        bar,
        histogram,
        scalar,
        states,
        summary,
        text,
        plotly,
    ]
    for i in range(count):
        kinds[i % len(kinds)](i)
    return writer.write().metrics_msg


def make_many(count: int = 20_000) -> mp.JobMetrics:
    """Many small metrics, the shape of a big test suite: every metric through the SDK."""
    rng = np.random.default_rng(4)
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "many"))

    def objects(values: list[object]) -> np.ndarray:
        array = np.empty(len(values), dtype=object)
        array[:] = values
        return array

    for i in range(count):
        kind = i % 4
        status = WARN if i % 37 == 0 else PASSED
        importance = (HIGH, MEDIUM, LOW)[i % 3]
        if kind == 0:
            (
                writer.add_scalar_metric(f"Check {i:05d} score")
                .with_status(status)
                .with_importance(importance)
                .with_value(float(rng.uniform(0, 100)))
                .with_unit("%")
                .with_failure_definition(
                    DoubleFailureDefinition(fails_above=99.0, fails_below=None)
                )
            )
        elif kind == 1:
            times = writer.add_series_metrics_data(f"m{i} time").with_series(
                objects([Timestamp(secs=k, nanos=0) for k in range(8)])
            )
            values = (
                writer.add_series_metrics_data(f"m{i} values")
                .with_series(rng.normal(0.0, 1.0, 8))
                .with_index_data(times)
            )
            statuses = (
                writer.add_series_metrics_data(f"m{i} statuses")
                .with_series(objects([PASSED] * 8))
                .with_index_data(times)
            )
            (
                writer.add_double_over_time_metric(f"Signal {i:05d}")
                .with_status(status)
                .with_importance(importance)
                .append_doubles_over_time_data(values)
                .append_statuses_over_time_data(statuses)
                .with_failure_definitions(
                    [DoubleFailureDefinition(fails_above=3.0, fails_below=None)]
                )
            )
        elif kind == 2:
            labels = writer.add_series_metrics_data(f"m{i} labels").with_series(
                objects(["left", "right", "front"])
            )
            values = (
                writer.add_series_metrics_data(f"m{i} counts")
                .with_series(rng.uniform(0, 10, 3))
                .with_index_data(labels)
            )
            statuses = (
                writer.add_series_metrics_data(f"m{i} statuses")
                .with_series(objects([PASSED] * 3))
                .with_index_data(labels)
            )
            (
                writer.add_bar_chart_metric(f"Counts {i:05d}")
                .with_status(status)
                .with_importance(importance)
                .append_values_data(values)
                .append_statuses_data(statuses)
            )
        else:
            (
                writer.add_text_metric(f"Notes {i:05d}")
                .with_status(RAW)
                .with_importance(importance)
                .with_description(f"Notes of test case {i}.")
                .with_text(f"Case {i}: **ok**, see the log.")
            )
    return writer.write().metrics_msg


def make_stall(points: int = 20_000_000, count: int = 20_000) -> mp.JobMetrics:
    """The stall script's file: a 20M-point double over time among 20,000 small metrics
    (``many``), ordered first so that it is the first card, the chart whose delay counts."""
    job = make_many(count)
    big = make_big_dot(points)
    for metric in big.job_level_metrics.metrics:
        metric.job_id.CopyFrom(job.job_id)  # one job: the validator holds them to it
        if metric.name.startswith("Ego speed ("):
            metric.order = 1.0
    big.job_id.CopyFrom(job.job_id)
    job.MergeFrom(big)
    return job


def make_bars(count: int = 5_000_000) -> mp.JobMetrics:
    rng = np.random.default_rng(5)
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "bars"))
    labels = placeholder(writer, "Bar labels", "string")
    values = placeholder(writer, "Bar values", "double", labels)
    status = placeholder(writer, "Bar statuses", "status", labels)
    (
        writer.add_bar_chart_metric(f"Counts per cell ({count:,} bars)")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_values_data(values)
        .append_statuses_data(status)
        .with_x_axis_name("cell")
        .with_y_axis_name("count")
    )
    job = writer.write().metrics_msg
    fill(
        job,
        {
            "Bar labels": ("strings", encode_strings([f"cell {k}" for k in range(count)])),
            "Bar values": ("doubles", encode_doubles(rng.uniform(0.0, 100.0, count))),
            "Bar statuses": ("statuses", encode_statuses(np.full(count, PASSED.value))),
        },
    )
    return job


def make_batches(categories: int = 2, per_category: int = 500_000) -> mp.JobMetrics:
    rng = np.random.default_rng(6)
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "batches"))
    metric = (
        writer.add_batchwise_bar_chart_metric(
            f"Pass rate over {categories * per_category:,} batches"
        )
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_project_id(uuid.uuid5(NAMESPACE, "project"))
        .with_x_axis_name("batch")
        .with_y_axis_name("pass rate")
    )
    fills: dict[str, tuple[str, bytes]] = {}
    start_ns = 1_750_000_000 * NANOS
    for c in range(categories):
        name = f"Category {c}"
        ids = placeholder(writer, f"{name} batches", "uuid")
        times = placeholder(writer, f"{name} times", "time", ids)
        values = placeholder(writer, f"{name} values", "double", ids)
        status = placeholder(writer, f"{name} statuses", "status", ids)
        metric.append_category_data(name, times, values, status)
        keys = [str(uuid.UUID(int=(c << 64) + k)) for k in range(per_category)]
        stamps = start_ns + (np.arange(per_category, dtype=np.int64) * categories + c) * 60 * NANOS
        fills[f"{name} batches"] = ("uuids", encode_uuids(keys))
        fills[f"{name} times"] = ("timestamps", encode_timestamps(stamps))
        fills[f"{name} values"] = ("doubles", encode_doubles(rng.uniform(0.0, 1.0, per_category)))
        fills[f"{name} statuses"] = (
            "statuses",
            encode_statuses(np.full(per_category, PASSED.value)),
        )
    metric.with_colors(["#1f77b4", "#ff7f0e"][:categories])
    job = writer.write().metrics_msg
    fill(job, fills)
    return job


def make_states(points: int = 5_000_000) -> mp.JobMetrics:
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "states"))
    times = placeholder(writer, "Time", "time")
    states = placeholder(writer, "Gear", "string", times)
    status = placeholder(writer, "Gear status", "status", times)
    names = ["PARK", "DRIVE", "NEUTRAL", "REVERSE", "FAULT"]
    (
        writer.add_states_over_time_metric(f"Gear ({points:,} points)")
        .with_status(PASSED)
        .with_importance(HIGH)
        .append_states_over_time_data(states)
        .append_statuses_over_time_data(status)
        .with_states_set(names)
        .with_failure_states(["FAULT"])
    )
    job = writer.write().metrics_msg
    # Runs of 10 to 2,000 samples, so there are many transitions to draw.
    rng = np.random.default_rng(7)
    runs = rng.integers(10, 2_000, points // 10)
    which = rng.integers(0, 4, runs.size)
    per_point = np.repeat(which, runs)[:points]
    per_point = np.pad(per_point, (0, points - per_point.size), mode="edge")
    records = [bytes((10, len(n))) + n.encode() for n in names]
    fill(
        job,
        {
            "Time": (
                "timestamps",
                encode_timestamps(np.arange(points, dtype=np.int64) * 1_000_000),
            ),
            "Gear": ("strings", b"".join(records[k] for k in per_point.tolist())),
            "Gear status": ("statuses", encode_statuses(np.full(points, PASSED.value))),
        },
    )
    return job


def make_plotly() -> mp.JobMetrics:
    rng = np.random.default_rng(8)
    writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, "plotly"))
    x = np.arange(1_000_000, dtype=np.float64)
    figures = {
        "Plotly scatter (1M points)": go.Figure(
            go.Scatter(x=x, y=np.cumsum(rng.normal(0, 1, x.size)), mode="lines")
        ),
        "Plotly bars (100k bars)": go.Figure(
            go.Bar(x=[f"b{k}" for k in range(100_000)], y=rng.uniform(0, 10, 100_000))
        ),
        "Plotly heatmap (1000x1000)": go.Figure(go.Heatmap(z=rng.normal(0, 1, (1000, 1000)))),
    }
    for name, fig in figures.items():
        (
            writer.add_plotly_metric(name)
            .with_status(RAW)
            .with_importance(LOW)
            .with_plotly_data(fig.to_json())
        )
    return writer.write().metrics_msg


# ---------------------------------------------------------------------------


def generate(name: str, make: Callable[[], mp.JobMetrics]) -> None:
    start = time.perf_counter()
    job = make()
    built = time.perf_counter()
    validate_job_metrics(job)
    validated = time.perf_counter()
    target = DATA / name / "metrics.binproto"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(job.SerializeToString())
    written = time.perf_counter()
    mp.JobMetrics.FromString(target.read_bytes())
    parsed = time.perf_counter()
    size = target.stat().st_size
    print(
        f"{name:8} {size / 1e6:8.1f} MB  build {built - start:6.2f} s  "
        f"validate {validated - built:5.2f} s  write {written - validated:5.2f} s  "
        f"(parse back {parsed - written:5.2f} s)  -> {target}"
    )


def main() -> None:
    makers: dict[str, Callable[[], mp.JobMetrics]] = {
        "big_dot": make_big_dot,
        "fifty": make_fifty,
        "wide": make_wide,
        "many": make_many,
        "bars": make_bars,
        "batches": make_batches,
        "states": make_states,
        "plotly": make_plotly,
        "stall": make_stall,
    }
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"which files to generate: {', '.join(makers)} (default: all)",
    )
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(makers))
    if unknown:
        parser.error(f"unknown name(s): {', '.join(unknown)}")
    start = time.perf_counter()
    self_check()
    print(f"self-check passed in {time.perf_counter() - start:.2f} s")
    for name in args.names or makers:
        generate(name, makers[name])


if __name__ == "__main__":
    main()
