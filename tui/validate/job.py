"""Rules across the whole job: names of job-level metrics are unique.

(The job id, the job statuses and each metric's job id are checked with the other ids
and enums; data and event names with the data and events.)
"""

from __future__ import annotations

from tui.validate.context import Context, quote


def check(ctx: Context) -> None:
    names: dict[str, int] = {}
    for position, metric in enumerate(ctx.metric_messages):
        # Event metrics may share names: each is shown inside its own event.
        if metric.event_metric:
            continue
        if metric.name in names:
            ctx.error(
                ctx.metric(position, "name"),
                f"name {quote(metric.name)} is also the name of metric #{names[metric.name]}",
                "unique-metric-names",
                "give every metric of the job its own name (only event metrics may repeat one)",
            )
        else:
            names[metric.name] = position
