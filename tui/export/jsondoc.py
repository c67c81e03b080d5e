"""The JSON export as plain data: the shape docs/export-format.md documents.

Series stay ``Array`` placeholders here; jsonwrite streams them. Every data
reference of a metric is inlined where it is made, with its index; the
top-level ``data`` list describes every MetricsData and carries the values
only of those no metric shows (so every value is in the file once at least).
"""

from __future__ import annotations

from typing import Any

from tui import __version__
from tui.export.jsonwrite import Array
from tui.export.order import Entry
from tui.model import Data, Document, Event, Metric, Problem
from tui.model import values as v
from tui.model.figure import FigureError, to_python
from tui.model.ids import Id
from tui.model.summary import select
from tui.model.tables import categories, histogram_counts

FORMAT = "resim-tui-export/1"


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, name) for name in names)


# The keys of each values object, pinned here (not taken from the model's
# dataclasses) so the documented shape cannot change by accident: (key, attribute).
_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {
    v.ScalarValues: (*_same("value", "unit"), ("failure_definition", "failure")),
    v.DoubleSummaryValues: (*_same("value", "status", "index"), ("failure_definition", "failure")),
    v.DoubleOverTimeValues: (
        *_same("values", "statuses"),
        ("failure_definitions", "failures"),
        *_same("start_ns", "end_ns", "y_axis_name", "legend"),
    ),
    v.LinePlotValues: _same("xs", "ys", "statuses", "x_axis_name", "y_axis_name", "legend"),
    v.BarChartValues: _same("values", "statuses", "legend", "x_axis_name", "y_axis_name", "stack"),
    v.BatchwiseBarChartValues: _same(
        "times",
        "values",
        "statuses",
        "categories",
        "colors",
        "x_axis_name",
        "y_axis_name",
        "stack",
        "project_id",
    ),
    v.StatesOverTimeValues: _same("states", "statuses", "states_set", "failure_states", "legend"),
    v.HistogramValues: _same(
        "values", "statuses", "buckets", "lower_bound", "upper_bound", "x_axis_name"
    ),
    v.ImageValues: _same("image"),
    v.ImageListValues: _same("images"),
    v.TextValues: _same("text"),
}


def document(doc: Document, entries: list[Entry]) -> dict[str, Any]:
    """The whole export of ``doc``, with ``entries`` (all or the picked metrics) in order."""
    unreferenced = {id(d) for d in doc.unreferenced_data}
    return {
        "format": FORMAT,
        "generator": f"resim-tui {__version__}",
        "source": {"path": str(doc.path), "size_bytes": doc.size},
        "job": {
            "id": _id(doc.job_id),
            "status": doc.status.name,
            "job_level_metrics_status": doc.collection_status.name,
        },
        "metrics": [metric(entry) for entry in entries],
        "events": [event(e) for e in doc.events],
        "data": [data(d, values=id(d) in unreferenced, listing=True) for d in doc.data],
        "problems": [problem(p) for p in doc.problems],
    }


def metric(entry: Entry) -> dict[str, Any]:
    m = entry.metric
    return {
        "position": entry.position,
        "file_index": m.position,
        "id": _id(m.id),
        "name": m.name,
        "type": m.type.name,
        "status": m.status.name,
        "importance": m.importance.name,
        "description": m.description,
        "should_display": m.should_display,
        "blocking": m.blocking,
        "order": m.order,
        "event_metric": m.event_metric,
        "job_id": _id(m.job_id),
        "tags": [{"key": key, "value": value} for key, value in m.tags],
        "events": entry.events,
        "values_kind": m.values_kind,
        "values": values(m),
    }


