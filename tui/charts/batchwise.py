"""Batchwise bar chart: per category, a value for each batch, batches ordered by time.

Each category has a value series and a time series, both indexed by batch
UUIDs. Batches are merged across categories by id, put in time order, and
labelled by their (earliest) time; categories are the bar series, coloured
from the metric's hex list when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from tui.charts import bars as b
from tui.charts import scale
from tui.charts import series as s
from tui.charts._text import label
from tui.charts.decimate import fact
from tui.charts.types import Chart, ColorMode, Palette
from tui.model.columns import Column
from tui.model.ids import id_key
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
    per_category: list[tuple[str, Column, Column, Column | None, Column | None, str | None]] = []
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
        t_ref = s.nth(values.times, i)
        times = s.column(t_ref, None, "timestamp")
        t_keys = s.index(t_ref, None)
        status = s.statuses(s.nth(values.statuses, i), None)
        hex_colour = values.colors[i] if i < len(values.colors) else ""
        colour = hex_colour[:7] if _HEX.match(hex_colour) else None
        per_category.append((name, col, keys, times, t_keys, colour))
        summary.append(s.summarize(name, col.values, status, s.unit(ref), notes=notes))
    if not per_category:
        return Chart.message("no data", width, summary=summary, notes=notes)
    batches = _batches([(c, k, t, tk) for _, c, k, t, tk, _ in per_category])
    # Labels and bars for the batches that can be drawn, not for every batch.
    drawn = batches.order[: b.most_shown(width, height)]
    labels = [batches.label(j) for j in drawn.tolist()]
    # Batches on different days, one a day: the date alone names each one.
    short = [label[:5] for label in labels]
    if len(set(short)) < len(short) or bool(batches.missing[drawn].any()):
        short = []
    series = [
        b.BarSeries(name, batches.values[c][drawn], colour)
        for c, (name, *_, colour) in enumerate(per_category)
    ]
    bars = b.Bars(
        labels,
        series,
        stack=values.stack,
        x_title=label(values.x_axis_name or "batch", 40),
        y_title=label(values.y_axis_name or "", 40),
        short=short if labels and len(labels[0]) > 5 else [],
        total=len(batches.order),
    )
    body, more = b.draw(bars, width, height, color, palette)
    return Chart(body, summary, notes + more)


@dataclass(frozen=True, slots=True)
class _Batches:
    """Every batch of the chart, merged across categories by id, in time order."""

    keys: list[str]  # canonical ids, in first-seen order
    ns: np.ndarray  # int64 time of each batch (its earliest); meaningless where missing
    missing: np.ndarray  # bool: the batch has no time
    order: np.ndarray  # batch positions in drawing order
    values: list[np.ndarray]  # per category: its value of each batch (NaN: none)
    same_day: bool

    def label(self, j: int) -> str:
        if self.missing[j]:
            return label(self.keys[j], 8)
        seconds = int(self.ns[j]) / 1e9
        if seconds < scale.ABSOLUTE_AFTER_S:
            return scale.number(seconds) + "s"
        stamp = scale.clock(seconds, with_date=True)  # YYYY-MM-DD HH:MM:SS UTC
        return stamp[11:16] if self.same_day else stamp[5:16]


def _batches(
    categories: list[tuple[Column, Column, Column | None, Column | None]],
) -> _Batches:
    """Merge the categories' batches; remembered while the first values array lives,
    so that a redraw at another size does not pay again for a million batches."""
    first = categories[0][0].values
    return fact(first, "batchwise", lambda _: _merge(categories))


def _merge(categories: list[tuple[Column, Column, Column | None, Column | None]]) -> _Batches:
    position: dict[str, int] = {}
    keys: list[str] = []
    per_category: list[tuple[np.ndarray, np.ndarray]] = []
    for col, ids, _, _ in categories:
        spots = _positions(ids.values[: len(col)], position, keys)
        per_category.append((spots, col.values[: len(spots)]))
    earliest = np.full(len(keys), np.iinfo(np.int64).max, dtype=np.int64)
    for _, _, times, t_ids in categories:
        if times is None or t_ids is None:
            continue
        count = min(len(times), len(t_ids))
        spots = _positions(t_ids.values[:count], position, keys)
        if len(earliest) < len(keys):  # times of batches that have no value
            grown = np.full(len(keys), np.iinfo(np.int64).max, dtype=np.int64)
            grown[: len(earliest)] = earliest
            earliest = grown
        np.minimum.at(earliest, spots, times.values[:count].astype(np.int64))
    missing = earliest == np.iinfo(np.int64).max
    ns = np.where(missing, 0, earliest)
    values = []
    for spots, vals in per_category:
        row = np.full(len(keys), np.nan)
        # The first value written for a batch wins: assign in reverse, so it lands last.
        row[spots[::-1]] = np.asarray(vals, dtype=np.float64)[::-1]
        values.append(row)
    # Time order, batches without a time last, ties by id. Sorting a million ids as
    # strings is slow, so it is done only when some batches share a time.
    order = np.lexsort((ns, missing))
    ties = (np.diff(ns[order]) == 0) & (np.diff(missing[order]) == 0)
    if ties.any():
        by_id = np.argsort(np.array(keys, dtype=object), kind="stable")
        order = by_id[np.lexsort((ns[by_id], missing[by_id]))]
    known = ns[~missing]
    same_day = bool(len(known)) and int(known.max() - known.min()) < 86_400 * 10**9
    return _Batches(keys, ns, missing, order, values, same_day)


def _positions(ids: np.ndarray, position: dict[str, int], keys: list[str]) -> np.ndarray:
    """The batch number of each id, adding ids not seen before to ``keys``."""
    out = np.empty(len(ids), dtype=np.int64)
    for j, raw in enumerate(ids.tolist()):
        key = id_key(str(raw))
        spot = position.get(key)
        if spot is None:
            spot = position[key] = len(keys)
            keys.append(key)
        out[j] = spot
    return out
