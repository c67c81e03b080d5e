"""A synthetic drive (speed, lateral offset, planner states) shared by samples."""

from __future__ import annotations

import math

import numpy as np


def drive_profile(t: np.ndarray, seed: int) -> dict[str, np.ndarray]:
    """A left turn at an intersection: speed, acceleration, lateral error, TTC, path."""
    rng = np.random.default_rng(seed)
    knots_t = [0, 5, 12, 15, 17, 17.6, 19, 24, 30]
    knots_v = [8.0, 11.0, 12.5, 11.0, 6.5, 3.2, 3.0, 7.0, 9.5]
    speed = np.interp(t, knots_t, knots_v) + rng.normal(0.0, 0.08, t.size)
    accel = np.gradient(speed, t)
    lateral = np.abs(rng.normal(0.0, 0.09, t.size)) + 0.15 * np.exp(-((t - 20.0) ** 2) / 2.0)
    heading = np.clip((t - 18.0) / 6.0, 0.0, 1.0) * (math.pi / 2)
    step = np.diff(t, prepend=t[0]) * speed
    x = np.cumsum(step * np.cos(heading))
    y = np.cumsum(step * np.sin(heading))
    gap = 28.0 - 20.0 * np.exp(-((t - 16.5) ** 2) / 18.0)
    return {
        "speed": np.round(speed, 3),
        "accel": np.round(accel, 3),
        "lateral": np.round(lateral, 3),
        "x": np.round(x, 3),
        "y": np.round(y, 3),
        "gap": np.round(gap, 3),
    }


def planner_states(t: np.ndarray) -> list[str]:
    out = []
    for s in t:
        if s < 6:
            out.append("CRUISE")
        elif s < 15:
            out.append("FOLLOW")
        elif s < 17:
            out.append("YIELD")
        elif s < 17.6:
            out.append("HARD_BRAKE")
        elif s < 24:
            out.append("TURN")
        else:
            out.append("CRUISE")
    return out
