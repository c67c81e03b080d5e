"""A tiny metrics build to edit while resim-tui watches its output.

Try it::

    resim-tui samples/watch_demo/out --run "python samples/watch_demo/metrics_build.py"

then change a constant below (say SPEED_LIMIT = 12.0), save, and watch the
metrics change status. The build reads a small synthetic drive log, computes
five metrics with the ReSim SDK, checks them with the SDK's validator and
writes ``out/metrics.binproto`` next to this file.
"""

from __future__ import annotations

import uuid
from itertools import pairwise
from pathlib import Path

import numpy as np
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics
from resim.metrics.python.metrics_utils import (
    DoubleFailureDefinition,
    HistogramBucket,
    MetricImportance,
    MetricStatus,
    Timestamp,
)
from resim.metrics.python.metrics_writer import ResimMetricsWriter

# --- Tweak these ------------------------------------------------------------
SPEED_LIMIT = 13.0  # m/s: "Ego speed" and "Max speed" fail above this
MIN_GAP = 6.0  # m: "Gap to lead vehicle" fails below this
LOG_SECONDS = 30  # length of the synthetic drive
SEED = 1  # change for a different drive
# -----------------------------------------------------------------------------

OUT_DIR = Path(__file__).resolve().parent / "out"
PASSED = MetricStatus.PASSED_METRIC_STATUS
FAILED = MetricStatus.FAIL_WARN_METRIC_STATUS


def synthetic_log() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Time (s), ego speed (m/s) and gap to the lead vehicle (m), at 10 Hz."""
    rng = np.random.default_rng(SEED)
    t = np.arange(0, LOG_SECONDS * 10 + 1) / 10
    speed = 11.0 + 2.0 * np.sin(t / 4.0) + rng.normal(0.0, 0.15, t.size)
    gap = 15.0 + 8.0 * np.cos(t / 6.0) + rng.normal(0.0, 0.2, t.size)
    return t, np.round(speed, 3), np.round(gap, 3)


def status(failed: bool) -> MetricStatus:
    return FAILED if failed else PASSED


def main() -> None:
    t, speed, gap = synthetic_log()
    writer = ResimMetricsWriter(job_id=uuid.UUID(int=1))
    times = writer.add_series_metrics_data("Time").with_series(
        # 10 Hz: sample k is at k // 10 seconds plus (k % 10) tenths.
        np.array(
            [Timestamp(secs=k // 10, nanos=(k % 10) * 100_000_000) for k in range(t.size)],
            dtype=object,
        )
    )

    # 1. Ego speed over time, with the limit as a failure band.
    speed_data = (
        writer.add_series_metrics_data("Ego speed")
        .with_series(speed)
        .with_unit("m/s")
        .with_index_data(times)
    )
    speed_ok = (
        writer.add_series_metrics_data("Ego speed status")
        .with_series(np.array([status(v > SPEED_LIMIT) for v in speed], dtype=object))
        .with_index_data(times)
    )
    (
        writer.add_double_over_time_metric("Ego speed")
        .with_description(f"Fails above the speed limit, {SPEED_LIMIT} m/s.")
        .with_status(status(speed.max() > SPEED_LIMIT))
        .with_importance(MetricImportance.HIGH_IMPORTANCE)
        .append_doubles_over_time_data(speed_data, "Ego")
        .append_statuses_over_time_data(speed_ok)
        .with_failure_definitions(
            [DoubleFailureDefinition(fails_above=SPEED_LIMIT, fails_below=None)]
        )
        .with_y_axis_name("Speed (m/s)")
    )

    # 2. Gap to the lead vehicle over time.
    gap_data = (
        writer.add_series_metrics_data("Gap").with_series(gap).with_unit("m").with_index_data(times)
    )
    gap_ok = (
        writer.add_series_metrics_data("Gap status")
        .with_series(np.array([status(v < MIN_GAP) for v in gap], dtype=object))
        .with_index_data(times)
    )
    (
        writer.add_double_over_time_metric("Gap to lead vehicle")
        .with_description(f"Fails below {MIN_GAP} m.")
        .with_status(status(gap.min() < MIN_GAP))
        .with_importance(MetricImportance.CRITICAL_IMPORTANCE)
        .append_doubles_over_time_data(gap_data, "Gap")
        .append_statuses_over_time_data(gap_ok)
        .with_failure_definitions([DoubleFailureDefinition(fails_above=None, fails_below=MIN_GAP)])
        .with_y_axis_name("Gap (m)")
    )

    # 3. and 4. One number each.
    (
        writer.add_scalar_metric("Max speed")
        .with_status(status(speed.max() > SPEED_LIMIT))
        .with_importance(MetricImportance.MEDIUM_IMPORTANCE)
        .with_value(float(speed.max()))
        .with_unit("m/s")
        .with_failure_definition(DoubleFailureDefinition(fails_above=SPEED_LIMIT, fails_below=None))
    )
    (
        writer.add_scalar_metric("Min gap")
        .with_status(status(gap.min() < MIN_GAP))
        .with_importance(MetricImportance.MEDIUM_IMPORTANCE)
        .with_value(float(gap.min()))
        .with_unit("m")
        .with_failure_definition(DoubleFailureDefinition(fails_above=None, fails_below=MIN_GAP))
    )

    # 5. Where the speed samples fall, 1 m/s buckets from 6 to 18 m/s.
    edges = list(range(6, 19))
    samples = writer.add_series_metrics_data("Speed samples").with_series(
        np.clip(speed, 6.0, 17.999)
    )
    samples_ok = writer.add_series_metrics_data("Speed samples status").with_series(
        np.array([PASSED] * speed.size, dtype=object)
    )
    (
        writer.add_histogram_metric("Speed distribution")
        .with_status(MetricStatus.RAW_METRIC_STATUS)
        .with_importance(MetricImportance.LOW_IMPORTANCE)
        .with_values_data(samples)
        .with_statuses_data(samples_ok)
        .with_buckets([HistogramBucket(float(a), float(b)) for a, b in pairwise(edges)])
        .with_lower_bound(6.0)
        .with_upper_bound(18.0)
        .with_x_axis_name("Speed (m/s)")
    )

    output = writer.write()
    validate_job_metrics(output.metrics_msg)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "metrics.binproto").write_bytes(output.metrics_msg.SerializeToString())
    print(
        f"wrote {OUT_DIR / 'metrics.binproto'}: max speed {speed.max():.2f} m/s, "
        f"min gap {gap.min():.2f} m"
    )


if __name__ == "__main__":
    main()
