"""samples/all_types: every metric type, status and importance."""

from __future__ import annotations

import uuid

import numpy as np
from resim.metrics.proto import metrics_pb2

from ._figures import speed_scatter_figure
from ._kit import (
    BLOCK,
    CRITICAL,
    HIGH,
    LOG_START,
    LOW,
    MEDIUM,
    NAMESPACE,
    NOT_APPLICABLE,
    PASSED,
    RAW,
    SAMPLES,
    WARN,
    ZERO,
    Build,
    band_statuses,
    fails,
    histogram_buckets,
    stamp,
)
from ._pictures import camera_frame

OUT = SAMPLES / "all_types"


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


def make() -> metrics_pb2.JobMetrics:
    build = Build("all_types", OUT)
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
