"""Build a Document from a decoded JobMetrics: follow every reference once.

Nothing here converts a series (that happens when a view opens a metric), so
resolving a 100 MB file costs what its few thousand objects cost, not its
millions of points. Defects are recorded as problems, never raised.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.formats.metrics1.budget import trim
from tui.formats.metrics1.series import CODEC
from tui.formats.metrics1.sliced import Held
from tui.formats.metrics1.wire import timestamp_ns as _ns
from tui.model import values as v
from tui.model.budget import Tally
from tui.model.data import Data, Referrer
from tui.model.document import Document
from tui.model.enums import (
    MetricImportance,
    MetricsDataType,
    MetricStatus,
    MetricType,
    TimestampType,
)
from tui.model.ids import Id, id_of
from tui.model.metric import Event, EventMark, Metric
from tui.model.paths import resolve_external
from tui.model.problems import Location, Problem, Severity

_WARNING_RULES = {"known-enum-values", "index-not-indexed"}
_SHAPES = {"series": "series", "series_per_category": "grouped", "external_file": "file"}


class _Resolver:
    def __init__(self, message: Any, root: Path, held: Held | None = None) -> None:
        self.message = message
        self.root = root
        self.held = held or Held()
        self.problems: list[Problem] = []
        self.tally = Tally(self.problems)
        self.data_by_id: dict[Any, Data] = {}
        self._job_ids: dict[str, Id] = {}
        # The metric whose values are being built, and the references made for it.
        self._metric_at: tuple[str, int | None] = ("", None)
        self._made: list[v.Ref] = []

    def problem(self, location: Location, message: str, rule: str, hint: str = "") -> None:
        # What the official validator rejects is an error; the rest only looks wrong.
        severity = Severity.WARNING if rule in _WARNING_RULES else Severity.ERROR
        self.tally.add(Problem(severity, location, message, rule, hint))

    # --- data ---------------------------------------------------------------

    def data(self) -> list[Data]:
        items = [self._data(i, d) for i, d in enumerate(self.message.metrics_data)]
        seen: dict[Any, Data] = {}
        for item in items:
            if item.id.key in seen:
                self.problem(
                    Location("data", item.name, "metrics_data_id", item.position),
                    f'id {item.id} is also the id of data "{seen[item.id.key].name}"',
                    "unique-data-ids",
                    "give every MetricsData its own id; references to it are ambiguous "
                    "(the official validator keeps the last one)",
                )
            seen[item.id.key] = item
        # Like the official validator, the last of duplicate ids wins.
        self.data_by_id = seen
        for item in items:
            if item.is_indexed and item.index_id is not None:
                self._link_index(item)
        return items

    def _data(self, position: int, raw: Any) -> Data:
        data_type = MetricsDataType.of(raw.data_type)
        index_type = MetricsDataType.of(raw.index_data_type)
        item = Data(
            position=position,
            id=Id.parse(raw.metrics_data_id.id.data),
            name=raw.name,
            unit=raw.unit,
            data_type=data_type,
            index_type=index_type,
            is_indexed=raw.is_indexed,
            is_per_category=raw.is_per_category,
            category_names=list(raw.category_names),
            index_id=Id.parse(raw.index_data_id.id.data) if raw.HasField("index_data_id") else None,
            shape=_SHAPES.get(raw.WhichOneof("data"), "none"),
        )
        if item.shape == "series":
            item.codec = CODEC
            kept = self.held.series.get(position)
            item._series = kept if kept is not None else raw.series
        elif item.shape == "grouped":
            item.codec = CODEC
            item._grouped = grouped = dict(raw.series_per_category.category_to_series)
            for key, series in self.held.grouped.get(position, {}).items():
                if key in grouped:  # not a category the budget cut
                    grouped[key] = series
        elif item.shape == "file":
            item.file = resolve_external(self.root, raw.external_file.path)
        if not (data_type.known and index_type.known):
            where = Location("data", item.name, "", position)
            for label, enum in (("data_type", data_type), ("index_data_type", index_type)):
                if not enum.known:
                    self.problem(
                        _at(where, label), f"unknown data type {int(enum)}", "known-enum-values"
                    )
        return item

    def _link_index(self, item: Data) -> None:
        assert item.index_id is not None
        index = self.data_by_id.get(item.index_id.key)
        if index is not None and index is not item and not index.is_indexed:
            if index.id.raw == item.index_id.raw:
                item.index_id = index.id  # one Id object for both: 30,000 data, 30,000 fewer
            item.index = index
            return  # what nearly every index is: no location to make
        where = Location("data", item.name, "index_data_id", item.position)
        if index is None:
            self.problem(
                where,
                f"index {item.index_id} does not exist",
                "index-exists",
                "write the index series too, or drop is_indexed",
            )
            return
        if index.id.raw == item.index_id.raw:
            item.index_id = index.id
        if index is item:
            self.problem(where, "the series is its own index", "index-not-indexed")
            return
        self.problem(
            where,
            f'its index "{index.name}" is itself indexed',
            "index-not-indexed",
            "an index series must be a plain series",
        )
        item.index = index

    # --- metrics -------------------------------------------------------------

    def metrics(self) -> list[Metric]:
        collection = self.message.job_level_metrics
        return [self._metric(i, m) for i, m in enumerate(collection.metrics)]

    def _metric(self, position: int, raw: Any) -> Metric:
        kind = raw.metric_values.WhichOneof("metric_values")  # None when unset
        metric = Metric(
            position=position,
            id=Id.parse(raw.metric_id.id.data),
            name=raw.name,
            type=MetricType.of(raw.type),
            description=raw.description,
            status=MetricStatus.of(raw.status),
            importance=MetricImportance.of(raw.importance),
            should_display=raw.should_display if raw.HasField("should_display") else None,
            blocking=raw.blocking if raw.HasField("blocking") else None,
            order=raw.order if raw.HasField("order") else None,
            event_metric=raw.event_metric if raw.HasField("event_metric") else None,
            job_id=self._job_id(raw.job_id) if raw.HasField("job_id") else None,
            tags=[(t.key, t.value) for t in raw.tags],
            values_kind=kind,
            values=None,
        )
        if not (metric.type.known and metric.status.known and metric.importance.known):
            for label, enum in (
                ("type", metric.type),
                ("status", metric.status),
                ("importance", metric.importance),
            ):
                if not enum.known:
                    self.problem(
                        Location("metric", metric.name, label, position),
                        f"unknown {label} {int(enum)}",
                        "known-enum-values",
                    )
        builder = _BUILDERS.get(kind) if kind is not None else None
        if builder is not None:
            self._metric_at = (metric.name, position)
            self._made.clear()
            metric.values = builder(self, getattr(raw.metric_values, kind))
            user = Referrer(position, metric.name)
            for ref in self._made:  # what refs() would find, gathered as they were made
                if ref.data is not None and user not in ref.data.referenced_by:
                    ref.data.referenced_by.append(user)
        return metric

    def _job_id(self, raw: Any) -> Id:
        """One Id per spelling of the job id: every metric names the job, nearly always
        in one spelling (20,000 metrics held 20,000 copies, 2.6 MB)."""
        inner = getattr(raw, "id", raw)  # as id_of reads it
        text = getattr(inner, "data", "")
        known = self._job_ids.get(text)
        if known is None:
            known = self._job_ids[text] = Id.parse(text)
        return known

    def ref(self, raw: Any, field: str) -> v.Ref:
        """A reference of the metric being built (``_metric_at``), kept in ``_made``."""
        ident = id_of(raw)
        data = self.data_by_id.get(ident.key)
        if data is not None and data.id.raw == ident.raw:
            ident = data.id  # the same spelling: keep one Id, not one per reference
        if data is None:
            name, position = self._metric_at
            self.problem(
                Location("metric", name, field, position),
                f"refers to data {ident.raw or '<empty id>'} that is not in the file",
                "data-exists",
                "write the MetricsData this metric refers to (metrics_writer.add_metrics_data)",
            )
        made = v.Ref(ident, data)
        self._made.append(made)
        return made

    def refs(self, raws: Any, field: str) -> list[v.Ref]:
        return [self.ref(r, f"{field}[{i}]") for i, r in enumerate(raws)]

    def _values_double_metric_values(self, raw: Any) -> v.DoubleSummaryValues:
        which = raw.WhichOneof("index")
        index: v.SummaryIndex | None = None
        if which == "series_index":
            index = v.SummaryIndex("series_index", int(raw.series_index))
        elif which == "timestamp_index":
            ts = raw.timestamp_index
            index = v.SummaryIndex("timestamp", _ns(ts))
        elif which == "uuid_index":
            index = v.SummaryIndex("uuid", Id.parse(raw.uuid_index.data))
        elif which == "string_index":
            index = v.SummaryIndex("string", raw.string_index)
        field = "double_metric_values"
        return v.DoubleSummaryValues(
            value=self.ref(raw.value_data_id, f"{field}.value_data_id"),
            status=self.ref(raw.status_data_id, f"{field}.status_data_id"),
            index=index,
            failure=_failure(raw.failure_definition)
            if raw.HasField("failure_definition")
            else None,
        )

    def _values_double_over_time_metric_values(self, raw: Any) -> v.DoubleOverTimeValues:
        field = "double_over_time_metric_values"
        return v.DoubleOverTimeValues(
            values=self.refs(raw.doubles_over_time_data_id, f"{field}.doubles_over_time_data_id"),
            statuses=self.refs(
                raw.statuses_over_time_data_id, f"{field}.statuses_over_time_data_id"
            ),
            failures=[_failure(f) for f in raw.failure_definition],
            start_ns=_ns(raw.start_time) if raw.HasField("start_time") else None,
            end_ns=_ns(raw.end_time) if raw.HasField("end_time") else None,
            y_axis_name=raw.y_axis_name if raw.HasField("y_axis_name") else None,
            legend=list(raw.legend_series_names),
        )

    def _values_line_plot_metric_values(self, raw: Any) -> v.LinePlotValues:
        field = "line_plot_metric_values"
        return v.LinePlotValues(
            xs=self.refs(raw.x_doubles_data_id, f"{field}.x_doubles_data_id"),
            ys=self.refs(raw.y_doubles_data_id, f"{field}.y_doubles_data_id"),
            statuses=self.refs(raw.statuses_data_id, f"{field}.statuses_data_id"),
            x_axis_name=raw.x_axis_name if raw.HasField("x_axis_name") else None,
            y_axis_name=raw.y_axis_name if raw.HasField("y_axis_name") else None,
            legend=list(raw.legend_series_names),
        )

    def _values_bar_chart_metric_values(self, raw: Any) -> v.BarChartValues:
        field = "bar_chart_metric_values"
        return v.BarChartValues(
            values=self.refs(raw.values_data_id, f"{field}.values_data_id"),
            statuses=self.refs(raw.statuses_data_id, f"{field}.statuses_data_id"),
            legend=list(raw.legend_series_names),
            x_axis_name=raw.x_axis_name if raw.HasField("x_axis_name") else None,
            y_axis_name=raw.y_axis_name if raw.HasField("y_axis_name") else None,
            stack=bool(raw.stack_bars),
        )

    def _values_batchwise_bar_chart_metric_values(self, raw: Any) -> v.BatchwiseBarChartValues:
        field = "batchwise_bar_chart_metric_values"
        return v.BatchwiseBarChartValues(
            times=self.refs(raw.times_data_id, f"{field}.times_data_id"),
            values=self.refs(raw.values_data_id, f"{field}.values_data_id"),
            statuses=self.refs(raw.statuses_data_id, f"{field}.statuses_data_id"),
            categories=list(raw.categories),
            colors=list(raw.colors),
            x_axis_name=raw.x_axis_name if raw.HasField("x_axis_name") else None,
            y_axis_name=raw.y_axis_name if raw.HasField("y_axis_name") else None,
            stack=bool(raw.stack_bars),
            project_id=Id.parse(raw.project_id.data) if raw.HasField("project_id") else None,
        )

    def _values_states_over_time_metric_values(self, raw: Any) -> v.StatesOverTimeValues:
        field = "states_over_time_metric_values"
        return v.StatesOverTimeValues(
            states=self.refs(raw.states_over_time_data_id, f"{field}.states_over_time_data_id"),
            statuses=self.refs(
                raw.statuses_over_time_data_id, f"{field}.statuses_over_time_data_id"
            ),
            states_set=list(raw.states_set),
            failure_states=list(raw.failure_states),
            legend=list(raw.legend_series_names),
        )

    def _values_histogram_metric_values(self, raw: Any) -> v.HistogramValues:
        field = "histogram_metric_values"
        return v.HistogramValues(
            values=self.ref(raw.values_data_id, f"{field}.values_data_id"),
            statuses=self.ref(raw.statuses_data_id, f"{field}.statuses_data_id"),
            buckets=[(b.lower, b.upper) for b in raw.buckets],
            lower_bound=raw.lower_bound if raw.HasField("lower_bound") else None,
            upper_bound=raw.upper_bound if raw.HasField("upper_bound") else None,
            x_axis_name=raw.x_axis_name if raw.HasField("x_axis_name") else None,
        )

    def _values_scalar_metric_values(self, raw: Any) -> v.ScalarValues:
        return v.ScalarValues(
            value=raw.value if raw.HasField("value") else None,
            failure=_failure(raw.failure_definition)
            if raw.HasField("failure_definition")
            else None,
            unit=raw.unit if raw.HasField("unit") else None,
        )

    def _values_plotly_metric_values(self, raw: Any) -> v.PlotlyValues:
        return v.PlotlyValues(raw.json)

    def _values_image_metric_values(self, raw: Any) -> v.ImageValues:
        return v.ImageValues(self.ref(raw.image_data_id, "image_metric_values.image_data_id"))

    def _values_image_list_metric_values(self, raw: Any) -> v.ImageListValues:
        field = "image_list_metric_values.image_data_ids"
        return v.ImageListValues(self.refs(raw.image_data_ids, field))

    def _values_text_metric_values(self, raw: Any) -> v.TextValues:
        return v.TextValues(raw.text)

    # --- events --------------------------------------------------------------

    def events(self, metrics: list[Metric]) -> list[Event]:
        by_id: dict[Any, Metric] = {}
        for metric in metrics:
            by_id.setdefault(metric.id.key, metric)
        events = []
        for position, raw in enumerate(self.message.events):
            event = Event(
                position=position,
                id=id_of(raw.event_id),
                name=raw.name,
                description=raw.description,
                tags=list(raw.tags),
                status=MetricStatus.of(raw.status),
                importance=MetricImportance.of(raw.importance),
                timestamp_ns=_ns(raw.timestamp) if raw.HasField("timestamp") else None,
                timestamp_type=TimestampType.of(raw.timestamp_type),
                metric_ids=[id_of(m) for m in raw.metrics],
            )
            where = Location("event", event.name, "", position)
            for i, ident in enumerate(event.metric_ids):
                listed = by_id.get(ident.key)
                event.metrics.append(listed)
                if listed is None:
                    self.problem(
                        _at(where, f"metrics[{i}]"),
                        f"lists metric {ident.raw or '<empty id>'} that is not in the file",
                        "event-metrics-exist",
                        "add the metric to the job, or drop it from the event",
                    )
                elif (mark := EventMark(event.position, event.name)) not in listed.events:
                    listed.events.append(mark)
            events.append(event)
        return events


# The builder of each MetricValues member.
_BUILDERS: dict[str, Callable[[_Resolver, Any], v.MetricValues]] = {
    name.removeprefix("_values_"): method
    for name, method in vars(_Resolver).items()
    if name.startswith("_values_")
}


def _at(where: Location, field: str) -> Location:
    return Location(where.kind, where.name, field, where.index)


def _failure(raw: Any) -> v.FailureDefinition:
    return v.FailureDefinition(
        fails_above=raw.fails_above if raw.HasField("fails_above") else None,
        fails_below=raw.fails_below if raw.HasField("fails_below") else None,
    )


def resolve(
    message: Any,
    path: Path,
    size: int,
    stop: Callable[[], bool] | None = None,
    *,
    held: Held | None = None,
) -> Document:
    """Resolve a decoded JobMetrics read from ``path`` (size in bytes). Once ``stop()``
    is true (a newer read replaced this one) the steps left are skipped: the Document
    is then incomplete, for a caller that no longer wants it. ``held`` has the series
    the parse kept out of the message (tui/formats/metrics1/sliced.py)."""
    wanted: Callable[[], bool] = (lambda: True) if stop is None else (lambda: not stop())
    root = path.parent
    cuts = trim(message, size)  # first: nothing below may meet what is past the budget
    resolver = _Resolver(message, root, held)
    resolver.problems += cuts
    data = resolver.data()
    metrics = resolver.metrics() if wanted() else []
    events = resolver.events(metrics) if wanted() else []
    resolver.problems += resolver.tally.summaries()
    return Document(
        path=path,
        root=root,
        size=size,
        job_id=id_of(message.job_id) if message.HasField("job_id") else None,
        status=MetricStatus.of(message.metrics_status),
        collection_status=MetricStatus.of(message.job_level_metrics.metrics_status),
        metrics=metrics,
        events=events,
        data=data,
        data_by_id=resolver.data_by_id,
        problems=resolver.problems,
        message=message,
    )
