"""Values to dot rows: NaN to the top row, ±Inf and overflow to the edges, for any axis."""

from __future__ import annotations

import numpy as np
import pytest

from tui.charts.raster import Canvas

EDGES = [np.nan, np.inf, -np.inf, 1e308, -1e308, 0.0, 10.0, -0.0]


@pytest.mark.parametrize("braille", [True, False])
@pytest.mark.parametrize(("y0", "y1"), [(-3.0, 3.0), (0.0, 1.0), (-1e300, 1e300), (5.0, 5.5)])
def test_rows_are_the_clipped_rounded_rows(braille: bool, y0: float, y1: float) -> None:
    canvas = Canvas(50, 10, braille)
    y = np.concatenate([np.random.default_rng(1).normal(0, 5, 500), EDGES])
    with np.errstate(all="ignore"):
        rounded = np.rint((y1 - y) * ((canvas.res_y - 1) / (y1 - y0)))
    expected = np.clip(np.nan_to_num(rounded), 0, canvas.res_y - 1).astype(np.int64)
    rows = canvas.rows(y, y0, y1)
    assert rows.dtype == np.int64
    assert rows.tolist() == expected.tolist()
