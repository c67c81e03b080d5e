"""Histogram traces binned and aggregated as plotly.js does, on any axis type.

The values are placed on their axis as plotly.js places them (positions.py:
numbers, dates in ms, categories by index), binned (bins.py), then each bin
holds what ``histfunc`` asks of the other axis's values (count, sum, avg, min,
max), ``histnorm`` is applied and ``cumulative`` runs over it. The drawing
(shapes.py) may merge neighbouring bins to fit; merged bins aggregate the same
way, so a merged bar is the bar Plotly would draw for the wider bin.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui.charts import scale
from tui.charts.plotly import bins as bn
from tui.charts.plotly import positions as pos
from tui.charts.plotly.fields import nested, numbers, trace_name

FUNCS = ("count", "sum", "avg", "min", "max")
NORMS = ("percent", "probability", "density", "probability density")


@dataclass(slots=True)
class Binned:
    """Every shown trace on one grid of bins, trimmed to the bins that hold a value."""

    axis: pos.Axis
    edges: np.ndarray  # in the axis's numbers
    grid: bn.Bins  # the bins' step (its size and whether it counts months)
    names: list[str]
    traces: list[dict[str, Any]]
    funcs: list[str]
    sums: list[np.ndarray]  # per bin: the count, or the sum, min or max of the values
    counts: list[np.ndarray]  # per bin: how many values fell in it (avg divides by it)
    totals: list[float]  # what histnorm divides by

    def heights(self, group: int = 1) -> tuple[np.ndarray, list[np.ndarray]]:
        """The edges and each trace's bar heights (NaN: no bar) with every ``group``
        neighbouring bins merged into one, as Plotly would draw the wider bin."""
        bins = len(self.edges) - 1
        starts = np.arange(0, bins, max(group, 1))
        ends = np.minimum(starts + max(group, 1), bins)
        edges = np.append(self.edges[starts], self.edges[-1])
        widths = self.edges[ends] - self.edges[starts]
        out = []
        for trace, func, sums, counts, total in zip(
            self.traces, self.funcs, self.sums, self.counts, self.totals, strict=True
        ):
            merged_counts = np.add.reduceat(counts, starts)
            if func in ("min", "max"):
                with np.errstate(invalid="ignore"):
                    pick = np.fmin if func == "min" else np.fmax
                    values = pick.reduceat(sums, starts)
            else:
                values = np.add.reduceat(sums, starts)
            if func == "avg":
                with np.errstate(invalid="ignore", divide="ignore"):
                    values = np.where(merged_counts > 0, values / merged_counts, np.nan)
            values = normed(values, total, widths, norm_of(trace))
            out.append(cumulative(values, trace))
        if any(_current_bin(t) is not None for t in self.traces):
            # plotly.js trims the empty ends after the running sum: 'exclude' starts at 0.
            held = np.zeros(len(edges) - 1, dtype=bool)
            for values in out:
                held |= np.isfinite(values) & (values != 0)
            where = np.flatnonzero(held)
            if len(where):
                a, b = int(where[0]), int(where[-1])
                edges, out = edges[a : b + 2], [v[a : b + 1] for v in out]
        return edges, out


def norm_of(trace: dict[str, Any]) -> str:
    """A trace's ``histnorm``: none for counts; a density is dropped when cumulative,
    as plotly.js drops it."""
    norm = trace.get("histnorm")
    norm = norm if norm in NORMS else ""
    if nested(trace, "cumulative").get("enabled") is True:
        norm = norm.replace(" density", "").replace("density", "")
    return norm


def func_of(trace: dict[str, Any]) -> str:
    """A trace's ``histfunc``, applied only when the other axis has values to apply it to."""
    func = trace.get("histfunc", "count")
    other = "y" if bn.direction(trace) == "x" else "x"
    if func not in FUNCS or func == "count" or trace.get(other) is None:
        return "count"
    return str(func)


