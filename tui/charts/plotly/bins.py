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
import re
from dataclasses import dataclass
from typing import Any, TypeGuard

import numpy as np

from tui.charts.plotly.fields import nested
from tui.charts.plotly.positions import MS_PER_DAY, add_months, civil_from_days, date_ms

TOLERANCE = 1e-9  # plotly.js's findBin
# plotly.js's constants for date axes, in ms.
AVG_YEAR, AVG_MONTH, HOUR, MINUTE, SECOND = 315576e5, 26298e5, 36e5, 6e4, 1e3
TICK0 = 946_684_800_000.0  # 2000-01-01, plotly.js's first tick on a date axis
SUNDAY = TICK0 + MS_PER_DAY  # 2000-01-02: day-sized ticks fall on Sundays
MAX_BINS = 100_000  # plotly.js allows a million; more than any terminal shows, cut here


@dataclass(frozen=True, slots=True)
class Bins:
    """Bins from ``start`` below ``end``, ``size`` wide (in the axis's numbers: ms on
    a date axis), or ``size`` calendar months wide when ``months``."""

    start: float
    end: float
    size: float
    months: bool = False

    def step(self, edge: float, sign: int = 1) -> float:
        """``Axes.tickIncrement``: the next edge after ``edge`` (before it: ``sign`` -1)."""
        if self.months:
            return add_months(edge, sign * int(self.size))
        return edge + sign * self.size

    def edges(self) -> np.ndarray:
        """The bin edges, as plotly.js lays them: from ``start`` while below ``end``."""
        edges = [self.start]
        stop = self.end + (self.start - self.step(self.start)) / 1e6
        edge = self.start
        while edge < stop and len(edges) <= MAX_BINS:  # summed, as plotly.js sums them
            after = self.step(edge)
            edges.append(after)
            if after <= edge:
                break
            edge = after
        if len(edges) == 1:
            edges.append(self.step(self.start))
        return np.array(edges)

    def index(self, values: np.ndarray) -> np.ndarray:
        """The bin each value falls in (``Lib.findBin``): -1 or past the last when none."""
        if not self.months:
            return np.floor((values - self.start) / self.size + TOLERANCE).astype(np.int64)
        edges = self.edges()
        mean = (edges[-1] - edges[0]) / (len(edges) - 1) if len(edges) > 1 else 1.0
        found = np.searchsorted(edges, values + abs(mean) * TOLERANCE, side="right") - 1
        return np.where(np.isfinite(values), found, -1).astype(np.int64)

    def counts(self, values: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """How many of ``values`` fall in each bin (those outside every bin are not
        counted); with ``weights``, their sum in each bin."""
        bins = len(self.edges()) - 1
        index = self.index(values)
        keep = (index >= 0) & (index < bins)
        own = None if weights is None else weights[keep]
        return np.bincount(index[keep], own, minlength=bins).astype(np.float64)


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
    traces: list[dict[str, Any]], values: list[np.ndarray], barmode: object, kind: str = "linear"
) -> list[Bins | None]:
    """The bins of each trace (None for a trace with no finite value) on an axis of
    ``kind`` ("linear", "date" or "category"; ``values`` in its numbers): grouped as
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
        spec = _options([traces[k] for k in members], kind)
        every = np.concatenate(data)
        if kind == "category":
            auto = Bins(float(every.min()) - 0.5, float(every.max()) + 0.5, 1.0)
            if "size" in spec:
                auto = Bins(auto.start, auto.end, float(max(1, _js_round(spec["size"]))))
        elif kind == "date":
            auto = autobin_date(every, spec.get("nbins"), spec.get("size"), spec.get("months"))
        else:
            auto = autobin(every, spec.get("nbins"), spec.get("size"))
        start = spec.get("start", auto.start)
        end = spec.get("end", auto.end)
        group = Bins(start, end, auto.size, auto.months)
        for k in members:
            if len(values[k]):
                out[k] = _own(traces[k], values[k], spec, group, kind)
    return out


def _options(traces: list[dict[str, Any]], kind: str = "linear") -> dict[str, float]:
    """start, end, size and nbins: each from the first trace of the group that gives it
    (nbins only when no size is given), as plotly.js coerces them; on a date axis a
    start or end may be a date and a size "M<months>" (then ``months`` is 1)."""
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
            if name == "size" and kind == "date" and _month_size(raw):
                found["size"], found["months"] = float(_month_size(raw)), 1.0
                break
            if kind == "date" and name in ("start", "end") and isinstance(raw, str):
                raw = date_ms(raw)
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


def _month_size(raw: object) -> int:
    """The months of a date axis's "M<n>" bin size (0 when it is not one)."""
    if isinstance(raw, str) and re.fullmatch(r"M\d{1,4}", raw.strip()):
        return int(raw.strip()[1:])
    return 0


