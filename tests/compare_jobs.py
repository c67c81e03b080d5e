"""Pairs of runs for the comparison tests, written with the official SDK.

``write_run(folder, **changes)`` writes one run of a small metrics build; two
calls with the same arguments give the same content under new ids (the SDK
draws fresh UUIDs every time), and each keyword changes one thing, the way a
metrics author's edit would.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

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

from tests.sdk_jobs import png_bytes

PASSED = MetricStatus.PASSED_METRIC_STATUS
WARN = MetricStatus.FAIL_WARN_METRIC_STATUS
BLOCK = MetricStatus.FAIL_BLOCK_METRIC_STATUS
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE

DEFAULTS: dict[str, Any] = {
    "speed": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
    "speed_limit": 10.0,
    "speed_status": PASSED,
    "distance": 12.5,
    "distance_status": PASSED,
    "peak": [3.0, 4.0],
    "gear": ["P", "D", "D", "N", "D", "P"],
    "text": "# Fine\nall good\nthe end",
    "figure_y": [3, 4],
    "counts": [1.0, 2.0, 3.0],
    "image": b"",
    "description": "Speed of the ego vehicle",
    "tags": (("team", "planning"),),
    "importance": MEDIUM,
    "order": None,  # the SDK has no setter: written into the message after the SDK
    "blocking": False,
    "stop_value": 0.0,
    "stop_at": 3,
    "extra_metric": False,
    "drop_histogram": False,
    "drop_event": False,
    "job_status": PASSED,
}


def objects(values: list) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def write_run(folder: Path, **changes: Any) -> Path:
    """Write ``folder/metrics.binproto`` (checked by the SDK's validator); returns the file."""
    unknown = set(changes) - set(DEFAULTS)
    assert not unknown, f"unknown knobs {unknown}"
    knobs = {**DEFAULTS, **changes}
    folder.mkdir(parents=True, exist_ok=True)
    writer = ResimMetricsWriter(uuid.uuid4())
    n = len(knobs["speed"])
    times = writer.add_series_metrics_data("times").with_series(
        objects([Timestamp(secs=i, nanos=0) for i in range(n)])
    )
    speed = (
        writer.add_series_metrics_data("speed")
        .with_series(np.array(knobs["speed"], dtype=float))
        .with_unit("m/s")
        .with_index_data(times)
    )
    limit = knobs["speed_limit"]
    flags = objects([WARN if v > limit else PASSED for v in knobs["speed"]])
    speed_ok = (
        writer.add_series_metrics_data("speed status").with_series(flags).with_index_data(times)
    )
    metric = (
        writer.add_double_over_time_metric("Speed")
        .with_description(knobs["description"])
        .append_doubles_over_time_data(speed, "ego")
        .append_statuses_over_time_data(speed_ok)
        .with_failure_definitions([DoubleFailureDefinition(fails_above=limit, fails_below=None)])
        .with_status(knobs["speed_status"])
        .with_importance(knobs["importance"])
    )
    if knobs["blocking"]:
        metric.with_blocking(True)

    # In the middle, as an author adds one: the SDK renumbers `order` of all after it.
    if knobs["extra_metric"]:
        writer.add_scalar_metric("Brand new").with_value(1.0).with_status(PASSED).with_importance(
            MEDIUM
        )

    peak = writer.add_series_metrics_data("peak").with_series(np.array(knobs["peak"]))
    peak_ok = writer.add_series_metrics_data("peak status").with_series(
        objects([PASSED] * len(knobs["peak"]))
    )
    writer.add_double_summary_metric("Peak").with_value_data(peak).with_status_data(
        peak_ok
    ).with_index(1).with_failure_definition(
        DoubleFailureDefinition(fails_above=5.0, fails_below=0.0)
    ).with_status(PASSED).with_importance(MEDIUM)

    scalar = (
        writer.add_scalar_metric("Distance")
        .with_value(knobs["distance"])
        .with_unit("m")
        .with_failure_definition(DoubleFailureDefinition(fails_above=20.0, fails_below=1.0))
        .with_status(knobs["distance_status"])
        .with_importance(MEDIUM)
    )
    for key, value in knobs["tags"]:
        scalar.with_tag(key, value)

    if not knobs["drop_histogram"]:
        samples = writer.add_series_metrics_data("samples").with_series(
            np.array([0.5, 1.5, 1.7, 2.5])
        )
        samples_ok = writer.add_series_metrics_data("samples status").with_series(
            objects([PASSED] * 4)
        )
        writer.add_histogram_metric("Spread").with_values_data(samples).with_statuses_data(
            samples_ok
        ).with_buckets([HistogramBucket(0.0, 1.5), HistogramBucket(1.5, 3.0)]).with_lower_bound(
            0.0
        ).with_upper_bound(3.0).with_status(PASSED).with_importance(MEDIUM)

    gear = knobs["gear"]
    gear_times = writer.add_series_metrics_data("gear times").with_series(
        objects([Timestamp(secs=i, nanos=0) for i in range(len(gear))])
    )
    states = (
        writer.add_series_metrics_data("gear")
        .with_series(objects(gear))
        .with_index_data(gear_times)
    )
    states_ok = (
        writer.add_series_metrics_data("gear status")
        .with_series(objects([PASSED] * len(gear)))
        .with_index_data(gear_times)
    )
    writer.add_states_over_time_metric("Gear").with_states_over_time_data(
        [states]
    ).with_statuses_over_time_data([states_ok]).with_states_set(
        {"P", "D", "N", "R"}
    ).with_failure_states({"R"}).with_status(PASSED).with_importance(MEDIUM)

    labels = writer.add_series_metrics_data("labels").with_series(objects(["a", "b", "c"]))
    counts = (
        writer.add_series_metrics_data("counts")
        .with_series(np.array(knobs["counts"]))
        .with_index_data(labels)
    )
    counts_ok = (
        writer.add_series_metrics_data("counts status")
        .with_series(objects([PASSED] * 3))
        .with_index_data(labels)
    )
    writer.add_bar_chart_metric("Counts").append_values_data(counts, "n").append_statuses_data(
        counts_ok
    ).with_status(PASSED).with_importance(MEDIUM)

    writer.add_text_metric("Notes").with_text(knobs["text"]).with_status(PASSED).with_importance(
        MEDIUM
    )
    figure = {"data": [{"type": "scatter", "x": [1, 2], "y": knobs["figure_y"]}], "layout": {}}
    writer.add_plotly_metric("Figure").with_plotly_data(json.dumps(figure)).with_status(
        PASSED
    ).with_importance(MEDIUM)

    (folder / "plot.png").write_bytes(png_bytes() + knobs["image"])
    image = writer.add_external_file_metrics_data("plot image").with_filename("plot.png")
    writer.add_image_metric("Plot").with_image_data(image).with_status(PASSED).with_importance(
        MEDIUM
    )

    if not knobs["drop_event"]:
        at_stop = (
            writer.add_scalar_metric("Speed at stop")
            .with_value(knobs["stop_value"])
            .with_status(PASSED)
            .with_importance(MEDIUM)
            .is_event_metric()
        )
        writer.add_event("Stop").with_absolute_timestamp(
            Timestamp(secs=knobs["stop_at"], nanos=0)
        ).with_status(PASSED).with_importance(MEDIUM).with_metrics([at_stop])

    message = writer.write().metrics_msg
    if knobs["order"] is not None:
        speed_message = next(m for m in message.job_level_metrics.metrics if m.name == "Speed")
        speed_message.order = knobs["order"]
    status = knobs["job_status"]
    message.metrics_status = status if isinstance(status, int) else status.value
    validate_job_metrics(message)
    file = folder / "metrics.binproto"
    file.write_bytes(message.SerializeToString())
    return file