def bin_traces(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    notes: list[str],
    only: int | None = None,
) -> Binned | None:
    """The histogram traces binned (all binned together, as plotly.js groups them, but
    with ``only``, that one of the traces with values alone, on its own bins); None when
    no trace has a value to bin."""
    if not traces:
        return None
    horizontal = bn.direction(traces[0][1]) == "y"
    axis_node = nested(layout, "yaxis" if horizontal else "xaxis")
    first = next((t.get(bn.direction(t)) for _, t in traces if t.get(bn.direction(t))), None)
    axis = pos.axis_for(axis_node, first)
    found: list[tuple[str, dict[str, Any], np.ndarray, np.ndarray | None]] = []
    for i, trace in traces:
        name = trace_name(trace, i)
        letter = bn.direction(trace)
        values = pos.calc(trace.get(letter), axis, notes, f"{name} {letter}")
        if values is None:
            continue
        weights = None
        if func_of(trace) != "count":
            other = "y" if letter == "x" else "x"
            weights = numbers(trace.get(other), notes, f"{name} {other}")
            if weights is None:
                weights = np.zeros(0)
            n = min(len(values), len(weights))
            values, weights = values[:n], weights[:n]
        found.append((name, trace, values, weights))
    order = axis_node.get("categoryorder")
    by_total = _category_totals(axis, found) if order in pos.TOTAL_ORDERS else None
    pos.sort_categories(axis, order, [v for _, _, v, _ in found], by_total)
    kept = []
    for name, trace, values, weights in found:
        ok = np.isfinite(values)
        kept.append((name, trace, values[ok], None if weights is None else weights[ok]))
    found_bins = bn.for_traces(
        [t for _, t, _, _ in kept], [v for _, _, v, _ in kept], layout.get("barmode"), axis.kind
    )
    shown = [(k, b) for k, b in zip(kept, found_bins, strict=True) if b is not None]
    if only is not None:
        shown = shown[only : only + 1]
    if not shown:
        return None
    edges, step = _grid([b for _, b in shown])
    sums, counts, totals = [], [], []
    for (name, trace, values, weights), bins in shown:
        if _same_step(bins, step) and _at_edge(edges, bins.start) is not None:
            # Values outside the trace's own bins are not counted, as plotly.js counts.
            own = bins.edges()
            inside = (values >= own[0] - abs(own[1] - own[0]) * bn.TOLERANCE) & (
                values < own[-1] - abs(own[-1] - own[-2]) * bn.TOLERANCE
            )
            values = values[inside]
            weights = None if weights is None else weights[inside]
        else:
            what = _size_text(bins, axis)
            notes.append(f"{name}: its bins (size {what}) drawn on the first trace's")
        s, c = _aggregate(edges, values, weights, func_of(trace))
        sums.append(s)
        counts.append(c)
        totals.append(float(np.nansum(_finish(s, c, func_of(trace)))) or 1.0)
    edges, sums, counts = _trim(edges, sums, counts, [func_of(t) for (_, t, _, _), _ in shown])
    edges, sums, counts = _running_bin(edges, sums, counts, [t for (_, t, _, _), _ in shown], step)
    return Binned(
        axis,
        edges,
        step,
        [k[0] for k, _ in shown],
        [k[1] for k, _ in shown],
        [func_of(k[1]) for k, _ in shown],
        sums,
        counts,
        totals,
    )


def _category_totals(
    axis: pos.Axis, found: list[tuple[str, dict[str, Any], np.ndarray, np.ndarray | None]]
) -> np.ndarray:
    """Each category's bar height (histfunc and histnorm applied) summed over the traces:
    what ``categoryorder: "total …"`` sorts by."""
    edges = np.arange(len(axis.categories) + 1, dtype=np.float64) - 0.5
    out = np.zeros(len(axis.categories))
    for _, trace, values, weights in found:
        ok = np.isfinite(values)
        func = func_of(trace)
        sums, counts = _aggregate(edges, values[ok], None if weights is None else weights[ok], func)
        heights = _finish(sums, counts, func)
        total = float(np.nansum(heights)) or 1.0
        out += np.nan_to_num(normed(heights, total, np.ones(len(out)), norm_of(trace)), nan=0.0)
    return out


def _grid(found: list[bn.Bins]) -> tuple[np.ndarray, bn.Bins]:
    """Edges that cover every trace's bins of the first one's step, from the first
    start to the last end."""
    step = found[0]
    same = [b for b in found if _same_step(b, step)]
    starts = [b.start for b in same]
    ends = [float(b.edges()[-1]) for b in same]
    lo = min(starts)
    # The grid steps from the earliest start that is on the first trace's grid.
    grid = bn.Bins(lo, max(ends), step.size, step.months)
    return grid.edges(), step


def _same_step(a: bn.Bins, b: bn.Bins) -> bool:
    return a.months == b.months and abs(a.size - b.size) <= abs(b.size) * 1e-9


