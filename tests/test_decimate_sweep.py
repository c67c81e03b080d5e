"""A long series is read in aligned pieces (decimate.SWEEP): doubles read straight from a
file's bytes are often not 8-byte aligned, and numpy reduces those 3-4x slower. The
pieces must give exactly what one pass over the whole series gives."""

from __future__ import annotations

import numpy as np
import pytest

from tui.charts import decimate as d


def _unaligned(y: np.ndarray) -> np.ndarray:
    """y as a reader hands it over: a read-only view of bytes, 2 bytes off alignment."""
    out = np.frombuffer(b"\0\0" + y.tobytes(), dtype="<f8", offset=2)
    assert not out.flags.aligned
    return out


@pytest.mark.parametrize("extra", [0, 1, 1_234])
def test_blocks_and_stats_of_a_series_of_many_pieces_are_those_of_every_point(
    extra: int,
) -> None:
    rng = np.random.default_rng(extra)
    n = 3 * d.SWEEP + extra
    y = rng.standard_normal(n)
    y[[7, d.SWEEP - 1, d.SWEEP, 2 * d.SWEEP + 5, n - 1]] = [50.0, -60.0, 61.0, -70.0, 80.0]
    x = np.arange(n, dtype=np.int64) * 1_000_000
    raw = _unaligned(y)
    blocks = d._build_blocks(raw)
    assert blocks is not None
    size = blocks.size
    whole = n // size * size
    assert np.array_equal(blocks.lo, y[:whole].reshape(-1, size).min(axis=1))
    assert np.array_equal(blocks.hi, y[:whole].reshape(-1, size).max(axis=1))
    low, high, mean, finite = d.stats(raw)  # remembered by the sweep that built the blocks
    assert (low, high, finite) == (y.min(), y.max(), True)
    assert mean == pytest.approx(y.mean(), rel=1e-12, abs=1e-15)
    for x0, x1, ncols in ((0, int(x[-1]), 240), (int(x[1000]), int(x[n - 999]), 97)):
        runs = d.reduce(x, raw, x0, x1, ncols)
        lo_i, hi_i = d._window(x, x0, x1)
        want, _ = d._sorted(x[lo_i:hi_i], y[lo_i:hi_i], x0, x1, ncols)
        for part in ("cols", "lo", "hi", "first", "last", "joined"):
            assert np.array_equal(getattr(runs, part), getattr(want, part)), part


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_non_finite_value_in_any_piece_is_seen(bad: float) -> None:
    y = np.random.default_rng(1).standard_normal(2 * d.SWEEP + 10)
    y[d.SWEEP + 3] = bad
    raw = _unaligned(y)
    assert d._build_blocks(raw) is None  # such a series takes the general path
    low, high, _, finite = d.stats(_unaligned(y))
    kept = y[np.isfinite(y)]
    assert not finite and (low, high) == (kept.min(), kept.max())
