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


@pytest.mark.parametrize(("width", "height"), [(84, 30), (60, 24), (50, 16), (100, 40)])
def test_a_heatmap_sits_on_its_x_axis_with_whole_column_names(width: int, height: int) -> None:
    """Seen in the screenshot review: a 12x16 grid drawn at the top of a tall plot with
    empty rows down to the axis, and columns 10 to 15 each named "…"."""
    from tui.charts.plotly import draw_figure
    from tui.charts.types import Palette

    z = np.add.outer(np.arange(12), np.arange(16)).astype(float)
    figure = {"data": [{"type": "heatmap", "z": z.tolist()}], "layout": {}}
    lines = draw_figure(figure, width, height, "none", Palette()).body.plain.splitlines()
    axis = next(k for k, line in enumerate(lines) if "└" in line)
    assert lines[axis - 1].rstrip().endswith(tuple(".:-=+*#%@")), lines  # a row of cells
    names = lines[axis + 1].split()
    assert "…" not in lines[axis + 1] and names[0] == "0", lines
    assert [int(n) for n in names] == list(range(0, 16, int(names[1]))), names
