"""A metric's data as tables: the raw-data view and the CSV export share it.

Each table is a list of named columns (the key or index column first, then
values) plus the status series when there is one. Columns are converted on
first use; a table over millions of rows costs nothing until its cells are
read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui.model import values as v
from tui.model.columns import Column
from tui.model.data import Data
from tui.model.metric import Metric


@dataclass(frozen=True, slots=True)
class Table:
    """One series' rows. ``columns`` are (header, column); ``status`` may be None."""

    title: str
    columns: list[tuple[str, Column]]
    status: Column | None
    category: str | None = None

    @property
    def rows(self) -> int:
        lengths = [len(c) for _, c in self.columns]
        if self.status is not None:
            lengths.append(len(self.status))
        return max(lengths, default=0)


def categories(metric: Metric) -> list[str]:
    """Categories of a metric over grouped data (from its first grouped series)."""
    for ref in metric.refs():
        if ref.data is not None and ref.data.shape == "grouped":
            return ref.data.categories
    return []


def metric_tables(metric: Metric, category: str | None = None) -> list[Table]:
    """Tables for ``metric``; [] for types without series (scalar, text, plotly, images)."""
    values = metric.values
    if category is None:
        names = categories(metric)
        category = names[0] if names else None
    if isinstance(values, v.DoubleOverTimeValues | v.StatesOverTimeValues):
        refs = values.values if isinstance(values, v.DoubleOverTimeValues) else values.states
        return [
            _indexed(
                _legend(values.legend, i, ref), ref.data, _at(values.statuses, i), category, "time"
            )
            for i, ref in enumerate(refs)
        ]
    if isinstance(values, v.BarChartValues):
        return [
            _indexed(
                _legend(values.legend, i, ref),
                ref.data,
                _at(values.statuses, i),
                category,
                values.x_axis_name or "label",
            )
            for i, ref in enumerate(values.values)
        ]
    if isinstance(values, v.LinePlotValues):
        tables = []
        for i, (x, y) in enumerate(zip(values.xs, values.ys, strict=False)):
            pairs = [
                (values.x_axis_name or _name(x), _column(x.data, category)),
                (values.y_axis_name or _name(y), _column(y.data, category)),
            ]
            # A missing x or y (a dangling reference) leaves its column out.
            columns = [(header, column) for header, column in pairs if column is not None]
            status = _column(_at(values.statuses, i), category)
            tables.append(Table(_legend(values.legend, i, y), columns, _maybe(status), category))
        return tables
    if isinstance(values, v.BatchwiseBarChartValues):
        tables = []
        for i, ref in enumerate(values.values):
            title = values.categories[i] if i < len(values.categories) else ref.name
            table = _indexed(title, ref.data, _at(values.statuses, i), category, "batch")
            times = _at(values.times, i)
            if times is not None:
                table.columns.insert(1, ("batch time", times.column(category)))
            tables.append(table)
        return tables
    if isinstance(values, v.HistogramValues):
        return [
            _indexed(
                values.values.name, values.values.data, values.statuses.data, category, "index"
            )
        ]
    if isinstance(values, v.DoubleSummaryValues):
        return [
            _indexed(values.value.name, values.value.data, values.status.data, category, "index")
        ]
    return []


def data_table(data: Data, category: str | None = None) -> Table:
    """The rows of one MetricsData (with its index, if any)."""
    return _indexed(data.name, data, None, category, "index")


def histogram_counts(values: v.HistogramValues, category: str | None = None) -> np.ndarray:
    """Values per bucket: lower <= x < upper, the last bucket closed at its upper edge."""
    data = values.values.data
    if data is None or not values.buckets:
        return np.zeros(len(values.buckets), dtype=np.int64)
    column = data.column(category)
    points = (
        column.values.astype(np.float64, copy=False) if column.kind == "double" else np.zeros(0)
    )
    points = points[np.isfinite(points)]
    counts = []
    last = len(values.buckets) - 1
    for i, (lower, upper) in enumerate(values.buckets):
        inside = (points >= lower) & ((points < upper) if i < last else (points <= upper))
        counts.append(int(np.count_nonzero(inside)))
    return np.asarray(counts, dtype=np.int64)


def _indexed(
    title: str, data: Data | None, status: Data | None, category: str | None, key: str
) -> Table:
    columns: list[tuple[str, Column]] = []
    if data is not None:
        index = data.index_column(category)
        if index is not None and data.index is not None:
            columns.append((data.index.name or key, index))
        unit = f" [{data.unit}]" if data.unit and f"[{data.unit}]" not in data.name else ""
        header = data.name + unit
        columns.append((header, data.column(category)))
    return Table(title, columns, _maybe(_column(status, category)), category)


def _column(data: Data | None, category: str | None) -> Column | None:
    return data.column(category) if data is not None else None


def _maybe(column: Column | None) -> Column | None:
    return column if column is not None and column.kind == "status" else None


def _at(refs: list[v.Ref], i: int) -> Data | None:
    return refs[i].data if i < len(refs) else None


def _legend(legend: list[str], i: int, ref: v.Ref) -> str:
    return legend[i] if i < len(legend) and legend[i] else ref.name


def _name(ref: v.Ref) -> str:
    return ref.name
