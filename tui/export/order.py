"""Which metrics an export holds, in which order, with which numbers.

Every metric of the file appears once: the job-level metrics in ReSim's
display order (hidden ones included), then event metrics in the order their
first event lists them, then event metrics no event lists. ``position``
counts from 1 over that whole list, so a metric keeps its number (and its
file names) whether or not ``--metric`` picked a subset.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from tui.model import Document, Metric


@dataclass(frozen=True, slots=True)
class Entry:
    """A metric with its export position and the names of the events that list it."""

    position: int
    metric: Metric
    events: list[str]


def export_order(doc: Document) -> list[Entry]:
    """Every metric of ``doc`` once, numbered in display order (see the module docstring)."""
    ordered: list[Metric] = list(doc.display_order)
    seen = {id(m) for m in ordered}
    for event in doc.events:
        for metric in event.metrics:
            if metric is not None and id(metric) not in seen:
                seen.add(id(metric))
                ordered.append(metric)
    ordered.extend(m for m in doc.metrics if id(m) not in seen)
    return [
        Entry(i, metric, [event.name for event in metric.events])
        for i, metric in enumerate(ordered, start=1)
    ]


class UnknownMetric(Exception):
    """A ``--metric`` name that is not in the file; the message suggests close matches."""


def pick(entries: list[Entry], names: list[str]) -> list[Entry]:
    """The entries named in ``names`` (all metrics of a repeated name); all when empty."""
    if not names:
        return entries
    known = {entry.metric.name for entry in entries}
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
            hint = f"; close matches: {', '.join(repr(c) for c in close)}" if close else ""
            raise UnknownMetric(f"no metric named {name!r}{hint}")
    wanted = set(names)
    return [entry for entry in entries if entry.metric.name in wanted]
