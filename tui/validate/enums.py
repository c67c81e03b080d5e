"""Enums: none may be its 0 ("unset") value where the official validator requires one.

It checks the metric's type, status and importance, the data type, the event's status,
importance and timestamp type, and both job-level statuses. It does not check
``index_data_type`` here (the index rules do), nor whether a number is one the format
knows: a value from a newer writer passes, so an unknown number is only a warning.
"""

from __future__ import annotations

from enum import IntEnum

from tui.model.enums import (
    MetricImportance,
    MetricsDataType,
    MetricStatus,
    MetricType,
    TimestampType,
)
from tui.model.problems import Location
from tui.validate.context import Context

_HINTS: dict[type[IntEnum], str] = {
    MetricStatus: "set a status, e.g. PASSED_METRIC_STATUS or FAIL_WARN_METRIC_STATUS",
    MetricImportance: "set an importance, e.g. MEDIUM_IMPORTANCE",
    MetricType: "set the metric type that matches its values (the SDK's metric classes do)",
    MetricsDataType: "set the data type (the SDK infers it from the series it is given)",
    TimestampType: "set ABSOLUTE_TIMESTAMP or RELATIVE_TIMESTAMP (event.with_relative_timestamp)",
}


# The values each enum defines (``known``), and those without 0 (unset): a value in
# these needs no check.
_DEFINED: dict[type[IntEnum], frozenset[int]] = {
    enum: frozenset(int(m) for m in enum.__members__.values())
    for enum in (MetricType, MetricStatus, MetricImportance, MetricsDataType)
}
_SET = {enum: values - {0} for enum, values in _DEFINED.items()}


def check(ctx: Context) -> None:
    msg = ctx.message
    _required(ctx, ctx.job("metrics_status"), MetricStatus, msg.metrics_status, "job status")
    _required(
        ctx,
        ctx.job("job_level_metrics.metrics_status"),
        MetricStatus,
        msg.job_level_metrics.metrics_status,
        "status of the job-level metric collection",
    )
    # A location is made only for a value that is wrong: 110,000 values at 20k metrics.
    types, statuses, importances = _SET[MetricType], _SET[MetricStatus], _SET[MetricImportance]
    for i, metric in enumerate(msg.job_level_metrics.metrics):
        if metric.type not in types:
            _required(ctx, ctx.metric(i, "type"), MetricType, metric.type, "type")
        if metric.status not in statuses:
            _required(ctx, ctx.metric(i, "status"), MetricStatus, metric.status, "status")
        if metric.importance not in importances:
            _required(
                ctx, ctx.metric(i, "importance"), MetricImportance, metric.importance, "importance"
            )
    data_types = _SET[MetricsDataType]
    for i, data in enumerate(msg.metrics_data):
        if data.data_type not in data_types:
            _required(ctx, ctx.data(i, "data_type"), MetricsDataType, data.data_type, "data type")
        if data.index_data_type not in _DEFINED[MetricsDataType]:
            _known(ctx, ctx.data(i, "index_data_type"), MetricsDataType, data.index_data_type)
    for i, event in enumerate(msg.events):
        _required(ctx, ctx.event(i, "status"), MetricStatus, event.status, "status")
        _required(ctx, ctx.event(i, "importance"), MetricImportance, event.importance, "importance")
        _required(
            ctx,
            ctx.event(i, "timestamp_type"),
            TimestampType,
            event.timestamp_type,
            "timestamp type",
        )


def _required(ctx: Context, where: Location, enum: type[IntEnum], number: int, what: str) -> None:
    if number == 0:
        ctx.error(
            where,
            f"the {what} is not set ({enum(0).name})",
            "enum-set",
            _HINTS[enum],
        )
    else:
        _known(ctx, where, enum, number)


def _known(ctx: Context, where: Location, enum: type[IntEnum], number: int) -> None:
    if not enum(number).known:  # type: ignore[attr-defined]
        ctx.warn(
            where,
            f"{number} is not a {enum.__name__} this format defines",
            "known-enum-values",
            "written by a newer SDK, or corrupt; the official validator only rejects 0",
        )
