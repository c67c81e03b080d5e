"""A heatmap's colours are found for every cell at once; they must be the per-value ones."""

from __future__ import annotations

import numpy as np
import pytest

from tui.charts.plotly.cells import _interpolate, _interpolate_many, _stops


@pytest.mark.parametrize(
    "scale",
    [
        None,  # viridis
        [[0, "#000000"], [0.5, "#FF0000"], [0.5, "#00ff00"], [1, "#0000FF"]],  # a hard step
        [[0.2, "#101010"], [0.8, "#fefefe"]],  # stops short of both ends
    ],
)
def test_colours_of_all_cells_are_each_cells_colour(scale: object) -> None:
    stops = _stops(scale)
    values = np.concatenate((np.random.default_rng(0).random(2_000), [0, 0.2, 0.5, 0.8, 1]))
    assert _interpolate_many(stops, values) == [_interpolate(stops, float(v)) for v in values]
