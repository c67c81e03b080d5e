"""A Preview as the shared model: topics, events and config metrics as a Document.

System templates become the model's own value types wherever one fits (scalar,
text, line, bar, state timeline, images), so cards, charts, export and ``show``
draw Metrics 2.0 with the code that draws Metrics 1.0. Tables, pies and
histograms become Plotly figures (the Plotly renderer draws those traces);
custom templates are the Plotly figure their Liquid printed.
"""

from __future__ import annotations

import math
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from google.protobuf import json_format, struct_pb2

from tui.formats.metrics2.arrays import CODEC, Array
from tui.formats.metrics2.emissions import PLATFORM_TOPICS, TopicRows
from tui.formats.metrics2.outline import Outline
from tui.model import Data, Document, Event, Id, Metric
from tui.model.data import Referrer
from tui.model.enums import (
    MetricImportance,
    MetricsDataType,
    MetricStatus,
    MetricType,
    TimestampType,
)
from tui.model.metric import EventMark
from tui.model.paths import resolve_external
from tui.model.values import (
    BarChartValues,
    DoubleOverTimeValues,
    ImageListValues,
    LinePlotValues,
    Look,
    MetricValues,
    PlotlyValues,
    Ref,
    ScalarValues,
    StatesOverTimeValues,
    TextValues,
)
from tui.text.plural import plural

if TYPE_CHECKING:  # the engine's imports (DuckDB, sqlglot, Liquid): an outline needs none
    from tui.formats.metrics2.config import MetricSpec
    from tui.formats.metrics2.preview import Outcome, Preview

STATUS = {
    "PASSED": MetricStatus.PASSED_METRIC_STATUS,
    "FAIL_WARN": MetricStatus.FAIL_WARN_METRIC_STATUS,
    "FAIL_BLOCK": MetricStatus.FAIL_BLOCK_METRIC_STATUS,
    "NO_DATA": MetricStatus.NOT_APPLICABLE_METRIC_STATUS,
    "SKIPPED": MetricStatus.NOT_APPLICABLE_METRIC_STATUS,
    "ERROR": MetricStatus.ERROR_METRIC_STATUS,
    None: MetricStatus.RAW_METRIC_STATUS,
}
JOB_STATUS = {
    "BLOCKER": MetricStatus.FAIL_BLOCK_METRIC_STATUS,
    "ERROR": MetricStatus.ERROR_METRIC_STATUS,
    "WARNING": MetricStatus.FAIL_WARN_METRIC_STATUS,
    "PASSED": MetricStatus.PASSED_METRIC_STATUS,
}
DATA_TYPES = {
    "double": MetricsDataType.DOUBLE_SERIES_DATA_TYPE,
    "timestamp": MetricsDataType.TIMESTAMP_SERIES_DATA_TYPE,
    "string": MetricsDataType.STRING_SERIES_DATA_TYPE,
    "status": MetricsDataType.METRIC_STATUS_SERIES_DATA_TYPE,
}
NUMERIC_FIELDS = ("float", "int")
BAND_FIELDS = ("string", "status", "boolean")
MEDIA_FIELDS = ("image", "video")
LOCAL = "local preview"
PENDING = "computing…"
STALE = "recomputing: rows were appended; this value is from before them"
READING = "reading and checking the rows…"
ESTIMATED = "lines estimated from the first and last bytes of the file; "


