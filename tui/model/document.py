"""The resolved document: everything a view needs from one metrics file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.model.data import Data
from tui.model.enums import MetricStatus
from tui.model.ids import Id
from tui.model.metric import Event, Metric
from tui.model.problems import Problem


def display_key(metric: Metric) -> tuple[bool, float, str]:
    """ReSim's display order: set ``order`` first, ascending; ties and unset ones by name."""
    return (metric.order is None, metric.order or 0.0, metric.name)


@dataclass(eq=False, repr=False)
class Document:
    """A metrics file, decoded and resolved.

    ``metrics``, ``events`` and ``data`` keep file order; ``display_order``
    gives the job-level metrics as ReSim shows them. ``message`` is the
    decoded protobuf, kept for the validator and for lazy conversion.
    """

    path: Path
    root: Path
    size: int
    job_id: Id | None
    status: MetricStatus
    collection_status: MetricStatus
    metrics: list[Metric]
    events: list[Event]
    data: list[Data]
    data_by_id: dict[Any, Data]
    problems: list[Problem] = field(default_factory=list)
    message: Any = field(default=None, repr=False)
    # Which reader built it: "metrics1" (a binproto, checked by tui.validate) or
    # "metrics2" (emissions + config, whose reader reports its own problems).
    format: str = "metrics1"
    # Which part of the input was read, in words, when not all of it (a Metrics 2.0
    # ``--metrics-set``); empty for the whole input.
    scope: str = ""
    # display_order, sorted once: the tree, show, export and compare each ask for it,
    # and at 20,000 metrics a sort is tens of milliseconds. Keyed on the list and its
    # length so that a list replaced or grown after the first call is sorted again.
    _order: tuple[int, int, list[Metric]] | None = field(default=None, init=False)
    # failing, found once the same way: the header shows its count on every redraw (a
    # finished check, each "being written" of a reload), a pass over 20,000 metrics each.
    _failing: tuple[int, int, list[Metric]] | None = field(default=None, init=False)

    def __repr__(self) -> str:
        # Counts, never the contents: the generated repr walked every metric, series and
        # problem (a debugger or a log line on a 20,000-metric file waited for it).
        return (
            f"Document(path={str(self.path)!r}, format={self.format!r}, "
            f"metrics={len(self.metrics)}, events={len(self.events)}, "
            f"data={len(self.data)}, problems={len(self.problems)})"
        )

    @property
    def display_order(self) -> list[Metric]:
        """Job-level (non-event) metrics in display order, hidden ones included.

        The same list on every call: read it, do not change it."""
        key = (id(self.metrics), len(self.metrics))
        if self._order is None or self._order[:2] != key:
            ordered = sorted((m for m in self.metrics if not m.in_event), key=display_key)
            self._order = (*key, ordered)
        return self._order[2]

    @property
    def event_metrics(self) -> list[Metric]:
        return [m for m in self.metrics if m.in_event]

    @property
    def orphan_event_metrics(self) -> list[Metric]:
        """Metrics flagged ``event_metric`` that no event lists: shown nowhere by ReSim."""
        return [m for m in self.metrics if m.in_event and not m.events]

    @property
    def unreferenced_data(self) -> list[Data]:
        indexes = {id(d.index) for d in self.data if d.index is not None}
        return [d for d in self.data if not d.referenced_by and id(d) not in indexes]

    @property
    def failing(self) -> list[Metric]:
        """The failing metrics, in file order. The same list on every call: read it."""
        key = (id(self.metrics), len(self.metrics))
        if self._failing is None or self._failing[:2] != key:
            self._failing = (*key, [m for m in self.metrics if m.status.failing])
        return self._failing[2]

    @property
    def not_computed(self) -> list[Metric]:
        """Metrics whose value could not be computed (a Metrics 2.0 query, status check or
        template that failed): they do not move the job's status, so they are counted
        beside it."""
        return [m for m in self.metrics if m.status == MetricStatus.ERROR_METRIC_STATUS]

    def find_data(self, ident: Id) -> Data | None:
        return self.data_by_id.get(ident.key)

    def metrics_named(self, name: str) -> Iterator[Metric]:
        return (m for m in self.metrics if m.name == name)
