"""Metrics and events of a job."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.model.enums import MetricImportance, MetricStatus, MetricType, TimestampType
from tui.model.ids import Id
from tui.model.values import MetricValues, Ref


@dataclass(frozen=True, slots=True)
class EventMark:
    """What a metric keeps of an event that lists it: ``Document.events[position]``."""

    position: int
    name: str


# Slots: a file of 20,000 metrics holds 20,000 of these (a weak reference slot for
# the compare overlay's cache).
@dataclass(eq=False, slots=True, weakref_slot=True)
class Metric:
    """One metric. ``values_kind`` is the name of the MetricValues member set, if any."""

    position: int
    id: Id
    name: str
    type: MetricType
    description: str
    status: MetricStatus
    importance: MetricImportance
    should_display: bool | None
    blocking: bool | None
    order: float | None
    event_metric: bool | None
    job_id: Id | None
    tags: list[tuple[str, str]]
    values_kind: str | None
    values: MetricValues | None
    # The events that list it, by place and name: its Event would point back at it, and
    # a document of such cycles is freed only by a full collection (never, once frozen).
    events: list[EventMark] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.should_display is False

    @property
    def in_event(self) -> bool:
        return bool(self.event_metric)

    def refs(self) -> list[Ref]:
        """Every data reference the metric's values make, in field order."""
        values = self.values
        if values is None:
            return []
        refs: list[Ref] = []
        for name in getattr(values, "__slots__", ()):
            item = getattr(values, name)
            if isinstance(item, Ref):
                refs.append(item)
            elif isinstance(item, list):
                refs.extend(x for x in item if isinstance(x, Ref))
        return refs

    def __repr__(self) -> str:
        return f"Metric({self.name!r}, {self.type.label}, {self.status.label})"


@dataclass(eq=False, slots=True)
class Event:
    position: int
    id: Id
    name: str
    description: str
    tags: list[str]
    status: MetricStatus
    importance: MetricImportance
    timestamp_ns: int | None
    timestamp_type: TimestampType
    metric_ids: list[Id]
    metrics: list[Metric | None] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Event({self.name!r})"
