"""Reduce a long (x, y) series to what a plot of ``ncols`` columns can show.

For each plot column the series is cut into runs of consecutive points that
fall in it; a run keeps its first, last, minimum and maximum value. Drawn as
a vertical stroke from min to max plus a line from the previous run's last
value to this run's first, the result is the same picture the full series
would give, and it costs O(columns) to draw whatever the length.

When x is sorted and y holds no NaN/Inf (the common case: a time series), the
runs come from a binary search of the column edges and two ``reduceat`` passes,
so 5M points reduce in a few milliseconds. Otherwise every point is assigned
its column, NaN and ±Inf cut the line (a gap), and points outside the x range
are dropped.

A long series also keeps the minimum and maximum of every block of B
points (built in the first draw's passes, remembered with the array): a
column's extremes are then those of the whole blocks it covers plus at most
two partial blocks of raw points, so a redraw at any size or zoom costs
O(n / B + columns x B), not O(n) (B from ``block_size``).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

import numpy as np

# Past this many runs (an unsorted cloud), points are drawn unconnected.
MAX_JOINED_RUNS = 100_000
# Points per block of remembered extremes, and the length from which they pay
# (below it one pass over the points is already cheap). A redraw reduces every
# block in view and up to two blocks of raw points per column: about n / B + 2 x
# columns x B values, least at B = sqrt(n / (2 x columns)); blocks are sized for
# the columns of a wide chart (240: a 120-column plot in Braille), a power of two.
BLOCK = 256
BLOCKS_FROM = 64 * BLOCK
_TYPICAL_COLUMNS = 240


@dataclass(frozen=True, slots=True)
class Runs:
    """Runs of a reduced series: column, min, max, first and last y, and joins.

    ``joined[i]`` says whether run i continues the line of run i-1 (no gap).
    """

    cols: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    first: np.ndarray
    last: np.ndarray
    joined: np.ndarray

    def __len__(self) -> int:
        return int(self.cols.shape[0])

    @property
    def y_bounds(self) -> tuple[float, float] | None:
        if not len(self):
            return None
        return float(self.lo.min()), float(self.hi.max())


def _empty() -> Runs:
    z = np.zeros(0)
    return Runs(np.zeros(0, dtype=np.int64), z, z, z, z, np.zeros(0, dtype=bool))


def reduce(x: np.ndarray, y: np.ndarray, x0: float, x1: float, ncols: int) -> Runs:
    """Runs of (x, y) over [x0, x1] split into ``ncols`` equal columns.

    ``x`` may be float or int64 (nanoseconds); x0/x1 are in the same unit.
    """
    n = min(len(x), len(y))
    if n == 0 or ncols < 1 or not x1 > x0:
        return _empty()
    whole = np.asarray(y, dtype=np.float64)
    x, y = x[:n], whole[:n]
    if n > 1 and is_sorted(x):
        lo_i, hi_i = _window(x, x0, x1)
        if n >= BLOCKS_FROM and (blocks := _blocks(whole)) is not None:
            runs = _from_blocks(x[lo_i:hi_i], y, lo_i, blocks, x0, x1, ncols)
            if bool(np.isfinite(runs.lo).all() and np.isfinite(runs.hi).all()):
                return runs
            return _general(x[lo_i:hi_i], y[lo_i:hi_i], x0, x1, ncols)
        ys = y[lo_i:hi_i]
        runs, total = _sorted(x[lo_i:hi_i], ys, x0, x1, ncols)
        # NaN propagates through minimum/maximum and ±Inf shows in them, so finite
        # extremes prove the window finite: no separate pass is needed.
        if bool(np.isfinite(runs.lo).all() and np.isfinite(runs.hi).all()):
            if lo_i == 0 and hi_i == len(whole) and len(runs):
                # The passes just made give the series' statistics for free.
                _remember(
                    whole,
                    "stats",
                    (float(runs.lo.min()), float(runs.hi.max()), total / len(whole), True),
                )
            return runs
        x, y = x[lo_i:hi_i], ys
    elif _all_inside(x, whole, n, x0, x1):
        return _inside(x, y, x0, x1, ncols)
    return _general(x, y, x0, x1, ncols)


def _all_inside(x: np.ndarray, y: np.ndarray, n: int, x0: float, x1: float) -> bool:
    """Whether every point is finite and within [x0, x1] (facts remembered with the arrays):
    then an unsorted series needs no gap or range tests, a third of the passes."""
    if x.dtype.kind != "f" or n != len(x) or n != len(y):
        return False
    bounds = x_bounds(x)
    if bounds is None or not (x0 <= bounds[0] and bounds[1] <= x1):
        return False
    return stats(y)[3] and not any(nonfinite(x))


def _inside(x: np.ndarray, y: np.ndarray, x0: float, x1: float, ncols: int) -> Runs:
    """``_general`` for finite points all in [x0, x1]: a run per change of column."""
    cols = ((x - x0) * (ncols / (x1 - x0))).astype(np.int64)
    np.minimum(cols, ncols - 1, out=cols)
    starts = np.concatenate(([0], np.flatnonzero(cols[1:] != cols[:-1]) + 1))
    joined = np.ones(len(starts), dtype=bool)
    joined[0] = False
    if len(starts) > MAX_JOINED_RUNS:
        joined[:] = False
    ends = np.append(starts[1:], len(x)) - 1
    return Runs(
        cols=cols[starts],
        lo=np.minimum.reduceat(y, starts),
        hi=np.maximum.reduceat(y, starts),
        first=y[starts],
        last=y[ends],
        joined=joined,
    )


def _window(x: np.ndarray, x0: float, x1: float) -> tuple[int, int]:
    if np.issubdtype(x.dtype, np.integer):
        # Nanoseconds past 2^53 are not floats: search with the exact integer bounds,
        # or the last point (at x1 exactly) may round out of the window.
        info = np.iinfo(x.dtype)
        a = min(max(math.ceil(x0), int(info.min)), int(info.max))
        b = min(max(math.floor(x1), int(info.min)), int(info.max))
        return int(np.searchsorted(x, x.dtype.type(a), "left")), int(
            np.searchsorted(x, x.dtype.type(b), "right")
        )
    a, b = _edges(x, np.array([x0, x1], dtype=np.float64))
    return int(np.searchsorted(x, a, "left")), int(np.searchsorted(x, b, "right"))


def sorted_window(x: np.ndarray, x0: float, x1: float) -> tuple[int, int] | None:
    """The indices [first, past the last) of the points of x in [x0, x1] (raw units),
    by binary search; None when x is not sorted (then only a scan can tell)."""
    if len(x) < 2 or not is_sorted(x):
        return None
    return _window(x, x0, x1)


def offsets(x: np.ndarray, x0: float) -> np.ndarray:
    """x - x0 as floats, exact for int64 nanoseconds (where x0 is an int): epoch times
    are past 2^53, so subtracting them as floats would move points by hundreds of ns."""
    if np.issubdtype(x.dtype, np.integer) and isinstance(x0, int):
        near = x0 if -(2**62) < x0 < 2**62 else 0
        with np.errstate(over="ignore"):
            rough = x.astype(np.float64) - float(x0)
            exact = (x - np.int64(near)).astype(np.float64) - float(x0 - near)
        # Differences past int64 wrap around: those are far off the axis anyway.
        return np.where(np.abs(rough) < 2.0**62, exact, rough)
    with np.errstate(invalid="ignore", over="ignore"):
        return x.astype(np.float64, copy=False) - x0


def _edges(x: np.ndarray, edges: np.ndarray) -> np.ndarray:
    # Search in x's own dtype: comparing an int64 array with floats would copy it.
    if np.issubdtype(x.dtype, np.integer):
        whole: np.ndarray = np.ceil(edges).astype(x.dtype)
        return whole
    same: np.ndarray = edges.astype(x.dtype, copy=False)
    return same


def _columns(
    x: np.ndarray, x0: float, x1: float, ncols: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The non-empty columns of sorted x, with the start and end index of each."""
    steps = (x1 - x0) * np.arange(1, ncols, dtype=np.float64) / ncols
    if np.issubdtype(x.dtype, np.integer) and isinstance(x0, int):
        inner = np.int64(x0) + np.ceil(steps).astype(np.int64)  # exact edges in ns
    else:
        inner = _edges(x, x0 + steps)
    idx = np.searchsorted(x, inner, "left")
    bounds = np.concatenate(([0], idx, [len(x)]))
    cols = np.flatnonzero(np.diff(bounds))
    return cols, bounds[:-1][cols], bounds[1:][cols]