class _Objects:
    """The metrics and data of a Document being built, each given its position and id."""

    def __init__(self, multi: bool) -> None:
        self.metrics: list[Metric] = []
        self.data: list[Data] = []
        self.multi = multi  # several jobs: names say which

    # --- data ---------------------------------------------------------------

    def series(
        self, name: str, kind: str, values: np.ndarray, index: Data | None = None, unit: str = ""
    ) -> Data:
        position = len(self.data)
        ident = Id.parse(str(uuid.uuid5(uuid.NAMESPACE_URL, f"m2:data:{position}:{name}")))
        data = Data(
            position=position,
            id=ident,
            name=name,
            unit=unit,
            data_type=DATA_TYPES.get(kind, MetricsDataType.DOUBLE_SERIES_DATA_TYPE),
            index_type=index.data_type if index is not None else MetricsDataType.NO_DATA_TYPE,
            is_indexed=index is not None,
            is_per_category=False,
            category_names=[],
            index_id=index.id if index is not None else None,
            shape="series",
            index=index,
            codec=CODEC,
            _series=Array(kind, values),
        )
        self.data.append(data)
        return data

    def file(self, name: str, root: Path, raw: str) -> Data:
        position = len(self.data)
        ident = Id.parse(str(uuid.uuid5(uuid.NAMESPACE_URL, f"m2:file:{position}:{raw}")))
        data = Data(
            position=position,
            id=ident,
            name=name,
            unit="",
            data_type=MetricsDataType.EXTERNAL_FILE_DATA_TYPE,
            index_type=MetricsDataType.NO_DATA_TYPE,
            is_indexed=False,
            is_per_category=False,
            category_names=[],
            index_id=None,
            shape="file",
            file=resolve_external(root, raw),
            codec=CODEC,
        )
        self.data.append(data)
        return data

    def ref(self, data: Data) -> Ref:
        return Ref(data.id, data)

    # --- metrics ------------------------------------------------------------

    def metric(
        self,
        name: str,
        kind: MetricType,
        values: MetricValues | None,
        *,
        description: str = "",
        status: MetricStatus = MetricStatus.RAW_METRIC_STATUS,
        tags: list[tuple[str, str]] | None = None,
        job: str | None = None,
        hidden: bool = False,
        in_event: bool = False,
        order: float | None = None,
    ) -> Metric:
        position = len(self.metrics)
        metric = Metric(
            position=position,
            id=Id.parse(str(uuid.uuid5(uuid.NAMESPACE_URL, f"m2:metric:{position}:{name}"))),
            name=name,
            type=kind,
            description=description,
            status=status,
            importance=MetricImportance.NO_SPECIFIED_IMPORTANCE,
            should_display=not hidden,
            blocking=None,
            order=order,
            event_metric=in_event,
            job_id=Id.parse(job) if job else None,
            tags=tags or [],
            values_kind=type(values).__name__ if values is not None else None,
            values=values,
        )
        self.metrics.append(metric)
        user = Referrer(metric.position, metric.name)
        for ref in metric.refs():
            if ref.data is not None:
                ref.data.referenced_by.append(user)
        return metric


