"""Write the project's sample metrics files with the official ReSim SDK.

Run from the repository root::

    .venv/bin/python samples/make_samples.py

Every sample is an *outputs directory*, as a ReSim metrics build leaves it:
``metrics.binproto`` (one serialized ``JobMetrics``) plus the images its metrics
reference, by paths relative to that directory. The script writes:

- ``samples/basic/``      a small driving-sim job: log replay with absolute timestamps
- ``samples/all_types/``  every one of the 12 metric types, every status and importance
- ``samples/events/``     events with their own metrics, relative timestamps
- ``samples/grouped/``    per-category ("grouped") data for every chart that allows it
- ``samples/indexed/``    timestamp-, string- and UUID-indexed data; every summary selector
- ``samples/plotly/``     Plotly figures of the common kinds, typed arrays included
- ``tui/demo/``           the demo that ships inside the package: the richest of all

``samples/watch_demo/`` is written by its own ``metrics_build.py``, not by this script.

The output is deterministic. The SDK gives every metric, data and event a random
``uuid4`` and keeps state sets in Python sets; this script replaces the ids by
name-derived ``uuid5`` values just before writing, passes ordered lists where the
SDK expects sets, and serializes with ``deterministic=True`` (sorted map keys).
Each job is checked with the SDK's ``validate_job_metrics`` before and after the
round trip through the file; any failure stops the script with a non-zero exit.
"""

from __future__ import annotations

import itertools
import math
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
from PIL import Image, ImageDraw
from resim.metrics.proto import metrics_pb2
from resim.metrics.proto.validate_metrics_proto import (
    InvalidMetricsException,
    validate_job_metrics,
)
from resim.metrics.python.metrics import (
    BaseMetricsData,
    ExternalFileMetricsData,
    GroupedMetricsData,
    Metric,
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
from resim.metrics.python.plotly_helpers import create_state_timeline_chart

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DEMO = ROOT / "tui" / "demo"

# Every id in every sample derives from this namespace and a name (uuid5).
NAMESPACE = uuid.UUID("6f1c2a4e-8d3b-5e7f-9a10-2b3c4d5e6f70")
NANOS = 1_000_000_000
# 2024-05-14T09:30:00Z: the wall-clock start of the log replayed in samples/basic.
LOG_START = 1_715_679_000

PASSED = MetricStatus.PASSED_METRIC_STATUS
WARN = MetricStatus.FAIL_WARN_METRIC_STATUS
BLOCK = MetricStatus.FAIL_BLOCK_METRIC_STATUS
NOT_APPLICABLE = MetricStatus.NOT_APPLICABLE_METRIC_STATUS
RAW = MetricStatus.RAW_METRIC_STATUS

ZERO = MetricImportance.ZERO_IMPORTANCE
LOW = MetricImportance.LOW_IMPORTANCE
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE
HIGH = MetricImportance.HIGH_IMPORTANCE
CRITICAL = MetricImportance.CRITICAL_IMPORTANCE

Color = tuple[int, int, int]


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def stamp(seconds: float, *, epoch: int = 0) -> Timestamp:
    """An SDK Timestamp ``seconds`` after ``epoch`` (whole seconds), exact to the ns."""
    ns = round(seconds * NANOS)
    return Timestamp(secs=epoch + ns // NANOS, nanos=ns % NANOS)


def as_series(values: Sequence[Any] | np.ndarray) -> np.ndarray:
    """A series the SDK can pack: float64 for numbers, ``object`` for everything else.

    The SDK picks the data type from ``type(series[0])``; numpy's float64 counts as
    a Python float, numpy strings as ``str``.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":
        return values.astype(np.float64)
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


def band_statuses(
    values: Sequence[float] | np.ndarray,
    *,
    above: float | None = None,
    below: float | None = None,
    fail: MetricStatus = WARN,
) -> list[MetricStatus]:
    """One status per value: ``fail`` outside the band, N/A for NaN, else PASSED."""
    statuses = []
    for value in values:
        if math.isnan(value):
            statuses.append(NOT_APPLICABLE)
        elif (above is not None and value > above) or (below is not None and value < below):
            statuses.append(fail)
        else:
            statuses.append(PASSED)
    return statuses


def worst(statuses: Sequence[MetricStatus]) -> MetricStatus:
    """The metric status a series of statuses adds up to."""
    if BLOCK in statuses:
        return BLOCK
    if WARN in statuses:
        return WARN
    return PASSED


def histogram_buckets(lower: float, upper: float, count: int) -> list[HistogramBucket]:
    """Contiguous buckets; adjacent edges are the same float, as the validator demands."""
    edges = [round(lower + (upper - lower) * i / count, 6) for i in range(count + 1)]
    return [HistogramBucket(lower=a, upper=b) for a, b in itertools.pairwise(edges)]


def fails(above: float | None = None, below: float | None = None) -> DoubleFailureDefinition:
    return DoubleFailureDefinition(fails_above=above, fails_below=below)


def assign_stable_ids(writer: ResimMetricsWriter, key: str) -> None:
    """Replace the SDK's random uuid4 ids by uuid5 ids derived from names.

    Walks everything the writer will pack: its metrics and the data they
    reference (with their index data), data added directly, and events. Names
    that repeat (event metrics may share a name) get a running counter.
    """
    counts: dict[str, int] = {}
    seen: set[int] = set()

    def next_id(kind: str, name: str) -> uuid.UUID:
        label = f"{key}/{kind}/{name}"
        counts[label] = counts.get(label, 0) + 1
        return uuid.uuid5(NAMESPACE, f"{label}#{counts[label]}")

    def visit(data: BaseMetricsData) -> None:
        if id(data) in seen:
            return
        seen.add(id(data))
        data.id = next_id("data", data.name)
        index = getattr(data, "index_data", None)
        if index is not None:
            visit(index)

    for metric in writer.metrics.values():
        metric.id = next_id("metric", metric.name)
        for value in vars(metric).values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, BaseMetricsData):
                    visit(item)
    for data in writer.metrics_data.values():
        visit(data)
    for event in writer.events.values():
        event.id = next_id("event", event.name)
    # The writer's dicts are keyed by id: rebuild them with the new keys.
    writer.metrics = {m.id: m for m in writer.metrics.values()}
    writer.metrics_data = {d.id: d for d in writer.metrics_data.values()}
    writer.events = {e.id: e for e in writer.events.values()}


def prepare_dir(directory: Path) -> None:
    """Create ``directory`` and delete what an earlier run generated there."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in sorted(directory.rglob("*"), reverse=True):
        if path.is_file() and path.suffix in {".png", ".binproto"}:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


class Build:
    """One outputs directory being written: an SDK writer plus the files beside it."""

    def __init__(self, key: str, out_dir: Path) -> None:
        self.key = key
        self.out_dir = out_dir
        self.writer = ResimMetricsWriter(job_id=uuid.uuid5(NAMESPACE, f"{key}/job"))
        prepare_dir(out_dir)

    # -- data --------------------------------------------------------------

    def series(
        self,
        name: str,
        values: Sequence[Any] | np.ndarray,
        *,
        unit: str | None = None,
        index: SeriesMetricsData | None = None,
    ) -> SeriesMetricsData:
        """A plain series, or an indexed one when ``index`` is given."""
        data = self.writer.add_series_metrics_data(name).with_series(as_series(values))
        if unit is not None:
            data.with_unit(unit)
        if index is not None:
            data.with_index_data(index)
        return data

    def times(
        self, name: str, seconds: Sequence[float] | np.ndarray, *, epoch: int = 0
    ) -> SeriesMetricsData:
        """A timestamp series, the usual index of a time series."""
        return self.series(name, [stamp(s, epoch=epoch) for s in seconds])

    def timed(
        self,
        name: str,
        index: SeriesMetricsData,
        values: Sequence[float] | np.ndarray,
        *,
        unit: str | None = None,
        above: float | None = None,
        below: float | None = None,
        fail: MetricStatus = WARN,
    ) -> tuple[SeriesMetricsData, SeriesMetricsData]:
        """Values indexed by ``index`` and their status series (judged by the band)."""
        data = self.series(name, values, unit=unit, index=index)
        statuses = band_statuses(values, above=above, below=below, fail=fail)
        return data, self.series(f"{name} status", statuses, index=index)

    def adopt(self, data: GroupedMetricsData) -> GroupedMetricsData:
        """Register data built outside the writer (e.g. by ``group_by``) and its index."""
        if data.index_data is not None and data.index_data.name not in (
            self.writer.metrics_data_names
        ):
            self.adopt(data.index_data)
        return self.writer.add_metrics_data(data)

    def image(self, name: str, relative_path: str, picture: Image.Image) -> ExternalFileMetricsData:
        """Save ``picture`` as a PNG beside metrics.binproto and reference it."""
        target = self.out_dir / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        picture.save(target, format="PNG", optimize=True)
        return self.writer.add_external_file_metrics_data(name).with_filename(relative_path)

    # -- output ------------------------------------------------------------

    def finish(self, status_override: MetricStatus | None = None) -> metrics_pb2.JobMetrics:
        """Write metrics.binproto, validate it with the SDK, and check its files."""
        assign_stable_ids(self.writer, self.key)
        output = self.writer.write(metrics_status_override=status_override)
        check_job(output.metrics_msg, f"{self.key} (in memory)")
        target = self.out_dir / "metrics.binproto"
        target.write_bytes(output.metrics_msg.SerializeToString(deterministic=True))
        job = metrics_pb2.JobMetrics.FromString(target.read_bytes())
        check_job(job, str(target.relative_to(ROOT)))
        for data in job.metrics_data:
            if data.HasField("external_file"):
                path = self.out_dir / data.external_file.path
                if not path.is_file():
                    sys.exit(f"{self.key}: {data.name!r} references missing file {path}")
        return job


def check_job(job: metrics_pb2.JobMetrics, label: str) -> None:
    """Run the SDK's validator; exit loudly when it rejects the job."""
    try:
        validate_job_metrics(job)
    except InvalidMetricsException as exc:
        sys.exit(f"{label}: the SDK's validate_job_metrics rejected it: {exc!r}")


# ---------------------------------------------------------------------------
# Pictures: small, real PNGs (160x120), drawn deterministically
# ---------------------------------------------------------------------------

WIDTH, HEIGHT = 160, 120


def gradient(top: Color, bottom: Color, height: int = HEIGHT) -> Image.Image:
    """A vertical gradient, WIDTH wide."""
    weight = np.linspace(0.0, 1.0, height)[:, None, None]
    rows = (1.0 - weight) * np.array(top, dtype=float) + weight * np.array(bottom, dtype=float)
    pixels = np.broadcast_to(rows, (height, WIDTH, 3)).round().astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(pixels))


def camera_frame(progress: float, *, label: str, alert: bool = False) -> Image.Image:
    """A forward camera view: sky, road to the horizon, a lead car and a pedestrian.

    ``progress`` in [0, 1] moves the scene on (lane dashes, lead car, pedestrian).
    """
    image = gradient((96, 150, 220), (214, 228, 245))
    draw = ImageDraw.Draw(image)
    horizon = 52
    draw.rectangle((0, horizon, WIDTH, HEIGHT), fill=(86, 122, 70))
    draw.polygon([(70, horizon), (90, horizon), (150, HEIGHT), (10, HEIGHT)], fill=(70, 70, 78))
    # Centre dashes, phase-shifted by progress so successive frames differ.
    for k in range(6):
        f0 = ((k + progress * 2.0) % 6) / 6
        f1 = f0 + 0.07
        y0, y1 = horizon + f0 * (HEIGHT - horizon), horizon + f1 * (HEIGHT - horizon)
        draw.line((80, y0, 80, y1), fill=(240, 230, 140), width=max(1, round(1 + 3 * f0)))
    # Lead vehicle: grows as the gap closes.
    scale = 0.35 + 0.5 * progress
    cx, cy = 80, horizon + 20 + 18 * progress
    half_w, h = 22 * scale, 16 * scale
    draw.rectangle((cx - half_w, cy - h, cx + half_w, cy), fill=(180, 40, 48))
    draw.rectangle(
        (cx - half_w * 0.7, cy - h * 0.9, cx + half_w * 0.7, cy - h * 0.5), fill=(40, 48, 60)
    )
    # Pedestrian walking in from the right.
    px = 150 - 45 * progress
    draw.ellipse((px - 3, 58, px + 3, 64), fill=(250, 210, 170))
    draw.rectangle((px - 3, 64, px + 3, 78), fill=(40, 90, 200))
    if alert:
        draw.rectangle((px - 7, 54, px + 7, 82), outline=(255, 40, 40), width=2)
    draw.rectangle((0, 0, WIDTH, 11), fill=(20, 20, 24))
    draw.text((3, 0), label, fill=(235, 235, 235))
    return image


def birds_eye(path: Sequence[tuple[float, float]], *, label: str) -> Image.Image:
    """A top-down view of an intersection with the ego path drawn over it."""
    image = gradient((34, 38, 46), (58, 64, 74))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 0, 100, HEIGHT), fill=(78, 78, 86))
    draw.rectangle((0, 40, WIDTH, 80), fill=(78, 78, 86))
    for y in range(2, HEIGHT, 10):
        if not 38 < y < 82:
            draw.line((80, y, 80, y + 5), fill=(230, 210, 90))
    for x in range(104, WIDTH, 6):
        draw.rectangle((x, 42, x + 3, 78), fill=(220, 220, 220))
    draw.rectangle((66, 92, 76, 110), fill=(80, 160, 255))  # ego
    draw.rectangle((84, 8, 94, 26), fill=(230, 80, 80))  # oncoming car
    draw.ellipse((112, 56, 120, 64), fill=(255, 200, 60))  # pedestrian
    draw.line(list(path), fill=(120, 255, 160), width=2)
    draw.text((3, 0), label, fill=(235, 235, 235))
    return image


