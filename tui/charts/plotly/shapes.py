"""Bar, histogram and pie traces, drawn with the shared bar engine."""

from __future__ import annotations

import math

import numpy as np
from rich.text import Text

from tui.charts import bars as b
from tui.charts import scale
from tui.charts import series as s
from tui.charts.plotly.fields import axis_title, colour, nested, numbers, strings, trace_name
from tui.charts.types import ColorMode, Palette, SeriesSummary

MAX_BARS = 2_000  # more labels than any terminal shows; the rest are cut here


def bar(
    traces: list[tuple[int, dict]],
    layout: dict,
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
    for name, labels, values, tint in rows:
        aligned = np.full(len(order), np.nan)
        aligned[[order[k] for k in labels]] = values
        series.append(b.BarSeries(name, aligned, tint))
    mode = layout.get("barmode")
    if mode == "overlay":
        notes.append("barmode 'overlay' drawn side by side")
    bars = b.Bars(
        list(order),
        series,
        stack=mode in ("stack", "relative"),
        x_title=axis_title(layout, "yaxis" if horizontal else "xaxis"),
        y_title=axis_title(layout, "xaxis" if horizontal else "yaxis"),
        horizontal=True if horizontal else None,
        legend=len(series) > 1,
    )
    body, more = b.draw(bars, width, height, color, palette)
    notes.extend(more)
    return body, summary


def histogram(
    traces: list[tuple[int, dict]],
    layout: dict,
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
    wanted = columns[0][2].get("nbinsx")
    asked = isinstance(wanted, float | int) and not isinstance(wanted, bool) and 0 < wanted <= 500
    rule = min(max(int(np.sqrt(everything.size)), 5), 40)
    mode = layout.get("barmode")

    def binned(most: int) -> tuple[b.Bars, str]:
        # The figure's own nbinsx is kept, neighbours summed when they do not fit (and
        # said so); our default count of bins just shrinks to what fits.
        bins = int(wanted) if asked else max(min(rule, most), 1)  # type: ignore[arg-type]
        edges = np.linspace(lo, hi, bins + 1)
        counts = [np.histogram(v, edges)[0].astype(np.float64) for _, v, _ in columns]
        group = math.ceil(bins / most) if bins > most else 1
        starts = np.arange(0, bins, group)
        step = (edges[1] - edges[0]) * group
        series = [
            b.BarSeries(name, np.add.reduceat(c, starts))
            for (name, _, _), c in zip(columns, counts, strict=True)
        ]
        bars = b.Bars(
            [scale.number(e, step) for e in edges[starts]],
            series,
            stack=mode in ("stack", "relative"),
            x_title=axis_title(layout, "xaxis") or "bins (lower edge)",
            y_title=axis_title(layout, "yaxis") or "count",
            legend=len(series) > 1,
            ordered=True,
        )
        note = f"{bins} bins drawn as {len(starts)} bars of {group} to fit" if group > 1 else ""
        return bars, note

    body, more = b.draw_merging(binned, width, height, color, palette)
    notes.extend(more)
    return body, summary


def pie(
    traces: list[tuple[int, dict]],
    layout: dict,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    notes: list[str],
) -> tuple[Text, list[SeriesSummary]]:
    """A pie as ranked horizontal bars with percentages (first pie trace)."""
    index, trace = traces[0]
    if len(traces) > 1:
        notes.append(f"{len(traces) - 1} more pie trace(s) not drawn")
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