class _Builder(_Objects):
    def __init__(self, preview: Preview) -> None:
        super().__init__(len(preview.jobs) > 1)
        self.preview = preview
        self.events: list[Event] = []

    def about(self) -> None:
        p = self.preview
        caveats = sorted({c for o in p.outcomes for c in o.translation.caveats})
        # One item a line: a Markdown paragraph would run them together.
        lines = [
            f"Metrics 2.0, {LOCAL}: every value below was computed on this machine, not by ReSim.",
            "",
            f"- Engine: {p.engine_description}.",
            "- Config: " + (", ".join(p.config.files) or "none found"),
            f"- {_scope_line(p)}",
            f"- Jobs: {len(p.jobs)}; emissions files: "
            + ", ".join(f.name for e in p.emissions.values() for f in e.files),
        ]
        lines += [f"- Not exact: {c}" for c in caveats]
        lines += [
            f"- {f.name}: the last line is still being written; it is read once it ends"
            for e in p.emissions.values()
            for f in e.files
            if f.partial
        ]
        self.metric(
            "About this preview",
            MetricType.TEXT_METRIC_TYPE,
            TextValues("\n".join(lines)),
            description=f"{LOCAL}: engine and translation",
            tags=[("format", "metrics2")],
            order=0.0,  # first in the tree: the preview says once that it is local
        )

    # --- topics -------------------------------------------------------------

    def topics(self) -> None:
        p = self.preview
        for job in p.jobs:
            emissions = p.emissions.get(job.job_id)
            if emissions is None:
                continue
            suffix = f" [{job.experience_name or job.job_id}]" if self.multi else ""
            for name, topic in p.config.topics.items():
                rows = emissions.rows.get(name)
                if rows is None or not len(rows):
                    continue
                self.topic(name, topic.schema, rows, job.directory, suffix, job.job_id)
            for name, (schema, rows) in emissions.raw.items():
                if len(rows):
                    label = f"{name} ({'platform' if name in PLATFORM_TOPICS else 'undeclared'})"
                    self.topic(label, schema, rows, job.directory, suffix, job.job_id)

    def topic(
        self,
        name: str,
        schema: dict[str, str],
        rows: TopicRows,
        root: Path,
        suffix: str,
        job: str,
    ) -> None:
        # Rows without a timestamp are left out of the charts; when there are none, the
        # columns are used as they are (no copy of a million values per field).
        every = not rows.missing.any()
        timed = ~rows.missing
        times = rows.timestamps if every else rows.timestamps[timed]
        start = int(times.min()) if len(times) else None
        end = int(times.max()) if len(times) else None
        span = f", {(end - start) / 1e9:g} s" if start is not None and end is not None else ""
        about = f"topic {name}: {plural(len(rows), 'row')}{span}; " + ", ".join(
            f"{f}: {k}" for f, k in schema.items()
        )
        tags = [("topic", name)]
        if not len(times):
            self.metric(
                f"{name}{suffix}",
                MetricType.TEXT_METRIC_TYPE,
                TextValues(_table_text(schema, rows)),
                description=about + " (no timestamps)",
                tags=tags,
                job=job,
            )
            return
        stamps = np.asarray(times, dtype=np.int64)
        time_index = self.series(f"{name}.timestamp", "timestamp", stamps)
        for f, kind in schema.items():
            column = rows.columns[f] if every else rows.columns[f][timed]
            label = f"{name}.{f}{suffix}"
            if kind in NUMERIC_FIELDS:
                values = np.asarray(column, dtype=np.float64)
                data = self.series(f"{name}.{f}", "double", values, time_index)
                self.metric(
                    label,
                    MetricType.DOUBLE_OVER_TIME_METRIC_TYPE,
                    DoubleOverTimeValues([self.ref(data)], [], [], start, end, f, [f]),
                    description=about,
                    tags=tags,
                    job=job,
                )
            elif kind in BAND_FIELDS:
                strings = _labels(column)
                data = self.series(f"{name}.{f}", "string", strings, time_index)
                self.metric(
                    label,
                    MetricType.STATES_OVER_TIME_METRIC_TYPE,
                    StatesOverTimeValues(
                        [self.ref(data)], [], _states(rows, f, strings, every), _failing(kind), [f]
                    ),
                    description=about,
                    tags=tags,
                    job=job,
                )
            elif kind == "image":
                files = [self.ref(self.file(f"{name}.{f}: {v}", root, str(v))) for v in column]
                self.metric(
                    label,
                    MetricType.IMAGE_LIST_METRIC_TYPE,
                    ImageListValues(files),
                    description=about,
                    tags=tags,
                    job=job,
                )

    # --- events -------------------------------------------------------------

    def collect_events(self) -> None:
        for job in self.preview.jobs:
            emissions = self.preview.emissions.get(job.job_id)
            for row in emissions.events if emissions else []:
                data = row.data
                children: list[Metric | None] = []
                for entry in data.get("metrics") or []:
                    if isinstance(entry, dict):
                        children.append(self.event_metric(entry, job.job_id))
                name = str(data.get("name") or row.topic)
                stamp = int(row.timestamp) if row.timestamp is not None else None
                event = Event(
                    position=len(self.events),
                    id=Id.parse(str(uuid.uuid5(uuid.NAMESPACE_URL, f"m2:event:{row.line}"))),
                    name=name,
                    description=str(data.get("description") or ""),
                    tags=[str(t) for t in data.get("tags") or [] if isinstance(t, str)],
                    status=STATUS.get(str(data.get("status")), MetricStatus.NO_METRIC_STATUS),
                    importance=MetricImportance.NO_SPECIFIED_IMPORTANCE,
                    timestamp_ns=stamp,
                    timestamp_type=TimestampType.RELATIVE_TIMESTAMP,
                    metric_ids=[m.id for m in children if m is not None],
                    metrics=children,
                )
                for child in children:
                    if child is not None:
                        child.events.append(EventMark(event.position, event.name))
                self.events.append(event)

    def event_metric(self, entry: dict[str, Any], job: str) -> Metric:
        name = str(entry.get("name") or "metric")
        value = entry.get("value")
        unit = str(entry.get("unit")) if entry.get("unit") is not None else None
        if entry.get("type") == "scalar" and isinstance(value, int | float):
            return self.metric(
                name,
                MetricType.SCALAR_METRIC_TYPE,
                ScalarValues(float(value), None, unit),
                job=job,
                in_event=True,
            )
        return self.metric(
            name,
            MetricType.TEXT_METRIC_TYPE,
            TextValues(str(value)),
            job=job,
            in_event=True,
        )

    # --- config metrics -----------------------------------------------------

    def outcomes(self) -> None:
        names = {j.job_id: j.experience_name or j.job_id for j in self.preview.jobs}
        for outcome in self.preview.outcomes:
            m = outcome.metric
            name = m.name
            if outcome.job is not None and self.multi:
                name = f"{name} [{names.get(outcome.job, outcome.job)}]"
            if outcome.label:
                name = f"{name} [{outcome.label}]"
            kind, values = self.values(outcome)
            detail = m.template if m.template_type == "system" else m.template_file
            description = m.description or ""
            lines = [description] if description else []
            lines.append(f"{m.type} metric, {m.template_type} template {detail}; {LOCAL}")
            if outcome.window is not None:
                lines.append(outcome.window.note)
            if outcome.status in ("NO_DATA", "SKIPPED", "ERROR"):
                lines.append(
                    f"status: {outcome.status}" + (f" ({outcome.error})" if outcome.error else "")
                )
            lines += [f"not exact: {c}" for c in outcome.translation.caveats]
            if outcome.stale:
                lines.append(STALE)
            self.metric(
                name,
                kind,
                values,
                description="\n".join(lines),
                status=STATUS.get(outcome.status, MetricStatus.RAW_METRIC_STATUS),
                tags=[
                    ("metric type", m.type),
                    ("template", detail),
                    ("sql", outcome.translation.sql),
                ],
                job=outcome.job,
                hidden=outcome.status == "SKIPPED",
            )

    def values(self, outcome: Outcome) -> tuple[MetricType, MetricValues | None]:
        m, result = outcome.metric, outcome.result
        if result is None or outcome.status in ("ERROR", "NO_DATA", "SKIPPED"):
            text = outcome.error or (outcome.status or "not computed").replace("_", " ").lower()
            return MetricType.TEXT_METRIC_TYPE, TextValues(text + _pointed(m, outcome.error))
        if m.template_type == "custom":
            if outcome.figure is None:
                return MetricType.TEXT_METRIC_TYPE, TextValues("the template did not render")
            return MetricType.PLOTLY_METRIC_TYPE, PlotlyValues(_struct(outcome.figure))
        rows, cols = result.rows, result.columns
        settings = m.settings
        x_label = _setting(settings, "xaxis") or (cols[1] if len(cols) > 1 else "")
        y_label = _setting(settings, "yaxis") or (cols[-1] if cols else "")
        template = m.template
        if template == "scalar":
            value = rows[0][0]
            if isinstance(value, int | float) and not isinstance(value, bool):
                return MetricType.SCALAR_METRIC_TYPE, ScalarValues(
                    float(value), None, m.units or None
                )
            return MetricType.TEXT_METRIC_TYPE, TextValues(str(value))
        if template == "line":
            xs, ys, legend = [], [], []
            for label, points in _groups(rows, 0):
                x = self.series(f"{m.name}: {label} x", "double", _floats(p[1] for p in points))
                y = self.series(f"{m.name}: {label}", "double", _floats(p[2] for p in points))
                xs.append(self.ref(x))
                ys.append(self.ref(y))
                legend.append(label)
            return MetricType.LINE_PLOT_METRIC_TYPE, LinePlotValues(
                xs,
                ys,
                [],
                x_label,
                cols[2] if not _setting(settings, "yaxis") else y_label,
                legend,
                _look(settings, legend),
            )
        if template == "bar":
            if len(cols) == 2:
                rows = [("", r[0], r[1]) for r in rows]
                cols = ["", cols[0], cols[1]]
            values, legend = [], []
            for label, points in _groups(rows, 0):
                cats = self.series(
                    f"{m.name}: {label} categories",  # plural: not a count
                    "string",
                    np.array([str(p[1]) for p in points], dtype=object),
                )
                vals = self.series(
                    f"{m.name}: {label}", "double", _floats(p[2] for p in points), cats
                )
                values.append(self.ref(vals))
                legend.append(label)
            return MetricType.BAR_CHART_METRIC_TYPE, BarChartValues(
                values,
                [],
                legend,
                _setting(settings, "xaxis") or cols[1],
                _setting(settings, "yaxis") or cols[2],
                False,
                _look(settings, legend),
            )
        if template == "state_timeline":
            states, legend = [], []
            for label, points in _groups(rows, 0):
                times = self.series(
                    f"{m.name}: {label} time",
                    "timestamp",
                    np.array([int(p[1] or 0) for p in points], dtype=np.int64),
                )
                data = self.series(
                    f"{m.name}: {label}",
                    "string",
                    np.array([str(p[2]) for p in points], dtype=object),
                    times,
                )
                states.append(self.ref(data))
                legend.append(label)
            seen = sorted({str(r[2]) for r in rows})
            tints = tuple(_colors(settings, seen))  # a state's group_name is the state
            return MetricType.STATES_OVER_TIME_METRIC_TYPE, StatesOverTimeValues(
                states, [], seen, [], legend, Look(tints) if any(tints) else None
            )
        if template == "image":
            job_dir = self._job_dir(outcome.job)
            files = [self.ref(self.file(f"{m.name}: {r[0]}", job_dir, str(r[0]))) for r in rows]
            return MetricType.IMAGE_LIST_METRIC_TYPE, ImageListValues(files)
        if template == "video":
            names = ", ".join(str(r[0]) for r in rows)
            return MetricType.TEXT_METRIC_TYPE, TextValues(
                f"video: {names} (videos are not played in the terminal)"
            )
        figure = _figure(template, cols, rows, settings)
        return MetricType.PLOTLY_METRIC_TYPE, PlotlyValues(_struct(figure))

    def _job_dir(self, job: str | None) -> Path:
        for j in self.preview.jobs:
            if j.job_id == job or job is None:
                return j.directory
        return self.preview.directory


