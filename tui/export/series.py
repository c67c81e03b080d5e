"""A metric's series as CSV files: which files, which columns, which rows.

The tables come from tui.model.tables (the raw-data view shows the same
ones). Column headers are fixed words, not the file's data names, so a
script reads every export the same way: ``index``/``value`` (``x``/``y`` for
line plots, ``batch_time`` for batchwise bars), ``status``; a timestamp
column becomes ``t_seconds`` (exact decimal seconds) plus ``time_utc``
(ISO-8601) when the times are wall-clock ones. The data names and units are
listed in series.csv.

Grouped data (a series per category) goes into one file with a leading
``category`` column: a spreadsheet filters or pivots on it, categories
compare side by side, and a metric with hundreds of categories still makes
one file, not hundreds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from tui.export import cells
from tui.model import Data, Metric
from tui.model import values as v
from tui.model.columns import Column
from tui.model.tables import Table, categories, metric_tables

_TIME_HEADERS = {
    "index": ("t_seconds", "time_utc"),
    "batch_time": ("batch_time_seconds", "batch_time_utc"),
}


@dataclass(frozen=True, slots=True)
class Spec:
    """How one table column is written: its role, kind and (for times) absolute or not."""

    role: str
    kind: str
    absolute: bool = False
    unit: cells.TimeUnit = "ns"

    @property
    def headers(self) -> list[str]:
        if self.kind != "timestamp":
            return [self.role]
        seconds, clock = _TIME_HEADERS.get(self.role, (f"{self.role}_seconds", f"{self.role}_utc"))
        return [seconds, clock] if self.absolute else [seconds]


@dataclass(frozen=True, slots=True)
class SeriesTable:
    """One CSV file's worth: a table per category (one part, category None, if not grouped)."""

    title: str
    parts: list[tuple[str | None, Table]]
    specs: list[Spec]
    has_status: bool
    grouped: bool
    value_data: Data | None

    @property
    def headers(self) -> list[str]:
        head = ["category"] if self.grouped else []
        for spec in self.specs:
            head.extend(spec.headers)
        return head + (["status"] if self.has_status else [])

    @property
    def rows(self) -> int:
        return sum(table_rows(table) for _, table in self.parts)

    def lines(self) -> Iterator[str]:
        """The CSV body, a chunk of lines (joined, newline-terminated) at a time."""
        for category, table in self.parts:
            columns = [c for _, c in table.columns]
            total = table_rows(table)
            prefix = [cells.text_cell(category or "")] if self.grouped else []
            for start in range(0, total, cells.CHUNK):
                end = min(start + cells.CHUNK, total)
                width = end - start
                block: list[list[str]] = [prefix * width] if prefix else []
                for i, spec in enumerate(self.specs):
                    column = columns[i] if i < len(columns) else None
                    block.extend(_format(column, spec, start, end))
                if self.has_status:
                    block.append(_format_status(table.status, start, end))
                yield "".join(",".join(row) + "\n" for row in zip(*block, strict=True))


def series_tables(metric: Metric) -> list[SeriesTable]:
    """The CSV tables of ``metric``; [] for types without series."""
    names = categories(metric)
    parts_by_category: list[tuple[str | None, list[Table]]] = (
        [(name, metric_tables(metric, name)) for name in names]
        if names
        else [(None, metric_tables(metric))]
    )
    count = len(parts_by_category[0][1])
    result = []
    for i in range(count):
        parts = [(name, tables[i]) for name, tables in parts_by_category if i < len(tables)]
        first_category, first = parts[0]
        value_data = _value_data(metric, i)
        specs = _specs(metric, first, value_data, first_category)
        has_status = any(table.status is not None for _, table in parts)
        result.append(SeriesTable(first.title, parts, specs, has_status, bool(names), value_data))
    return result


def table_rows(table: Table) -> int:
    """Table.rows, tolerating a column that is None (a line plot's missing x or y)."""
    lengths = [len(c) for _, c in table.columns if c is not None]
    if table.status is not None:
        lengths.append(len(table.status))
    return max(lengths, default=0)


def _value_data(metric: Metric, i: int) -> Data | None:
    values = metric.values
    refs: list[v.Ref] = []
    if isinstance(values, v.DoubleOverTimeValues | v.BarChartValues | v.BatchwiseBarChartValues):
        refs = values.values
    elif isinstance(values, v.StatesOverTimeValues):
        refs = values.states
    elif isinstance(values, v.LinePlotValues):
        refs = values.ys
    elif isinstance(values, v.HistogramValues):
        refs = [values.values]
    elif isinstance(values, v.DoubleSummaryValues):
        refs = [values.value]
    return refs[i].data if i < len(refs) else None


def _specs(metric: Metric, table: Table, data: Data | None, category: str | None) -> list[Spec]:
    columns = [c for _, c in table.columns]
    if isinstance(metric.values, v.LinePlotValues):
        roles = ["x", "y"][: len(columns)]
    else:
        value = data.column(category) if data is not None else None
        index = data.index_column(category) if data is not None else None
        roles = []
        for column in columns:
            if column is value and "value" not in roles:
                roles.append("value")
            elif column is index and "index" not in roles:
                roles.append("index")
            else:
                roles.append("batch_time")
    return [_spec(role, column) for role, column in zip(roles, columns, strict=True)]


def _spec(role: str, column: Column | None) -> Spec:
    if column is None:
        return Spec(role, "empty")
    if column.kind != "timestamp":
        return Spec(role, column.kind)
    absolute = cells.is_absolute(column.values)
    return Spec(role, "timestamp", absolute, cells.utc_unit(column.values) if absolute else "ns")


def _format(column: Column | None, spec: Spec, start: int, end: int) -> list[list[str]]:
    """The cells of rows [start, end) of one column: one list per header of ``spec``."""
    width = end - start
    if column is None or spec.kind == "empty":
        return [[""] * width for _ in spec.headers]
    chunk = column.values[start:end]
    kind = column.kind
    if kind != spec.kind:
        # Another kind than in the first category (a malformed file): text in the first cell.
        first = _pad(cells.texts(np.asarray(chunk, dtype=object)), width)
        return [first] + [[""] * width for _ in spec.headers[1:]]
    if kind == "double":
        return [_pad(cells.doubles(chunk), width)]
    if kind == "timestamp":
        out = [_pad(cells.seconds(chunk), width)]
        if spec.absolute:
            out.append(_pad(cells.utc(chunk, spec.unit), width))
        return out
    if kind == "status":
        return [_pad(cells.statuses(chunk), width)]
    return [_pad(cells.texts(chunk), width)]


def _format_status(column: Column | None, start: int, end: int) -> list[str]:
    if column is None:
        return [""] * (end - start)
    return _pad(cells.statuses(column.values[start:end]), end - start)


def _pad(items: list[str], width: int) -> list[str]:
    """Columns of a table may differ in length (a malformed file): blank the missing cells."""
    return items + [""] * (width - len(items)) if len(items) < width else items
