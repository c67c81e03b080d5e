"""samples/basic: a small, realistic driving-sim job (absolute timestamps)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from resim.metrics.proto import metrics_pb2

from ._drive import drive_profile, planner_states
from ._kit import (
    CRITICAL,
    HIGH,
    LOG_START,
    LOW,
    MEDIUM,
    PASSED,
    RAW,
    SAMPLES,
    WARN,
    Build,
    band_statuses,
    fails,
    histogram_buckets,
    stamp,
    worst,
)
from ._pictures import camera_frame

OUT = SAMPLES / "basic"


def durations_by_state(states: Sequence[str], dt: float) -> dict[str, float]:
    totals: dict[str, float] = {}
    for state in states:
        totals[state] = round(totals.get(state, 0.0) + dt, 3)
    return totals


def make() -> metrics_pb2.JobMetrics:
    build = Build("basic", OUT)
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
