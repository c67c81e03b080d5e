"""An unsorted line whose points are all finite and in view takes a shorter path that
must find exactly the runs the general path finds."""

from __future__ import annotations

import numpy as np
import pytest

from tui.charts import decimate as d


def _same(a: d.Runs, b: d.Runs) -> None:
    for field in ("cols", "lo", "hi", "first", "last", "joined"):
        assert np.array_equal(getattr(a, field), getattr(b, field)), field


@pytest.mark.parametrize("seed", range(4))
def test_points_in_view_reduce_as_the_general_path_does(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 5_000))
    t = np.cumsum(rng.random(n))
    x = np.cos(t / 40) * t  # a spiral: x goes back and forth
    y = np.sin(t / 40) * t
    lo, hi = float(x.min()), float(x.max())
    for x0, x1, cols in ((lo, hi, 240), (lo - 1, hi + 3, 97), (lo, hi, 1)):
        assert d._all_inside(x, y, n, x0, x1)
        _same(d.reduce(x, y, x0, x1, cols), d._general(x, y, x0, x1, cols))


def test_a_gap_or_a_point_out_of_view_takes_the_general_path() -> None:
    # Fresh arrays each time: what is learnt about an array is kept while it lives.
    def xs(*v: float) -> np.ndarray:
        return np.array(v)

    assert not d._all_inside(xs(3, 1, 2, 0.5), xs(1, np.nan, 2, 3), 4, 0.0, 4.0)  # a gap
    assert d._all_inside(xs(3, 1, 2, 0.5), xs(1, 0, 2, 3), 4, 0.0, 4.0)
    assert not d._all_inside(xs(3, 1, 2, 0.5), xs(1, 0, 2, 3), 4, 1.0, 4.0)  # out of view
    assert not d._all_inside(xs(3, 1, np.inf, 0.5), xs(1, 0, 2, 3), 4, 0.0, 4.0)


def test_bounds_of_an_unsorted_array_are_found_once(monkeypatch: pytest.MonkeyPatch) -> None:
    x = np.array([3.0, 1.0, 2.0])
    calls = []
    real = d._float_bounds

    def counted(a: np.ndarray) -> tuple[float, float] | None:
        calls.append(1)
        return real(a)

    monkeypatch.setattr(d, "_float_bounds", counted)
    assert d.x_bounds(x) == (1.0, 3.0) and d.x_bounds(x) == (1.0, 3.0)
    assert len(calls) == 1
