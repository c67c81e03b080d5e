"""Batches of jobs written with the official SDK: one outputs directory per job.

``write_batch_job(folder, index, metrics=...)`` writes a job whose statuses
and values depend on ``index`` (so a batch has passing, warning and blocking
jobs, metrics passed, warning, blocking and not applicable, and one metric
takes a different value in every job); ``write_batch`` writes many of them
under one folder, some nested one and two levels deeper.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
from resim.metrics.python.metrics import SeriesMetricsData
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
BLOCK = MetricStatus.FAIL_BLOCK_METRIC_STATUS
HIGH = MetricImportance.HIGH_IMPORTANCE


def objects(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def job_statuses(index: int) -> tuple[MetricStatus, MetricStatus]:
    """(status of "Min distance", status of "Peak speed") in job ``index``.

    Every fifth job fails "Min distance" (blocking); every third warns on "Peak speed".
    """
    distance = BLOCK if index % 5 == 4 else PASSED
    peak = WARN if index % 3 == 2 else PASSED
    return distance, peak


def comfort_status(index: int) -> MetricStatus:
    """The status of "Comfort" (blocking, so a warning in it blocks the job's row too):
    a warning every sixth job, not applicable every eighth, else passed."""
    if index % 6 == 5:
        return WARN
    return MetricStatus.NOT_APPLICABLE_METRIC_STATUS if index % 8 == 7 else PASSED


def blocking_names(index: int) -> list[str]:
    """The metrics that block job ``index``: failing blocks, or failing while blocking."""
    names = ["Min distance"] if job_statuses(index)[0] == BLOCK else []
    return names + (["Comfort"] if comfort_status(index) == WARN else [])


def job_passes(index: int) -> bool:
    return job_statuses(index) == (PASSED, PASSED) and comfort_status(index) != WARN


def min_distance(index: int) -> float:
    """The value of the scalar "Min distance" in job ``index`` (below 1.0 when it fails)."""
    return 0.5 if index % 5 == 4 else 2.0 + index * 0.25


def write_batch_job(
    folder: Path, index: int, *, metrics: int = 8, points: int = 50, job_id: uuid.UUID | None = None
) -> Path:
    """Write ``folder/metrics.binproto`` for job ``index``; returns the file."""
    folder.mkdir(parents=True, exist_ok=True)
    writer = ResimMetricsWriter(job_id or uuid.UUID(int=index + 1))
    distance_status, peak_status = job_statuses(index)
    writer.add_scalar_metric("Min distance").with_value(min_distance(index)).with_unit(
        "m"
    ).with_failure_definition(
        DoubleFailureDefinition(fails_above=None, fails_below=1.0)
    ).with_status(distance_status).with_importance(HIGH).with_blocking(True)

    peak = SeriesMetricsData("peak", series=np.array([3.0 + index % 7]))
    peak_flags = SeriesMetricsData("peak status", series=objects([peak_status]))
    writer.add_double_summary_metric("Peak speed").with_value_data(peak).with_status_data(
        peak_flags
    ).with_index(0).with_failure_definition(
        DoubleFailureDefinition(fails_above=8.0, fails_below=None)
    ).with_status(peak_status).with_importance(HIGH)

    writer.add_scalar_metric("Comfort").with_value(0.1 * (index % 10)).with_status(
        comfort_status(index)
    ).with_importance(HIGH).with_blocking(True)

    times = SeriesMetricsData(
        "times", series=objects([Timestamp(secs=i, nanos=0) for i in range(points)])
    )
    made = 3
    kinds = ("over_time", "scalar", "histogram", "states")
    while made < metrics:
        kind = kinds[made % len(kinds)]
        name = f"{kind.replace('_', ' ')} {made:02d}"
        _add(writer, kind, name, times, index, points)
        made += 1
    # The SDK derives the job status from the metrics' (worst first).
    message = writer.write().metrics_msg
    file = folder / "metrics.binproto"
    file.write_bytes(message.SerializeToString())
    return file


def _add(
    writer: ResimMetricsWriter,
    kind: str,
    name: str,
    times: SeriesMetricsData,
    index: int,
    points: int,
) -> None:
    if kind == "scalar":
        writer.add_scalar_metric(name).with_value(float(index)).with_status(PASSED).with_importance(
            HIGH
        )
    elif kind == "over_time":
        values = SeriesMetricsData(
            f"{name} values",
            series=np.sin(np.arange(points) / 5.0 + index),
            index_data=times,
        )
        flags = SeriesMetricsData(
            f"{name} status", series=objects([PASSED] * points), index_data=times
        )
        writer.add_double_over_time_metric(name).with_doubles_over_time_data(
            [values]
        ).with_statuses_over_time_data([flags]).with_failure_definitions(
            [DoubleFailureDefinition(fails_above=2.0, fails_below=None)]
        ).with_status(PASSED).with_importance(HIGH)
    elif kind == "histogram":
        samples = SeriesMetricsData(f"{name} samples", series=np.linspace(0.0, 2.9, points))
        flags = SeriesMetricsData(f"{name} status", series=objects([PASSED] * points))
        writer.add_histogram_metric(name).with_values_data(samples).with_statuses_data(
            flags
        ).with_buckets(
            [HistogramBucket(float(i), float(i + 1)) for i in range(3)]
        ).with_lower_bound(0.0).with_upper_bound(3.0).with_status(PASSED).with_importance(HIGH)
    else:
        states = SeriesMetricsData(
            f"{name} states",
            series=objects(["a" if i % 2 else "b" for i in range(points)]),
            index_data=times,
        )
        flags = SeriesMetricsData(
            f"{name} status", series=objects([PASSED] * points), index_data=times
        )
        writer.add_states_over_time_metric(name).with_states_over_time_data(
            [states]
        ).with_statuses_over_time_data([flags]).with_states_set({"a", "b"}).with_failure_states(
            set()
        ).with_status(PASSED).with_importance(HIGH)


def job_folder(index: int) -> str:
    """Where job ``index`` is written, relative to the batch: ``job-000``; every fourth
    in ``group-N/``; every tenth of the rest two levels down, in ``runs/day-N/``."""
    name = f"job-{index:03d}"
    if index % 4 == 3:
        return f"group-{(index // 4) % 2}/{name}"
    if index % 10 == 9:
        return f"runs/day-{(index // 20) % 2}/{name}"
    return name


def write_batch(root: Path, jobs: int, *, metrics: int = 8, points: int = 50) -> list[Path]:
    """Write ``jobs`` outputs directories under ``root`` (at ``job_folder(index)``).
    Returns the files in job-index order."""
    return [
        write_batch_job(root / job_folder(index), index, metrics=metrics, points=points)
        for index in range(jobs)
    ]