def _own(
    trace: dict[str, Any], values: np.ndarray, spec: dict[str, float], group: Bins, kind: str
) -> Bins:
    """A trace's bins within its group's: on the group's grid, but from the bin that
    holds its own first value when a start is given, and to its own last value when
    an end is (what plotly.js does for every trace after the first)."""
    axis = direction(trace)
    own = nested(trace, axis + "bins")
    start, end = group.start, group.end
    first, last = own.get("start"), own.get("end")
    if kind == "date":
        first = date_ms(first) if isinstance(first, str) else first
        last = date_ms(last) if isinstance(last, str) else last
    if ("start" in spec or _number(first)) and (not _number(first) or first != group.start):
        low = float(first) if _number(first) else float(values.min())
        start = _first_tick(low, group.step(low), group, group.start)
        if start > low:
            start = group.step(start, -1)
    if ("end" in spec or _number(last)) and (not _number(last) or last != group.end):
        end = float(last) if _number(last) else float(values.max())
    return Bins(start, end, group.size, group.months)


def _rough_size(data: np.ndarray, lo: float, hi: float, nbins: float | None) -> float:
    """plotly.js's first guess at a bin size, before it is made round (linear or date)."""
    if nbins:
        return (hi - lo) / nbins
    diff = _min_diff(data)
    exp = 10.0 ** math.floor(math.log(diff) / math.log(10))
    least = exp * _round_up(diff / exp, (0.9, 1.9, 4.9, 9.9), reverse=True)
    rough = max(least, 2 * float(np.std(data)) / len(data) ** 0.4)
    return rough if math.isfinite(rough) else 1.0


def autobin(data: np.ndarray, nbins: float | None, size: float | None) -> Bins:
    """plotly.js's ``Axes.autoBin`` on a linear axis."""
    lo, hi = float(data.min()), float(data.max())
    if size:
        step = size
    else:
        rough = _rough_size(data, lo, hi, nbins)
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


def _shift(
    start: float, data: np.ndarray, step: float, lo: float, hi: float, date: bool = False
) -> float:
    """plotly.js's ``autoShiftNumericBins``: integers get bins centred on them (not on a
    date axis); data crowding the bin edges (and not the middles) moves the bins by half
    a bin."""

    def near_edge(v: np.ndarray | float) -> np.ndarray:
        return np.asarray(np.fmod(1 + (np.asarray(v) - start) * 100 / step, 100) < 2)

    count = len(data)
    if not date and int(np.count_nonzero(np.fmod(data, 1) == 0)) == count:
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


def autobin_date(
    data: np.ndarray, nbins: float | None, size: float | None, months: float | None
) -> Bins:
    """plotly.js's ``Axes.autoBin`` on a date axis (``data`` in ms): a size given is kept
    (``months``: it counts months), else one is chosen as plotly.js chooses a date
    axis's tick step, from a round number of ms up to days, months and years."""
    lo, hi = _tenths(float(data.min())), _tenths(float(data.max()))
    if size:
        step, tick0 = Bins(0, 0, size, bool(months)), TICK0
    else:
        rough = _rough_size(data, lo, hi, nbins)
        step, tick0 = _date_step(rough)
    start = step.step(_first_tick(lo, hi, step, tick0), -1)
    if not step.months:
        start = _shift(start, data, step.size, lo, hi, date=True)
        count = 1 + math.floor((hi - start) / step.size)
        end = start + count * step.size
    else:
        start = _shift_months(start, data, step, lo)
        end = start
        while end <= hi:
            end = step.step(end)
    return Bins(_tenths(start), _tenths(end), step.size, step.months)


