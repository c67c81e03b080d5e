"""A zoomed chart finds its failing points by binary search in sorted x (not a scan of
every failure of the series): the same points as the scan, at every window edge, for
float x and for int64 nanoseconds past 2^53, with NaN y and statuses past the values."""

from __future__ import annotations

import numpy as np
import pytest

from tui.charts import xy
from tui.charts.xy import FAIL_BLOCK, FAIL_WARN, Line


def _scanned(line: Line, raw0: float, raw1: float) -> dict[int, tuple[list, list]]:
    n = min(len(line.x), len(line.y))
    out: dict[int, tuple[list, list]] = {}
    assert line.statuses is not None
    for status in (FAIL_WARN, FAIL_BLOCK):
        pairs = [
            (line.x[i], line.y[i])
            for i in range(min(n, len(line.statuses)))
            if line.statuses[i] == status
            and np.isfinite(line.x[i])
            and np.isfinite(line.y[i])
            and raw0 <= line.x[i] <= raw1
        ]
        out[status] = ([p[0] for p in pairs], [p[1] for p in pairs])
    return out


@pytest.mark.parametrize("nanoseconds", [False, True])
def test_failures_in_a_window_are_those_a_scan_finds(nanoseconds: bool) -> None:
    rng = np.random.default_rng(3)
    n = 400
    if nanoseconds:
        x = (1_700_000_000 * 10**9 + np.arange(n, dtype=np.int64) * 1_000_000).astype(np.int64)
    else:
        x = np.repeat(np.arange(n // 2, dtype=np.float64) * 0.5, 2)  # repeated x too
    y = rng.normal(size=n)
    y[rng.integers(0, n, 50)] = np.nan
    statuses = rng.choice([0, 1, FAIL_WARN, FAIL_BLOCK], size=n + 30)  # longer than y
    line = Line("s", x, y[: n - 10], statuses)  # y shorter than x
    picks = rng.integers(0, n, (25, 2))
    for a, b in picks:
        lo, hi = sorted((int(a), int(b)))
        bounds = [(x[lo], x[hi]), (x[lo] + 1, x[hi] - 1), (x[0] - 5, x[-1] + 5)]
        if not nanoseconds:
            bounds.append((float(x[lo]) - 0.25, float(x[hi]) + 0.25))
        for raw0, raw1 in bounds:
            if nanoseconds:
                raw0, raw1 = int(raw0), int(raw1)
            got = xy._shown_failures(line, raw0, raw1)
            want = _scanned(line, raw0, raw1)
            for status in (FAIL_WARN, FAIL_BLOCK):
                assert got[status][0].tolist() == want[status][0], (raw0, raw1, status)
                gy, wy = got[status][1].tolist(), want[status][1]
                assert gy == wy, (raw0, raw1, status)


def test_unsorted_x_is_still_scanned() -> None:
    x = np.array([5.0, 1.0, 3.0, 2.0, 4.0])
    y = np.ones(5)
    line = Line("s", x, y, np.array([FAIL_BLOCK] * 5))
    got = xy._shown_failures(line, 2.0, 4.0)
    assert sorted(got[FAIL_BLOCK][0].tolist()) == [2.0, 3.0, 4.0]
