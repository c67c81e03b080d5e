"""Exact equality of MetricsData, and how two differing series differ.

Equality compares the encoded bytes (the reader's digest), never decoded
floats, so nothing is called changed that is not. Only a pair that differs
is decoded, to say how: length, min/max/mean deltas, where it first differs,
failing points before → after, time spent in each state.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from tui.model.columns import Column
from tui.model.compare.result import Change
from tui.model.data import Data
from tui.model.document import Document
from tui.model.paths import ExternalFile, read_external

_FAILING = (2, 5)  # FAIL_WARN and FAIL_BLOCK enum numbers


class DataEquality:
    """``same(a, b)`` with a memo: one comparison asks about a shared index many times.

    ``files_a`` is what A's external files held when A was loaded (see ``file_digests``):
    after a reload both documents name the same files on disk, which now hold B's content.
    """

    def __init__(self, files_a: Mapping[str, str] | None = None) -> None:
        self._memo: dict[tuple[int, int], bool] = {}
        self.files_a = files_a

    def same(self, a: Data | None, b: Data | None) -> bool:
        if a is None or b is None:
            return a is None and b is None
        key = (id(a), id(b))
        found = self._memo.get(key)
        if found is None:
            self._memo[key] = True  # an index that points at itself ends here
            found = self._same(a, b)
            self._memo[key] = found
        return found

    def _same(self, a: Data, b: Data) -> bool:
        head = (a.name, a.unit, a.data_type, a.index_type, a.shape, a.is_indexed)
        if head != (b.name, b.unit, b.data_type, b.index_type, b.shape, b.is_indexed):
            return False
        if a.category_names != b.category_names or a.is_per_category != b.is_per_category:
            return False
        if (a.index is None) != (b.index is None):
            return False
        if a.index is not None and a.index is not a and not self.same(a.index, b.index):
            return False
        if a.file is not None or b.file is not None:
            return self.same_file(a, b)
        if a.shape in ("series", "grouped"):
            return a.digests() == b.digests()
        return True

    def same_file(self, a: Data, b: Data) -> bool:
        fa, fb = a.file, b.file
        if fa is None or fb is None:
            return fa is fb
        if fa.raw != fb.raw:
            return False
        before = self.files_a.get(fa.raw) if self.files_a is not None else None
        return (before or file_digest(fa)) == file_digest(fb)


def file_digest(file: ExternalFile) -> str:
    """A digest of the file's bytes, or why it cannot be read."""
    if not file.ok:
        return f"({file.problem})"
    try:
        return hashlib.blake2b(read_external(file), digest_size=16).hexdigest()
    except OSError as exc:
        return f"(unreadable: {exc})"


def file_digests(doc: Document) -> dict[str, str]:
    """What every external file of ``doc`` holds now, by the path written in the file."""
    return {d.file.raw: file_digest(d.file) for d in doc.data if d.file is not None}


def describe(what: str, a: Data, b: Data) -> list[Change]:
    """How two MetricsData that are not equal differ: one Change per category that does."""
    if a.file is not None or b.file is not None:
        return [_file_change(what, a, b)]
    changes: list[Change] = []
    if a.name != b.name:
        changes.append(Change(f"{what} name", a.name, b.name))
    if a.unit != b.unit:
        changes.append(Change(f"{what} unit", a.unit or "(none)", b.unit or "(none)"))
    if a.data_type != b.data_type:
        changes.append(Change(f"{what} type", a.data_type.label, b.data_type.label))
    categories = _categories(a, b)
    for category in categories:
        if _same_series(a, b, category):
            continue
        label = what if category is None else f"{what} [{category}]"
        changes.append(_series_change(label, a, b, category))
    if not changes:
        # Same values under a different index (or index name): say so rather than nothing.
        index_a = a.index.name if a.index is not None else "(none)"
        index_b = b.index.name if b.index is not None else "(none)"
        changes.append(Change(f"{what} index", index_a, index_b, "index values differ"))
    return changes


def _categories(a: Data, b: Data) -> list[str | None]:
    if a.shape != "grouped" and b.shape != "grouped":
        return [None]
    names = list(a.categories) if a.shape == "grouped" else []
    for name in b.categories if b.shape == "grouped" else []:
        if name not in names:
            names.append(name)
    return list(names)


def _same_series(a: Data, b: Data, category: str | None) -> bool:
    if a.shape != b.shape:
        return False
    if category is not None and (category in a.map_keys) != (category in b.map_keys):
        return False
    return _digest(a, category) == _digest(b, category)


def _digest(data: Data, category: str | None) -> bytes | memoryview | None:
    for name, content in data.digests():
        if name == category:
            return content
    return None