def build(preview: Preview) -> Document:
    b = _Builder(preview)
    b.about()
    b.outcomes()
    b.topics()
    b.collect_events()
    jobs = preview.jobs
    status = JOB_STATUS[preview.status]
    root = preview.directory if preview.directory.is_dir() else preview.directory.parent
    size = sum(f.size for e in preview.emissions.values() for f in e.files)
    job_id = Id.parse(jobs[0].job_id) if len(jobs) == 1 else None
    doc = Document(
        path=root,
        root=root,
        size=size,
        job_id=job_id,
        status=status,
        collection_status=status,
        metrics=b.metrics,
        events=b.events,
        data=b.data,
        data_by_id={d.id.key: d for d in b.data},
        problems=list(preview.problems),
        format="metrics2",
        scope=f"metrics set {preview.metrics_set}" if preview.metrics_set is not None else "",
    )
    return doc


def _scope_line(p: Preview) -> str:
    if p.metrics_set is None:
        return "Metrics: every metric of the config (--metrics-set NAME runs one set's)"
    return f"Metrics set: {p.metrics_set} (--metrics-set): only its metrics were computed"


def build_outline(outline: Outline) -> Document:
    """The Document of an outline: the topics (schema, lines, time span) and the config's
    metrics, each a text saying what is still being read. Names are the full build's, so
    the place in the tree is kept when it replaces this one."""
    b = _Objects(len(outline.jobs) > 1)
    mib = outline.size / 2**20
    b.metric(
        "About this preview",
        MetricType.TEXT_METRIC_TYPE,
        TextValues(
            f"Metrics 2.0, {LOCAL}: reading {mib:.0f} MiB of emissions.\n"
            "The topics, their lines and their times are read from each file's first and "
            "last bytes; the rows are being checked against their schema and loaded, then "
            "every metric is computed here."
        ),
        description=f"{LOCAL}: still reading",
        tags=[("format", "metrics2")],
        order=0.0,
    )
    names = {j.job_id: j.experience_name or j.job_id for j in outline.jobs}
    for m in outline.config.metrics.values():
        scopes: list[str | None] = (
            [j.job_id for j in outline.jobs] if m.type == "test" and b.multi else [None]
        )
        detail = m.template if m.template_type == "system" else m.template_file
        for scope in scopes:
            name = m.name if scope is None else f"{m.name} [{names.get(scope, scope)}]"
            b.metric(
                name,
                MetricType.TEXT_METRIC_TYPE,
                TextValues(PENDING),
                description=f"{m.type} metric, {m.template_type} template {detail}; {PENDING}",
                tags=[("metric type", m.type), ("template", detail)],
                job=scope,
            )
    for job in outline.jobs:
        suffix = f" [{job.experience_name or job.job_id}]" if b.multi else ""
        spans = outline.spans.get(job.job_id, {})
        for name, topic in outline.config.topics.items():
            span = spans.get(name)
            if span is None or not span.lines:
                continue
            seconds = (
                f", {(span.end - span.start) / 1e9:g} s"
                if span.start is not None and span.end is not None
                else ""
            )
            lines = (
                plural(_about(span.lines), "line") if span.estimated else plural(span.lines, "line")
            )
            about = f"topic {name}: {'about ' * span.estimated}{lines}{seconds}; " + ", ".join(
                f"{f}: {k}" for f, k in topic.schema.items()
            )
            text = f"{about}\n{ESTIMATED * span.estimated}{READING}"
            labels = [f"{name}.{f}{suffix}" for f in topic.schema]
            for label in labels if span.start is not None else [f"{name}{suffix}"]:
                b.metric(
                    label,
                    MetricType.TEXT_METRIC_TYPE,
                    TextValues(text),
                    description=about + f" ({READING})",
                    tags=[("topic", name)],
                    job=job.job_id,
                )
    root = outline.directory if outline.directory.is_dir() else outline.directory.parent
    jobs = outline.jobs
    return Document(
        path=root,
        root=root,
        size=outline.size,
        job_id=Id.parse(jobs[0].job_id) if len(jobs) == 1 else None,
        status=MetricStatus.NO_METRIC_STATUS,
        collection_status=MetricStatus.NO_METRIC_STATUS,
        metrics=b.metrics,
        events=[],
        data=[],
        data_by_id={},
        problems=list(outline.config.problems),
        format="metrics2",
    )


