"""samples/indexed: timestamp-, string- and UUID-indexed data; summary selectors."""

from __future__ import annotations

import uuid

import numpy as np
from resim.metrics.proto import metrics_pb2

from ._kit import (
    HIGH,
    LOG_START,
    LOW,
    MEDIUM,
    NAMESPACE,
    PASSED,
    RAW,
    SAMPLES,
    WARN,
    Build,
    band_statuses,
    fails,
    histogram_buckets,
    stamp,
)

OUT = SAMPLES / "indexed"


def make() -> metrics_pb2.JobMetrics:
    build = Build("indexed", OUT)
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
