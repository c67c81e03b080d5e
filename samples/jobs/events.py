"""samples/events: events with their own metrics, relative timestamps."""

from __future__ import annotations

import numpy as np
from resim.metrics.proto import metrics_pb2
from resim.metrics.python.metrics import (
    Metric,
)

from ._kit import (
    BLOCK,
    CRITICAL,
    HIGH,
    LOW,
    MEDIUM,
    NOT_APPLICABLE,
    PASSED,
    RAW,
    SAMPLES,
    WARN,
    ZERO,
    Build,
    fails,
    stamp,
    worst,
)
from ._pictures import camera_frame

OUT = SAMPLES / "events"


def make() -> metrics_pb2.JobMetrics:
    build = Build("events", OUT)
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