_SQL_AT = re.compile(r"SQL line (\d{1,6}), column (\d{1,6})\)")


def _pointed(metric: MetricSpec, error: str) -> str:
    """The line of the query an error names, with a caret under its column, as a code
    block under the message: the author sees the place without opening the config."""
    at = _SQL_AT.search(error)
    status = metric.status.query if metric.status is not None else ""
    sql = status if "status.query_string" in error or "status query" in error else metric.query
    lines = sql.splitlines()
    if at is None or not 0 < int(at.group(1)) <= len(lines):
        return ""
    line, column = int(at.group(1)), int(at.group(2))
    text = lines[line - 1].replace("`", "'")  # a backtick fence must stay closed
    at_col = min(max(column - 1, 0), len(text))
    # A narrow card cuts a long line: keep the place and some of what leads to it.
    if at_col > POINTER_LEAD:
        text, at_col = "…" + text[at_col - POINTER_LEAD + 1 :], POINTER_LEAD
    if len(text) > POINTER_WIDTH:
        text = text[: POINTER_WIDTH - 1] + "…"
    return f"\n\n```\n{text}\n{' ' * at_col}^\n```"


POINTER_LEAD, POINTER_WIDTH = 24, 44  # fits a card at 80 columns


def _about(n: int) -> int:
    """An estimate to three significant digits: the rest would claim a precision it has not."""
    digits = len(str(abs(n)))
    return round(n, -(digits - 3)) if digits > 3 else n


