"""Ids: every id parses as a UUID, metric and data ids are unique, metrics name their job.

The official validator compares ids as text. Two spellings of one UUID (dashed and bare,
upper and lower case) are therefore *different* ids to it: not duplicates, and a
reference spelled differently from its target does not resolve. We follow it for the
verdict and warn where the text and the value disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.model.ids import canonical
from tui.model.problems import Location
from tui.validate.context import Context, show_id, uuid_ok

HINT_UUID = (
    "write ids with the SDK (uuid.uuid4()) or as canonical text such as "
    "12345678-1234-5678-1234-567812345678"
)


def check(ctx: Context) -> None:
    msg = ctx.message
    if not uuid_ok(msg.job_id.id.data):
        text = msg.job_id.id.data
        ctx.error(
            ctx.job("job_id"),
            f"job id {show_id(text)} is not a valid UUID"
            if msg.HasField("job_id")
            else "the job has no job id",
            "valid-uuid",
            "ResimMetricsWriter(job_id) sets it; pass the job's UUID",
        )
    _unique(
        ctx,
        ctx.metric_ids,
        ctx.metric,
        "metric_id",
        "metric",
        "unique-metric-ids",
        error=True,
    )
    _unique(
        ctx,
        ctx.data_ids,
        ctx.data,
        "metrics_data_id",
        "data",
        "unique-data-ids",
        error=True,
    )
    # The official validator means to check event ids for uniqueness but compares a
    # list's length with itself, so duplicates pass: a warning only.
    _unique(
        ctx,
        [e.event_id.id.data for e in msg.events],
        ctx.event,
        "event_id",
        "event",
        "unique-event-ids",
        error=False,
    )
    for position, metric in enumerate(msg.job_level_metrics.metrics):
        _metric_job_id(ctx, position, metric)


def _unique(
    ctx: Context,
    texts: list[str],
    where: Callable[[int, str], Location],
    field: str,
    kind: str,
    rule: str,
    *,
    error: bool,
) -> None:
    first_text: dict[str, int] = {}
    first_value: dict[str, int] = {}
    for position, text in enumerate(texts):
        value = canonical(text)  # None exactly when uuid_ok(text) is False
        if value is None:
            ctx.error(
                where(position, field),
                f"{kind} id {show_id(text)} is not a valid UUID",
                "valid-uuid",
                HINT_UUID,
            )
        if text in first_text:
            report = ctx.error if error else ctx.warn
            other = first_text[text]
            report(
                where(position, field),
                f"id {show_id(text)} is also the id of {kind} #{other} ({_name(ctx, kind, other)})",
                rule,
                f"give every {kind} its own id (uuid.uuid4())",
            )
            continue
        first_text[text] = position
        if value is None:
            continue
        if value in first_value:
            other = first_value[value]
            ctx.warn(
                where(position, field),
                f"id {show_id(text)} is the same UUID as the id of {kind} #{other} "
                f"({_name(ctx, kind, other)}), written differently",
                rule,
                "the official validator compares ids as text and lets this pass, "
                "but references to either are ambiguous: give each its own id",
            )
        else:
            first_value[value] = position


def _metric_job_id(ctx: Context, position: int, metric: Any) -> None:
    job = ctx.message.job_id
    if not metric.HasField("job_id"):
        ctx.error(
            ctx.metric(position, "job_id"),
            "the metric does not name its job (job_id is not set)",
            "metric-job-id",
            "metrics written by ResimMetricsWriter get the writer's job id; set job_id",
        )
        return
    text = metric.job_id.id.data
    if not uuid_ok(text):
        ctx.error(
            ctx.metric(position, "job_id"),
            f"job id {show_id(text)} is not a valid UUID",
            "valid-uuid",
            HINT_UUID,
        )
    # Message equality, as the official validator compares: text and presence both count.
    if metric.job_id != job:
        ctx.error(
            ctx.metric(position, "job_id"),
            f"job id {show_id(text)} differs from the job's id {show_id(job.id.data)}",
            "job-id-matches",
            "every metric must carry the id of the job it belongs to, written identically",
        )


def _name(ctx: Context, kind: str, position: int) -> str:
    if kind == "metric":
        name = ctx.metric_messages[position].name
    elif kind == "data":
        name = ctx.data_messages[position].name
    else:
        name = ctx.message.events[position].name
    return f'"{name[:40]}"' if name else "unnamed"
