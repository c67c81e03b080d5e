"""compare(A, B): pair everything by name and ask each pair how it differs."""

from __future__ import annotations

from collections.abc import Mapping
from difflib import SequenceMatcher

from tui.model.compare.metrics import metric_changes
from tui.model.compare.pairing import Pair, pair
from tui.model.compare.result import Change, Comparison, DataDiff, EventDiff, MetricDiff
from tui.model.compare.series import DataEquality, describe
from tui.model.data import Data
from tui.model.document import Document
from tui.model.metric import Event, Metric


def compare(a: Document, b: Document, *, files_a: Mapping[str, str] | None = None) -> Comparison:
    """Everything that differs from A (before) to B (after).

    ``files_a``: A's external files as they were when A was loaded (``file_digests(a)`` then);
    needed after a reload, when A's and B's files are the same files on disk.
    """
    equal = DataEquality(files_a)
    repeats: list[tuple[str, str, str]] = []
    metrics: list[MetricDiff] = []

    def add(
        pairs: list[Pair[Metric]],
        repeats_a: list[str],
        repeats_b: list[str],
        kind: str,
        suffix: str = "",
        event: str | None = None,  # the EventDiff key of the event that holds them
    ) -> None:
        repeats.extend(("A", kind, n) for n in repeats_a)
        repeats.extend(("B", kind, n) for n in repeats_b)
        moved = _moved([p.key for p in pairs if p.a is not None and p.b is not None], pairs)
        for p in pairs:
            diff = MetricDiff(p.key + suffix, p.a, p.b, event=event)
            if p.a is not None and p.b is not None:
                diff.changes = metric_changes(p.a, p.b, equal)
                if p.key in moved:
                    diff.changes.append(Change("display order", *moved[p.key]))
            metrics.append(diff)

    add(*pair(a.display_order, b.display_order, _name), "metric")

    event_pairs, repeats_a, repeats_b = pair(a.events, b.events, _name)
    repeats.extend(("A", "event", n) for n in repeats_a)
    repeats.extend(("B", "event", n) for n in repeats_b)
    events = []
    for ep in event_pairs:
        events.append(EventDiff(ep.key, ep.a, ep.b, _event_changes(ep.a, ep.b)))
        members_a = [m for m in ep.a.metrics if m is not None] if ep.a is not None else []
        members_b = [m for m in ep.b.metrics if m is not None] if ep.b is not None else []
        add(*pair(members_a, members_b, _name), f"metric in event {ep.key}", f"@{ep.key}", ep.key)

    orphans = pair(a.orphan_event_metrics, b.orphan_event_metrics, _name)
    add(*orphans, "event metric in no event", "#orphan")

    data_pairs, repeats_a, repeats_b = pair(a.data, b.data, _name)
    repeats.extend(("A", "data", n) for n in repeats_a)
    repeats.extend(("B", "data", n) for n in repeats_b)
    data = []
    for dp in data_pairs:
        data_diff = DataDiff(dp.key, dp.a, dp.b)
        if dp.a is not None and dp.b is not None and not equal.same(dp.a, dp.b):
            data_diff.changes = describe("content", dp.a, dp.b)
        data.append(data_diff)
    return Comparison((a.status, b.status), metrics, events, data, repeats)


def _moved(common: list[str], pairs: list[Pair[Metric]]) -> dict[str, tuple[str, str]]:
    """Metrics whose place among the metrics of both sides moved: those outside the longest
    common subsequence of A's and B's order. Not the ``order`` numbers themselves: the SDK
    numbers metrics by position, so adding one renumbers every metric after it."""
    shared = set(common)
    order_a = [k for k in _keys_in_a(pairs) if k in shared]
    order_b = [p.key for p in pairs if p.key in shared]
    if order_a == order_b:  # the usual case, and SequenceMatcher takes seconds on 20k keys
        return {}
    matcher = SequenceMatcher(None, order_a, order_b, autojunk=False)
    kept: set[str] = set()
    for block in matcher.get_matching_blocks():
        kept.update(order_a[block.a : block.a + block.size])
    place_a = {k: i for i, k in enumerate(order_a)}
    place_b = {k: i for i, k in enumerate(order_b)}
    return {k: (f"#{place_a[k] + 1}", f"#{place_b[k] + 1}") for k in order_b if k not in kept}


def _keys_in_a(pairs: list[Pair[Metric]]) -> list[str]:
    # pair() gives B's order; A's own order is kept by each Pair's ``a`` position.
    return [p.key for p in sorted((p for p in pairs if p.a is not None), key=lambda p: p.rank_a)]


def _name(item: Metric | Event | Data) -> str:
    return item.name


def _event_changes(a: Event | None, b: Event | None) -> list[Change]:
    if a is None or b is None:
        return []
    changes = []
    for what, get in (
        ("status", lambda e: e.status.label),
        ("importance", lambda e: e.importance.label),
        ("description", lambda e: e.description),
        ("tags", lambda e: ", ".join(e.tags) or "(none)"),
        ("timestamp", lambda e: _when(e)),
        ("metrics", lambda e: ", ".join(m.name for m in e.metrics if m is not None) or "(none)"),
    ):
        before, after = get(a), get(b)
        if before != after:
            changes.append(Change(what, before, after))
    return changes


def _when(event: Event) -> str:
    if event.timestamp_ns is None:
        return "(none)"
    return f"{event.timestamp_ns / 1e9:g} s ({event.timestamp_type.label.lower()})"
