"""What a comparison found: plain data, phrased once here for every surface."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from tui.model.compare.status import Move, severity, status_move
from tui.model.data import Data
from tui.model.enums import MetricStatus
from tui.model.metric import Event, Metric


def pair_state(a: object | None, b: object | None, changes: list[Change]) -> str:
    """added, removed, changed or same: one pair of a metric, event or data."""
    if a is None:
        return "added"
    if b is None:
        return "removed"
    return "changed" if changes else "same"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference inside a pair.

    ``what`` names the part ("status", "value", "series speed", "description");
    ``before`` and ``after`` are short texts; ``detail`` says how, when there is
    more to say ("Δ +0.5 (+4%)", "first differs at t = 3 s"). ``numbers``
    carries the figures for machines (JSON) and for sorting.
    """

    what: str
    before: str
    after: str
    detail: str = ""
    numbers: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        text = f"{self.what}: {self.before} → {self.after}"
        return f"{text} ({self.detail})" if self.detail else text

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what, "before": self.before, "after": self.after}
        if self.detail:
            out["detail"] = self.detail
        out.update({k: _finite(v) for k, v in self.numbers.items()})
        return out


@dataclass(slots=True)
class MetricDiff:
    """A metric of A paired with the one of B (either may be missing)."""

    key: str  # name, name@event or name#orphan, with #n for repeats: stable across runs
    a: Metric | None
    b: Metric | None
    changes: list[Change] = field(default_factory=list)
    event: str | None = None  # the EventDiff key of the event that holds it

    @property
    def metric(self) -> Metric:
        found = self.b if self.b is not None else self.a
        assert found is not None
        return found

    @property
    def name(self) -> str:
        return self.metric.name

    @property
    def state(self) -> str:
        """added, removed, changed or same."""
        return pair_state(self.a, self.b, self.changes)

    @property
    def move(self) -> Move:
        if self.a is None or self.b is None:
            return Move.SAME
        return status_move(self.a.status, self.b.status)

    @property
    def mark(self) -> str:
        """One character for a tree: + added, − removed, ▲ worse, ▼ better, ● changed."""
        return _mark(self.state, self.move)

    @property
    def worse(self) -> bool:
        return self.state == "removed" or self.move is Move.WORSE

    @property
    def rank(self) -> tuple[int, float]:
        """Bigger is a worse change: worse status first (by how much), then removed, then by
        relative value change, then other changes, then new metrics, then unchanged ones."""
        state = self.state
        if state == "same":
            return (0, 0.0)
        if state == "added":
            return (1, 0.0)
        if state == "removed":
            return (4, 0.0)
        assert self.a is not None and self.b is not None
        step = severity(self.b.status) - severity(self.a.status)
        if step > 0:
            return (5, float(step))
        relative = max((abs(c.numbers.get("relative") or 0.0) for c in self.changes), default=0.0)
        if step < 0:
            return (2, relative)
        return (3, relative if math.isfinite(relative) else 1e300)

    def summary(self) -> str:
        """A short cell: "PASSED → FAIL_WARN", "Δ +0.5", "+", "−", "3 changes"."""
        state = self.state
        if state in ("added", "removed"):
            return "new" if state == "added" else "removed"
        status = next((c for c in self.changes if c.what == "status"), None)
        value = next((c for c in self.changes if "delta" in c.numbers), None)
        failing = next((c for c in self.changes if _failing_moved(c)), None)
        parts = []
        if status is not None:
            parts.append(f"{status.before} → {status.after}")
        if value is not None:
            parts.append(value.detail.split(";")[0])
        if failing is not None and len(parts) < 2:
            n = failing.numbers
            parts.append(f"failing {n['failing_before']:,} → {n['failing_after']:,}")
        if not parts and self.changes:
            first = self.changes[0]
            more = len(self.changes) - 1
            parts.append(first.what + (f" (+{more} more)" if more else ""))
        return ", ".join(parts) or "same"

    def as_json(self) -> dict[str, Any]:
        metric = self.metric
        out: dict[str, Any] = {
            "key": self.key,
            "name": metric.name,
            "type": metric.type.label,
            "state": self.state,
            "status_before": self.a.status.label if self.a is not None else None,
            "status_after": self.b.status.label if self.b is not None else None,
            "move": self.move.value,
            "changes": [c.as_json() for c in self.changes],
        }
        if metric.in_event and metric.events:
            out["event"] = metric.events[0].name
        return out


