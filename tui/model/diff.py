"""What changed between two loads of a metrics file.

Ids change on every run of a metrics build, so metrics are matched by name
(and, for event metrics, by their event) and compared by content: their
fields and values with every id left out and every referenced series
replaced by a digest of its bytes. Image files count by size and mtime, so
a rewritten image marks its metric changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from google.protobuf.message import Message

from tui.model.data import Data
from tui.model.document import Document
from tui.model.enums import MetricStatus
from tui.model.metric import Metric

_ID_TYPES = {"MetricsDataId", "MetricId", "JobId", "EventId", "UUID"}


@dataclass(frozen=True, slots=True)
class Changes:
    """Keys (see ``metric_key``) of changed, new and removed metrics, and the job status move."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    status: tuple[MetricStatus, MetricStatus] | None = None

    @property
    def any(self) -> bool:
        return bool(self.changed or self.added or self.removed or self.status)

    def summary(self) -> str:
        parts = []
        if self.changed:
            parts.append(f"{len(self.changed)} changed")
        if self.added:
            parts.append(f"{len(self.added)} new")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        text = ", ".join(parts) or "no metric changed"
        if self.status is not None:
            before, after = self.status
            text += f"; job {before.label} → {after.label}"
        return text


def metric_key(metric: Metric) -> str:
    """A name that survives a re-run: the metric's name, and its event for event metrics."""
    if metric.in_event and metric.events:
        return f"{metric.name}@{metric.events[0].name}"
    return metric.name


def fingerprints(doc: Document) -> dict[str, str]:
    """Content digest of each metric, by key; repeated keys get #2, #3."""
    out: dict[str, str] = {}
    raws = doc.message.job_level_metrics.metrics if doc.message is not None else []
    for metric in doc.metrics:
        key = metric_key(metric)
        n = 2
        while key in out:
            key = f"{metric_key(metric)}#{n}"
            n += 1
        raw = raws[metric.position] if metric.position < len(raws) else None
        out[key] = _digest(metric, raw)
    return out


def compare(old: Document, new: Document, old_prints: dict[str, str] | None = None) -> Changes:
    before = old_prints if old_prints is not None else fingerprints(old)
    after = fingerprints(new)
    status = (old.status, new.status) if old.status != new.status else None
    return Changes(
        changed=[k for k in after if k in before and before[k] != after[k]],
        added=[k for k in after if k not in before],
        removed=[k for k in before if k not in after],
        status=status,
    )


def _digest(metric: Metric, raw: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    if raw is not None:
        h.update(_without_ids(raw))
    for ref in metric.refs():
        data = ref.data
        h.update(b"\x00ref")
        if data is not None:
            _data_digest(h, data)
            if data.index is not None:
                _data_digest(h, data.index)
    return h.hexdigest()


def _data_digest(h: Any, data: Data) -> None:
    h.update(data.name.encode())
    h.update(data.unit.encode())
    for name, content in data.digests():
        if name is not None:
            h.update(name.encode())
        h.update(content)
    if data.file is not None:
        h.update(data.file.raw.encode())
        if data.file.path is not None and data.file.ok:
            try:
                info = data.file.path.stat()
                h.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
            except OSError:
                h.update(b"gone")


def _without_ids(message: Message) -> bytes:
    """The message serialized with every id field cleared (ids differ on every run)."""
    copy = type(message)()
    copy.CopyFrom(message)
    _clear_ids(copy)
    return copy.SerializeToString(deterministic=True)


def _clear_ids(message: Message) -> None:
    for descriptor, value in message.ListFields():
        if descriptor.message_type is None:
            continue
        if descriptor.message_type.name in _ID_TYPES:
            message.ClearField(descriptor.name)
            continue
        if _repeated(descriptor):
            if descriptor.message_type.GetOptions().map_entry:
                continue
            for item in value:
                _clear_ids(item)
        else:
            _clear_ids(value)


def _repeated(descriptor: Any) -> bool:
    # protobuf 7 replaced FieldDescriptor.label with is_repeated.
    flag = getattr(descriptor, "is_repeated", None)
    if flag is not None:
        return bool(flag)
    return bool(descriptor.label == descriptor.LABEL_REPEATED)