def _groups(rows: list[tuple[Any, ...]], column: int) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Rows split by one column's value, in order of first appearance."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        out.setdefault(str(row[column]), []).append(row)
    return list(out.items())


def _floats(values: Any) -> np.ndarray:
    return np.array(
        [math.nan if v is None or isinstance(v, str) else float(v) for v in values],
        dtype=np.float64,
    )


def _setting(settings: dict[str, Any], axis: str) -> str:
    part = settings.get(axis)
    label = part.get("label") if isinstance(part, dict) else None
    return label if isinstance(label, str) else ""


HIDDEN_LEGEND = ("none", "hidden", "hide", "off", "false")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _look(settings: dict[str, Any], groups: list[str]) -> Look | None:
    """template_settings as drawing choices: yaxis.min/max, display.legend, series colours."""
    yaxis = _part(settings, "yaxis")
    y_min, y_max = _number(yaxis.get("min")), _number(yaxis.get("max"))
    legend = _legend(settings)
    colors = tuple(_colors(settings, groups))
    if y_min is None and y_max is None and legend == "top" and not any(colors):
        return None
    return Look(colors, y_min, y_max, legend)


def _legend_layout(settings: dict[str, Any]) -> dict[str, Any]:
    """``display.legend`` in Plotly's words: hidden is ``showlegend: false``, bottom a
    horizontal legend under the plot (y below 0), as ReSim's renderer would write it."""
    place = _legend(settings)
    if place == "none":
        return {"showlegend": False}
    if place == "bottom":
        return {"legend": {"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"}}
    return {}


