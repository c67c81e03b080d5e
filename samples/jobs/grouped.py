"""samples/grouped: per-category data."""

from __future__ import annotations

import numpy as np
from resim.metrics.proto import metrics_pb2
from resim.metrics.python.metrics import (
    GroupedMetricsData,
    SeriesMetricsData,
)

from ._kit import (
    CRITICAL,
    HIGH,
    LOW,
    MEDIUM,
    PASSED,
    RAW,
    SAMPLES,
    ZERO,
    Build,
    as_series,
    band_statuses,
    fails,
    histogram_buckets,
    stamp,
)

OUT = SAMPLES / "grouped"


def make() -> metrics_pb2.JobMetrics:
    build = Build("grouped", OUT)
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