def turn_path(points: int = 24) -> list[tuple[float, float]]:
    """Pixel coordinates of a left turn through the birds-eye intersection."""
    out = []
    for i in range(points):
        a = (math.pi / 2) * i / (points - 1)
        out.append((70 - 60 * (1 - math.cos(a)), 100 - 48 * math.sin(a)))
    return out


# ---------------------------------------------------------------------------
# Plotly figures
# ---------------------------------------------------------------------------


def stable_timeline(fig: go.Figure) -> go.Figure:
    """Make the SDK's state-timeline figure byte-stable.

    ``create_state_timeline_chart`` walks its states through a Python set, so the
    trace order (and which trace carries each legend entry) changes between runs.
    Sort the bars by row and start time, then show each state once in the legend.
    """
    fig.data = tuple(sorted(fig.data, key=lambda bar: (str(bar.y[0]), float(bar.base[0]))))
    shown: set[str] = set()
    for bar in fig.data:
        bar.showlegend = bar.name not in shown
        shown.add(bar.name)
    return fig


def states_timeline_figure(
    system_states: dict[str, list[str]], seconds: Sequence[float]
) -> go.Figure:
    """The SDK helper's states timeline (it wants integer nanosecond timestamps)."""
    fig = create_state_timeline_chart(system_states, [round(s * NANOS) for s in seconds])
    if fig is None:
        raise RuntimeError("create_state_timeline_chart returned no figure")
    return stable_timeline(fig)


def speed_scatter_figure(t: np.ndarray, speed: np.ndarray, target: np.ndarray) -> go.Figure:
    fig = go.Figure()
    # Python lists become JSON lists; numpy arrays become typed arrays (dtype/bdata).
    fig.add_trace(go.Scatter(x=t.tolist(), y=target.tolist(), mode="lines", name="Target"))
    fig.add_trace(
        go.Scatter(x=t, y=speed, mode="lines+markers", name="Ego speed", marker={"size": 4})
    )
    fig.update_layout(title="Ego speed", xaxis_title="Time (s)", yaxis_title="Speed (m/s)")
    return fig


def grouped_bar_figure() -> go.Figure:
    lanes = ["Lane 1", "Lane 2", "Lane 3"]
    fig = go.Figure(
        [
            go.Bar(name="Planned", x=lanes, y=np.array([3, 5, 2], dtype=np.int32)),
            go.Bar(name="Executed", x=lanes, y=np.array([3, 4, 2], dtype=np.int32)),
        ]
    )
    fig.update_layout(barmode="group", title="Lane changes", yaxis_title="Count")
    return fig


def pie_figure() -> go.Figure:
    fig = go.Figure(
        go.Pie(
            labels=["Planner timeout", "Perception miss", "Operator takeover", "Map mismatch"],
            values=np.array([12, 7, 4, 2], dtype=np.int16),
            hole=0.3,
        )
    )
    fig.update_layout(title="Disengagement reasons (fleet, last 7 days)")
    return fig


def heatmap_figure(seed: int) -> go.Figure:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:12, 0:16]
    z = np.exp(-((xx - 9.0) ** 2 + (yy - 5.0) ** 2) / 18.0) + 0.08 * rng.random((12, 16))
    fig = go.Figure(
        go.Heatmap(z=np.round(z, 3), colorscale="Viridis", colorbar={"title": "p(occupied)"})
    )
    fig.update_layout(title="Occupancy grid around ego", xaxis_title="x cell", yaxis_title="y cell")
    return fig


def histogram_figure(seed: int) -> go.Figure:
    rng = np.random.default_rng(seed)
    errors = np.round(np.abs(rng.normal(0.0, 0.12, 400)), 4)
    fig = go.Figure(go.Histogram(x=errors, nbinsx=20, name="Lateral error"))
    fig.update_layout(title="Lateral error", xaxis_title="Error (m)", yaxis_title="Samples")
    return fig


def table_figure() -> go.Figure:
    fig = go.Figure(
        go.Table(
            header={"values": ["Parameter", "Value", "Unit"]},
            cells={
                "values": [
                    ["Map", "Ego start speed", "Pedestrian speed", "Oncoming gap", "Weather"],
                    ["sf_mission_district_v3", "11.0", "1.4", "4.5", "light rain"],
                    ["", "m/s", "m/s", "s", ""],
                ]
            },
        )
    )
    fig.update_layout(title="Scenario parameters")
    return fig


# ---------------------------------------------------------------------------
# Shared synthetic drive
# ---------------------------------------------------------------------------


