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
from tui.charts.bars_common import fill_char
from tui.charts.legend import LegendItem, below, below_rows
from tui.charts.plotly import bins as bn
from tui.charts.plotly import histograms as hg
from tui.charts.plotly import secondary
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
PIE_CHROME = 3  # the frame's top line, the value axis and its labels


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
    kept: list[dict[str, Any]] = []  # the trace of each row
    summary = []
    for i, trace in traces:
        name = trace_name(trace, i)
        values = numbers(trace.get(value_key), notes, f"{name} {value_key}")
        if values is None:
            continue
        labels = strings(trace.get(label_key), notes, f"{name} {label_key}", MAX_BARS)
        labels = (
            labels if labels is not None else [str(j) for j in range(min(len(values), MAX_BARS))]
        )
        n = min(len(values), len(labels), MAX_BARS)
        for key in labels[:n]:
            order.setdefault(key, len(order))
        rows.append((name, labels[:n], values[:n], colour(nested(trace, "marker").get("color"))))
        kept.append(trace)
        summary.append(s.summarize(name, values))
    order = _ordered(order, rows, nested(layout, "yaxis" if horizontal else "xaxis"))
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
    # Bars on a secondary y axis get its scale (stacks are one axis's: left as they are).
    stacked = mode in ("stack", "relative")
    right = None if horizontal or stacked else secondary.scale_bars(series, kept, layout)
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
    if right is None:
        body, more, marks = b.draw(bars, width, height, color, palette)
    else:
        room = secondary.label_width(right.mapping)
        body, more, marks = b.draw(bars, max(width - room, 10), height, color, palette)
        body, marks = secondary.right_axis(body, right.mapping, palette.axis), right.marks(marks)
    notes.extend(more)
    return body, summary, marks


def _ordered(
    order: dict[str, int],
    rows: list[tuple[str, list[str], np.ndarray, str | None]],
    axis: dict[str, Any],
) -> dict[str, int]:
    """The categories in the axis's ``categoryorder``: as met, by name, or by their bars'
    total over every trace (ties as met: plotly.js sorts stably)."""
    how = axis.get("categoryorder")
    met = list(order)
    if how in ("category ascending", "category descending"):
        met.sort(reverse=how == "category descending")
    elif how in ("total ascending", "total descending"):
        totals = dict.fromkeys(met, 0.0)
        for _, labels, values, _ in rows:
            for key, value in zip(labels, values.tolist(), strict=True):
                totals[key] += value if math.isfinite(value) else 0.0
        sign = -1.0 if how == "total descending" else 1.0
        met.sort(key=lambda key: sign * totals[key])
    return {key: k for k, key in enumerate(met)}


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
    """Histograms binned as plotly.js bins them on numeric, date and category axes
    (histograms.py), each bin holding its ``histfunc`` with ``histnorm`` applied; too
    many bins for the width are merged with their neighbours."""
    summary = []
    for i, trace in traces:
        name = trace_name(trace, i)
        func = hg.func_of(trace)
        other = "y" if bn.direction(trace) == "x" else "x"
        what = numbers(trace.get(other), [], "") if func != "count" else None
        what = what if what is not None else numbers(trace.get(bn.direction(trace)), [], "")
        if what is not None:
            summary.append(s.summarize(name, what))
        raw = trace.get("histfunc", "count")
        if raw not in hg.FUNCS:
            notes.append(f"{name}: histfunc '{label(raw, 20)}' unknown; counts drawn")
    binned = hg.bin_traces(traces, layout, notes)
    if binned is None:
        return Text("no values to bin"), summary, Marks(())
    first = binned.traces[0]
    horizontal = bn.direction(first) == "y"
    x_name = axis_title(layout, "yaxis" if horizontal else "xaxis")
    x_name = x_name or (binned.names[0] if len(binned.names) == 1 else "value")
    funcs = set(binned.funcs)
    func = binned.funcs[0] if len(funcs) == 1 else "value"
    norm = hg.norm_of(first)
    other_name = axis_title(layout, "xaxis" if horizontal else "yaxis")
    tints = [colour(nested(t, "marker").get("color")) for t in binned.traces]
    place = legend_place(layout)
    key = (
        [
            LegendItem(fill_char(i, color, len(tints)), label(n, 30), tint or palette.color(i))
            for i, (n, tint) in enumerate(zip(binned.names, tints, strict=True))
        ]
        if place == "bottom" and len(tints) > 1
        else []
    )
    rows = below_rows(key, width)
    if height - rows < MIN_BODY_ROWS:
        key, rows, place = [], 0, "top"  # no room under it: back above, where it costs no row

    def merged(most: int) -> tuple[b.Bars, str]:
        # Plotly's bins are kept; neighbours are merged when they do not fit (and said so).
        bins = len(binned.edges) - 1
        group = math.ceil(bins / most) if bins > most else 1
        edges, heights = binned.heights(group)
        series = [
            b.BarSeries(n, h, color=tint)
            for n, h, tint in zip(binned.names, heights, tints, strict=True)
        ]
        mode = _barmode(layout, series, [])
        if binned.axis.kind == "category":
            x_title = x_name
        elif binned.axis.kind == "date":
            x_title = f"{x_name}  bins of {hg.size_text(binned, group)} from each date"
        else:
            x_title = f"{x_name}  bins [lower, upper)"
        y_title = other_name or hg.value_title(func, norm, "y")
        if func != "count" and not other_name.lower().startswith(func):
            y_title = hg.value_title(func, norm, other_name or ("x" if horizontal else "y"))
        bars = b.Bars(
            hg.bar_labels(binned, edges, group),
            series,
            stack=mode in ("stack", "relative"),
            overlay=mode == "overlay",
            x_title=x_title,
            y_title=y_title,
            horizontal=True if horizontal else None,
            legend=len(series) > 1 and place == "top",
            ordered=binned.axis.kind != "category",
            span=axis_range(nested(layout, "xaxis" if horizontal else "yaxis")),
            suffixes=[_count(v, norm, func) for v in heights[0]] if len(series) == 1 else [],
        )
        note = (
            f"{plural(bins, 'bin')} drawn as {plural(len(edges) - 1, 'bar')} of {group} to fit"
            if group > 1
            else ""
        )
        return bars, note

    body, more, marks = b.draw_merging(merged, width, height - rows, color, palette)
    notes.extend(more)
    return below(body, key, width, color) if key else body, summary, marks


