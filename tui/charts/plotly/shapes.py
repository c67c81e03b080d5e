"""Bar, histogram and pie traces, drawn with the shared bar engine."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from rich.text import Text

from tui.charts import bars as b
from tui.charts import scale
from tui.charts import series as s
from tui.charts._text import fit, label
from tui.charts.plotly import bins as bn
from tui.charts.plotly.fields import (
    axis_range,
    axis_title,
    colour,
    has_name,
    nested,
    numbers,
    strings,
    title,
    trace_name,
)
from tui.charts.types import ColorMode, Palette, SeriesSummary
from tui.charts.view import Marks
from tui.text.plural import plural

MAX_BARS = 2_000  # more labels than any terminal shows; the rest are cut here


def bar(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary], Marks]:
    horizontal = any(t.get("orientation") == "h" for _, t in traces)
    value_key, label_key = ("x", "y") if horizontal else ("y", "x")
    order: dict[str, int] = {}
    rows: list[tuple[str, list[str], np.ndarray, str | None]] = []
    summary = []
    for i, trace in traces:
        name = trace_name(trace, i)
        values = numbers(trace.get(value_key), notes, f"{name} {value_key}")
        if values is None:
            continue
        labels = strings(trace.get(label_key), notes, f"{name} {label_key}")
        labels = labels if labels is not None else [str(j) for j in range(len(values))]
        n = min(len(values), len(labels), MAX_BARS)
        for key in labels[:n]:
            order.setdefault(key, len(order))
        rows.append((name, labels[:n], values[:n], colour(nested(trace, "marker").get("color"))))
        summary.append(s.summarize(name, values))
    series = []
    mode = layout.get("barmode")
    for name, labels, values, tint in rows:
        aligned = np.full(len(order), np.nan)
        where = np.array([order[k] for k in labels], dtype=np.int64)
        if mode in ("stack", "relative") and len(set(labels)) < len(labels):
            # Bars of one trace at one x stack as Plotly stacks them (Plotly Express
            # writes a trace per colour, with a bar per row of the frame).
            aligned[np.unique(where)] = 0.0
            np.add.at(aligned, where, np.where(np.isfinite(values), values, 0.0))
        else:
            aligned[where] = values
        series.append(b.BarSeries(name, aligned, tint))
    mode = _barmode(layout, series, notes)
    bars = b.Bars(
        list(order),
        series,
        stack=mode in ("stack", "relative"),
        overlay=mode == "overlay",
        x_title=axis_title(layout, "yaxis" if horizontal else "xaxis"),
        y_title=axis_title(layout, "xaxis" if horizontal else "yaxis"),
        horizontal=True if horizontal else None,
        legend=len(series) > 1,
        span=axis_range(nested(layout, "xaxis" if horizontal else "yaxis")),
    )
    body, more, marks = b.draw(bars, width, height, color, palette)
    notes.extend(more)
    return body, summary, marks


def _barmode(layout: dict[str, Any], series: list[b.BarSeries], notes: list[str]) -> str:
    """Plotly's ``barmode`` ("group" unless the figure says otherwise). ``stack`` adds each
    trace to the running sum, so a negative bar goes down from the top of the stack;
    drawn, it goes down from zero as ``relative`` draws it (and a note says so)."""
    mode = layout.get("barmode")
    mode = mode if mode in ("group", "stack", "relative", "overlay") else "group"
    if mode == "stack" and any(np.any(s.values < 0) for s in series):
        notes.append("barmode 'stack' with negative values drawn as 'relative'")
    return mode


def histogram(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary], Marks]:
    """Histograms binned as plotly.js bins them (bins.py), counted [lower, upper), with
    ``histnorm`` applied; too many bins for the width are merged with their neighbours."""
    columns: list[tuple[str, np.ndarray, dict[str, Any]]] = []
    summary = []
    for i, trace in traces:
        name = trace_name(trace, i)
        axis = bn.direction(trace)
        values = numbers(trace.get(axis), notes, f"{name} {axis}")
        if values is None:
            continue
        columns.append((name, values[np.isfinite(values)], trace))
        summary.append(s.summarize(name, values))
        func = trace.get("histfunc", "count")
        if func != "count" and trace.get("y" if axis == "x" else "x") is not None:
            notes.append(f"{name}: histfunc '{label(func, 20)}' not applied; counts drawn")
    found = bn.for_traces(
        [t for _, _, t in columns], [v for _, v, _ in columns], layout.get("barmode")
    )
    shown = [(c, own) for c, own in zip(columns, found, strict=True) if own is not None]
    if not shown:
        return Text("no values to bin"), summary, Marks(())
    edges, counts = _on_one_grid(shown, notes)
    horizontal = bn.direction(shown[0][0][2]) == "y"
    x_name = axis_title(layout, "yaxis" if horizontal else "xaxis")
    x_name = x_name or (shown[0][0][0] if len(shown) == 1 else "value")
    norm = shown[0][0][2].get("histnorm")
    norm = norm if norm in ("percent", "probability", "density", "probability density") else ""
    totals = [max(float(c.sum()), 1.0) for c in counts]
    counts = [_cumulative(c, col[2], notes) for c, (col, _) in zip(counts, shown, strict=True)]
    if any(nested(t, "cumulative").get("enabled") is True for (_, _, t), _ in shown):
        norm = norm.replace(" density", "").replace("density", "")  # as plotly.js drops it

    def binned(most: int) -> tuple[b.Bars, str]:
        # Plotly's bins are kept; neighbours are summed when they do not fit (and said so).
        bins = len(edges) - 1
        group = math.ceil(bins / most) if bins > most else 1
        starts = np.arange(0, bins, group)
        ends = np.minimum(starts + group, bins)
        step = float(edges[1] - edges[0]) * group
        widths = edges[ends] - edges[starts]
        heights = [
            _normed(np.add.reduceat(c, starts), total, widths, norm)
            for c, total in zip(counts, totals, strict=True)
        ]
        series = [b.BarSeries(c[0][0], h) for c, h in zip(shown, heights, strict=True)]
        mode = _barmode(layout, series, [])
        text = _edge_texts(edges, step)
        bars = b.Bars(
            [f"{text[a]}–{text[e]}" for a, e in zip(starts.tolist(), ends.tolist(), strict=True)],
            series,
            stack=mode in ("stack", "relative"),
            overlay=mode == "overlay",
            x_title=f"{x_name}  bins [lower, upper)",
            y_title=axis_title(layout, "xaxis" if horizontal else "yaxis") or norm or "count",
            horizontal=True if horizontal else None,
            legend=len(series) > 1,
            ordered=True,
            suffixes=[_count(v, norm) for v in heights[0]] if len(series) == 1 else [],
        )
        note = (
            f"{plural(bins, 'bin')} drawn as {plural(len(starts), 'bar')} of {group} to fit"
            if group > 1
            else ""
        )
        return bars, note

    body, more, marks = b.draw_merging(binned, width, height, color, palette)
    notes.extend(more)
    return body, summary, marks


Binned = tuple[tuple[str, np.ndarray, dict[str, Any]], bn.Bins]


def _on_one_grid(shown: list[Binned], notes: list[str]) -> tuple[np.ndarray, list[np.ndarray]]:
    """One set of edges for every trace and each trace's counts on it: traces whose bins
    are on the first one's grid keep their own counts; others are counted on it."""
    first = shown[0][1]
    size = first.size

    def on_grid(bins: bn.Bins) -> bool:
        offset = (bins.start - first.start) / size
        return abs(bins.size - size) <= size * 1e-9 and abs(offset - round(offset)) < 1e-6

    own = [(bins, bins.edges()) for _, bins in shown if on_grid(bins)]
    lo = min(float(e[0]) for _, e in own)
    hi = max(float(e[-1]) for _, e in own)
    count = max(round((hi - lo) / size), 1)
    edges: np.ndarray = lo + size * np.arange(count + 1)
    counts = []
    for (name, values, _), bins in shown:
        row = np.zeros(count)
        if on_grid(bins):
            at = round((bins.start - lo) / size)
            got = bins.counts(values)[: count - at]
            row[at : at + len(got)] = got
        else:
            row = bn.Bins(lo, hi, size).counts(values)[:count]
            what = scale.stat(bins.size)
            notes.append(f"{name}: its bins (size {what}) drawn on the first trace's")
        counts.append(row)
    return bn.trimmed(edges, counts)