def drive_profile(t: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """A left turn at an intersection: speed, acceleration, lateral error, TTC, path."""
    rng = np.random.default_rng(seed)
    knots_t = [0, 5, 12, 15, 17, 17.6, 19, 24, 30]
    knots_v = [8.0, 11.0, 12.5, 11.0, 6.5, 3.2, 3.0, 7.0, 9.5]
    speed = np.interp(t, knots_t, knots_v) + rng.normal(0.0, 0.08, t.size)
    accel = np.gradient(speed, t)
    lateral = np.abs(rng.normal(0.0, 0.09, t.size)) + 0.15 * np.exp(-((t - 20.0) ** 2) / 2.0)
    heading = np.clip((t - 18.0) / 6.0, 0.0, 1.0) * (math.pi / 2)
    step = np.diff(t, prepend=t[0]) * speed
    x = np.cumsum(step * np.cos(heading))
    y = np.cumsum(step * np.sin(heading))
    gap = 28.0 - 20.0 * np.exp(-((t - 16.5) ** 2) / 18.0)
    return {
        "speed": np.round(speed, 3),
        "accel": np.round(accel, 3),
        "lateral": np.round(lateral, 3),
        "x": np.round(x, 3),
        "y": np.round(y, 3),
        "gap": np.round(gap, 3),
    }


def planner_states(t: np.ndarray) -> list[str]:
    out = []
    for s in t:
        if s < 6:
            out.append("CRUISE")
        elif s < 15:
            out.append("FOLLOW")
        elif s < 17:
            out.append("YIELD")
        elif s < 17.6:
            out.append("HARD_BRAKE")
        elif s < 24:
            out.append("TURN")
        else:
            out.append("CRUISE")
    return out


def durations_by_state(states: Sequence[str], dt: float) -> dict[str, float]:
    totals: dict[str, float] = {}
    for state in states:
        totals[state] = round(totals.get(state, 0.0) + dt, 3)
    return totals


# ---------------------------------------------------------------------------
# samples/basic: a small, realistic driving-sim job (absolute timestamps)
# ---------------------------------------------------------------------------


def make_basic() -> metrics_pb2.JobMetrics:
    build = Build("basic", SAMPLES / "basic")
    w = build.writer
    t = np.round(np.arange(0.0, 30.0 + 1e-9, 0.1), 3)
    drive = drive_profile(t, seed=7)
    time = build.times("Log time", t, epoch=LOG_START)
    speed_limit = 13.4

    speed, speed_status = build.timed(
        "Ego speed", time, drive["speed"], unit="m/s", above=speed_limit
    )
    limit, limit_status = build.timed("Speed limit", time, np.full(t.size, speed_limit), unit="m/s")
    (
        w.add_double_over_time_metric("Ego speed")
        .with_description("Ego speed over the replayed log, against the posted limit.")
        .with_status(worst(speed_status.series))
        .with_importance(HIGH)
        .append_doubles_over_time_data(speed, "Ego")
        .append_statuses_over_time_data(speed_status)
        .append_doubles_over_time_data(limit, "Speed limit")
        .append_statuses_over_time_data(limit_status)
        .with_failure_definitions([fails(above=speed_limit), fails()])
        .with_y_axis_name("Speed (m/s)")
        .with_tag("signal", "/ego/speed")
    )

    accel, accel_status = build.timed(
        "Longitudinal acceleration", time, drive["accel"], unit="m/s²", above=3.0, below=-4.0
    )
    (
        w.add_double_over_time_metric("Longitudinal acceleration")
        .with_description("Comfort band: -4.0 to 3.0 m/s². The yield at 17 s brakes too hard.")
        .with_status(worst(accel_status.series))
        .with_importance(HIGH)
        .append_doubles_over_time_data(accel)
        .append_statuses_over_time_data(accel_status)
        .with_failure_definitions([fails(above=3.0, below=-4.0)])
        .with_y_axis_name("Acceleration (m/s²)")
        .with_tag("category", "comfort")
    )

    peak = int(np.argmax(drive["speed"]))
    (
        w.add_double_summary_metric("Peak speed")
        .with_description("Highest ego speed in the log (selected by position in the series).")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_value_data(speed)
        .with_status_data(speed_status)
        .with_index(peak)
        .with_failure_definition(fails(above=speed_limit))
    )

    min_gap = float(drive["gap"].min())
    (
        w.add_scalar_metric("Minimum distance to lead vehicle")
        .with_description("Closest approach to the vehicle ahead; fails below 5 m.")
        .with_status(PASSED if min_gap >= 5.0 else WARN)
        .with_importance(CRITICAL)
        .with_value(min_gap)
        .with_unit("m")
        .with_failure_definition(fails(below=5.0))
        .with_tag("category", "safety")
    )

    route_x = build.series("Route x", np.round(np.linspace(0, drive["x"][-1], t.size), 3), unit="m")
    route_y = build.series(
        "Route y",
        np.round(np.interp(t, [0, 18, 24, 30], [0, 0, drive["y"][-1] * 0.6, drive["y"][-1]]), 3),
        unit="m",
    )
    driven_x = build.series("Driven x", drive["x"], unit="m")
    driven_y = build.series("Driven y", drive["y"], unit="m")
    path_status = build.series("Path status", [PASSED] * t.size)
    (
        w.add_line_plot_metric("Driven path vs. route")
        .with_description("Top-down path of the ego against the planned route.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_series_data(route_x, route_y, "Route")
        .append_statuses_data(path_status)
        .append_series_data(driven_x, driven_y, "Driven")
        .append_statuses_data(path_status)
        .with_x_axis_name("East (m)")
        .with_y_axis_name("North (m)")
    )

    states = planner_states(t)
    state_data = build.series("Planner state", states, index=time)
    state_status = build.series(
        "Planner state status", [WARN if s == "HARD_BRAKE" else PASSED for s in states], index=time
    )
    (
        w.add_states_over_time_metric("Planner state")
        .with_description("Behaviour planner mode. HARD_BRAKE is a failure state.")
        .with_status(WARN)
        .with_importance(HIGH)
        .append_states_over_time_data(state_data, "Planner")
        .append_statuses_over_time_data(state_status)
        # The SDK expects sets; ordered lists keep the file byte-stable.
        .with_states_set(["CRUISE", "FOLLOW", "YIELD", "TURN", "HARD_BRAKE"])
        .with_failure_states(["HARD_BRAKE"])
    )

    lateral = build.series("Lateral error", drive["lateral"], unit="m")
    lateral_status = build.series(
        "Lateral error status", band_statuses(drive["lateral"], above=0.6)
    )
    (
        w.add_histogram_metric("Lateral error")
        .with_description("Distance from the lane centre line, all samples.")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_values_data(lateral)
        .with_statuses_data(lateral_status)
        .with_buckets(histogram_buckets(0.0, 0.6, 12))
        .with_lower_bound(0.0)
        .with_upper_bound(0.6)
        .with_x_axis_name("Lateral error (m)")
    )

    totals = durations_by_state(states, 0.1)
    state_names = build.series("Planner states", list(totals))
    seconds = build.series("Time in state", list(totals.values()), unit="s", index=state_names)
    seconds_status = build.series("Time in state status", [RAW] * len(totals), index=state_names)
    (
        w.add_bar_chart_metric("Time in planner state")
        .with_description("Seconds spent in each planner mode.")
        .with_status(RAW)
        .with_importance(LOW)
        .append_values_data(seconds, "Seconds")
        .append_statuses_data(seconds_status)
        .with_x_axis_name("Planner state")
        .with_y_axis_name("Time (s)")
    )

    snapshot = build.image(
        "Front camera at hard brake",
        "front_camera_17s.png",
        camera_frame(0.8, label="front t=17.3s", alert=True),
    )
    (
        w.add_image_metric("Front camera at hard brake")
        .with_description("Front camera frame when the planner braked hard.")
        .with_status(RAW)
        .with_importance(MEDIUM)
        .with_image_data(snapshot)
    )

    (
        w.add_text_metric("Run summary")
        .with_description("Notes written by the metrics build.")
        .with_status(RAW)
        .with_importance(LOW)
        .with_text(
            "## Unprotected left turn, log replay\n\n"
            "- Log: `drive_2024-05-14_0930.mcap` (30 s, 10 Hz)\n"
            f"- Peak speed **{drive['speed'][peak]:.2f} m/s** at t = {t[peak]:.1f} s\n"
            f"- Closest gap to lead vehicle: **{min_gap:.2f} m**\n\n"
            "The planner yields correctly but brakes harder than the comfort band allows.\n"
        )
    )

    decel = float(drive["accel"].min())
    peak_decel = (
        w.add_scalar_metric("Peak deceleration")
        .with_description("Strongest braking inside the event.")
        .with_status(WARN if decel < -4.0 else PASSED)
        .with_importance(HIGH)
        .with_value(decel)
        .with_unit("m/s²")
        .with_failure_definition(fails(below=-4.0))
        .is_event_metric()
    )
    (
        w.add_event("Hard brake")
        .with_description("Planner switched to HARD_BRAKE while yielding to oncoming traffic.")
        .with_tags(["planner", "comfort"])
        .with_status(WARN)
        .with_importance(HIGH)
        .with_absolute_timestamp(stamp(17.3, epoch=LOG_START))
        .with_metrics([peak_decel])
    )
    (
        w.add_event("Turn completed")
        .with_description("Ego left the intersection.")
        .with_tags(["maneuver"])
        .with_status(PASSED)
        .with_importance(LOW)
        .with_absolute_timestamp(stamp(24.0, epoch=LOG_START))
    )
    return build.finish()


# ---------------------------------------------------------------------------
# samples/all_types: every metric type, status and importance
# ---------------------------------------------------------------------------

REPORT_MARKDOWN = """\
# Highway cut-in: test report

A vehicle cuts in from the right lane **1.8 s** ahead of the ego at 27 m/s.

## Results

1. The cut-in is detected after 240 ms.
2. The planner yields, then brakes *hard* for 0.6 s.
3. No collision; minimum headway 0.9 s.

- [x] Collision check
- [ ] Comfort check (see *Peak lateral jerk*)

## Key numbers

| Metric | Value | Threshold | Result |
|:--|--:|--:|:-:|
| Collisions | 0 | 0 | ✅ |
| Min headway | 0.9 s | 0.8 s | ✅ |
| Peak lateral jerk | 2.9 m/s³ | 2.5 m/s³ | ⚠️ |

### Reproduce

```bash
resim-tui samples/all_types
python -m my_metrics --scenario cut_in --seed 42
```

> Inline code works too: `metrics.binproto`. See <https://docs.resim.ai>.
"""


def make_all_types() -> metrics_pb2.JobMetrics:
    build = Build("all_types", SAMPLES / "all_types")
    w = build.writer
    rng = np.random.default_rng(11)
    t = np.round(np.arange(0.0, 20.0 + 1e-9, 0.05), 3)
    time = build.times("Time", t)

    # 1. DOUBLE_SUMMARY ------------------------------------------------------
    jerk = build.series("Lateral jerk statistics", [2.9, 0.7, 1.9], unit="m/s³")
    jerk_status = build.series("Lateral jerk statistics status", [WARN, PASSED, PASSED])
    (
        w.add_double_summary_metric("Peak lateral jerk")
        .with_description("Double summary: element 0 of a plain series (max, mean, p95).")
        .with_status(WARN)
        .with_importance(HIGH)
        .with_value_data(jerk)
        .with_status_data(jerk_status)
        .with_index(0)
        .with_failure_definition(fails(above=2.5))
        .with_tag("category", "comfort")
        .with_tag("owner", "controls")
    )

    # 2. DOUBLE_OVER_TIME (two series, NaN gap, start/end time) ----------------
    target = np.where(t < 8, 27.0, np.where(t < 12, 22.0, 25.0))
    speed = np.round(
        target + np.cumsum(rng.normal(0, 0.05, t.size)) - 0.8 * np.exp(-((t - 9.5) ** 2)), 3
    )
    speed[(t >= 13.0) & (t < 13.5)] = np.nan  # sensor dropout
    speed_data, speed_status = build.timed("Measured speed", time, speed, unit="m/s", above=30)
    target_data, target_status = build.timed("Target speed", time, target, unit="m/s")
    (
        w.add_double_over_time_metric("Speed and target speed")
        .with_description("Double over time: two series, a NaN gap at 13 s, an x window.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_doubles_over_time_data(speed_data, "Measured")
        .append_statuses_over_time_data(speed_status)
        .append_doubles_over_time_data(target_data)  # legend falls back to the data name
        .append_statuses_over_time_data(target_status)
        .with_failure_definitions([fails(above=30.0), fails()])
        .with_start_time(stamp(2.0))
        .with_end_time(stamp(18.0))
        .with_y_axis_name("Speed (m/s)")
    )

    # 3. LINE_PLOT ----------------------------------------------------------
    travelled = np.round(np.cumsum(np.nan_to_num(speed) * 0.05), 3)
    x_data = build.series("Distance travelled", travelled, unit="m")
    y_data = build.series("Speed at distance", np.nan_to_num(speed, nan=25.0), unit="m/s")
    xy_status = build.series("Speed at distance status", [PASSED] * t.size)
    (
        w.add_line_plot_metric("Speed vs. distance travelled")
        .with_description("Line plot: one (x, y) pair of plain double series.")
        .with_status(PASSED)
        .with_importance(LOW)
        .append_series_data(x_data, y_data, "Ego")
        .append_statuses_data(xy_status)
        .with_x_axis_name("Distance (m)")
        .with_y_axis_name("Speed (m/s)")
    )

    # 4. BAR_CHART, side by side ----------------------------------------------
    lanes = build.series("Lanes", ["Lane 1", "Lane 2", "Lane 3"])
    planned = build.series("Planned brakes", [2.0, 4.0, 1.0], index=lanes)
    actual = build.series("Actual brakes", [2.0, 6.0, 1.0], index=lanes)
    planned_status = build.series("Planned brakes status", [PASSED] * 3, index=lanes)
    actual_status = build.series("Actual brakes status", [PASSED, WARN, PASSED], index=lanes)
    (
        w.add_bar_chart_metric("Braking events by lane")
        .with_description("Bar chart, side by side: two series over string labels.")
        .with_status(WARN)
        .with_importance(MEDIUM)
        .append_values_data(planned, "Planned")
        .append_statuses_data(planned_status)
        .append_values_data(actual, "Actual")
        .append_statuses_data(actual_status)
        .with_x_axis_name("Lane")
        .with_y_axis_name("Braking events")
        .with_stack_bars(False)
    )

    # 5. BAR_CHART, stacked ---------------------------------------------------
    segments = build.series("Segments", ["Approach", "Cut-in", "Recovery"])
    stacked = []
    for gear, values in (
        ("Gear 4", [6.0, 1.5, 2.0]),
        ("Gear 5", [2.0, 0.5, 3.5]),
        ("Gear 6", [1.0, 0.0, 3.5]),
    ):
        data = build.series(f"Time in {gear.lower()}", values, unit="s", index=segments)
        status = build.series(f"Time in {gear.lower()} status", [RAW] * 3, index=segments)
        stacked.append((gear, data, status))
    stacked_metric = (
        w.add_bar_chart_metric("Time in gear by segment")
        .with_description("Bar chart, stacked: three series.")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_x_axis_name("Segment")
        .with_y_axis_name("Time (s)")
        .with_stack_bars(True)
    )
    for gear, data, status in stacked:
        stacked_metric.append_values_data(data, gear).append_statuses_data(status)

    # 6. STATES_OVER_TIME with failure states ---------------------------------
    response = [
        "NOMINAL"
        if s < 8.2
        else "YIELDING"
        if s < 9.1
        else "EMERGENCY_BRAKE"
        if s < 9.7
        else "YIELDING"
        if s < 12
        else "NOMINAL"
        for s in t
    ]
    control = ["TRACKING" if s < 9.1 or s >= 10.5 else "SATURATED" for s in t]
    failure_states = ["EMERGENCY_BRAKE", "COLLISION", "SATURATED"]
    states_metric = (
        w.add_states_over_time_metric("Cut-in response")
        .with_description(
            "States over time: two timelines; EMERGENCY_BRAKE, "
            "COLLISION and SATURATED are failure states."
        )
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .with_states_set(
            ["NOMINAL", "YIELDING", "EMERGENCY_BRAKE", "COLLISION", "TRACKING", "SATURATED"]
        )
        .with_failure_states(failure_states)
    )
    for label, values in (("Planner", response), ("Controller", control)):
        data = build.series(f"{label} response state", values, index=time)
        status = build.series(
            f"{label} response state status",
            [BLOCK if v in failure_states else PASSED for v in values],
            index=time,
        )
        states_metric.append_states_over_time_data(data, label).append_statuses_over_time_data(
            status
        )

    # 7. HISTOGRAM ----------------------------------------------------------
    headway = np.round(np.clip(rng.normal(2.0, 0.6, 300), 0.05, 3.95), 3)
    headway_data = build.series("Headway", headway, unit="s")
    headway_status = build.series("Headway status", band_statuses(headway, below=0.8))
    (
        w.add_histogram_metric("Headway distribution")
        .with_description("Histogram: 16 buckets of 0.25 s.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_values_data(headway_data)
        .with_statuses_data(headway_status)
        .with_buckets(histogram_buckets(0.0, 4.0, 16))
        .with_lower_bound(0.0)
        .with_upper_bound(4.0)
        .with_x_axis_name("Time headway (s)")
    )

    # 8. SCALAR (with and without failure definition / unit) --------------------
    (
        w.add_scalar_metric("Collisions")
        .with_description(
            "Scalar: a count with a failure definition. Sets the deprecated `blocking` flag."
        )
        .with_status(PASSED)
        .with_importance(CRITICAL)
        .with_value(0.0)
        .with_failure_definition(fails(above=0.0))
        .with_blocking(True)
        .with_tag("category", "safety")
    )
    (
        w.add_scalar_metric("Detection latency")
        .with_description("Scalar with a unit and both failure bounds.")
        .with_status(PASSED)
        .with_importance(HIGH)
        .with_value(240.0)
        .with_unit("ms")
        .with_failure_definition(fails(above=300.0, below=0.0))
    )
    (
        w.add_scalar_metric("Pedestrian yield distance")
        .with_description("No pedestrian in this scenario: reported as *not applicable*.")
        .with_status(NOT_APPLICABLE)
        .with_importance(LOW)
        .with_value(0.0)
        .with_unit("m")
    )

    # 9. PLOTLY -------------------------------------------------------------
    (
        w.add_plotly_metric("Speed profile (Plotly)")
        .with_description("Plotly: a scatter with lines and markers.")
        .with_status(RAW)
        .with_importance(LOW)
        .with_plotly_data(
            speed_scatter_figure(t[::8], np.nan_to_num(speed[::8], nan=25.0), target[::8]).to_json()
        )
    )

    # 10. IMAGE -------------------------------------------------------------
    snapshot = build.image(
        "Cut-in snapshot", "cut_in.png", camera_frame(0.55, label="cut-in t=8.2s", alert=True)
    )
    (
        w.add_image_metric("Cut-in snapshot")
        .with_description("Image: a PNG beside metrics.binproto.")
        .with_status(RAW)
        .with_importance(MEDIUM)
        .with_image_data(snapshot)
    )

    # 11. BATCHWISE_BAR_CHART ---------------------------------------------------
    batches = [uuid.uuid5(NAMESPACE, f"all_types/batch/{i}") for i in range(5)]
    batch_ids = build.series("Batch ids", batches)
    batch_times = build.series(
        "Batch times", [stamp(86_400.0 * i, epoch=LOG_START) for i in range(5)], index=batch_ids
    )
    batch_status = build.series("Batch status", [PASSED] * 5, index=batch_ids)
    p50 = build.series(
        "p50 planner latency", [41.0, 39.5, 44.2, 38.1, 37.6], unit="ms", index=batch_ids
    )
    p99 = build.series(
        "p99 planner latency", [88.0, 91.3, 97.4, 80.2, 79.9], unit="ms", index=batch_ids
    )
    (
        w.add_batchwise_bar_chart_metric("Planner latency across batches")
        .with_description("Batchwise bar chart: per category, values and times by batch UUID.")
        .with_status(PASSED)
        .with_importance(LOW)
        .append_category_data("p50", batch_times, p50, batch_status)
        .append_category_data("p99", batch_times, p99, batch_status)
        .with_colors(["#93B1FE", "#FCA6A6CC"])
        .with_project_id(uuid.uuid5(NAMESPACE, "project/highway"))
        .with_x_axis_name("Batch")
        .with_y_axis_name("Latency (ms)")
        .with_stack_bars(False)
    )

    # 12. TEXT ---------------------------------------------------------------
    report = (
        w.add_text_metric("Test report")
        .with_description("Text: Markdown with headings, lists, a table and code.")
        .with_status(RAW)
        .with_importance(HIGH)
        .with_text(REPORT_MARKDOWN)
    )
    report.order = 0.5  # explicitly first

    # 13. IMAGE_LIST ----------------------------------------------------------
    frames = [
        build.image(
            f"Front camera frame {i + 1}",
            f"frames/front_{i + 1:02d}.png",
            camera_frame(i / 2, label=f"front {i + 1}/3", alert=i == 1),
        )
        for i in range(3)
    ]
    (
        w.add_image_list_metric("Front camera frames")
        .with_description("Image list: three frames in a subfolder.")
        .with_status(RAW)
        .with_importance(MEDIUM)
        .with_image_list_data(frames)
    )

    # A hidden metric: should_display = False --------------------------------
    effort = np.round(np.sin(t / 2.0) * 0.4 + rng.normal(0, 0.02, t.size), 3)
    effort_data, effort_status = build.timed("Controller effort", time, effort)
    hidden = (
        w.add_double_over_time_metric("Debug: raw controller effort")
        .with_description("Hidden from the dashboard (`should_display = false`).")
        .with_status(RAW)
        .with_importance(ZERO)
        .append_doubles_over_time_data(effort_data)
        .append_statuses_over_time_data(effort_status)
        .with_failure_definitions([fails()])
        .with_should_display(False)
    )
    hidden.order = 5.1  # a float32 on the wire: reads back as 5.099999904632568
    return build.finish()


# ---------------------------------------------------------------------------
# samples/events: events with their own metrics, relative timestamps
# ---------------------------------------------------------------------------


def make_events() -> metrics_pb2.JobMetrics:
    build = Build("events", SAMPLES / "events")
    w = build.writer
    rng = np.random.default_rng(23)
    t = np.round(np.arange(0.0, 60.0 + 1e-9, 0.1), 3)
    time = build.times("Time", t)
    speed = np.round(
        9.0
        + 2.0 * np.sin(t / 7.0)
        - 7.5 * np.exp(-((t - 41.5) ** 2) / 1.5)
        + rng.normal(0, 0.05, t.size),
        3,
    )
    speed_data, speed_status = build.timed("Ego speed", time, speed, unit="m/s", above=14.0)
    (
        w.add_double_over_time_metric("Ego speed")
        .with_description("Whole-run speed; events mark the moments worth a look.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_doubles_over_time_data(speed_data)
        .append_statuses_over_time_data(speed_status)
        .with_failure_definitions([fails(above=14.0)])
        .with_y_axis_name("Speed (m/s)")
    )

    def ttc_window(label: str, centre: float, minimum: float) -> Metric:
        """An event metric: time to collision in a ±3 s window around the event."""
        mask = (t >= centre - 3) & (t <= centre + 3)
        window = t[mask]
        ttc = np.round(minimum + 0.6 * (window - centre) ** 2, 3)
        index = build.times(f"{label} window time", window)
        data, status = build.timed(f"{label} time to collision", index, ttc, unit="s", below=1.5)
        return (
            w.add_double_over_time_metric("Time to collision")
            .with_description(f"TTC around *{label}*.")
            .with_status(worst(status.series))
            .with_importance(HIGH)
            .append_doubles_over_time_data(data, "TTC")
            .append_statuses_over_time_data(status)
            .with_failure_definitions([fails(below=1.5)])
            .with_start_time(stamp(centre - 3))
            .with_end_time(stamp(centre + 3))
            .with_y_axis_name("TTC (s)")
            .is_event_metric()
        )

    detection_range = (
        w.add_scalar_metric("Detection range")
        .with_description("Range at first detection.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_value(34.2)
        .with_unit("m")
        .with_failure_definition(fails(below=20.0))
        .is_event_metric()
    )
    (
        w.add_event("Pedestrian detected")
        .with_description("A pedestrian steps off the kerb 30 m ahead.")
        .with_tags(["perception", "pedestrian"])
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_relative_timestamp(stamp(12.4))
        .with_metrics([detection_range, ttc_window("Pedestrian", 12.4, 3.1)])
    )

    gap = (
        w.add_scalar_metric("Minimum gap")
        .with_description("Closest lateral gap to the cyclist.")
        .with_status(WARN)
        .with_importance(CRITICAL)
        .with_value(1.1)
        .with_unit("m")
        .with_failure_definition(fails(below=1.5))
        .is_event_metric()
    )
    cyclist_image = build.image(
        "Near miss snapshot",
        "near_miss.png",
        camera_frame(0.9, label="near miss t=27.85s", alert=True),
    )
    snapshot = (
        w.add_image_metric("Snapshot")
        .with_description("Front camera at the closest approach.")
        .with_status(RAW)
        .with_importance(MEDIUM)
        .with_image_data(cyclist_image)
        .is_event_metric()
    )
    (
        w.add_event("Near miss with cyclist")
        .with_description("A cyclist passes within **1.1 m** while the ego overtakes.")
        .with_tags(["safety", "cyclist"])
        .with_status(WARN)
        .with_importance(CRITICAL)
        .with_relative_timestamp(stamp(27.85))
        # Same metric name as in "Pedestrian detected": allowed for event metrics.
        .with_metrics([gap, snapshot, ttc_window("Cyclist", 27.85, 1.2)])
    )

    window = t[(t >= 39.0) & (t <= 44.0)]
    window_time = build.times("Emergency stop window time", window)
    stop_states = [
        "FOLLOW" if s < 40.6 else "EMERGENCY_BRAKE" if s < 42.4 else "STOPPED" for s in window
    ]
    stop_data = build.series("Emergency stop planner state", stop_states, index=window_time)
    stop_status = build.series(
        "Emergency stop planner state status",
        [BLOCK if s == "EMERGENCY_BRAKE" else PASSED for s in stop_states],
        index=window_time,
    )
    planner = (
        w.add_states_over_time_metric("Planner state")
        .with_description("Planner mode around the stop.")
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .append_states_over_time_data(stop_data, "Planner")
        .append_statuses_over_time_data(stop_status)
        .with_states_set(["FOLLOW", "EMERGENCY_BRAKE", "STOPPED"])
        .with_failure_states(["EMERGENCY_BRAKE"])
        .is_event_metric()
    )
    decel = (
        w.add_scalar_metric("Peak deceleration")
        .with_description("Strongest braking of the stop.")
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .with_value(-7.8)
        .with_unit("m/s²")
        .with_failure_definition(fails(below=-6.0))
        .is_event_metric()
    )
    notes = (
        w.add_text_metric("Operator notes")
        .with_description("Triage notes.")
        .with_status(RAW)
        .with_importance(LOW)
        .with_text(
            "**Emergency stop** for a car reversing out of a driveway.\n\n"
            "- Stop was *correct*; deceleration exceeded the limit.\n"
            "- Ticket: `PLAN-1432`\n"
        )
        .is_event_metric()
    )
    (
        w.add_event("Emergency stop")
        .with_description("The planner commanded an emergency stop.")
        .with_tags(["safety", "planner"])
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .with_relative_timestamp(stamp(41.0))
        .with_metrics([planner, decel, notes])
    )

    lane_t = t[(t >= 48.0) & (t <= 53.0)]
    offset = np.round(3.5 / (1 + np.exp(-(lane_t - 50.2) * 3)), 3)
    lane_x = build.series("Lane change time", np.round(lane_t - 50.2, 3), unit="s")
    lane_y = build.series("Lane change lateral offset", offset, unit="m")
    lane_status = build.series("Lane change status", [PASSED] * lane_t.size)
    lateral = (
        w.add_line_plot_metric("Lateral offset")
        .with_description("Offset from the original lane centre.")
        .with_status(PASSED)
        .with_importance(LOW)
        .append_series_data(lane_x, lane_y, "Offset")
        .append_statuses_data(lane_status)
        .with_x_axis_name("Time from event (s)")
        .with_y_axis_name("Offset (m)")
        .is_event_metric()
    )
    (
        w.add_event("Lane change")
        .with_description("Left lane change to pass a parked van.")
        .with_tags(["maneuver"])
        .with_status(PASSED)
        .with_importance(LOW)
        .with_relative_timestamp(stamp(50.2))
        .with_metrics([lateral])
    )
    (
        w.add_event("GNSS dropout")
        .with_description("No GNSS fix for 1.2 s; localization ran on odometry. No metrics.")
        .with_tags(["localization"])
        .with_status(NOT_APPLICABLE)
        .with_importance(ZERO)
        .with_relative_timestamp(stamp(55.0))
    )

    severities = build.series("Severities", ["Critical", "Medium", "Low", "Zero"])
    counts = build.series("Events per severity", [2.0, 1.0, 1.0, 1.0], index=severities)
    counts_status = build.series("Events per severity status", [RAW] * 4, index=severities)
    (
        w.add_bar_chart_metric("Events by importance")
        .with_description("How many events of each importance this run produced.")
        .with_status(RAW)
        .with_importance(LOW)
        .append_values_data(counts, "Events")
        .append_statuses_data(counts_status)
        .with_x_axis_name("Importance")
        .with_y_axis_name("Events")
    )
    (
        w.add_text_metric("About this job")
        .with_description("Why the job status is overridden.")
        .with_status(RAW)
        .with_importance(LOW)
        .with_text(
            "The emergency stop was the right call, so this build overrides the "
            "job status to **FAIL_WARN** instead of the SDK's default FAIL_BLOCK.\n"
        )
    )
    return build.finish(status_override=WARN)


# ---------------------------------------------------------------------------
# samples/grouped: per-category data
# ---------------------------------------------------------------------------


def make_grouped() -> metrics_pb2.JobMetrics:
    build = Build("grouped", SAMPLES / "grouped")
    w = build.writer
    rng = np.random.default_rng(31)
    t = np.round(np.arange(0.0, 20.0 + 1e-9, 0.1), 3)
    actors = {  # name: (first seen, last seen, closest time, closest distance)
        "car_1": (0.0, 20.0, 11.0, 6.5),
        "truck_2": (5.0, 20.0, 15.0, 9.0),
        "cyclist_3": (0.0, 12.0, 6.0, 3.2),
        "pedestrian_4": (8.0, 16.0, 12.5, 2.4),
    }
    rows: list[tuple[float, str, float, float, float, float, str]] = []
    for s in t:
        for actor, (first, last, closest, dmin) in actors.items():
            if first <= s <= last:
                distance = round(dmin + 0.9 * (s - closest) ** 2 / (1 + abs(s - closest)), 3)
                rel_speed = round(float(np.tanh(s - closest) * 4 + rng.normal(0, 0.3)), 3)
                x = round(float(40 * np.cos(0.15 * s + len(actor))), 3)
                y = round(float(25 * np.sin(0.11 * s + len(actor)) + 5 * len(actors)), 3)
                if actor.startswith("pedestrian") and s < 10.0:
                    state = "WAITING"
                elif abs(s - closest) < 1.0:
                    state = "CROSSING"
                else:
                    state = "APPROACHING" if s < closest else "LEAVING"
                rows.append((float(s), actor, distance, rel_speed, x, y, state))

    # Flat columns, as a log would have them; group_by splits them per actor.
    def column(name: str, k: int, index: SeriesMetricsData | None = None) -> SeriesMetricsData:
        return SeriesMetricsData(name, series=as_series([r[k] for r in rows]), index_data=index)

    log_time = SeriesMetricsData("log time", series=as_series([stamp(r[0]) for r in rows]))
    actor = column("actor", 1)
    distance = column("distance", 2, log_time).with_unit("m")
    distance_status = SeriesMetricsData(
        "distance status",
        series=as_series(band_statuses([r[2] for r in rows], below=2.0)),
        index_data=log_time,
    )
    g_distance = build.adopt(distance.group_by(actor, "Distance to ego by actor", "Time by actor"))
    g_distance_status = build.adopt(
        distance_status.group_by(
            actor,
            "Distance to ego by actor status",
            override_grouped_index_data=g_distance.index_data,
        )
    )
    (
        w.add_double_over_time_metric("Distance to ego by actor")
        .with_description("Grouped double over time: one chart per actor (drop-down).")
        .with_status(PASSED)
        .with_importance(HIGH)
        .append_doubles_over_time_data(g_distance, "Distance")
        .append_statuses_over_time_data(g_distance_status)
        .with_failure_definitions([fails(below=2.0)])
        .with_y_axis_name("Distance (m)")
    )

    minima = {a: np.array([min(r[2] for r in rows if r[1] == a)]) for a in actors}
    min_data = (
        w.add_grouped_metrics_data("Minimum distance by actor")
        .with_category_to_series(minima)
        .with_unit("m")
    )
    min_status = w.add_grouped_metrics_data(
        "Minimum distance by actor status"
    ).with_category_to_series(
        {a: as_series(band_statuses(v, below=2.0)) for a, v in minima.items()}
    )
    (
        w.add_double_summary_metric("Minimum distance by actor")
        .with_description("Grouped double summary: a table with one row per actor.")
        .with_status(PASSED)
        .with_importance(CRITICAL)
        .with_value_data(min_data)
        .with_status_data(min_status)
        .with_failure_definition(fails(below=2.0))
    )

    x = column("x", 4).with_unit("m")
    y = column("y", 5).with_unit("m")
    path_status = SeriesMetricsData("path status", series=as_series([RAW] * len(rows)))
    g_x = build.adopt(x.group_by(actor, "Actor x"))
    g_y = build.adopt(y.group_by(actor, "Actor y"))
    g_path_status = build.adopt(path_status.group_by(actor, "Actor path status"))
    (
        w.add_line_plot_metric("Actor trajectories")
        .with_description("Grouped line plot: x/y per actor.")
        .with_status(RAW)
        .with_importance(LOW)
        .append_series_data(g_x, g_y, "Trajectory")
        .append_statuses_data(g_path_status)
        .with_x_axis_name("East (m)")
        .with_y_axis_name("North (m)")
    )

    behaviour = column("behaviour", 6, log_time)
    behaviour_status = SeriesMetricsData(
        "behaviour status", series=as_series([PASSED] * len(rows)), index_data=log_time
    )
    g_behaviour = build.adopt(
        behaviour.group_by(
            actor, "Actor behaviour", override_grouped_index_data=g_distance.index_data
        )
    )
    g_behaviour_status = build.adopt(
        behaviour_status.group_by(
            actor, "Actor behaviour status", override_grouped_index_data=g_distance.index_data
        )
    )
    (
        w.add_states_over_time_metric("Actor behaviour")
        .with_description("Grouped states over time; CUTTING_IN would fail but never occurs.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_states_over_time_data(g_behaviour, "Behaviour")
        .append_statuses_over_time_data(g_behaviour_status)
        .with_states_set(["WAITING", "APPROACHING", "CROSSING", "LEAVING", "CUTTING_IN"])
        .with_failure_states(["CUTTING_IN"])
    )

    rel_speed = column("relative speed", 3).with_unit("m/s")
    rel_status = SeriesMetricsData("relative speed status", series=as_series([PASSED] * len(rows)))
    g_rel = build.adopt(rel_speed.group_by(actor, "Relative speed by actor"))
    g_rel_status = build.adopt(rel_status.group_by(actor, "Relative speed by actor status"))
    (
        w.add_histogram_metric("Relative speed distribution")
        .with_description("Grouped histogram: one distribution per actor.")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_values_data(g_rel)
        .with_statuses_data(g_rel_status)
        .with_buckets(histogram_buckets(-6.0, 6.0, 12))
        .with_lower_bound(-6.0)
        .with_upper_bound(6.0)
        .with_x_axis_name("Relative speed (m/s)")
    )

    sensors = ["camera", "lidar", "radar"]
    sensor_index = build.adopt(
        GroupedMetricsData(
            "Sensor by actor", category_to_series={a: as_series(sensors) for a in actors}
        )
    )
    detections = {
        a: np.array([float(40 + 7 * i + 5 * j) for j in range(3)]) for i, a in enumerate(actors)
    }
    g_detections = build.adopt(
        GroupedMetricsData(
            "Detections by actor", category_to_series=detections, index_data=sensor_index
        )
    )
    g_detections_status = build.adopt(
        GroupedMetricsData(
            "Detections by actor status",
            category_to_series={a: as_series([RAW] * 3) for a in actors},
            index_data=sensor_index,
        )
    )
    (
        w.add_bar_chart_metric("Detections by sensor")
        .with_description("Grouped bar chart: per actor, detections by sensor.")
        .with_status(RAW)
        .with_importance(LOW)
        .append_values_data(g_detections, "Detections")
        .append_statuses_data(g_detections_status)
        .with_x_axis_name("Sensor")
        .with_y_axis_name("Detections")
    )

    (
        w.add_scalar_metric("Actors in scene")
        .with_description("A plain, ungrouped metric for contrast.")
        .with_status(RAW)
        .with_importance(ZERO)
        .with_value(float(len(actors)))
    )
    return build.finish()


# ---------------------------------------------------------------------------
# samples/indexed: timestamp-, string- and UUID-indexed data; summary selectors
# ---------------------------------------------------------------------------


def make_indexed() -> metrics_pb2.JobMetrics:
    build = Build("indexed", SAMPLES / "indexed")
    w = build.writer
    rng = np.random.default_rng(43)
    t = np.round(np.arange(0.0, 15.0 + 1e-9, 0.1), 3)
    time = build.times("Time", t)

    heading = np.round(0.04 * np.sin(t) + rng.normal(0, 0.005, t.size), 4)
    heading_data, heading_status = build.timed(
        "Heading error", time, heading, unit="rad", above=0.05, below=-0.05
    )
    (
        w.add_double_over_time_metric("Heading error")
        .with_description("Values indexed by a TIMESTAMP series.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_doubles_over_time_data(heading_data)
        .append_statuses_over_time_data(heading_status)
        .with_failure_definitions([fails(above=0.05, below=-0.05)])
    )
    (
        w.add_double_summary_metric("Heading error at 7.5 s")
        .with_description("Double summary selecting by **timestamp** (7.5 s).")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_value_data(heading_data)
        .with_status_data(heading_status)
        .with_index(stamp(7.5))
        .with_failure_definition(fails(above=0.05, below=-0.05))
    )

    actors = build.series("Actor", ["car", "truck", "pedestrian", "cyclist"])
    clearance = build.series("Clearance", [4.2, 6.8, 1.9, 2.6], unit="m", index=actors)
    clearance_status = build.series(
        "Clearance status", [PASSED, PASSED, WARN, PASSED], index=actors
    )
    (
        w.add_bar_chart_metric("Clearance by actor")
        .with_description("Values indexed by a STRING series.")
        .with_status(WARN)
        .with_importance(HIGH)
        .append_values_data(clearance)
        .append_statuses_data(clearance_status)
        .with_x_axis_name("Actor")
        .with_y_axis_name("Clearance (m)")
    )
    (
        w.add_double_summary_metric("Clearance to pedestrian")
        .with_description("Double summary selecting by **string** key `pedestrian`.")
        .with_status(WARN)
        .with_importance(HIGH)
        .with_value_data(clearance)
        .with_status_data(clearance_status)
        .with_index("pedestrian")
        .with_failure_definition(fails(below=2.0))
    )

    tracks = [uuid.uuid5(NAMESPACE, f"indexed/track/{i}") for i in range(8)]
    track_ids = build.series("Track id", tracks)
    confidence = np.round(rng.uniform(0.55, 0.99, len(tracks)), 3)
    confidence_data = build.series("Track confidence", confidence, index=track_ids)
    confidence_status = build.series(
        "Track confidence status", band_statuses(confidence, below=0.6), index=track_ids
    )
    (
        w.add_histogram_metric("Track confidence distribution")
        .with_description("Histogram over values indexed by a UUID series.")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_values_data(confidence_data)
        .with_statuses_data(confidence_status)
        .with_buckets(histogram_buckets(0.5, 1.0, 10))
        .with_lower_bound(0.5)
        .with_upper_bound(1.0)
        .with_x_axis_name("Confidence")
    )
    (
        w.add_double_summary_metric("Confidence of track 4")
        .with_description(f"Double summary selecting by **UUID** `{tracks[3]}`.")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_value_data(confidence_data)
        .with_status_data(confidence_status)
        .with_index(tracks[3])
    )

    laps = build.series("Lap times", [62.4, 61.8, 61.1, 60.9], unit="s")
    laps_status = build.series("Lap times status", [PASSED] * 4)
    (
        w.add_double_summary_metric("Third lap time")
        .with_description("Double summary selecting by **series_index** 2.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_value_data(laps)
        .with_status_data(laps_status)
        .with_index(2)
    )
    (
        w.add_double_summary_metric("First lap time")
        .with_description("Double summary with **no index**: element 0.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_value_data(laps)
        .with_status_data(laps_status)
    )

    lanes = build.series("Lane", ["lane_1", "lane_2", "lane_3", "lane_2"])
    occupancy = build.series("Lane occupancy", [4.5, 6.0, 3.0, 1.5], unit="s", index=lanes)
    occupancy_status = build.series("Lane occupancy status", [RAW] * 4, index=lanes)
    (
        w.add_double_summary_metric("Time in lane 2")
        .with_description("The index repeats `lane_2`: the **first** match (6.0 s) wins.")
        .with_status(RAW)
        .with_importance(LOW)
        .with_value_data(occupancy)
        .with_status_data(occupancy_status)
        .with_index("lane_2")
    )

    px = build.series("Position x", np.round(10 * np.cos(t / 5), 3), unit="m", index=time)
    py = build.series("Position y", np.round(10 * np.sin(t / 5), 3), unit="m", index=time)
    p_status = build.series("Position status", [PASSED] * t.size, index=time)
    (
        w.add_line_plot_metric("Position (time-indexed)")
        .with_description("Line plot over INDEXED_DOUBLE x and y sharing a time index.")
        .with_status(PASSED)
        .with_importance(LOW)
        .append_series_data(px, py, "Ego")
        .append_statuses_data(p_status)
        .with_x_axis_name("x (m)")
        .with_y_axis_name("y (m)")
    )

    gears = [str(min(6, 3 + int(s // 4))) for s in t]
    gear_data = build.series("Gear", gears, index=time)
    gear_status = build.series("Gear status", [PASSED] * t.size, index=time)
    (
        w.add_states_over_time_metric("Gear")
        .with_description("INDEXED_STRING states indexed by time.")
        .with_status(PASSED)
        .with_importance(LOW)
        .append_states_over_time_data(gear_data)
        .append_statuses_over_time_data(gear_status)
        .with_states_set(["3", "4", "5", "6"])
        .with_failure_states([])
    )

    # INDEXED_UUID data that no metric references: the SDK writes it all the same.
    build.series("Active track", [tracks[int(s // 2) % len(tracks)] for s in t], index=time)

    batches = [uuid.uuid5(NAMESPACE, f"indexed/batch/{i}") for i in range(4)]
    batch_ids = build.series("Batch", batches)
    batch_times = build.series(
        "Batch created", [stamp(3600.0 * i, epoch=LOG_START) for i in range(4)], index=batch_ids
    )
    pass_rate = build.series("Scenario pass rate", [0.82, 0.85, 0.79, 0.91], index=batch_ids)
    pass_status = build.series(
        "Scenario pass rate status", [PASSED, PASSED, WARN, PASSED], index=batch_ids
    )
    (
        w.add_batchwise_bar_chart_metric("Pass rate by batch")
        .with_description("INDEXED_TIMESTAMP and INDEXED_DOUBLE, both indexed by batch UUIDs.")
        .with_status(PASSED)
        .with_importance(LOW)
        .append_category_data("Pass rate", batch_times, pass_rate, pass_status)
        .with_colors(["#D3FAA3"])
        .with_project_id(uuid.uuid5(NAMESPACE, "project/indexed"))
        .with_x_axis_name("Batch")
        .with_y_axis_name("Pass rate")
    )
    return build.finish()


# ---------------------------------------------------------------------------
# samples/plotly: the common Plotly figure kinds
# ---------------------------------------------------------------------------


def make_plotly() -> metrics_pb2.JobMetrics:
    build = Build("plotly", SAMPLES / "plotly")
    w = build.writer
    t = np.round(np.arange(0.0, 30.0 + 1e-9, 0.5), 3)
    drive = drive_profile(t, seed=5)
    target = np.interp(t, [0, 12, 16, 20, 30], [11, 12.5, 4, 4, 9.5])
    figures: list[tuple[str, str, go.Figure]] = [
        (
            "Speed trace",
            "Scatter, lines and markers: one trace as a JSON list, one as a typed array.",
            speed_scatter_figure(t, drive["speed"], np.round(target, 3)),
        ),
        ("Lane changes", "Grouped bar chart with int32 typed arrays.", grouped_bar_figure()),
        ("Disengagement reasons", "Pie chart (int16 values).", pie_figure()),
        (
            "Occupancy grid",
            "Heatmap: a 2-D float64 typed array with `shape`.",
            heatmap_figure(seed=3),
        ),
        ("Lateral error histogram", "Plotly histogram of raw samples.", histogram_figure(4)),
        ("Scenario parameters", "A Plotly table.", table_figure()),
        (
            "Planner state timeline",
            "The SDK's `create_state_timeline_chart` (horizontal bars, ReSim style).",
            states_timeline_figure(
                {
                    "Planner": planner_states(t),
                    "Perception": ["TRACKING" if 8 < s < 20 else "IDLE" for s in t],
                },
                t,
            ),
        ),
    ]
    for name, description, fig in figures:
        (
            w.add_plotly_metric(name)
            .with_description(description)
            .with_status(RAW)
            .with_importance(MEDIUM)
            .with_plotly_data(fig.to_json())
        )
    return build.finish()


# ---------------------------------------------------------------------------
# tui/demo: the demo shipped in the package
# ---------------------------------------------------------------------------

DEMO_SUMMARY = """\
# Unprotected left turn — pedestrian in crosswalk

**Build** `planner@4f1c2e9` · **Experience** `sf/mission-st/left-turn-017` · 25 s at 20 Hz

The ego waits for oncoming traffic, turns left and stops for a pedestrian who
steps into the far crosswalk. It never collides, but it **leaves its lane** for
0.6 s while turning, and brakes harder than our comfort limit.

## Verdict

- ❌ **Lane keeping** — lane departure at 17.4 s (*blocking*)
- ⚠️ **Time to collision** — 1.2 s minimum against a 1.5 s limit
- ⚠️ **Minimum distance** — 0.9 m to the pedestrian
- ✅ Speed, collisions and path tracking

## Key numbers

| Metric | Value | Limit | |
|:--|--:|--:|:-:|
| Peak speed | 12.6 m/s | 13.9 m/s | ✅ |
| Min time to collision | 1.2 s | 1.5 s | ⚠️ |
| Min distance to pedestrian | 0.9 m | 1.0 m | ⚠️ |
| Lane departures | 1 | 0 | ❌ |
| Collisions | 0 | 0 | ✅ |

## Reproduce locally

```bash
resim-tui --demo
resim experiences run sf/mission-st/left-turn-017 --build planner@4f1c2e9
```

> Metrics with a failure definition draw their limits as bands.
> Press `?` in the viewer for the key bindings.
"""


def make_demo() -> metrics_pb2.JobMetrics:
    build = Build("demo", DEMO)
    w = build.writer
    rng = np.random.default_rng(2024)
    t = np.round(np.arange(0.0, 25.0 + 1e-9, 0.05), 3)
    time = build.times("Time", t)
    speed_limit = 13.9

    speed = np.round(
        np.interp(
            t,
            [0, 4, 7, 9, 11.6, 12.3, 14, 17, 20, 25],
            [11.5, 12.6, 8.0, 3.6, 3.4, 0.2, 0.0, 4.5, 7.5, 11.0],
        )
        + rng.normal(0, 0.06, t.size),
        3,
    )
    speed = np.maximum(speed, 0.0)
    target = np.round(
        np.interp(t, [0, 5, 8, 9.5, 14, 18, 25], [12.0, 12.0, 3.0, 3.0, 0.0, 6.0, 11.5]), 3
    )
    speed_data, speed_status = build.timed(
        "Ego speed", time, speed, unit="m/s", above=speed_limit, fail=BLOCK
    )
    target_data, target_status = build.timed("Target speed", time, target, unit="m/s")
    (
        w.add_double_over_time_metric("Ego speed")
        .with_description(
            "Ego speed against the planner's **target speed**. "
            f"Fails above the posted limit ({speed_limit} m/s)."
        )
        .with_status(worst(speed_status.series))
        .with_importance(HIGH)
        .append_doubles_over_time_data(speed_data, "Ego")
        .append_statuses_over_time_data(speed_status)
        .append_doubles_over_time_data(target_data, "Target")
        .append_statuses_over_time_data(target_status)
        .with_failure_definitions([fails(above=speed_limit), fails()])
        .with_start_time(stamp(0.0))
        .with_end_time(stamp(25.0))
        .with_y_axis_name("Speed (m/s)")
        .with_tag("signal", "/ego/odometry/speed")
        .with_tag("owner", "planning")
    )

    # TTC: infinite while nothing closes in, a perception dropout (NaN) at 9.2-9.6 s.
    closing = np.exp(-((t - 11.4) ** 2) / 1.2)
    ttc = np.where(closing > 0.05, np.round(1.2 + (1 - closing) * 6.0, 3), np.inf)
    ttc[(t >= 9.2) & (t < 9.6)] = np.nan
    ttc_data, ttc_status = build.timed("Time to collision", time, ttc, unit="s", below=1.5)
    (
        w.add_double_over_time_metric("Time to collision")
        .with_description(
            "Time to collision with the closest actor on a conflicting path.\n\n"
            "- `inf` while nothing is closing in\n"
            "- *gap* at 9.2 s: perception dropout (NaN)\n"
            "- fails below **1.5 s**"
        )
        .with_status(WARN)
        .with_importance(CRITICAL)
        .append_doubles_over_time_data(ttc_data, "TTC")
        .append_statuses_over_time_data(ttc_status)
        .with_failure_definitions([fails(below=1.5)])
        .with_y_axis_name("TTC (s)")
        .with_tag("category", "safety")
    )

    lane_states = [
        "CENTERED"
        if s < 15.8
        else "DRIFTING_LEFT"
        if s < 17.4
        else "LANE_DEPARTURE"
        if s < 18.0
        else "DRIFTING_LEFT"
        if s < 19.0
        else "CENTERED"
        for s in t
    ]
    lane_data = build.series("Lane keeping state", lane_states, index=time)
    lane_status = build.series(
        "Lane keeping state status",
        [BLOCK if s == "LANE_DEPARTURE" else PASSED for s in lane_states],
        index=time,
    )
    (
        w.add_states_over_time_metric("Lane keeping state")
        .with_description("Lane keeping assessment. **LANE_DEPARTURE** is a failure state.")
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .append_states_over_time_data(lane_data, "Ego")
        .append_statuses_over_time_data(lane_status)
        .with_states_set(["CENTERED", "DRIFTING_LEFT", "DRIFTING_RIGHT", "LANE_DEPARTURE"])
        .with_failure_states(["LANE_DEPARTURE"])
        .with_tag("category", "safety")
    )

    (
        w.add_scalar_metric("Collisions")
        .with_description("Contacts between the ego footprint and any actor.")
        .with_status(PASSED)
        .with_importance(CRITICAL)
        .with_value(0.0)
        .with_failure_definition(fails(above=0.0))
        .with_tag("category", "safety")
    )

    actors = {"oncoming_car": 4.8, "pedestrian": 0.9, "parked_van": 2.1, "cyclist": 3.6}
    minima = {a: np.array([d]) for a, d in actors.items()}
    min_data = (
        w.add_grouped_metrics_data("Minimum distance to actors")
        .with_category_to_series(minima)
        .with_unit("m")
    )
    min_status = w.add_grouped_metrics_data(
        "Minimum distance to actors status"
    ).with_category_to_series(
        {a: as_series(band_statuses(v, below=1.0)) for a, v in minima.items()}
    )
    (
        w.add_double_summary_metric("Minimum distance to actors")
        .with_description("Closest approach to each actor, footprint to footprint.")
        .with_status(WARN)
        .with_importance(HIGH)
        .with_value_data(min_data)
        .with_status_data(min_status)
        .with_failure_definition(fails(below=1.0))
    )

    windows = {
        "oncoming_car": (2.0, 12.0),
        "pedestrian": (8.0, 25.0),
        "parked_van": (0.0, 25.0),
        "cyclist": (12.0, 22.0),
    }
    g_times: dict[str, np.ndarray] = {}
    g_dist: dict[str, np.ndarray] = {}
    g_stat: dict[str, np.ndarray] = {}
    for i, (actor, (first, last)) in enumerate(windows.items()):
        mask = (t >= first) & (t <= last)
        seg = t[mask]
        closest = (first + last) / 2 + (i - 1.5)
        dist = np.round(actors[actor] + 0.25 * (seg - closest) ** 2, 3)
        g_times[actor] = as_series([stamp(s) for s in seg])
        g_dist[actor] = dist
        g_stat[actor] = as_series(band_statuses(dist, below=1.0))
    actor_time = build.adopt(GroupedMetricsData("Actor time", category_to_series=g_times))
    actor_dist = build.adopt(
        GroupedMetricsData(
            "Distance to actor", category_to_series=g_dist, unit="m", index_data=actor_time
        )
    )
    actor_dist_status = build.adopt(
        GroupedMetricsData(
            "Distance to actor status", category_to_series=g_stat, index_data=actor_time
        )
    )
    (
        w.add_double_over_time_metric("Distance to actors")
        .with_description("Distance to each tracked actor while it is in range (grouped).")
        .with_status(WARN)
        .with_importance(MEDIUM)
        .append_doubles_over_time_data(actor_dist, "Distance")
        .append_statuses_over_time_data(actor_dist_status)
        .with_failure_definitions([fails(below=1.0)])
        .with_y_axis_name("Distance (m)")
    )

    heading = np.clip((t - 13.0) / 7.0, 0.0, 1.0) * (math.pi / 2)
    step = 0.05 * speed
    ref_x = np.round(np.cumsum(step * np.cos(heading)), 3)
    ref_y = np.round(np.cumsum(step * np.sin(heading)), 3)
    drift = 0.9 * np.exp(-((t - 17.6) ** 2) / 0.8)
    drv_x = np.round(ref_x - drift * np.sin(heading), 3)
    drv_y = np.round(ref_y + drift * np.cos(heading), 3)
    lat_acc = np.round(
        speed**2 * np.gradient(heading, t) / np.maximum(speed, 0.5) + rng.normal(0, 0.05, t.size), 3
    )
    lat_data, lat_status = build.timed(
        "Lateral acceleration", time, lat_acc, unit="m/s²", above=3.0, below=-3.0
    )
    peak = int(np.argmax(np.abs(lat_acc)))
    (
        w.add_double_summary_metric("Peak lateral acceleration")
        .with_description(f"Largest lateral acceleration, at t = {t[peak]:.2f} s.")
        .with_status(worst(band_statuses([lat_acc[peak]], above=3.0, below=-3.0)))
        .with_importance(MEDIUM)
        .with_value_data(lat_data)
        .with_status_data(lat_status)
        .with_index(stamp(float(t[peak])))
        .with_failure_definition(fails(above=3.0, below=-3.0))
        .with_tag("category", "comfort")
    )

    path_status = build.series("Path status", [PASSED] * t.size)
    (
        w.add_line_plot_metric("Path tracking")
        .with_description("Driven path against the reference path, top-down.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_series_data(
            build.series("Reference x", ref_x, unit="m"),
            build.series("Reference y", ref_y, unit="m"),
            "Reference",
        )
        .append_statuses_data(path_status)
        .append_series_data(
            build.series("Driven x", drv_x, unit="m"),
            build.series("Driven y", drv_y, unit="m"),
            "Driven",
        )
        .append_statuses_data(path_status)
        .with_x_axis_name("East (m)")
        .with_y_axis_name("North (m)")
    )

    lat_plain = build.series("Lateral acceleration samples", lat_acc, unit="m/s²")
    lat_plain_status = build.series(
        "Lateral acceleration samples status", band_statuses(lat_acc, above=3.0, below=-3.0)
    )
    (
        w.add_histogram_metric("Lateral acceleration distribution")
        .with_description("All samples, 0.5 m/s² buckets.")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_values_data(lat_plain)
        .with_statuses_data(lat_plain_status)
        .with_buckets(histogram_buckets(-3.0, 3.0, 12))
        .with_lower_bound(-3.0)
        .with_upper_bound(3.0)
        .with_x_axis_name("Lateral acceleration (m/s²)")
    )

    segments = build.series("Segment", ["Approach", "Wait", "Turn", "Exit"])
    mode_time = {
        "Cruise": [4.0, 0.0, 0.0, 3.5],
        "Yield": [2.5, 3.0, 1.0, 0.0],
        "Stop": [0.0, 2.5, 1.5, 0.0],
        "Turn": [0.0, 0.0, 5.5, 1.5],
    }
    modes = (
        w.add_bar_chart_metric("Time in planner mode")
        .with_description("Seconds in each planner mode, per segment (stacked).")
        .with_status(RAW)
        .with_importance(LOW)
        .with_x_axis_name("Segment")
        .with_y_axis_name("Time (s)")
        .with_stack_bars(True)
    )
    for mode, values in mode_time.items():
        modes.append_values_data(
            build.series(f"{mode} time", values, unit="s", index=segments), mode
        )
        modes.append_statuses_data(build.series(f"{mode} time status", [RAW] * 4, index=segments))

    comfort = (
        w.add_bar_chart_metric("Comfort by segment")
        .with_description("Peak jerk and peak deceleration per segment.")
        .with_status(WARN)
        .with_importance(MEDIUM)
        .with_x_axis_name("Segment")
        .with_y_axis_name("Peak magnitude")
        .with_stack_bars(False)
    )
    for label, values, limit in (
        ("Peak jerk", [0.8, 1.4, 3.1, 0.9], 2.5),
        ("Peak deceleration", [1.2, 3.4, 4.6, 0.8], 4.0),
    ):
        comfort.append_values_data(build.series(label, values, index=segments), label)
        comfort.append_statuses_data(
            build.series(f"{label} status", band_statuses(values, above=limit), index=segments)
        )

    builds = [uuid.uuid5(NAMESPACE, f"demo/batch/{i}") for i in range(6)]
    batch_ids = build.series("Nightly batch", builds)
    batch_times = build.series(
        "Nightly batch time",
        [stamp(86_400.0 * i, epoch=LOG_START) for i in range(6)],
        index=batch_ids,
    )
    latency = (
        w.add_batchwise_bar_chart_metric("Planner latency across builds")
        .with_description("Nightly batches of this experience: p50 and p99 latency.")
        .with_status(PASSED)
        .with_importance(LOW)
        .with_colors(["#7CA0FB", "#FFAC70"])
        .with_project_id(uuid.uuid5(NAMESPACE, "project/demo"))
        .with_x_axis_name("Nightly batch")
        .with_y_axis_name("Latency (ms)")
    )
    for label, values in (
        ("p50", [38.2, 39.0, 41.7, 37.5, 36.9, 36.4]),
        ("p99", [82.0, 85.5, 97.1, 79.4, 77.8, 76.0]),
    ):
        latency.append_category_data(
            label,
            batch_times,
            build.series(f"{label} latency", values, unit="ms", index=batch_ids),
            build.series(
                f"{label} latency status", band_statuses(values, above=100.0), index=batch_ids
            ),
        )

    summary = (
        w.add_text_metric("Scenario summary")
        .with_description("What happened, in one screen.")
        .with_status(RAW)
        .with_importance(HIGH)
        .with_text(DEMO_SUMMARY)
    )
    summary.order = 0.0

    bev = build.image(
        "Bird's-eye view", "birds_eye.png", birds_eye(turn_path(), label="bird's-eye t=0-25s")
    )
    (
        w.add_image_metric("Bird's-eye view")
        .with_description("Top-down render of the intersection with the driven path.")
        .with_status(RAW)
        .with_importance(MEDIUM)
        .with_image_data(bev)
    )

    frames = [
        build.image(
            f"Front camera {s:.1f} s",
            f"frames/front_{i + 1:02d}.png",
            camera_frame(i / 2, label=f"front t={s:.1f}s", alert=i >= 1),
        )
        for i, s in enumerate((6.0, 8.2, 11.6))
    ]
    (
        w.add_image_list_metric("Front camera")
        .with_description("Front camera at 6.0 s, 8.2 s and 11.6 s.")
        .with_status(RAW)
        .with_importance(MEDIUM)
        .with_image_list_data(frames)
    )

    sparse = t[::10]
    planner_modes = [
        "CRUISE"
        if s < 5
        else "YIELD"
        if s < 9
        else "STOP"
        if s < 14
        else "TURN"
        if s < 20
        else "CRUISE"
        for s in sparse
    ]
    perception = ["TRACKING" if 2 < s < 22 else "IDLE" for s in sparse]
    (
        w.add_plotly_metric("Planner timeline")
        .with_description("Planner and perception modes (SDK timeline helper).")
        .with_status(RAW)
        .with_importance(LOW)
        .with_plotly_data(
            states_timeline_figure(
                {"Planner": planner_modes, "Perception": perception}, sparse
            ).to_json()
        )
    )
    (
        w.add_plotly_metric("Occupancy heatmap")
        .with_description("Probability that each grid cell around the ego is occupied.")
        .with_status(RAW)
        .with_importance(LOW)
        .with_plotly_data(heatmap_figure(seed=17).to_json())
    )
    (
        w.add_plotly_metric("Disengagement reasons")
        .with_description("Fleet context for this scenario family.")
        .with_status(NOT_APPLICABLE)
        .with_importance(ZERO)
        .with_plotly_data(pie_figure().to_json())
    )

    cov = np.round(0.02 + 0.01 * np.abs(np.sin(t)) + rng.normal(0, 0.001, t.size), 4)
    cov_data, cov_status = build.timed("Localization covariance", time, cov, unit="m²")
    (
        w.add_double_over_time_metric("Localization covariance (debug)")
        .with_description("Debug signal, hidden from the dashboard.")
        .with_status(RAW)
        .with_importance(ZERO)
        .append_doubles_over_time_data(cov_data)
        .append_statuses_over_time_data(cov_status)
        .with_failure_definitions([fails()])
        .with_should_display(False)
    )

    # Events, each with metrics of its own.
    alert_image = build.image(
        "Pedestrian alert frame",
        "pedestrian_alert.png",
        camera_frame(0.6, label="ped alert t=8.2s", alert=True),
    )
    ped_ttc = (
        w.add_scalar_metric("Time to collision at detection")
        .with_description("TTC to the pedestrian when first detected.")
        .with_status(PASSED)
        .with_importance(HIGH)
        .with_value(4.7)
        .with_unit("s")
        .with_failure_definition(fails(below=1.5))
        .is_event_metric()
    )
    ped_frame = (
        w.add_image_metric("Camera frame")
        .with_description("Front camera at detection.")
        .with_status(RAW)
        .with_importance(MEDIUM)
        .with_image_data(alert_image)
        .is_event_metric()
    )
    (
        w.add_event("Pedestrian enters crosswalk")
        .with_description("A pedestrian steps into the far crosswalk from the right.")
        .with_tags(["perception", "pedestrian"])
        .with_status(PASSED)
        .with_importance(HIGH)
        .with_relative_timestamp(stamp(8.2))
        .with_metrics([ped_ttc, ped_frame])
    )

    mask = (t >= 10.0) & (t <= 13.0)
    brake_time = build.times("Hard brake window", t[mask])
    brake_speed, brake_status = build.timed("Hard brake speed", brake_time, speed[mask], unit="m/s")
    brake_decel = (
        w.add_scalar_metric("Peak deceleration")
        .with_description("Strongest braking in the event.")
        .with_status(WARN)
        .with_importance(HIGH)
        .with_value(-4.6)
        .with_unit("m/s²")
        .with_failure_definition(fails(below=-4.0))
        .is_event_metric()
    )
    brake_curve = (
        w.add_double_over_time_metric("Speed around event")
        .with_description("Ego speed from 10 s to 13 s.")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .append_doubles_over_time_data(brake_speed, "Ego")
        .append_statuses_over_time_data(brake_status)
        .with_failure_definitions([fails()])
        .with_y_axis_name("Speed (m/s)")
        .is_event_metric()
    )
    (
        w.add_event("Hard brake")
        .with_description("The planner brakes for the pedestrian: **-4.6 m/s²**.")
        .with_tags(["planner", "comfort"])
        .with_status(WARN)
        .with_importance(HIGH)
        .with_relative_timestamp(stamp(11.6))
        .with_metrics([brake_decel, brake_curve])
    )

    mask = (t >= 15.5) & (t <= 19.5)
    dep_time = build.times("Lane departure window", t[mask])
    offset = np.round(0.3 + drift[mask] * 1.1, 3)
    dep_offset, dep_status = build.timed(
        "Lane departure offset", dep_time, offset, unit="m", above=0.9, fail=BLOCK
    )
    dep_curve = (
        w.add_double_over_time_metric("Lateral offset")
        .with_description("Offset of the ego footprint from the lane edge.")
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .append_doubles_over_time_data(dep_offset, "Offset")
        .append_statuses_over_time_data(dep_status)
        .with_failure_definitions([fails(above=0.9)])
        .with_y_axis_name("Offset (m)")
        .is_event_metric()
    )
    dep_states = [s for s, keep in zip(lane_states, mask, strict=True) if keep]
    dep_state_data = build.series("Lane departure state", dep_states, index=dep_time)
    dep_state_status = build.series(
        "Lane departure state status",
        [BLOCK if s == "LANE_DEPARTURE" else PASSED for s in dep_states],
        index=dep_time,
    )
    dep_lane = (
        w.add_states_over_time_metric("Lane state around departure")
        .with_description("Lane keeping state from 15.5 s to 19.5 s.")
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .append_states_over_time_data(dep_state_data, "Ego")
        .append_statuses_over_time_data(dep_state_status)
        .with_states_set(["CENTERED", "DRIFTING_LEFT", "DRIFTING_RIGHT", "LANE_DEPARTURE"])
        .with_failure_states(["LANE_DEPARTURE"])
        .is_event_metric()
    )
    (
        w.add_event("Lane departure")
        .with_description("The rear left wheel crosses the lane line during the turn.")
        .with_tags(["safety", "lane-keeping"])
        .with_status(BLOCK)
        .with_importance(CRITICAL)
        .with_relative_timestamp(stamp(17.4))
        .with_metrics([dep_curve, dep_lane])
    )
    (
        w.add_event("Turn completed")
        .with_description("The ego leaves the intersection.")
        .with_tags(["maneuver"])
        .with_status(PASSED)
        .with_importance(LOW)
        .with_relative_timestamp(stamp(21.0))
    )
    return build.finish()


# ---------------------------------------------------------------------------


def describe(label: str, job: metrics_pb2.JobMetrics, directory: Path) -> None:
    """Print one line per metric: name, type, status."""
    type_name = metrics_pb2.MetricType.Name
    status_name = metrics_pb2.MetricStatus.Name
    size = sum(
        p.stat().st_size
        for p in directory.rglob("*")
        if p.is_file() and p.suffix in {".png", ".binproto"}
    )
    print(
        f"{label}: {len(job.job_level_metrics.metrics)} metrics, "
        f"{len(job.metrics_data)} data, {len(job.events)} events, "
        f"job {status_name(job.metrics_status)}, {size / 1024:.0f} KiB"
    )
    for metric in job.job_level_metrics.metrics:
        extra = " [event]" if metric.event_metric else ""
        if metric.HasField("should_display") and not metric.should_display:
            extra += " [hidden]"
        print(
            f"    {metric.name:<42} {type_name(metric.type):<32} "
            f"{status_name(metric.status)}{extra}"
        )


def main() -> None:
    builders: list[tuple[str, Callable[[], metrics_pb2.JobMetrics], Path]] = [
        ("samples/basic", make_basic, SAMPLES / "basic"),
        ("samples/all_types", make_all_types, SAMPLES / "all_types"),
        ("samples/events", make_events, SAMPLES / "events"),
        ("samples/grouped", make_grouped, SAMPLES / "grouped"),
        ("samples/indexed", make_indexed, SAMPLES / "indexed"),
        ("samples/plotly", make_plotly, SAMPLES / "plotly"),
        ("tui/demo", make_demo, DEMO),
    ]
    for label, make, directory in builders:
        describe(label, make(), directory)


if __name__ == "__main__":
    main()