def _at_edge(edges: np.ndarray, value: float) -> int | None:
    k = int(np.argmin(np.abs(edges - value)))
    tol = abs(float(edges[1] - edges[0])) * 1e-6 if len(edges) > 1 else 1e-9
    return k if abs(float(edges[k]) - value) <= tol else None


def _aggregate(
    edges: np.ndarray, values: np.ndarray, weights: np.ndarray | None, func: str
) -> tuple[np.ndarray, np.ndarray]:
    """Per bin of ``edges`` (each [lower, upper), plotly.js's findBin): what ``func``
    makes of the weights, and how many values (of a numeric weight, for avg) fell in."""
    bins = len(edges) - 1
    mean = (edges[-1] - edges[0]) / bins if bins else 1.0
    index = np.searchsorted(edges, values + abs(mean) * bn.TOLERANCE, side="right") - 1
    keep = (index >= 0) & (index < bins)
    if func == "count" or weights is None:
        c = np.bincount(index[keep], minlength=bins).astype(np.float64)
        return c, c
    w = weights[keep]
    at = index[keep]
    numeric = np.isfinite(w)
    c = np.bincount(at[numeric], minlength=bins).astype(np.float64)
    if func in ("sum", "avg"):
        return np.bincount(at[numeric], w[numeric], minlength=bins).astype(np.float64), c
    out = np.full(bins, np.nan)
    ufunc = np.fmin if func == "min" else np.fmax
    ufunc.at(out, at[numeric], w[numeric])
    return out, c


def _finish(sums: np.ndarray, counts: np.ndarray, func: str) -> np.ndarray:
    if func == "avg":
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(counts > 0, sums / counts, np.nan)
    return sums