def _edge_texts(edges: np.ndarray, step: float) -> list[str]:
    """Bin edges as written numbers, with the decimals that show each exactly
    (Plotly's bins of integers start on halves: -0.5, 4.5, not -0 and 4)."""
    for digits in range(0, 10):
        if np.allclose(np.round(edges, digits), edges, rtol=0, atol=abs(step) * 1e-6):
            if digits == 0 or abs(step) >= 1e-4:
                return [f"{v + 0.0:.{digits}f}" for v in edges.tolist()]
            break
    return [scale.number(v, step) for v in edges.tolist()]


def _cumulative(counts: np.ndarray, trace: dict[str, Any], notes: list[str]) -> np.ndarray:
    """A ``cumulative`` histogram's running counts (``direction`` increasing or decreasing,
    the current bin included, Plotly's default); other ``currentbin`` settings say so."""
    spec = nested(trace, "cumulative")
    if spec.get("enabled") is not True:
        return counts
    if spec.get("currentbin", "include") != "include":
        notes.append("cumulative currentbin other than 'include' drawn as 'include'")
    if spec.get("direction") == "decreasing":
        return np.asarray(np.cumsum(counts[::-1])[::-1])
    return np.asarray(np.cumsum(counts))


def _normed(counts: np.ndarray, total: float, widths: np.ndarray, norm: str) -> np.ndarray:
    """Counts as ``histnorm`` asks (of the values that fall in a bin, as Plotly counts)."""
    if norm == "percent":
        return counts * 100 / total
    if norm == "probability":
        return counts / total
    if norm == "density":
        return np.asarray(counts / widths)
    if norm == "probability density":
        return np.asarray(counts / (total * widths))
    return counts


