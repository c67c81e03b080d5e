"""Histogram bins as Plotly.js makes them, for numeric axes.

A port of what plotly.js does before it counts (``Axes.autoBin`` and the bin
options of ``histogram/calc.js``), so that our buckets hold what the web app's
do: traces on one plot share their bins unless the bar mode is ``overlay``;
a bin size the figure gives is kept, else one is chosen from ``nbinsx`` or
from the spread of the data and rounded up to 2, 5 or 10 times a power of ten;
bins start one size below the first round value under the data, shifted by
half a bin when the data are integers or sit on the edges; a start or end the
figure gives is kept. Bins hold [lower, upper), as Plotly counts them, and
the empty ones before the first value and after the last are not drawn.
tests/test_plotly_bins.py compares every case with plotly.js itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, TypeGuard

import numpy as np

from tui.charts.plotly.fields import nested

TOLERANCE = 1e-9  # plotly.js's findBin
MAX_BINS = 100_000  # plotly.js allows a million; more than any terminal shows, cut here


@dataclass(frozen=True, slots=True)
class Bins:
    start: float
    end: float
    size: float

    def edges(self) -> np.ndarray:
        """The bin edges, as plotly.js lays them: from ``start`` while below ``end``."""
        edges = [self.start]
        stop = self.end - self.size / 1e6
        edge = self.start
        while edge < stop and len(edges) <= MAX_BINS:  # summed, as plotly.js sums them
            edge += self.size
            edges.append(edge)
        if len(edges) == 1:
            edges.append(self.start + self.size)
        return np.array(edges)

    def counts(self, values: np.ndarray) -> np.ndarray:
        """How many of ``values`` fall in each bin (those outside every bin are not counted)."""
        bins = len(self.edges()) - 1
        index = np.floor((values - self.start) / self.size + TOLERANCE)
        inside = index[(index >= 0) & (index < bins)].astype(np.int64)
        return np.bincount(inside, minlength=bins).astype(np.float64)


def trimmed(edges: np.ndarray, counts: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Bins from the first to the last that holds a value in any of ``counts``, as
    plotly.js keeps them (all of them when none holds one)."""
    if not counts:
        return edges, counts
    held = np.flatnonzero(np.any(np.vstack(counts) != 0, axis=0))
    if not len(held):
        return edges, counts
    first, last = int(held[0]), int(held[-1])
    return edges[first : last + 2], [c[first : last + 1] for c in counts]


def direction(trace: dict[str, Any]) -> str:
    """The axis a histogram bins: ``y`` when horizontal (or given only y), else ``x``."""
    if trace.get("orientation") == "h" or ("x" not in trace and "y" in trace):
        return "y"
    return "x"


def for_traces(
    traces: list[dict[str, Any]], values: list[np.ndarray], barmode: object
) -> list[Bins | None]:
    """The bins of each trace (None for a trace with no finite value): grouped as
    plotly.js groups them, then resolved per trace."""
    groups: dict[str, list[int]] = {}
    for k, trace in enumerate(traces):
        own = trace.get("bingroup")
        if isinstance(own, str) and own:
            key = "group " + own
        elif barmode == "overlay":
            key = f"trace {k}"
        else:
            key = "plot " + direction(trace)
        groups.setdefault(key, []).append(k)
    out: list[Bins | None] = [None] * len(traces)
    for members in groups.values():
        data = [values[k] for k in members if len(values[k])]
        if not data:
            continue
        spec = _options([traces[k] for k in members])
        auto = autobin(np.concatenate(data), spec.get("nbins"), spec.get("size"))
        start = spec.get("start", auto.start)
        end = spec.get("end", auto.end)
        for k in members:
            if len(values[k]):
                out[k] = _own(traces[k], values[k], spec, Bins(start, end, auto.size))
    return out


def _options(traces: list[dict[str, Any]]) -> dict[str, float]:
    """start, end, size and nbins: each from the first trace of the group that gives it
    (nbins only when no size is given), as plotly.js coerces them."""
    found: dict[str, float] = {}
    for name in ("start", "end", "size", "nbins"):
        if name == "nbins" and "size" in found:
            continue
        for trace in traces:
            axis = direction(trace)
            raw = (
                trace.get("nbins" + axis)
                if name == "nbins"
                else nested(trace, axis + "bins").get(name)
            )
            if raw is None:
                continue
            if name == "size" and not (_number(raw) and raw > 0):
                continue
            if name == "nbins" and not (_number(raw) and raw >= 0):
                continue
            if _number(raw):
                found[name] = float(int(raw) if name == "nbins" else raw)
                break
    if not found.get("nbins"):
        found.pop("nbins", None)  # 0: automatic
    return found


