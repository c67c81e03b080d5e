"""What every sample shares: SDK shorthands, stable ids, and the Build that writes a job."""

from __future__ import annotations

import itertools
import math
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from resim.metrics.proto import metrics_pb2
from resim.metrics.proto.validate_metrics_proto import (
    InvalidMetricsException,
    validate_job_metrics,
)
from resim.metrics.python.metrics import (
    BaseMetricsData,
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

ROOT = Path(__file__).resolve().parents[2]
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
