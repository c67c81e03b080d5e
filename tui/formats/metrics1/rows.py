"""The light read of a metrics file: one batch row, without resolving the job.

A jobs table needs each metric's name, status and (for scalars and double
summaries) value. Parsing keeps every series as bytes; here only the few
series a double summary points at are decoded, and nothing else of the
file is resolved, so a 50-metric job costs a fraction of a full ``load``.
"""

from __future__ import annotations

import os
from pathlib import Path
from sys import intern
from typing import Any

from tui.formats.metrics1.decode import parse
from tui.formats.metrics1.resolve import _Resolver
from tui.model.batch import JobRow, MetricCell
from tui.model.enums import MetricStatus, MetricType
from tui.model.errors import LoadError
from tui.model.summary import select
from tui.text.plural import plural


def read_row(file: Path, name: str) -> JobRow:
    """The row of ``file`` (named ``name`` in its batch); a file that cannot be used
    becomes a row whose ``error`` says why."""
    try:
        info = os.stat(file)
        with open(file, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return JobRow(file, name, 0, 0.0, error=f"cannot read it ({exc.strerror or exc})")
    row = JobRow(file, name, len(raw), info.st_mtime)
    try:
        message = parse(raw, file)
    except LoadError as exc:
        # The reason without the path: the row already names the job.
        row.error = str(exc).removeprefix(f"{file}: ")
        return row
    return row_of(message, file, name, len(raw), info.st_mtime)


def row_of(message: Any, file: Path, name: str, size: int, mtime: float) -> JobRow:
    job_id = message.job_id.id.data if message.HasField("job_id") else None
    summaries = _Summaries(message, file.parent)
    cells = tuple(_cell(raw, summaries) for raw in message.job_level_metrics.metrics)
    return JobRow(
        file,
        name,
        size,
        mtime,
        job_id=job_id,
        status=MetricStatus(message.metrics_status),
        metrics=cells,
    )


# Enum members by number: a batch makes hundreds of thousands of cells, and a dict
# lookup is several times cheaper than calling the enum.
_STATUSES = {int(s): s for s in MetricStatus}
_TYPES = {int(t): t for t in MetricType}


def _cell(raw: Any, summaries: _Summaries) -> MetricCell:
    values = raw.metric_values
    kind = values.WhichOneof("metric_values")
    value: float | None = None
    unit = ""
    note = None
    if kind == "scalar_metric_values":
        scalar = values.scalar_metric_values
        value = scalar.value if scalar.HasField("value") else None
        unit = scalar.unit
    elif kind == "double_metric_values":
        value, unit, note = summaries.value(raw)
    status, kind_number = raw.status, raw.type
    return MetricCell(
        # Interned: every job of a batch repeats the same names and units, and the same
        # string object is pickled once per chunk of rows and made once in the app.
        intern(raw.name),
        _TYPES.get(kind_number) or MetricType(kind_number),
        _STATUSES.get(status) or MetricStatus(status),
        raw.blocking,  # unset reads False, which is what an unset flag means here
        value,
        intern(unit),
        raw.event_metric,
        note,
    )


class _Summaries:
    """Resolves just the data a double summary names, with the full reader's rules."""

    def __init__(self, message: Any, root: Path) -> None:
        self.message = message
        self.resolver: _Resolver | None = None
        self.root = root
        self.raw_by_id: dict[str, tuple[int, Any]] = {}

    def value(self, raw: Any) -> tuple[float | None, str, str | None]:
        if self.resolver is None:
            self.resolver = _Resolver(self.message, self.root)
            # Keyed by the id's text, lower-cased: the spellings the SDK writes.
            for position, data in enumerate(self.message.metrics_data):
                self.raw_by_id[data.metrics_data_id.id.data.lower()] = (position, data)
        values = raw.metric_values.double_metric_values
        for ident in (values.value_data_id, values.status_data_id):
            self._add(ident.id.data.lower())
        self.resolver._metric_at = (raw.name, None)
        resolved = self.resolver._values_double_metric_values(values)
        self.resolver._made.clear()  # no metric here to link the data to
        data = resolved.value.data
        unit = data.unit if data is not None else ""
        rows = select(resolved)
        if len(rows) != 1:
            return None, unit, f"{plural(len(rows), 'category')}"
        return rows[0].value, unit, rows[0].note

    def _add(self, key: str, depth: int = 0) -> None:
        assert self.resolver is not None
        entry = self.raw_by_id.get(key)
        if entry is None or depth > 1:
            return
        position, raw = entry
        item = self.resolver._data(position, raw)
        if item.id.key in self.resolver.data_by_id:
            return
        self.resolver.data_by_id[item.id.key] = item
        if item.is_indexed and item.index_id is not None:
            self._add(raw.index_data_id.id.data.lower(), depth + 1)
            self.resolver._link_index(item)