def values(m: Metric) -> dict[str, Any] | None:
    """The metric's values, field by field, every Ref inlined; plus what views compute."""
    vals = m.values
    if vals is None:
        return None
    if isinstance(vals, v.PlotlyValues):
        return plotly(vals)
    out = {key: _value(getattr(vals, attr)) for key, attr in _FIELDS[type(vals)]}
    if isinstance(vals, v.HistogramValues):
        out["buckets"] = [{"lower": lo, "upper": hi} for lo, hi in vals.buckets]
        names: list[str | None] = [*categories(m)] or [None]
        out["bucket_counts"] = [
            {"category": name, "counts": histogram_counts(vals, name).tolist()} for name in names
        ]
    if isinstance(vals, v.DoubleSummaryValues):
        out["selected"] = [
            {
                "category": row.category,
                "position": row.position,
                "value": row.value,
                "status": row.status.name if row.status is not None else None,
                "note": row.note,
            }
            for row in select(vals)
        ]
    return out


def _value(item: Any) -> Any:
    if isinstance(item, v.Ref):
        return ref(item)
    if isinstance(item, list):
        return [_value(x) for x in item]
    if isinstance(item, v.FailureDefinition):
        return {"fails_above": item.fails_above, "fails_below": item.fails_below}
    if isinstance(item, v.SummaryIndex):
        return {"kind": item.kind, "value": _value(item.value)}
    if isinstance(item, Id):
        return _id(item)
    return item


def plotly(vals: v.PlotlyValues) -> dict[str, Any]:
    try:
        figure, error = to_python(vals.struct), None
    except FigureError as exc:
        figure, error = None, str(exc)
    return {"size_bytes": vals.size, "figure": figure, "error": error}


def ref(item: v.Ref) -> dict[str, Any]:
    """A data reference: the data inlined, or ``{"id", "missing": true}``."""
    if item.data is None:
        return {"id": _id(item.id), "missing": True}
    return data(item.data, values=True)


def data(d: Data, *, values: bool, listing: bool = False, nested: bool = False) -> dict[str, Any]:
    """One MetricsData; ``values`` inlines its series (and its index's)."""
    out: dict[str, Any] = {
        "id": _id(d.id),
        "name": d.name,
        "unit": d.unit,
        "data_type": d.data_type.name,
        "index_data_type": d.index_type.name,
        "is_indexed": d.is_indexed,
        "is_per_category": d.is_per_category,
        "category_names": d.category_names,
        "shape": d.shape,
        "length": d.total_length,
    }
    if listing:
        out["file_index"] = d.position
        out["index_id"] = _id(d.index_id)
        out["referenced_by"] = [m.name for m in d.referenced_by]
        out["has_values"] = values
    if d.shape == "file" and d.file is not None:
        f = d.file
        out["file"] = {
            "path": f.raw,
            "found_at": str(f.path) if f.path else None,
            "problem": f.problem,
        }
    if not values:
        return out
    if d.shape == "series":
        column = d.column()
        out["kind"] = column.kind
        out["values"] = Array(column)
    elif d.shape == "grouped":
        out["categories"] = [
            {"name": name, "kind": (c := d.column(name)).kind, "values": Array(c)}
            for name in d.categories
        ]
    if not nested:
        out["index"] = _index(d)
    return out


def _index(d: Data) -> dict[str, Any] | None:
    if d.index is not None and d.index is not d:
        return data(d.index, values=True, nested=True)
    if d.index_id is not None and d.index is None and d.is_indexed:
        return {"id": _id(d.index_id), "missing": True}
    return None


def event(e: Event) -> dict[str, Any]:
    return {
        "file_index": e.position,
        "id": _id(e.id),
        "name": e.name,
        "description": e.description,
        "tags": e.tags,
        "status": e.status.name,
        "importance": e.importance.name,
        "timestamp_ns": e.timestamp_ns,
        "timestamp_type": e.timestamp_type.name,
        "metric_ids": [_id(i) for i in e.metric_ids],
        "metrics": [m.name if m is not None else None for m in e.metrics],
    }


def problem(p: Problem) -> dict[str, Any]:
    loc = p.location
    return {
        "severity": str(p.severity),
        "location": {"kind": loc.kind, "name": loc.name, "field": loc.field, "index": loc.index},
        "message": p.message,
        "rule": p.rule,
        "hint": p.hint,
        "text": str(p),
    }


def _id(ident: Id | None) -> str | None:
    return str(ident) if ident is not None else None
