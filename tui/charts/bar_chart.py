"""Bar chart: k value series indexed by strings (the labels), side by side or stacked."""

from __future__ import annotations

import numpy as np

from tui.charts import bars as b
from tui.charts import series as s
from tui.charts._text import label
from tui.charts.bars_common import legend as legend_items
from tui.charts.legend import below, below_rows
from tui.charts.types import Chart, ColorMode, Palette
from tui.model.columns import Column
from tui.model.metric import Metric
from tui.model.values import BarChartValues


def render(
    metric: Metric,
    values: BarChartValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
) -> Chart:
    cats, category = s.pick_category(values.values, category)
    notes: list[str] = []
    labels: list[str] = []
    total = 0
    most = b.most_shown(width, height)  # labels are made for these bars only
    series: list[b.BarSeries] = []
    summary = []
    for i, ref in enumerate(values.values):
        name = s.name_of(values.legend, i, ref)
        col = s.column(ref, category, "double")
        keys = s.index(ref, category)
        if col is None:
            notes.append(f"{name}: data missing or not doubles")
            continue
        if keys is None:
            notes.append(f"{name}: no string index; labelled by position")
        status = s.statuses(s.nth(values.statuses, i), category)
        # Align every series on the first one's labels (the SDK writes them identical).
        if not labels:
            total = len(col) if keys is None else min(len(col), len(keys))
            labels = _keys(keys, min(total, most))
            aligned = col.values[: len(labels)]
            stat = status[: len(labels)] if status is not None else None  # the drawn bars
        else:
            picks = _positions(labels, keys, len(col))
            aligned = np.where(
                picks >= 0, col.values[np.maximum(picks, 0)] if len(col) else np.nan, np.nan
            )
            stat = (
                None
                if status is None or not len(status)
                else np.where(picks >= 0, status[np.clip(picks, 0, len(status) - 1)], 0)
            )
        tint = values.look.color(i) if values.look is not None else None
        series.append(
            b.BarSeries(name, np.asarray(aligned, dtype=np.float64), color=tint, statuses=stat)
        )
        summary.append(s.summarize(name, col.values, status, s.unit(ref), notes=notes))
    if not series or not labels:
        return Chart.message(
            "no data", width, summary=summary, notes=notes, categories=cats, category=category
        )
    unit = next((x.unit for x in summary if x.unit), "")
    y_title = label(values.y_axis_name or "", 40)
    if unit and unit not in y_title:  # "Time (s)" already says s
        y_title = f"{y_title} ({unit})".strip()
    bars = b.Bars(
        [label(t, 40) for t in labels],
        series,
        stack=values.stack,
        x_title=label(values.x_axis_name or "", 40),
        y_title=y_title,
        legend=len(series) > 1 or bool(values.legend),
        total=total,
        span=values.look.y_span if values.look is not None else None,
    )
    place = values.look.legend if values.look is not None else "top"
    if place == "none":
        bars.legend = False
    named = bars.legend and (len(series) > 1 or any(x.name for x in series))
    # the series entries come first in the legend, the failure marks after them
    items = legend_items(bars, color, palette)[: len(series)] if place == "bottom" and named else []
    rows = below_rows(items, width)
    if items and height - rows >= MIN_BODY_ROWS:
        bars.legend = False
        body, more, marks = b.draw(bars, width, height - rows, color, palette)
        body = below(body, items, width, color)
    else:
        body, more, marks = b.draw(bars, width, height, color, palette)
    return Chart(body, summary, notes + more, cats, category, marks=marks)


MIN_BODY_ROWS = 6  # below this the legend goes back above, where it costs no row


def _keys(keys: Column | None, count: int) -> list[str]:
    """The first ``count`` labels of a series: its index, else positions."""
    if keys is None:
        return [str(j) for j in range(count)]
    return [str(k) for k in keys.values[:count].tolist()]


def _positions(labels: list[str], keys: Column | None, length: int) -> np.ndarray:
    """Where each of ``labels`` is in another series of ``length`` values (-1: absent).

    Series written alike share their labels in order, and then only the drawn ones
    are compared; else every label of the other series is looked at once.
    """
    count = min(length, len(keys)) if keys is not None else length
    if _keys(keys, min(count, len(labels))) == labels:
        return np.arange(len(labels))
    own = _keys(keys, count)
    where = {k: j for j, k in reversed(list(enumerate(own)))}
    return np.array([where.get(k, -1) for k in labels])