MIN_BODY_ROWS = 6  # a legend under a plot shorter than this goes back above it


def legend_place(layout: dict[str, Any]) -> str:
    """Where the figure puts its legend: "none" (``showlegend: false``), "bottom" (a
    legend placed below the plot, ``y`` under 0, as Plotly puts one there) or "top"."""
    if layout.get("showlegend") is False:
        return "none"
    y = nested(layout, "legend").get("y")
    below_plot = isinstance(y, int | float) and not isinstance(y, bool) and y < 0
    return "bottom" if below_plot else "top"


def _count(value: float, norm: str, func: str = "count") -> str:
    if not np.isfinite(value):
        return ""
    if not norm and func == "count":
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
        key = legend_place(layout) == "bottom"
        body, rows = _one_pie(
            index, trace, width, h - 1 if named else h, color, palette, notes, key
        )
        if named:
            parts.append(Text(fit(_pie_title(trace, index), width), style="bold"))
        parts.append(body)
        summary.extend(rows)
    return Text("\n").join(parts), summary


def _pie_title(trace: dict[str, Any], index: int) -> str:
    own = title(trace.get("title"))
    return own or trace_name(trace, index)


def _slice_text(value: float, total: float, textinfo: Any) -> str:
    """A slice's share and value, as ``textinfo`` asks ("percent", "label+value"...; the
    label is the bar's own); both when the figure does not say."""
    flags = set(textinfo.split("+")) if isinstance(textinfo, str) else {"percent", "value"}
    share = f"{value / total * 100:.1f}%" if "percent" in flags else ""
    amount = scale.stat(value) if "value" in flags else ""
    return f"{share} ({amount})" if share and amount else share or amount


def _one_pie(
    index: int,
    trace: dict[str, Any],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
    key: bool = False,
) -> tuple[Text, list[SeriesSummary]]:
    """One pie as ranked bars. With ``key`` (a legend asked for under it), every slice
    takes a colour of its own, as Plotly colours them, and a key of them goes below."""
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
    suffixes = [_slice_text(float(v), total, trace.get("textinfo")) for v in ranked]
    if not any(suffixes):
        suffixes = []
    tints = _slice_colours(trace, len(values))
    items: list[LegendItem] = []
    if key and color != "none":
        tints = [t or palette.color(j) for j, t in enumerate(tints)]
        items = [LegendItem("█", label(n, 30), t) for n, t in zip(labels, tints, strict=False)]
        if height - below_rows(items, width) < 2:
            items = []  # the slices' own names say as much: no room for the key
    bars = b.Bars(
        names,
        _slices(ranked, [tints[j] for j in order] if color != "none" else [], palette),
        horizontal=True,
        suffixes=suffixes,
        legend=False,
        overlay=True,  # one bar a row: each slice is in one series alone
    )
    # A slice is a row: more rows than slices would only be empty plot above the axis.
    rows = min(height - below_rows(items, width), len(names) + PIE_CHROME)
    body, more, _ = b.draw(bars, width, rows, color, palette)
    if items:
        body = below(body, items, width, color)
    notes.extend(more)
    return body, [s.summarize(trace_name(trace, index), values)]


def _slice_colours(trace: dict[str, Any], count: int) -> list[str | None]:
    """Plotly's ``marker.colors``: a colour per slice, in the trace's order (None where
    the figure gives none)."""
    given = nested(trace, "marker").get("colors")
    listed = given[:count] if isinstance(given, list) else []
    return [colour(c) for c in listed] + [None] * (count - len(listed))


def _slices(ranked: np.ndarray, tints: list[str | None], palette: Palette) -> list[b.BarSeries]:
    """The ranked slices as one series, or, when the figure colours them, one series per
    colour, each holding its own slices (the bar engine colours a series, not a bar);
    a slice it leaves uncoloured keeps the colour of an uncoloured pie."""
    if not any(tints):
        return [b.BarSeries("", ranked)]
    tints = [t or palette.color(0) for t in tints]
    out = []
    for tint in dict.fromkeys(tints):
        mine = np.array([t == tint for t in tints])
        out.append(b.BarSeries("", np.where(mine, ranked, np.nan), tint))
    return out