def _legend(settings: dict[str, Any]) -> str:
    """``display.legend`` as "top" (unset: where every chart has it), "bottom" or "none"."""
    shown = _part(settings, "display").get("legend", "top")
    if shown is False or (isinstance(shown, str) and shown.lower() in HIDDEN_LEGEND):
        return "none"
    return "bottom" if isinstance(shown, str) and shown.lower() == "bottom" else "top"


def _colors(settings: dict[str, Any], groups: list[str]) -> list[str | None]:
    """``series: [{group_name, color}]`` as a colour per group, in the groups' order; a
    lone entry without a name colours a lone series."""
    entries = settings.get("series")
    if not isinstance(entries, list):
        return []
    by_name: dict[str, str] = {}
    for entry in entries[:256]:
        if not isinstance(entry, dict) or not isinstance(entry.get("color"), str):
            continue
        if _HEX.match(entry["color"]):
            by_name.setdefault(str(entry.get("group_name", "")), entry["color"])
    if len(groups) == 1 and len(by_name) == 1 and groups[0] not in by_name:
        return [next(iter(by_name.values()))] if "" in by_name else []
    return [by_name.get(g) for g in groups]


def _part(settings: dict[str, Any], key: str) -> dict[str, Any]:
    part = settings.get(key)
    return part if isinstance(part, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _failing(kind: str) -> list[str]:
    return ["FAIL_BLOCK", "FAIL_WARN"] if kind == "status" else []


def _figure(
    template: str, cols: list[str], rows: list[tuple[Any, ...]], settings: dict[str, Any]
) -> dict[str, Any]:
    def column(i: int) -> list[Any]:
        return [_json_cell(r[i]) for r in rows]

    display = settings.get("display") if isinstance(settings.get("display"), dict) else {}
    if template == "pie":
        trace: dict[str, Any] = {"type": "pie", "labels": column(0), "values": column(1)}
        shown = display.get("text_info") if isinstance(display, dict) else None
        if isinstance(shown, str):  # ReSim spells Plotly's "label+percent" label_percent
            trace["textinfo"] = shown.replace("_", "+")
        tints = _colors(settings, [str(label) for label in trace["labels"]])
        if any(tints):  # a slice's group_name is its label
            trace["marker"] = {"colors": tints}
        return {"data": [trace], "layout": _legend_layout(settings)}
    if template == "histogram":
        bins = display.get("bins") if isinstance(display, dict) else None
        traces: list[dict[str, Any]] = []
        if len(cols) >= 2:
            for label, points in _groups(rows, 0):
                traces.append(
                    {"type": "histogram", "name": label, "x": [_json_cell(p[1]) for p in points]}
                )
        else:
            traces.append({"type": "histogram", "name": cols[0], "x": column(0)})
        colors = _colors(settings, [str(t["name"]) for t in traces])
        for trace, tint in zip(traces, colors or [None] * len(traces), strict=True):
            if isinstance(bins, int):
                trace["nbinsx"] = bins
            if tint is not None:
                trace["marker"] = {"color": tint}
        layout: dict[str, Any] = {
            "xaxis": {"title": {"text": _setting(settings, "xaxis") or cols[-1]}},
            **_legend_layout(settings),
        }
        yaxis: dict[str, Any] = {}
        if _setting(settings, "yaxis"):
            yaxis["title"] = {"text": _setting(settings, "yaxis")}
        ends = _part(settings, "yaxis")
        low, high = _number(ends.get("min")), _number(ends.get("max"))
        if low is not None or high is not None:
            yaxis["range"] = [low, high]  # a null end stays automatic, as in Plotly
        if yaxis:
            layout["yaxis"] = yaxis
        return {"data": traces, "layout": layout}
    return {
        "data": [
            {
                "type": "table",
                "header": {"values": list(cols)},
                "cells": {"values": [column(i) for i in range(len(cols))]},
            }
        ]
    }


def _json_cell(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    return str(value)


def _struct(figure: dict[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    json_format.ParseDict(_jsonable(figure), struct)
    return struct


def _jsonable(value: Any) -> Any:
    """Plain JSON values for a Struct: non-finite floats become strings."""
    stack: list[Any] = []
    root: list[Any] = [value]
    stack.append((root, 0))
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, dict):
            item = dict(item)
            container[key] = item
            stack.extend((item, k) for k in item)
        elif isinstance(item, list):
            item = list(item)
            container[key] = item
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, float) and not math.isfinite(item):
            container[key] = str(item)
    return root[0]


def _cell(value: Any) -> str:
    return str(value.item() if isinstance(value, np.generic) else value)


def _labels(column: np.ndarray) -> np.ndarray:
    """State names of a band: booleans as true/false; strings and statuses are text."""
    if column.dtype == bool:
        return np.where(column, "true", "false").astype(object)
    return column if column.dtype == object else column.astype(object)


def _states(rows: TopicRows, name: str, labels: np.ndarray, every: bool) -> list[str]:
    """The states a band shows: the rows' own distinct values (kept by them from read
    to read) when every row is drawn, else those of the drawn ones."""
    if not every:
        return sorted(set(labels.tolist()))
    found = rows.distinct(name)
    if rows.columns[name].dtype == bool:
        return sorted("true" if v else "false" for v in found)
    return sorted(found)


def _table_text(schema: dict[str, str], rows: TopicRows) -> str:
    fields = list(schema)
    lines = ["  ".join(fields)]
    for i in range(min(len(rows), 50)):
        lines.append("  ".join(_cell(rows.columns[f][i])[:30] for f in fields))
    if len(rows) > 50:
        lines.append(f"... {len(rows) - 50:,} more rows")
    return "\n".join(lines)
