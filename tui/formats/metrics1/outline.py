"""Names first: the part of a decoded JobMetrics the tree needs, read before the rest.

Resolving a file of 20,000 metrics costs seconds (every reference followed, every
enum and id checked, every series measured); the tree needs each metric's name, type,
status, order, visibility, tags and events. ``outline`` reads those and nothing else
(about a tenth of the cost), so the tree is on screen while ``resolve`` follows every
reference in a worker, and the whole Document then replaces the outline. An outline's
metrics have no values, description, job id or values kind, and their ids are read
only when events need them to find their metrics; it holds no data and no problems,
and its ``scope`` says so beside its counts. The status line says the values and the
check are still to come (tui/app/viewer.py).

It reads within the same budget as ``budget.trim`` (objects per file, entries per
list), so a hostile file costs the outline no more than it costs the resolver, and
the message is left untouched for ``resolve`` to trim as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui.formats.metrics1.wire import timestamp_ns as _ns
from tui.model.budget import BYTES_PER_OBJECT, MAX_ITEMS, MAX_OBJECTS
from tui.model.document import Document
from tui.model.enums import MetricImportance, MetricStatus, MetricType, TimestampType
from tui.model.ids import Id, id_of
from tui.model.metric import Event, EventMark, Metric

# Below this many metrics, data and events, resolving is quick enough (tens of
# milliseconds) that a first outline would only add a redraw.
OUTLINE_OBJECTS = 2_000


_NO_ID = Id("", None)

# What an outline is, where its counts are shown (the header): not yet the whole file.
SCOPE = "names first: values and data being read"


def worth_it(message: Any) -> bool:
    """Whether ``message`` holds enough objects that an outline first pays."""
    held = len(message.job_level_metrics.metrics) + len(message.metrics_data)
    return held + len(message.events) > OUTLINE_OBJECTS


def outline(message: Any, path: Path, size: int) -> Document:
    """The tree's part of a decoded JobMetrics read from ``path`` (``size`` bytes)."""
    room = max(MAX_OBJECTS, size // BYTES_PER_OBJECT)  # as budget.trim cuts
    # Ids only link events to their metrics; a file without events is spared parsing them.
    ident = None if len(message.events) else _NO_ID
    metrics = [
        _metric(position, raw, ident)
        for position, raw in enumerate(message.job_level_metrics.metrics[:room])
    ]
    room -= len(metrics)
    room -= min(len(message.metrics_data), room)
    events = _events(message.events[:room], metrics)
    return Document(
        path=path,
        root=path.parent,
        size=size,
        job_id=id_of(message.job_id) if message.HasField("job_id") else None,
        status=MetricStatus.of(message.metrics_status),
        collection_status=MetricStatus.of(message.job_level_metrics.metrics_status),
        metrics=metrics,
        events=events,
        data=[],
        data_by_id={},
        scope=SCOPE,
    )


def _metric(position: int, raw: Any, ident: Id | None) -> Metric:
    has = raw.HasField
    return Metric(
        position=position,
        id=id_of(raw.metric_id) if ident is None else ident,
        name=raw.name,
        type=MetricType.of(raw.type),
        description="",
        status=MetricStatus.of(raw.status),
        importance=MetricImportance.of(raw.importance),
        should_display=raw.should_display if has("should_display") else None,
        blocking=None,
        order=raw.order if has("order") else None,
        event_metric=raw.event_metric if has("event_metric") else None,
        job_id=None,
        tags=[(t.key, t.value) for t in raw.tags[:MAX_ITEMS]] if len(raw.tags) else [],
        values_kind=None,
        values=None,
    )


def _events(raws: Any, metrics: list[Metric]) -> list[Event]:
    by_id: dict[str, Metric] = {}
    for metric in metrics:
        by_id.setdefault(metric.id.key, metric)
    events = []
    for position, raw in enumerate(raws):
        ids = [id_of(m) for m in raw.metrics[:MAX_ITEMS]]
        event = Event(
            position=position,
            id=id_of(raw.event_id),
            name=raw.name,
            description=raw.description,
            tags=list(raw.tags[:MAX_ITEMS]),
            status=MetricStatus.of(raw.status),
            importance=MetricImportance.of(raw.importance),
            timestamp_ns=_ns(raw.timestamp) if raw.HasField("timestamp") else None,
            timestamp_type=TimestampType.of(raw.timestamp_type),
            metric_ids=ids,
        )
        for ident in ids:
            listed = by_id.get(ident.key)
            event.metrics.append(listed)
            mark = EventMark(event.position, event.name)
            if listed is not None and mark not in listed.events:
                listed.events.append(mark)
        events.append(event)
    return events
