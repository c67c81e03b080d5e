"""samples/plotly: the common Plotly figure kinds."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from resim.metrics.proto import metrics_pb2

from ._drive import drive_profile, planner_states
from ._figures import heatmap_figure, pie_figure, speed_scatter_figure, states_timeline_figure
from ._kit import MEDIUM, RAW, SAMPLES, Build

OUT = SAMPLES / "plotly"


def grouped_bar_figure() -> go.Figure:
    lanes = ["Lane 1", "Lane 2", "Lane 3"]
    fig = go.Figure(
        [
            go.Bar(name="Planned", x=lanes, y=np.array([3, 5, 2], dtype=np.int32)),
            go.Bar(name="Executed", x=lanes, y=np.array([3, 4, 2], dtype=np.int32)),
        ]
    )
    fig.update_layout(barmode="group", title="Lane changes", yaxis_title="Count")
    return fig


def histogram_figure(seed: int) -> go.Figure:
    rng = np.random.default_rng(seed)
    errors = np.round(np.abs(rng.normal(0.0, 0.12, 400)), 4)
    fig = go.Figure(go.Histogram(x=errors, nbinsx=20, name="Lateral error"))
    fig.update_layout(title="Lateral error", xaxis_title="Error (m)", yaxis_title="Samples")
    return fig


def table_figure() -> go.Figure:
    fig = go.Figure(
        go.Table(
            header={"values": ["Parameter", "Value", "Unit"]},
            cells={
                "values": [
                    ["Map", "Ego start speed", "Pedestrian speed", "Oncoming gap", "Weather"],
                    ["sf_mission_district_v3", "11.0", "1.4", "4.5", "light rain"],
                    ["", "m/s", "m/s", "s", ""],
                ]
            },
        )
    )
    fig.update_layout(title="Scenario parameters")
    return fig


def make() -> metrics_pb2.JobMetrics:
    build = Build("plotly", OUT)
    w = build.writer
    t = np.round(np.arange(0.0, 30.0 + 1e-9, 0.5), 3)
    drive = drive_profile(t, seed=5)
    target = np.interp(t, [0, 12, 16, 20, 30], [11, 12.5, 4, 4, 9.5])
    figures: list[tuple[str, str, go.Figure]] = [
        (
            "Speed trace",
            "Scatter, lines and markers: one trace as a JSON list, one as a typed array.",
            speed_scatter_figure(t, drive["speed"], np.round(target, 3)),
        ),
        ("Lane changes", "Grouped bar chart with int32 typed arrays.", grouped_bar_figure()),
        ("Disengagement reasons", "Pie chart (int16 values).", pie_figure()),
        (
            "Occupancy grid",
            "Heatmap: a 2-D float64 typed array with `shape`.",
            heatmap_figure(seed=3),
        ),
        ("Lateral error histogram", "Plotly histogram of raw samples.", histogram_figure(4)),
        ("Scenario parameters", "A Plotly table.", table_figure()),
        (
            "Planner state timeline",
            "The SDK's `create_state_timeline_chart` (horizontal bars, ReSim style).",
            states_timeline_figure(
                {
                    "Planner": planner_states(t),
                    "Perception": ["TRACKING" if 8 < s < 20 else "IDLE" for s in t],
                },
                t,
            ),
        ),
    ]
    for name, description, fig in figures:
        (
            w.add_plotly_metric(name)
            .with_description(description)
            .with_status(RAW)
            .with_importance(MEDIUM)
            .with_plotly_data(fig.to_json())
        )
    return build.finish()