def _series_change(label: str, a: Data, b: Data, category: str | None) -> Change:
    ca, cb = a.column(category), b.column(category)
    numbers: dict[str, Any] = {"length_before": len(ca), "length_after": len(cb)}
    details: list[str] = []
    if len(ca) != len(cb):
        details.append(f"length {len(ca):,} → {len(cb):,}")
    at = first_difference(ca, cb)
    if at is not None:
        numbers["first_difference"] = at
        x = _x_at(a, b, category, at)
        where = f"#{at}" if x is None else f"{x[0]} = {x[1]}"
        details.append(f"first differs at {where}")
        if x is not None:
            numbers["first_x"] = x[2]
    if ca.kind == "double" and cb.kind == "double":
        sa, sb = _stats(ca.values), _stats(cb.values)
        for name in ("min", "max", "mean"):
            numbers[f"{name}_before"], numbers[f"{name}_after"] = sa[name], sb[name]
            old, new = sa[name], sb[name]
            if old is not None and new is not None and old != new:
                delta = new - old
                numbers[f"{name}_delta"] = delta
                details.append(f"{name} Δ {_signed(delta)}")
        return Change(label, _span(sa, len(ca)), _span(sb, len(cb)), "; ".join(details), numbers)
    if ca.kind == "status" and cb.kind == "status":
        fa, fb = _failing(ca.values), _failing(cb.values)
        numbers["failing_before"], numbers["failing_after"] = fa, fb
        if fa != fb:
            details.insert(0, f"failing points {fa:,} → {fb:,}")
        return Change(
            label,
            f"{fa:,} failing of {len(ca):,}",
            f"{fb:,} failing of {len(cb):,}",
            "; ".join(details),
            numbers,
        )
    return Change(
        label, f"{len(ca):,} {ca.kind}", f"{len(cb):,} {cb.kind}", "; ".join(details), numbers
    )


def first_difference(a: Column, b: Column) -> int | None:
    """The first position where two columns differ (NaN equals NaN); the shorter length if
    one is a prefix of the other; None when they are equal."""
    n = min(len(a), len(b))
    va, vb = a.values[:n], b.values[:n]
    if a.kind != b.kind:
        return 0 if n else (None if len(a) == len(b) else n)
    both_nan = np.isnan(va) & np.isnan(vb) if a.kind == "double" else False
    equal = (va == vb) | both_nan
    hits = np.flatnonzero(~np.asarray(equal, dtype=bool))
    if hits.size:
        return int(hits[0])
    return None if len(a) == len(b) else n


# An index is decoded just to name where two series first differ only up to this length
# (or when a view has decoded it already): millions of timestamps take seconds to decode.
_DECODE_INDEX_UP_TO = 1_000_000


def _x_at(a: Data, b: Data, category: str | None, at: int) -> tuple[str, str, Any] | None:
    """The index value at ``at`` (A's, or B's past A's end): (axis, shown, number)."""
    for data in (a, b):
        owner = data.index
        if owner is None or owner is data:
            continue
        # The series' own length, not the index's: counting timestamps is a pass over them.
        if not owner.converted and data.length(category) > _DECODE_INDEX_UP_TO:
            continue
        index = data.index_column(category)
        if index is None or at >= len(index):
            continue
        value = index.values[at]
        if index.kind == "timestamp":
            seconds = int(value) / 1e9
            return ("t", f"{seconds:g} s", seconds)
        if index.kind == "double":
            return ("x", f"{float(value):g}", float(value))
        return ("key", repr(str(value))[:60], str(value))
    return None


def _stats(values: np.ndarray) -> dict[str, float | None]:
    finite = values[np.isfinite(values)]
    if not finite.size:
        return {"min": None, "max": None, "mean": None}
    return {
        "min": float(finite.min()),
        "max": float(finite.max()),
        "mean": float(finite.mean()),
    }


def _span(stats: dict[str, float | None], length: int) -> str:
    if stats["min"] is None:
        return f"{length:,} points"
    return f"{length:,} points, {stats['min']:g}…{stats['max']:g}, mean {stats['mean']:.6g}"


def _failing(values: np.ndarray) -> int:
    return int(np.isin(values, _FAILING).sum())


def _signed(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{value:+.6g}"


def _file_change(what: str, a: Data, b: Data) -> Change:
    fa, fb = a.file, b.file
    before = fa.raw if fa is not None else "(no file)"
    after = fb.raw if fb is not None else "(no file)"
    if fa is not None and fb is not None and fa.raw == fb.raw:
        if fa.problem != fb.problem:
            return Change(what, fa.problem or "present", fb.problem or "present")
        return Change(what, before, after, "file content changed")
    return Change(what, before, after, "another file")


def time_per_state(states: Data, category: str | None = None) -> dict[str, float]:
    """Seconds spent in each state: each sample lasts until the next one's timestamp."""
    column = states.column(category)
    index = states.index_column(category)
    if index is None or index.kind != "timestamp" or len(index) != len(column) or not len(column):
        return {}
    seconds = index.values.astype(np.float64) / 1e9
    spans = np.diff(seconds, append=seconds[-1])
    out: dict[str, float] = {}
    for name in dict.fromkeys(column.values.tolist()):
        out[str(name)] = float(spans[column.values == name].sum())
    return out
