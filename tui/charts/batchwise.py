"""Batchwise bar chart: per category, a value for each batch, batches ordered by time.

Each category has a value series and a time series, both indexed by batch
UUIDs. Batches are merged across categories by id, put in time order, and
labelled by their (earliest) time; categories are the bar series, coloured
from the metric's hex list when there is one.
"""

from __future__ import annotations

import re

import numpy as np

from tui.charts import bars as b
from tui.charts import scale
from tui.charts import series as s
from tui.charts._text import label
from tui.charts.types import Chart, ColorMode, Palette
from tui.model.ids import Id
from tui.model.metric import Metric
from tui.model.values import BatchwiseBarChartValues

_HEX = re.compile(r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")


def render(
    metric: Metric,
    values: BatchwiseBarChartValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
) -> Chart:
    notes: list[str] = []
    per_category: list[tuple[str, dict, str | None]] = []
    batch_time: dict = {}
    summary = []
    for i, ref in enumerate(values.values):
        name = (
            label(values.categories[i], 40) if i < len(values.categories) else s.name_of([], i, ref)
        )
        col = s.column(ref, None, "double")
        keys = s.index(ref, None)
        if col is None or keys is None:
            notes.append(f"{name}: values missing or not indexed by batch")
            continue
        batch_ids = [Id.parse(str(k)).key for k in keys.values[: len(col)].tolist()]
        by_batch = dict(
            zip(reversed(batch_ids), reversed(col.values[: len(batch_ids)].tolist()), strict=True)
        )
        t_ref = s.nth(values.times, i)
        times = s.column(t_ref, None, "timestamp")
        t_keys = s.index(t_ref, None)
        if times is not None and t_keys is not None:
            for k, t in zip(t_keys.values.tolist(), times.values.tolist(), strict=False):
                key = Id.parse(str(k)).key
                batch_time[key] = min(batch_time.get(key) or t, t)
        for key in by_batch:
            batch_time.setdefault(key, None)
        status = s.statuses(s.nth(values.statuses, i), None)
        hex_colour = values.colors[i] if i < len(values.colors) else ""
        colour = hex_colour[:7] if _HEX.match(hex_colour) else None
        per_category.append((name, by_batch, colour))
        summary.append(s.summarize(name, col.values, status, s.unit(ref), notes=notes))
    if not per_category:
        return Chart.message("no data", width, summary=summary, notes=notes)
    order = sorted(batch_time, key=lambda k: (batch_time[k] is None, batch_time[k] or 0, str(k)))
    labels = [_label(batch_time[k], k, batch_time) for k in order]
    # Batches on different days, one a day: the date alone names each one.
    short = [label[:5] for label in labels]
    if len(set(short)) < len(short) or any(batch_time[k] is None for k in order):
        short = []
    series = [
        b.BarSeries(name, np.array([vals.get(k, np.nan) for k in order], dtype=np.float64), colour)
        for name, vals, colour in per_category
    ]
    bars = b.Bars(
        labels,
        series,
        stack=values.stack,
        x_title=label(values.x_axis_name or "batch", 40),
        y_title=label(values.y_axis_name or "", 40),
        short=short if labels and len(labels[0]) > 5 else [],
    )
    body, more = b.draw(bars, width, height, color, palette)
    return Chart(body, summary, notes + more)


def _label(ns: int | None, key: object, times: dict) -> str:
    if ns is None:
        return label(str(key), 8)
    known = [t for t in times.values() if t is not None]
    seconds = ns / 1e9
    if seconds < scale.ABSOLUTE_AFTER_S:
        return scale.number(seconds) + "s"
    same_day = known and (max(known) - min(known)) < 86_400 * 1e9
    stamp = scale.clock(seconds, with_date=True)  # YYYY-MM-DD HH:MM:SS UTC
    return stamp[11:16] if same_day else stamp[5:16]