def _sorted(x: np.ndarray, y: np.ndarray, x0: float, x1: float, ncols: int) -> tuple[Runs, float]:
    """Runs of sorted x by binary search, and the sum of y (for a mean at no extra pass)."""
    if not len(x):
        return _empty(), 0.0
    cols, starts, ends = _columns(x, x0, x1, ncols)
    runs = Runs(
        cols=cols,
        lo=np.minimum.reduceat(y, starts),
        hi=np.maximum.reduceat(y, starts),
        first=y[starts],
        last=y[ends - 1],
        joined=np.ones(len(cols), dtype=bool),
    )
    with np.errstate(invalid="ignore", over="ignore"):  # +Inf and -Inf sum to NaN: fine
        return runs, float(np.add.reduce(y))


@dataclass(frozen=True, slots=True)
class Blocks:
    """The minimum and maximum of each whole block of ``size`` points of a series."""

    lo: np.ndarray
    hi: np.ndarray
    size: int = BLOCK


def _blocks(y: np.ndarray) -> Blocks | None:
    """The series' blocks, built once per array; None when y holds NaN or ±Inf (such
    a series takes the general path, which cuts the line at each gap)."""
    return fact(y, "blocks", _build_blocks)


def block_size(n: int) -> int:
    """The block length for a series of ``n`` points (see ``_TYPICAL_COLUMNS``)."""
    best = math.sqrt(n / (2 * _TYPICAL_COLUMNS))
    return int(min(max(2 ** round(math.log2(max(best, 1.0))), 16), 4096))