def _date_step(rough: float) -> tuple[Bins, float]:
    """``Axes.autoTicks`` on a date axis: the step (a Bins of no extent: its size and
    whether it counts months) and the tick it starts from."""

    def rounded(value: float, base: float, options: tuple[float, ...]) -> float:
        return base * _round_up(value / base, options)

    def power(value: float) -> float:
        return 10.0 ** math.floor(math.log(value) / math.log(10))

    twice = 2 * rough
    if twice > AVG_YEAR:
        years = rough / AVG_YEAR
        return Bins(0, 0, 12 * rounded(years, power(years), (2, 5, 10)), True), TICK0
    if twice > AVG_MONTH:
        return Bins(0, 0, rounded(rough / AVG_MONTH, 1, (1, 2, 3, 6, 12)), True), TICK0
    if twice > MS_PER_DAY:
        return Bins(0, 0, rounded(rough, MS_PER_DAY, (1, 2, 3, 7, 14))), SUNDAY
    if twice > HOUR:
        return Bins(0, 0, rounded(rough, HOUR, (1, 2, 3, 6, 12))), TICK0
    if twice > MINUTE:
        return Bins(0, 0, rounded(rough, MINUTE, (1, 2, 5, 10, 15, 30))), TICK0
    if twice > SECOND:
        return Bins(0, 0, rounded(rough, SECOND, (1, 2, 5, 10, 15, 30))), TICK0
    return Bins(0, 0, rounded(rough, power(rough), (2, 5, 10))), TICK0


def _first_tick(lo: float, hi: float, step: Bins, tick0: float) -> float:
    """``Axes.tickFirst`` for a step of ``step.size`` (or of months, found as plotly.js
    finds it: jumping from ``tick0`` by whole numbers of steps, at most ten times)."""
    if not step.months:
        return _tick_first(lo, hi, step.size, tick0)
    low = lo - (hi - lo) * 1e-4
    edge = tick0
    for _ in range(10):
        after = step.step(edge)
        if (after - low) * (edge - low) <= 0:
            return max(edge, after)
        jumps = (low - (edge + after) / 2) / (after - edge)
        by = Bins(0, 0, (abs(_js_round(jumps)) or 1) * step.size, True)
        edge = by.step(edge, -1 if jumps < 0 else 1)
    return edge


def _shift_months(start: float, data: np.ndarray, step: Bins, lo: float) -> float:
    """plotly.js's ``autoShiftMonthBins``: month bins of data at whole days, months or
    years move to put those days in the middle of the bins."""
    days = data[np.fmod(data, MS_PER_DAY) == 0]
    count = len(data)
    on_first = [civil_from_days(int(d // MS_PER_DAY)) for d in days.tolist()]
    years = sum(1 for _, m, d in on_first if d == 1 and m == 1)
    months = sum(1 for _, _, d in on_first if d == 1)
    if len(days) / count <= 0.8:
        return start
    if years / count > 0.8 and int(step.size) % 12 == 0:
        start = add_months(start, -6) + MS_PER_DAY * 1.5
    elif months / count > 0.8:
        start = add_months(start, -1) + MS_PER_DAY * 15.5
    else:
        start -= MS_PER_DAY / 2
    after = step.step(start)
    return after if after <= lo else start


def _tenths(ms: float) -> float:
    """``ms`` as plotly.js keeps it after writing it as a date: to a tenth of a ms."""
    tenths = math.floor(((ms + 0.05) % 1) * 10)
    return float(_js_round(ms - tenths / 10)) + tenths / 10


def _js_round(value: float) -> int:
    """JavaScript's Math.round: halves go up."""
    return math.floor(value + 0.5)
