"""Bar, histogram and pie traces, drawn with the shared bar engine."""

from __future__ import annotations

import math
from typing import Any, TypeGuard

import numpy as np
from rich.text import Text

from tui.charts import bars as b
from tui.charts import scale
from tui.charts import series as s
from tui.charts._text import fit
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

MAX_BARS = 2_000  # more labels than any terminal shows; the rest are cut here


def bar(
    traces: list[tuple[int, dict[str, Any]]],
    layout: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
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
    body, more = b.draw(bars, width, height, color, palette)
    notes.extend(more)
    return body, summary


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
) -> tuple[Text, list[SeriesSummary]]:
    columns = []
    summary = []
    for i, trace in traces:
        name = trace_name(trace, i)
        values = numbers(trace.get("x", trace.get("y")), notes, f"{name} x")
        if values is None:
            continue
        columns.append((name, values[np.isfinite(values)], trace))
        summary.append(s.summarize(name, values))
    if not columns:
        return Text(), summary
    everything = np.concatenate([v for _, v, _ in columns])
    lo, hi = (
        scale.span(float(everything.min()), float(everything.max()))
        if everything.size
        else (0.0, 1.0)
    )
    edges = _bin_edges(columns[0][2], lo, hi, everything.size)
    counts = [np.histogram(v, edges)[0].astype(np.float64) for _, v, _ in columns]
    x_name = axis_title(layout, "xaxis") or (columns[0][0] if len(columns) == 1 else "value")

    def binned(most: int) -> tuple[b.Bars, str]:
        # Plotly's bins are kept; neighbours are summed when they do not fit (and said so).
        bins = len(edges) - 1
        group = math.ceil(bins / most) if bins > most else 1
        starts = np.arange(0, bins, group)
        ends = np.minimum(starts + group, bins)
        step = float(edges[1] - edges[0]) * group
        summed = [np.add.reduceat(c, starts) for c in counts]
        series = [b.BarSeries(name, c) for (name, _, _), c in zip(columns, summed, strict=True)]
        mode = _barmode(layout, series, [])
        bars = b.Bars(
            [
                f"{scale.number(edges[a], step)}–{scale.number(edges[e], step)}"
                for a, e in zip(starts.tolist(), ends.tolist(), strict=True)
            ],
            series,
            stack=mode in ("stack", "relative"),
            overlay=mode == "overlay",
            x_title=f"{x_name}  bins [lower, upper)",
            y_title=axis_title(layout, "yaxis") or "count",
            legend=len(series) > 1,
            ordered=True,
            suffixes=[str(int(v)) for v in summed[0]] if len(summed) == 1 else [],
        )
        note = f"{bins} bins drawn as {len(starts)} bars of {group} to fit" if group > 1 else ""
        return bars, note

    body, more = b.draw_merging(binned, width, height, color, palette)
    notes.extend(more)
    return body, summary


def _bin_edges(trace: dict[str, Any], lo: float, hi: float, count: int) -> np.ndarray:
    """Bin edges as Plotly makes them: ``xbins`` (start, end, size) when the figure gives
    them, else bins of a round size (1, 2 or 5 times a power of ten; Plotly Express's
    ``nbins`` asks for about that many) starting on a multiple of the size."""
    xbins = nested(trace, "xbins")
    size, start, end = (xbins.get(k) for k in ("size", "start", "end"))
    wanted = trace.get("nbinsx")
    if not _number(wanted) or not 0 < wanted <= 500:
        wanted = min(max(int(math.sqrt(count)), 5), 40) if count else 5
    if not _number(size) or size <= 0 or (hi - lo) / size > 2_000:
        size = _round_size((hi - lo) / wanted)
    first = float(start) if _number(start) else math.floor(lo / size) * size
    last = float(end) if _number(end) else hi
    bins = max(min(math.ceil((last - first) / size - 1e-9), 2_000), 1)
    if first + bins * size <= hi and not _number(end):  # the maximum is in the last bin
        bins += 1
    edges: np.ndarray = first + size * np.arange(bins + 1)
    return edges


def _round_size(raw: float) -> float:
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    base = 10.0 ** math.floor(math.log10(raw))
    return next(m * base for m in (1, 2, 5, 10) if raw <= m * base * 1.0000001)


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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
    body, more = b.draw(bars, width, height, color, palette)
    notes.extend(more)
    return body, [s.summarize(trace_name(trace, index), values)]