# Points per piece of a sweep: a piece copied to an aligned buffer stays in the cache
# for its three reductions. Doubles read straight from a file's bytes are often not
# 8-byte aligned, and numpy reduces such an array 3-4x slower (no vector loop).
SWEEP = 1 << 16


def _build_blocks(y: np.ndarray) -> Blocks | None:
    size = block_size(len(y))
    whole = len(y) // size * size
    lo, hi = np.empty(whole // size), np.empty(whole // size)
    step = max(SWEEP // size, 1) * size
    buf = np.empty(min(step, whole))
    starts = np.arange(0, step, size)
    total = 0.0
    # reduceat over the block starts runs the vectorised loop over each block; a
    # reduction along axis 1 of a (blocks, size) view costs 20-50% more at these sizes.
    for first in range(0, whole, step):
        piece = buf[: min(step, whole - first)]
        np.copyto(piece, y[first : first + len(piece)])
        at, count = first // size, len(piece) // size
        np.minimum.reduceat(piece, starts[:count], out=lo[at : at + count])
        np.maximum.reduceat(piece, starts[:count], out=hi[at : at + count])
        total += float(np.add.reduce(piece))
    rest = np.asarray(y[whole:], dtype=np.float64)
    low = min(float(lo.min()), float(rest.min()) if len(rest) else math.inf)
    high = max(float(hi.max()), float(rest.max()) if len(rest) else -math.inf)
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    # The mean the summary shows, from the same sweep.
    _remember(y, "stats", (low, high, (total + float(np.add.reduce(rest))) / len(y), True))
    return Blocks(lo, hi, size)


def _from_blocks(
    x: np.ndarray, y: np.ndarray, base: int, blocks: Blocks, x0: float, x1: float, ncols: int
) -> Runs:
    """Runs of the window x = x_all[base:base + len(x)] of a finite series, from its blocks:
    each column's extremes are those of the whole blocks inside it and of the raw points
    of the (at most two) blocks it shares with its neighbours."""
    if not len(x):
        return _empty()
    cols, starts, ends = _columns(x, x0, x1, ncols)
    s, e = starts + base, ends + base  # indices into the whole series
    size = blocks.size
    b0, b1 = -(-s // size), e // size  # the whole blocks [b0, b1) of each column
    inside = b1 > b0
    # Raw points: the head [s, b0*B) and tail [b1*B, e) of columns with whole blocks,
    # everything of the others (fewer than 2 blocks of points each).
    head_end = np.where(inside, b0 * size, e)
    tail_start = np.where(inside, b1 * size, e)
    piece_start = np.stack((s, tail_start), axis=1).ravel()
    piece_len = np.stack((head_end - s, e - tail_start), axis=1).ravel()
    total = int(piece_len.sum())
    before = np.cumsum(piece_len) - piece_len
    raw = y[np.repeat(piece_start - before, piece_len) + np.arange(total)]
    per_col = piece_len.reshape(-1, 2).sum(axis=1)
    lo = np.full(len(cols), np.inf)
    hi = np.full(len(cols), -np.inf)
    has_raw = per_col > 0
    if total:
        at = (np.cumsum(per_col) - per_col)[has_raw]
        lo[has_raw] = np.minimum.reduceat(raw, at)
        hi[has_raw] = np.maximum.reduceat(raw, at)
    if inside.any():
        # Reduce [b0, b1) of each such column; the segments between (a block two
        # columns share, or none) are reduced too and dropped.
        edges = np.stack((b0[inside], b1[inside]), axis=1).ravel()
        if edges[-1] >= len(blocks.lo):
            edges = edges[:-1]  # the last segment runs to the end anyway
        lo[inside] = np.minimum(lo[inside], np.minimum.reduceat(blocks.lo, edges)[::2])
        hi[inside] = np.maximum(hi[inside], np.maximum.reduceat(blocks.hi, edges)[::2])
    return Runs(
        cols=cols,
        lo=lo,
        hi=hi,
        first=y[s],
        last=y[e - 1],
        joined=np.ones(len(cols), dtype=bool),
    )


def _general(x: np.ndarray, y: np.ndarray, x0: float, x1: float, ncols: int) -> Runs:
    with np.errstate(invalid="ignore", over="ignore"):
        pos = offsets(x, x0) * (ncols / (x1 - x0))
    valid = np.isfinite(pos) & np.isfinite(y) & (pos >= 0) & (pos <= ncols)
    piece = np.cumsum(~valid)  # a new piece of line starts after each gap
    keep = np.flatnonzero(valid)
    if not len(keep):
        return _empty()
    cols = np.minimum(pos[keep].astype(np.int64), ncols - 1)
    ys, pieces = y[keep], piece[keep]
    change = np.flatnonzero((np.diff(cols) != 0) | (np.diff(pieces) != 0)) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [len(cols)]))
    joined = np.concatenate(([False], pieces[starts[1:]] == pieces[ends[:-1] - 1]))
    if len(starts) > MAX_JOINED_RUNS:
        joined[:] = False
    return Runs(
        cols=cols[starts],
        lo=np.minimum.reduceat(ys, starts),
        hi=np.maximum.reduceat(ys, starts),
        first=ys[starts],
        last=ys[ends - 1],
        joined=joined,
    )


def coarsen(runs: Runs, src_cols: int, dst_cols: int) -> Runs:
    """Runs at ``dst_cols`` columns from runs at a finer ``src_cols``: O(runs), not O(points)."""
    if not len(runs) or dst_cols >= src_cols:
        return runs
    cols = (runs.cols * dst_cols) // src_cols
    change = np.flatnonzero((np.diff(cols) != 0) | ~runs.joined[1:]) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [len(cols)]))
    return Runs(
        cols=cols[starts],
        lo=np.minimum.reduceat(runs.lo, starts),
        hi=np.maximum.reduceat(runs.hi, starts),
        first=runs.first[starts],
        last=runs.last[ends - 1],
        joined=runs.joined[starts],
    )


