"""Batchwise bar chart: per category, a value for each batch, batches ordered by time.

Each category has a value series and a time series, both indexed by batch
UUIDs. Batches are merged across categories by id, put in time order, and
labelled by their (earliest) time; categories are the bar series, coloured
from the metric's hex list when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

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
    body, more, marks = b.draw(bars, width, height, color, palette)
    return Chart(body, summary, notes + more, marks=marks)


@dataclass(frozen=True, slots=True)
class _Batches:
    """Every batch of the chart, merged across categories by id, in time order."""

    keys: np.ndarray  # canonical ids (str, or ASCII bytes), in first-seen order
    ns: np.ndarray  # int64 time of each batch (its earliest); meaningless where missing
    missing: np.ndarray  # bool: the batch has no time
    order: np.ndarray  # batch positions in drawing order
    values: list[np.ndarray]  # per category: its value of each batch (NaN: none)
    same_day: bool

    def label(self, j: int) -> str:
        if self.missing[j]:
            key = self.keys[j]
            return label(key.decode() if isinstance(key, bytes) else str(key), 8)
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
    # Batch numbers in first-seen order: every category's value ids, then its time ids.
    id_arrays = [(ids.values, len(col)) for col, ids, _, _ in categories]
    timed = [
        (times, t_ids, min(len(times), len(t_ids)))
        for _, _, times, t_ids in categories
        if times is not None and t_ids is not None
    ]
    keys, numbers = _numbers([*id_arrays, *((t_ids.values, count) for _, t_ids, count in timed)])
    per_category = [
        (spots, col.values[: len(spots)])
        for spots, (col, *_) in zip(numbers[: len(id_arrays)], categories, strict=True)
    ]
    earliest = np.full(len(keys), np.iinfo(np.int64).max, dtype=np.int64)
    for (times, _, count), spots in zip(timed, numbers[len(id_arrays) :], strict=True):
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
        by_id = np.argsort(keys, kind="stable")  # ASCII bytes sort as their text
        order = by_id[np.lexsort((ns[by_id], missing[by_id]))]
    known = ns[~missing]
    same_day = bool(len(known)) and int(known.max() - known.min()) < 86_400 * 10**9
    return _Batches(keys, ns, missing, order, values, same_day)


def _numbers(arrays: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, list[np.ndarray]]:
    """Every batch's canonical id, numbered in first-seen order across the first ``count``
    ids of each array, and the number of each of those ids. An array met twice (values
    and times of a category share their index) is read once.

    Canonical UUIDs (what the SDK writes) are numbered as 128-bit integers by numpy, never
    a Python statement per id (1M batches); other spellings go through ``id_key``."""
    distinct: dict[tuple[int, int], np.ndarray] = {}
    for array, count in arrays:
        distinct.setdefault((id(array), count), array[:count])
    spellings = {key: _spelled(ids) for key, ids in distinct.items()}
    known = [pair for pair in spellings.values() if pair is not None]
    if len(known) < len(spellings):
        return _numbers_by_dict(arrays, distinct)
    cells = np.concatenate([spelled for spelled, _ in known])
    value = np.concatenate([number for _, number in known])  # (n, 2) uint64: a UUID a row
    where = np.cumsum([0, *(len(spelled) for spelled, _ in known)])
    high, low = value[:, 0], value[:, 1]
    order = np.lexsort((low, high))  # stable: the first of equal ids first
    high, low = high[order], low[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = (high[1:] != high[:-1]) | (low[1:] != low[:-1])
    group = np.cumsum(starts) - 1
    first = order[starts]  # each distinct id's first place
    # Number the distinct ids in the order of their first places: a running count of
    # first places over the positions, in O(n) (an argsort of the places would sort).
    is_first = np.zeros(len(order), dtype=bool)
    is_first[first] = True
    renumber = (np.cumsum(is_first) - 1)[first]
    number = np.empty(len(order), dtype=np.int64)
    number[order] = renumber[group]
    keys = cells[np.flatnonzero(is_first)]
    spots = {key: number[where[i] : where[i + 1]] for i, key in enumerate(spellings)}
    return keys, [spots[id(array), count] for array, count in arrays]


def _numbers_by_dict(
    arrays: list[tuple[np.ndarray, int]], distinct: dict[tuple[int, int], np.ndarray]
) -> tuple[np.ndarray, list[np.ndarray]]:
    lists = {key: list(map(id_key, map(str, ids.tolist()))) for key, ids in distinct.items()}
    first = dict.fromkeys(chain.from_iterable(lists.values()))
    number = dict(zip(first, range(len(first)), strict=True))
    spots = {
        key: np.fromiter(map(number.__getitem__, ids), dtype=np.int64, count=len(ids))
        for key, ids in lists.items()
    }
    keys = np.empty(len(first), dtype=object)
    keys[:] = list(first)
    return keys, [spots[id(array), count] for array, count in arrays]


_DASH_AT = np.array([8, 13, 18, 23])
_HEX_AT = np.setdiff1d(np.arange(36), _DASH_AT)


def _spelled(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """When every id is a canonical UUID spelling (what ``id_key`` returns unchanged): the
    spellings (S36) and their 128-bit values ((n, 2) big-endian uint64); else None.

    No Python statement per id: the ids are joined with newlines into one text, which
    is read as rows of 36 characters and a newline. When the text is exactly that long
    and every row is canonical, the joined text holds no other newline, so the rows are
    the ids themselves (an id of another length would move a newline into a row).
    """
    raw = ids.tolist()
    if not raw:
        return np.zeros(0, dtype="S36"), np.zeros((0, 2), dtype=np.uint64)
    try:
        text = "\n".join(raw)
    except TypeError:  # not all of them are text
        return None
    if len(text) != 37 * len(raw) - 1 or not text.isascii():
        return None
    rows = np.frombuffer(text.encode("ascii") + b"\n", dtype=np.uint8).reshape(-1, 37)
    if not bool((rows[:, 36] == 10).all()) or not bool((rows.take(_DASH_AT, 1) == 45).all()):
        return None
    digits = rows.take(_HEX_AT, axis=1)  # (n, 32): 0-9 and a-f only
    # uint8 arithmetic wraps: a character below '0' (or 'a') lands far above 9 (or 5).
    if not bool(((digits - 48 <= 9) | (digits - 97 <= 5)).all()):
        return None
    nibbles = (digits & 15) + 9 * (digits >> 6)  # '0'-'9': 0-9, 'a'-'f': 10-15
    packed = (nibbles[:, 0::2] << 4) | nibbles[:, 1::2]  # (n, 16) bytes
    value = np.ascontiguousarray(packed).view(">u8").astype(np.uint64)
    cells = np.ascontiguousarray(rows[:, :36]).view("S36").ravel()
    return cells, value
