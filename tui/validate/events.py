"""Events: a unique non-empty name, one timestamp type for all, a valid timestamp, and
metrics that exist with names unique within the event.

Metric ids in an event are matched as text, like the official validator does. Listing
the same metric twice counts as a repeated name there, so it does here too.
"""

from __future__ import annotations

from typing import Any

from tui.model.enums import TimestampType
from tui.validate.context import Context, quote, show_id, uuid_ok

NANOS = 1_000_000_000


def check(ctx: Context) -> None:
    events = ctx.message.events
    if not events:
        return
    names: dict[str, int] = {}
    first_type = events[0].timestamp_type
    for position, event in enumerate(events):
        if event.name in names:
            ctx.error(
                ctx.event(position, "name"),
                f"name {quote(event.name)} is also the name of event #{names[event.name]}",
                "unique-event-names",
                "give every event its own name",
            )
        else:
            names[event.name] = position
        if event.timestamp_type != first_type:
            ctx.error(
                ctx.event(position, "timestamp_type"),
                f"timestamp type {_type(event.timestamp_type)} differs from the first event's "
                f"{_type(first_type)}",
                "event-timestamp-types-match",
                "all events of a job use absolute timestamps, or all use relative ones",
            )
        if not event.name:
            ctx.error(
                ctx.event(position, "name"),
                "the event has no name",
                "event-name",
                "give every event a name",
            )
        _metrics(ctx, position, event)
        _timestamp(ctx, position, event)


def _type(number: int) -> str:
    return TimestampType(number).name


def _metrics(ctx: Context, position: int, event: Any) -> None:
    seen: dict[str, int] = {}
    for i, ref in enumerate(event.metrics):
        where = ctx.event(position, f"metrics[{i}]")
        text = ref.id.data
        if not uuid_ok(text):
            ctx.error(
                where,
                f"metric id {show_id(text)} is not a valid UUID",
                "valid-uuid",
                "list metrics by the ids the SDK gave them (event.with_metrics)",
            )
            continue
        found = ctx.metric_by_text.get(text)
        if found is None:
            ctx.error(
                where,
                f"lists metric {show_id(text)}, which is not in the file",
                "event-metrics-exist",
                "add the metric to the job, or drop it from the event",
            )
            continue
        name = found[1].name
        if name in seen:
            again = (
                "is listed twice"
                if ref.id.data == event.metrics[seen[name]].id.data
                else (f"has the same name as metrics[{seen[name]}]")
            )
            ctx.error(
                where,
                f"metric {quote(name)} {again}; names must be unique within an event",
                "event-metric-names-unique",
                "list each metric once, and give an event's metrics distinct names",
            )
        else:
            seen[name] = i


def _timestamp(ctx: Context, position: int, event: Any) -> None:
    stamp = event.timestamp
    reasons = []
    if stamp.seconds < 0:
        reasons.append(f"seconds is {stamp.seconds} (negative)")
    if not 0 <= stamp.nanos < NANOS:
        reasons.append(f"nanos is {stamp.nanos} (must be 0 to 999999999)")
    if reasons:
        ctx.error(
            ctx.event(position, "timestamp"),
            "invalid timestamp: " + ", ".join(reasons),
            "event-timestamp",
            "write the time as non-negative seconds plus nanos below one second",
        )


def orphans(ctx: Context) -> None:
    """Warn about metrics flagged ``event_metric`` that no event lists: ReSim shows them
    nowhere (they are hidden from the job and belong to no event)."""
    for metric in ctx.doc.orphan_event_metrics:
        ctx.warn(
            ctx.metric(metric.position, "event_metric"),
            "the metric is flagged event_metric but no event lists it, so it is shown nowhere",
            "event-metric-orphan",
            "add it to an event (event.with_metrics) or clear event_metric",
        )