# Facts about an array (sorted? its finite range?), remembered for as long as
# the array lives: a converted column never changes, and a redraw (every
# resize) should not pay again for passes over 5M values.
_FACTS: dict[tuple[int, str], object] = {}
_T = TypeVar("_T")


def _same_array(x: np.ndarray) -> np.ndarray:
    """The array x is a whole view of (``col.values[:n]`` with n = len), else x itself."""
    root = x
    while isinstance(root.base, np.ndarray):
        root = root.base
    if (
        root is not x
        and root.shape == x.shape
        and root.dtype == x.dtype
        and root.strides == x.strides
        and root.__array_interface__["data"][0] == x.__array_interface__["data"][0]
    ):
        return root
    return x


def _remember(x: np.ndarray, name: str, value: object) -> None:
    x = _same_array(x)
    key = (id(x), name)
    if key not in _FACTS:
        try:
            weakref.finalize(x, _FACTS.pop, key, None)
        except TypeError:
            return
        _FACTS[key] = value


def fact(x: np.ndarray, name: str, compute: Callable[[np.ndarray], _T]) -> _T:
    """``compute(x)``, remembered for as long as the array ``x`` lives."""
    x = _same_array(x)
    key = (id(x), name)
    if key in _FACTS:
        return cast(_T, _FACTS[key])  # a name is always computed by the same function
    value = compute(x)
    try:
        weakref.finalize(x, _FACTS.pop, key, None)
    except TypeError:  # not weak-referenceable: do not remember
        return value
    _FACTS[key] = value
    return value