def _trim(
    edges: np.ndarray, sums: list[np.ndarray], counts: list[np.ndarray], funcs: list[str]
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """From the first bin to the last whose value is not zero or empty in any trace, as
    plotly.js trims each (all of them when none has one)."""
    held = np.zeros(len(edges) - 1, dtype=bool)
    for s, c, f in zip(sums, counts, funcs, strict=True):
        v = _finish(s, c, f)
        held |= np.isfinite(v) & (v != 0)
    where = np.flatnonzero(held)
    if not len(where):
        return edges, sums, counts
    a, b = int(where[0]), int(where[-1])
    return edges[a : b + 2], [s[a : b + 1] for s in sums], [c[a : b + 1] for c in counts]


def _current_bin(trace: dict[str, Any]) -> str | None:
    """A cumulative trace's ``currentbin`` when it is not "include" (the default)."""
    spec = nested(trace, "cumulative")
    if spec.get("enabled") is not True:
        return None
    found = spec.get("currentbin")
    return found if found in ("exclude", "half") else None


def _running_bin(
    edges: np.ndarray,
    sums: list[np.ndarray],
    counts: list[np.ndarray],
    traces: list[Any],
    step: bn.Bins,
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """One empty bin more after the last (before the first when decreasing) when a trace
    sums without all of the current bin, as plotly.js adds it: that bin holds the total."""
    found = [t for t in traces if _current_bin(t) is not None]
    if not found:
        return edges, sums, counts
    first = found[0]
    down = nested(first, "cumulative").get("direction") == "decreasing"
    zero = np.zeros(1)
    if down:
        edges = np.concatenate(([step.step(float(edges[0]), -1)], edges))
        return (
            edges,
            [np.concatenate((zero, v)) for v in sums],
            [np.concatenate((zero, c)) for c in counts],
        )
    edges = np.append(edges, step.step(float(edges[-1])))
    return edges, [np.append(v, 0.0) for v in sums], [np.append(c, 0.0) for c in counts]


def cumulative(values: np.ndarray, trace: dict[str, Any]) -> np.ndarray:
    """A ``cumulative`` histogram's running values (``direction`` increasing or
    decreasing) with the current bin included (Plotly's default), excluded, or half
    of it included (``currentbin``)."""
    spec = nested(trace, "cumulative")
    if spec.get("enabled") is not True:
        return values
    values = np.nan_to_num(values, nan=0.0)
    down = spec.get("direction") == "decreasing"
    ordered = values[::-1] if down else values
    running = np.cumsum(ordered)
    current = _current_bin(trace)
    if current == "exclude":
        running = running - ordered
    elif current == "half":
        running = running - ordered / 2
    return np.asarray(running[::-1] if down else running)


def normed(values: np.ndarray, total: float, widths: np.ndarray, norm: str) -> np.ndarray:
    """Values as ``histnorm`` asks (of the total that falls in a bin, as Plotly counts);
    normed, an empty bin (no avg, min or max) is 0, as JavaScript multiplies null."""
    if norm:
        values = np.nan_to_num(values, nan=0.0)
    if norm == "percent":
        return values * 100 / total
    if norm == "probability":
        return values / total
    if norm == "density":
        return np.asarray(values / widths)
    if norm == "probability density":
        return np.asarray(values / (total * widths))
    return values


def value_title(func: str, norm: str, other: str) -> str:
    """What the value axis counts: "count", "sum of speed", "percent"..."""
    if func == "count":
        return norm or "count"
    what = f"{func} of {other}" if other else func
    return f"{norm} of {what}" if norm else what


def edge_texts(binned: Binned, edges: np.ndarray, group: int) -> list[str]:
    """Bin edges as written: numbers with the decimals that show each exactly, dates as
    short as the bin size allows."""
    if binned.axis.kind == "date":
        return [_date_text(float(v), binned.grid, group) for v in edges.tolist()]
    step = float(edges[1] - edges[0]) if len(edges) > 1 else 1.0
    for digits in range(0, 10):
        if np.allclose(np.round(edges, digits), edges, rtol=0, atol=abs(step) * 1e-6):
            if digits == 0 or abs(step) >= 1e-4:
                return [f"{v + 0.0:.{digits}f}" for v in edges.tolist()]
            break
    return [scale.number(v, step) for v in edges.tolist()]


def bar_labels(binned: Binned, edges: np.ndarray, group: int) -> list[str]:
    """One label per drawn bar: its category (or first–last category), else its bounds."""
    if binned.axis.kind == "category":
        names = binned.axis.names()
        out = []
        for a, b in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
            inside = [
                names[k]
                for k in range(math.ceil(a), math.floor(b) + 1)
                if 0 <= k < len(names) and a < k < b
            ]
            out.append(
                inside[0] if len(inside) == 1 else f"{inside[0]}…{inside[-1]}" if inside else ""
            )
        return out
    text = edge_texts(binned, edges, group)
    if binned.axis.kind == "date":
        return text[:-1]  # a date bar is named by its start; the axis title gives the size
    return [f"{text[k]}–{text[k + 1]}" for k in range(len(text) - 1)]


def size_text(binned: Binned, group: int = 1) -> str:
    return _size_text(binned.grid, binned.axis, group)


def _size_text(bins: bn.Bins, axis: pos.Axis, group: int = 1) -> str:
    size = bins.size * group
    if bins.months:
        n = int(size)
        return (
            f"{n // 12} year{'s' if n // 12 != 1 else ''}"
            if n % 12 == 0
            else f"{n} month{'s' if n != 1 else ''}"
        )
    if axis.kind != "date":
        return scale.stat(size)
    for unit, ms in (("day", 86_400_000), ("h", 3_600_000), ("min", 60_000), ("s", 1000)):
        if size >= ms:
            count = size / ms
            text = scale.stat(count)
            return f"{text} {unit}{'s' if unit == 'day' and count != 1 else ''}"
    return f"{scale.stat(size)} ms"


def _date_text(ms: float, grid: bn.Bins, group: int) -> str:
    size = grid.size * group
    days, rest = divmod(ms, pos.MS_PER_DAY)
    y, m, d = pos.civil_from_days(int(days))
    when = dt.datetime(2000, 1, 1) + dt.timedelta(milliseconds=rest)
    if grid.months:
        return (
            f"{y:04d}"
            if int(size) % 12 == 0 and m == 1 and d == 1
            else f"{y:04d}-{m:02d}"
            if d == 1
            else f"{y:04d}-{m:02d}-{d:02d}"
        )
    date = f"{y:04d}-{m:02d}-{d:02d}"
    if size >= pos.MS_PER_DAY and rest == 0:
        return date
    if size >= 60_000 and when.second == 0 and when.microsecond == 0:
        return f"{date} {when:%H:%M}"
    if size >= 1000 and when.microsecond == 0:
        return f"{date} {when:%H:%M:%S}"
    return f"{date} {when:%H:%M:%S}.{when.microsecond // 1000:03d}"
