"""Plotly figures more than one sample draws."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from resim.metrics.python.plotly_helpers import create_state_timeline_chart

from ._kit import NANOS


def stable_timeline(fig: go.Figure) -> go.Figure:
    """Make the SDK's state-timeline figure byte-stable.

    ``create_state_timeline_chart`` walks its states through a Python set, so the
    trace order (and which trace carries each legend entry) changes between runs.
    Sort the bars by row and start time, then show each state once in the legend.
    """
    fig.data = tuple(sorted(fig.data, key=lambda bar: (str(bar.y[0]), float(bar.base[0]))))
    shown: set[str] = set()
    for bar in fig.data:
        bar.showlegend = bar.name not in shown
        shown.add(bar.name)
    return fig


def states_timeline_figure(
    system_states: dict[str, list[str]], seconds: Sequence[float]
) -> go.Figure:
    """The SDK helper's states timeline (it wants integer nanosecond timestamps)."""
    fig = create_state_timeline_chart(system_states, [round(s * NANOS) for s in seconds])
    if fig is None:
        raise RuntimeError("create_state_timeline_chart returned no figure")
    return stable_timeline(fig)


def speed_scatter_figure(t: np.ndarray, speed: np.ndarray, target: np.ndarray) -> go.Figure:
    fig = go.Figure()
    # Python lists become JSON lists; numpy arrays become typed arrays (dtype/bdata).
    fig.add_trace(go.Scatter(x=t.tolist(), y=target.tolist(), mode="lines", name="Target"))
    fig.add_trace(
        go.Scatter(x=t, y=speed, mode="lines+markers", name="Ego speed", marker={"size": 4})
    )
    fig.update_layout(title="Ego speed", xaxis_title="Time (s)", yaxis_title="Speed (m/s)")
    return fig


def pie_figure() -> go.Figure:
    fig = go.Figure(
        go.Pie(
            labels=["Planner timeout", "Perception miss", "Operator takeover", "Map mismatch"],
            values=np.array([12, 7, 4, 2], dtype=np.int16),
            hole=0.3,
        )
    )
    fig.update_layout(title="Disengagement reasons (fleet, last 7 days)")
    return fig


def heatmap_figure(seed: int) -> go.Figure:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:12, 0:16]
    z = np.exp(-((xx - 9.0) ** 2 + (yy - 5.0) ** 2) / 18.0) + 0.08 * rng.random((12, 16))
    fig = go.Figure(
        go.Heatmap(z=np.round(z, 3), colorscale="Viridis", colorbar={"title": "p(occupied)"})
    )
    fig.update_layout(title="Occupancy grid around ego", xaxis_title="x cell", yaxis_title="y cell")
    return fig
