"""Histogram: counts of the values in the given buckets, drawn as bars.

A bucket counts ``lower <= v < upper``; the last one also counts ``v == upper``.
Buckets are counted independently (a file may give overlapping or inverted
ones: they are counted as written and named in a note). More buckets than
the chart can show are merged in numpy, neighbours summed, and a note says
so: never is a bucket left out (the last ones are where outliers are).
"""

from __future__ import annotations

import math

import numpy as np

from tui.charts import bars as b
from tui.charts import scale
from tui.charts import series as s
from tui.charts._text import label
from tui.charts.types import Chart, ColorMode, Palette
from tui.model.metric import Metric
from tui.model.values import HistogramValues
from tui.text.plural import plural


def counts(values: np.ndarray, buckets: list[tuple[float, float]]) -> np.ndarray:
    """How many finite values fall in each bucket (half-open, the last closed)."""
    data = np.sort(values[np.isfinite(values)])
    lower = np.array([lo for lo, _ in buckets], dtype=np.float64)
    upper = np.array([hi for _, hi in buckets], dtype=np.float64)
    closed = np.zeros(len(buckets), dtype=bool)
    if len(buckets):
        closed[-1] = True
    start = np.searchsorted(data, lower, "left")
    stop = np.where(
        closed, np.searchsorted(data, upper, "right"), np.searchsorted(data, upper, "left")
    )
    ok = np.isfinite(lower) & np.isfinite(upper) & (lower <= upper)
    return np.where(ok, np.maximum(stop - start, 0), 0)


def merge(
    labels: list[tuple[float, float]],
    count: np.ndarray,
    most: int,
    combine: np.ufunc = np.add,
) -> tuple[list[tuple[float, float]], np.ndarray]:
    """Sum (or ``combine``) neighbouring buckets so that at most ``most`` remain."""
    if len(count) <= most or most < 1:
        return labels, count
    group = math.ceil(len(count) / most)
    starts = np.arange(0, len(count), group)
    merged = combine.reduceat(count, starts)
    ends = np.minimum(starts + group, len(count)) - 1
    return [
        (labels[a][0], labels[e][1]) for a, e in zip(starts.tolist(), ends.tolist(), strict=True)
    ], merged


def render(
    metric: Metric,
    values: HistogramValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
) -> Chart:
    cats, category = s.pick_category([values.values], category)
    col = s.column(values.values, category, "double")
    status = s.statuses(values.statuses, category)
    notes: list[str] = []
    name = label(values.values.data.name if values.values.data else "values", 60)
    if col is None:
        return Chart.message("data missing", width, categories=cats, category=category)
    summary = [s.summarize(name, col.values, status, s.unit(values.values), notes=notes)]
    if not values.buckets:
        return Chart.message(
            "no buckets", width, summary=summary, categories=cats, category=category
        )
    bad = [i for i, (lo, hi) in enumerate(values.buckets) if not (lo < hi)]
    if bad:
        notes.append(f"{len(bad)} bucket(s) with lower >= upper or NaN edges count nothing")
    count = counts(col.values, values.buckets)
    finite = int(np.isfinite(col.values).sum())
    outside = finite - int(count.sum())
    if outside > 0:
        notes.append(f"{outside} value(s) outside every bucket")
    worst = _worst_per_bucket(col.values, status, values.buckets)
    x_title = label(values.x_axis_name or "", 40)
    bounds = f"[{_num(values.lower_bound)}, {_num(values.upper_bound)}]"
    buckets = list(values.buckets)

    def merged(most: int) -> tuple[b.Bars, str]:
        edges, summed = merge(buckets, count, most)
        _, marks = merge(buckets, worst, most, np.maximum)
        bars = b.Bars(
            [_bucket(lo, hi, i == len(edges) - 1) for i, (lo, hi) in enumerate(edges)],
            [b.BarSeries(name, summed.astype(np.float64), statuses=_as_status(marks))],
            x_title=f"{x_title}  buckets [lower, upper), bounds {bounds}".strip(),
            y_title="count",
            legend=False,
            suffixes=[str(int(c)) for c in summed],
            ordered=True,
        )
        return bars, _merged_note(len(buckets), len(edges))

    body, more, marks = b.draw_merging(merged, width, height, color, palette)
    return Chart(body, summary, notes + more, cats, category, marks=marks)


# The worst failure in a bucket, as a rank (max-combinable) and back as a status.
_RANK = {2: 1, 5: 2}  # FAIL_WARN, FAIL_BLOCK
_STATUS = np.array([0, 2, 5])


def _worst_per_bucket(
    values: np.ndarray, status: np.ndarray | None, buckets: list[tuple[float, float]]
) -> np.ndarray:
    """Per bucket, 2 if a FAIL_BLOCK value falls in it, 1 for FAIL_WARN, else 0: the
    failing count of the summary is shown on the bars that hold those values."""
    worst = np.zeros(len(buckets), dtype=np.int64)
    if status is None or not len(status):
        return worst
    n = min(len(values), len(status))
    for code, rank in _RANK.items():
        hits = values[:n][status[:n] == code]
        if len(hits):
            worst = np.maximum(worst, np.where(counts(hits, buckets) > 0, rank, 0))
    return worst


def _as_status(ranks: np.ndarray) -> np.ndarray | None:
    return _STATUS[ranks] if ranks.any() else None


def _merged_note(before: int, after: int) -> str:
    if after >= before:
        return ""
    return (
        f"{plural(before, 'bucket')} drawn as {plural(after, 'bar')}, neighbours summed (up to "
        f"{math.ceil(before / after)} per bar) to fit"
    )


def _num(value: float | None) -> str:
    return "–" if value is None else scale.number(value)


def _bucket(lo: float, hi: float, last: bool) -> str:
    # Compact, so that a label fits under its bar; the x title says they are half-open.
    return f"{scale.number(lo)}–{scale.number(hi)}"