@dataclass(slots=True)
class EventDiff:
    key: str
    a: Event | None
    b: Event | None
    changes: list[Change] = field(default_factory=list)

    @property
    def state(self) -> str:
        """added, removed, changed or same."""
        return pair_state(self.a, self.b, self.changes)

    @property
    def name(self) -> str:
        event = self.b if self.b is not None else self.a
        assert event is not None
        return event.name

    @property
    def move(self) -> Move:
        if self.a is None or self.b is None:
            return Move.SAME
        return status_move(self.a.status, self.b.status)

    @property
    def mark(self) -> str:
        """As a metric's: + added, − removed, ▲ worse, ▼ better, ● changed."""
        return _mark(self.state, self.move)

    def summary(self) -> str:
        """A short cell, as a metric's: "new", "PASSED → FAIL_WARN", "timestamp (+1 more)"."""
        if self.state in ("added", "removed", "same"):
            return {"added": "new"}.get(self.state, self.state)
        status = next((c for c in self.changes if c.what == "status"), None)
        if status is not None:
            return f"{status.before} → {status.after}"
        more = len(self.changes) - 1
        return self.changes[0].what + (f" (+{more} more)" if more else "")


@dataclass(slots=True)
class DataDiff:
    key: str
    a: Data | None
    b: Data | None
    changes: list[Change] = field(default_factory=list)

    @property
    def state(self) -> str:
        """added, removed, changed or same."""
        return pair_state(self.a, self.b, self.changes)


@dataclass(slots=True)
class Comparison:
    """Everything that differs between document A (before) and B (after)."""

    status: tuple[MetricStatus, MetricStatus]
    metrics: list[MetricDiff]
    events: list[EventDiff]
    data: list[DataDiff]
    # Names that repeat, paired by position among equals: ("A", "metric", "Speed").
    repeats: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def job_move(self) -> Move:
        return status_move(*self.status)

    def by_key(self) -> dict[str, MetricDiff]:
        return {d.key: d for d in self.metrics}

    def count(self, state: str) -> int:
        return sum(d.state == state for d in self.metrics)

    @property
    def differs(self) -> bool:
        return (
            self.status[0] != self.status[1]
            or any(d.state != "same" for d in self.metrics)
            or any(e.state != "same" for e in self.events)
            or any(d.state != "same" for d in self.data)
        )

    @property
    def worse(self) -> bool:
        """A status got worse (a metric's or the job's) or a metric disappeared."""
        return self.job_move is Move.WORSE or any(d.worse for d in self.metrics)

    def changed(self) -> list[MetricDiff]:
        """Metrics that differ, worst change first (ties keep B's order)."""
        moved = [d for d in self.metrics if d.state != "same"]
        return sorted(moved, key=lambda d: d.rank, reverse=True)

    def summary(self) -> str:
        """The counts, and the job's status move if it moved."""
        text = self.counts()
        if self.status[0] != self.status[1]:
            text += f"; job {self.status[0].label} → {self.status[1].label}"
        return text

    def counts(self) -> str:
        """ "2 changed, 1 new, 1 worse, 1 event changed" or "no metric changed"."""
        parts = []
        for state, word in (("changed", "changed"), ("added", "new"), ("removed", "removed")):
            if n := self.count(state):
                parts.append(f"{n} {word}")
        worse = sum(d.move is Move.WORSE for d in self.metrics)
        better = sum(d.move is Move.BETTER for d in self.metrics)
        if worse or better:
            moved = [f"{worse} worse" if worse else "", f"{better} better" if better else ""]
            parts.append(" and ".join(m for m in moved if m))
        for state, words in (
            ("changed", "{n} {event} changed"),
            ("added", "{n} new {event}"),
            ("removed", "{n} {event} removed"),
        ):
            if n := sum(e.state == state for e in self.events):
                parts.append(words.format(n=n, event="event" if n == 1 else "events"))
        return ", ".join(parts) or "no metric changed"

    def as_json(self) -> dict[str, Any]:
        return {
            "job": {
                "status_before": self.status[0].label,
                "status_after": self.status[1].label,
                "move": self.job_move.value,
            },
            "counts": {s: self.count(s) for s in ("changed", "added", "removed", "same")},
            "worse": self.worse,
            "metrics": [d.as_json() for d in self.changed()],
            "events": [
                {"name": e.name, "state": e.state, "changes": [c.as_json() for c in e.changes]}
                for e in self.events
                if e.state != "same"
            ],
            "data": [
                {"name": d.key, "state": d.state, "changes": [c.as_json() for c in d.changes]}
                for d in self.data
                if d.state != "same"
            ],
            "repeated_names": [
                {"side": side, "kind": kind, "name": name} for side, kind, name in self.repeats
            ],
        }


def _mark(state: str, move: Move) -> str:
    if state == "added":
        return "+"
    if state == "removed":
        return "−"
    if state == "same":
        return " "
    return {Move.WORSE: "▲", Move.BETTER: "▼"}.get(move, "●")


def _failing_moved(change: Change) -> bool:
    n = change.numbers
    return "failing_before" in n and n["failing_before"] != n.get("failing_after")


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity: they become None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