def _own(trace: dict[str, Any], values: np.ndarray, spec: dict[str, float], group: Bins) -> Bins:
    """A trace's bins within its group's: on the group's grid, but from the bin that
    holds its own first value when a start is given, and to its own last value when
    an end is (what plotly.js does for every trace after the first)."""
    axis = direction(trace)
    own = nested(trace, axis + "bins")
    start, end = group.start, group.end
    first = own.get("start")
    if ("start" in spec or _number(first)) and (not _number(first) or first != group.start):
        low = float(first) if _number(first) else float(values.min())
        start = _tick_first(low, low + group.size, group.size, group.start)
        if start > low:
            start -= group.size
    last = own.get("end")
    if ("end" in spec or _number(last)) and (not _number(last) or last != group.end):
        end = float(last) if _number(last) else float(values.max())
    return Bins(start, end, group.size)


def autobin(data: np.ndarray, nbins: float | None, size: float | None) -> Bins:
    """plotly.js's ``Axes.autoBin`` on a linear axis."""
    lo, hi = float(data.min()), float(data.max())
    if size:
        step = size
    else:
        if nbins:
            rough = (hi - lo) / nbins
        else:
            diff = _min_diff(data)
            exp = 10.0 ** math.floor(math.log(diff) / math.log(10))
            least = exp * _round_up(diff / exp, (0.9, 1.9, 4.9, 9.9), reverse=True)
            rough = max(least, 2 * float(np.std(data)) / len(data) ** 0.4)
            if not math.isfinite(rough):
                rough = 1.0
        step = _nice(rough)
    start = _tick_first(lo, hi, step, 0.0) - step
    start = _shift(start, data, step, lo, hi)
    count = 1 + math.floor((hi - start) / step)
    return Bins(start, start + count * step, step)


def _nice(rough: float) -> float:
    """``Axes.autoTicks`` for a linear axis: ``rough`` rounded up past 2, 5 or 10 times a
    power of ten (the power as JavaScript computes it, log(x)/LN10, floored)."""
    if not rough > 0 or not math.isfinite(rough):
        return 1.0
    base = 10.0 ** math.floor(math.log(rough) / math.log(10))
    step = base * _round_up(rough / base, (2.0, 5.0, 10.0))
    return step or 1.0


def _round_up(value: float, options: tuple[float, ...], reverse: bool = False) -> float:
    """``Lib.roundUp``, a binary search that, as written, returns the first option above
    ``value`` (with ``reverse``, the last one at or below it)."""
    low, high, rounds = 0, len(options) - 1, 0
    while low < high and rounds < 100:
        rounds += 1
        mid = math.ceil((low + high) / 2) if reverse else (low + high) // 2
        if options[mid] <= value:
            low = mid if reverse else mid + 1
        else:
            high = mid - 1 if reverse else mid
    return options[low]


def _min_diff(data: np.ndarray) -> float:
    """``Lib.distinctVals(...).minDiff``: the smallest gap between distinct values (ones
    closer than a ten-thousandth of the mean gap count as one), else the span, else 1."""
    ordered = np.sort(data)
    span = float(ordered[-1] - ordered[0]) or 1.0
    close = span / (len(ordered) - 1 or 1) / 1e4
    unique = np.unique(ordered)
    gaps = np.diff(unique)
    if not len(gaps) or gaps.min() > close:
        return min(span, float(gaps.min())) if len(gaps) else span
    best, last = span, float(unique[0])  # near-duplicates: walk them as plotly.js does
    for value in unique[1:].tolist():
        if value - last > close:
            best = min(best, value - last)
            last = value
    return best


def _tick_first(lo: float, hi: float, step: float, tick0: float) -> float:
    """``Axes.tickFirst``: the first tick at or above the range's start (less a ten
    thousandth of the range, to keep a tick that rounding would push out)."""
    start = lo - (hi - lo) * 1e-4
    return math.ceil((start - tick0) / step) * step + tick0


def _shift(start: float, data: np.ndarray, step: float, lo: float, hi: float) -> float:
    """plotly.js's ``autoShiftNumericBins``: integers get bins centred on them; data
    crowding the bin edges (and not the middles) moves the bins by half a bin."""

    def near_edge(v: np.ndarray | float) -> np.ndarray:
        return np.asarray(np.fmod(1 + (np.asarray(v) - start) * 100 / step, 100) < 2)

    count = len(data)
    if int(np.count_nonzero(np.fmod(data, 1) == 0)) == count:
        if step < 1:
            return lo - 0.5 * step
        start -= 0.5
        return start + step if start + step < lo else start
    edges = int(np.count_nonzero(near_edge(data)))
    middles = int(np.count_nonzero(near_edge(data + step / 2)))
    if middles < count * 0.1 and (edges > count * 0.3 or near_edge(lo) or near_edge(hi)):
        half = step / 2
        start += half if start + half < lo else -half
    return start


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
