"""Does what a metric says agree with its data? Warnings only: statuses that contradict
the failure definition, and double summaries whose selector finds nothing.

The SDK never computes a status from a failure definition (the metrics build decides),
so a disagreement is legal, but it is usually a bug in the build: a breached band marked
PASSED, a scalar outside its thresholds that passes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tui.model.enums import MetricStatus
from tui.model.metric import Metric
from tui.model.summary import describe_index, select
from tui.model.values import DoubleSummaryValues, FailureDefinition, ScalarValues
from tui.text.plural import plural
from tui.text.safe import printable
from tui.validate import access
from tui.validate.context import Context
from tui.validate.series import parts

PASSED = MetricStatus.PASSED_METRIC_STATUS
_HINT = "compute the status from the same thresholds, or fix the thresholds"


def check(ctx: Context) -> None:
    # Data found broken already would only make these checks guess.
    broken = ctx.with_errors()
    for metric in ctx.doc.metrics:
        values = metric.values
        if isinstance(values, ScalarValues):
            _scalar(ctx, metric, values)
        elif isinstance(values, DoubleSummaryValues) and not _touches(metric, broken):
            _summary(ctx, metric, values)
    for position, raw in enumerate(ctx.metric_messages):
        member = raw.metric_values.WhichOneof("metric_values")
        if member == "double_over_time_metric_values" and ("metric", position) not in broken:
            _over_time(ctx, position, raw)


def _touches(metric: Metric, broken: set[tuple[str, int | None]]) -> bool:
    """Whether the metric, its data or their indexes have errors."""
    if ("metric", metric.position) in broken:
        return True
    for ref in metric.refs():
        data = ref.data
        if data is None or ("data", data.position) in broken:
            return True
        if data.index is not None and ("data", data.index.position) in broken:
            return True
    return False


def _breach(failure: FailureDefinition, value: float) -> str | None:
    """How ``value`` breaks the thresholds, or None."""
    if failure.fails_above is not None and value > failure.fails_above:
        return f"above fails_above {failure.fails_above:g}"
    if failure.fails_below is not None and value < failure.fails_below:
        return f"below fails_below {failure.fails_below:g}"
    return None


def _scalar(ctx: Context, metric: Metric, values: ScalarValues) -> None:
    failure = values.failure
    if failure is None or values.value is None or math.isnan(values.value):
        return
    if failure.fails(values.value) is None:  # no thresholds at all
        return
    breach = _breach(failure, values.value)
    where = ctx.metric(metric.position, "status")
    if breach and metric.status is PASSED:
        ctx.warn(
            where,
            f"the value {values.value:g} is {breach} but the status is PASSED",
            "status-vs-failure",
            _HINT,
        )
    elif not breach and metric.status.failing:
        ctx.warn(
            where,
            f"the value {values.value:g} is within the thresholds ({failure.describe()}) "
            f"but the status is {metric.status.label}",
            "status-vs-failure",
            _HINT,
        )


def _summary(ctx: Context, metric: Metric, values: DoubleSummaryValues) -> None:
    where = ctx.metric(metric.position, "double_metric_values")
    for row in select(values):
        label = f" (category {row.category!r})" if row.category is not None else ""
        if row.value is None:
            ctx.warn(
                where,
                f"selecting {printable(describe_index(values.index), 120)}{label} finds nothing: "
                f"{printable(row.note or '', 300)}",
                "summary-selection",
                "select an element that exists (series_index < length, or a key the index holds)",
            )
            continue
        breach = _breach(values.failure, row.value) if values.failure else None
        if breach and (row.status is PASSED or metric.status is PASSED):
            whose = "its status" if row.status is PASSED else "the metric's status"
            ctx.warn(
                ctx.metric(metric.position, "double_metric_values.failure_definition"),
                f"the selected value {row.value:g}{label} is {breach} but {whose} is PASSED",
                "status-vs-failure",
                _HINT,
            )


def _over_time(ctx: Context, position: int, raw: Any) -> None:
    v = raw.metric_values.double_over_time_metric_values
    breached_total = 0
    for i, failure_raw in enumerate(v.failure_definition):
        above = failure_raw.fails_above if failure_raw.HasField("fails_above") else None
        below = failure_raw.fails_below if failure_raw.HasField("fails_below") else None
        if above is None and below is None:
            continue
        value_found = ctx.data_by_text.get(v.doubles_over_time_data_id[i].id.data)
        status_found = ctx.data_by_text.get(v.statuses_over_time_data_id[i].id.data)
        if value_found is None or status_found is None:
            continue
        value_at, status_at = value_found[0], status_found[0]
        for _, label, category in parts(ctx, value_at):
            points = access.values(ctx, value_at, category)
            statuses = access.values(ctx, status_at, category)
            if (
                access.member(ctx, value_at, category) != "doubles"
                or access.member(ctx, status_at, category) != "statuses"
                or points is None
                or statuses is None
                or points.shape != statuses.shape
            ):
                continue
            breach = np.zeros(points.shape, dtype=bool)
            if above is not None:
                breach |= points > above
            if below is not None:
                breach |= points < below
            breached_total += int(np.count_nonzero(breach))
            passed = int(np.count_nonzero(breach & (statuses == PASSED)))
            if passed:
                ctx.warn(
                    ctx.metric(position, f"double_over_time_metric_values.failure_definition[{i}]"),
                    f"{passed} of {plural(points.size, 'point')}{label} breach the failure band "
                    f"({FailureDefinition(above, below).describe()}) but their status is PASSED",
                    "status-vs-failure",
                    _HINT,
                )
    if breached_total and raw.status == PASSED:
        ctx.warn(
            ctx.metric(position, "status"),
            f"the status is PASSED but {plural(breached_total, 'point')} "
            f"{'breaches its' if breached_total == 1 else 'breach their'} failure band",
            "status-vs-failure",
            _HINT,
        )