def is_sorted(x: np.ndarray) -> bool:
    """True when x is non-decreasing (NaN makes it False)."""
    return bool(fact(x, "sorted", lambda a: bool((a[1:] >= a[:-1]).all()) if len(a) > 1 else True))


def stats(y: np.ndarray) -> tuple[float, float, float, bool]:
    """(min, max, mean) of the finite values (NaN when none) and whether all are finite."""

    def compute(a: np.ndarray) -> tuple[float, float, float, bool]:
        if not len(a):
            return np.nan, np.nan, np.nan, True
        low, high, total = _sweep(a)
        if np.isfinite(low) and np.isfinite(high):  # NaN or ±Inf would show here
            return low, high, total / len(a), True
        finite = a[np.isfinite(a)]
        if not len(finite):
            return np.nan, np.nan, np.nan, False
        return float(finite.min()), float(finite.max()), float(finite.mean()), False

    return fact(y, "stats", compute)


def _sweep(a: np.ndarray) -> tuple[float, float, float]:
    """The minimum, maximum and sum of ``a`` (NaN shows in all three), read in aligned
    pieces (see SWEEP) when it is long."""
    if len(a) <= SWEEP or a.dtype.kind != "f":
        return float(a.min()), float(a.max()), float(np.add.reduce(a, dtype=np.float64))
    buf = np.empty(SWEEP, dtype=a.dtype)
    low, high, total = math.inf, -math.inf, 0.0
    for first in range(0, len(a), SWEEP):
        piece = buf[: min(SWEEP, len(a) - first)]
        np.copyto(piece, a[first : first + len(piece)])
        lo, hi = float(piece.min()), float(piece.max())
        if not (math.isfinite(lo) and math.isfinite(hi)):
            return lo, hi, math.nan  # NaN or ±Inf: the caller looks at the finite values
        low, high = min(low, lo), max(high, hi)
        total += float(np.add.reduce(piece, dtype=np.float64))
    return low, high, total


def nonfinite(y: np.ndarray) -> tuple[int, int, int]:
    """How many values are NaN, +Inf and -Inf (remembered like ``stats``)."""

    def compute(a: np.ndarray) -> tuple[int, int, int]:
        if a.dtype.kind != "f":
            return 0, 0, 0
        nan = int(np.count_nonzero(np.isnan(a)))
        pos = int(np.count_nonzero(a == np.inf))
        return nan, pos, int(np.count_nonzero(a == -np.inf))

    return fact(y, "nonfinite", compute)


def x_bounds(x: np.ndarray) -> tuple[float, float] | None:
    """The smallest and largest finite x, cheaply when x is sorted (remembered with the
    array when it is not: every draw of an unsorted line asks)."""
    if not len(x):
        return None
    if x.dtype.kind in "iu":  # ints stay ints: nanoseconds past 2^53 are not floats
        if is_sorted(x):
            return int(x[0]), int(x[-1])
        return fact(x, "int-bounds", lambda a: (int(a.min()), int(a.max())))
    if x.dtype.kind != "f" and is_sorted(x):
        return float(x[0]), float(x[-1])
    if x.dtype.kind == "f" and len(x) > 1 and not is_sorted(x):
        return fact(x, "bounds", _float_bounds)
    return _float_bounds(x)


def _float_bounds(x: np.ndarray) -> tuple[float, float] | None:
    if x.dtype.kind == "f":
        finite = x[np.isfinite(x)] if not np.isfinite(x).all() else x
        if not len(finite):
            return None
        x = finite
    return float(x.min()), float(x.max())
