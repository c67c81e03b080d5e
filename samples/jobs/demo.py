"""tui/demo: the demo shipped in the package."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw
from resim.metrics.proto import metrics_pb2
from resim.metrics.python.metrics import (
    GroupedMetricsData,
)

from ._figures import heatmap_figure, pie_figure, states_timeline_figure
from ._kit import (
    BLOCK,
    CRITICAL,
    DEMO,
    HIGH,
    LOG_START,
    LOW,
    MEDIUM,
    NAMESPACE,
    NOT_APPLICABLE,
    PASSED,
    RAW,
    WARN,
    ZERO,
    Build,
    as_series,
    band_statuses,
    fails,
    histogram_buckets,
    stamp,
    worst,
)
from ._pictures import HEIGHT, WIDTH, camera_frame, gradient

OUT = DEMO


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


def make() -> metrics_pb2.JobMetrics:
    build = Build("demo", OUT)
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