def _count(value: float, norm: str) -> str:
    if not norm:
        return str(int(value))
    return f"{scale.stat(float(value))}{'%' if norm == 'percent' else ''}"


def pie(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
    """Every pie of the figure as ranked horizontal bars with percentages, one under
    another (Plotly lays them side by side in their domains), each under its name."""
    share = max(height // len(traces), 1)
    parts: list[Text] = []
    summary = []
    for k, (index, trace) in enumerate(traces):
        h = share if k < len(traces) - 1 else height - share * (len(traces) - 1)
        if h < 2:
            notes.append(f"{len(traces) - k} pie(s) not drawn: no room")
            break
        named = len(traces) > 1 or has_name(trace)
        body, rows = _one_pie(index, trace, width, h - 1 if named else h, color, palette, notes)
        if named:
            parts.append(Text(fit(_pie_title(trace, index), width), style="bold"))
        parts.append(body)
        summary.extend(rows)
    return Text("\n").join(parts), summary


def _pie_title(trace: dict[str, Any], index: int) -> str:
    own = title(trace.get("title"))
    return own or trace_name(trace, index)


def _one_pie(
    index: int,
    trace: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
    values = numbers(trace.get("values"), notes, "pie values")
    if values is None:
        return Text(), []
    labels = strings(trace.get("labels"), notes, "pie labels") or []
    labels = labels + [str(j) for j in range(len(labels), len(values))]
    values = np.where(np.isfinite(values) & (values > 0), values, 0.0)
    order = np.argsort(-values, kind="stable")[:MAX_BARS]
    total = float(values.sum()) or 1.0
    names = [labels[j] for j in order]
    ranked = values[order]
    suffixes = [f"{v / total * 100:.1f}% ({scale.stat(float(v))})" for v in ranked]
    bars = b.Bars(
        names, [b.BarSeries("", ranked)], horizontal=True, suffixes=suffixes, legend=False
    )
    body, more, _ = b.draw(bars, width, height, color, palette)
    notes.extend(more)
    return body, [s.summarize(trace_name(trace, index), values)]
