"""Charts made of k parallel series: double over time, line plot, bar chart, batchwise bar
chart and states over time.

Each names k value series and k status series (and sometimes k of something else); the
counts must be equal, then every pair is checked like the official validator does.
"""

from __future__ import annotations

import re
from typing import Any

from tui.validate import access
from tui.validate.context import Context, few, quote, show_id, uuid_ok
from tui.validate.pairs import (
    DOUBLES,
    INDEXED_DOUBLES,
    STRINGS,
    TIMESTAMPS,
    UUIDS,
    Found,
    check_pair,
    resolve,
)

INDEXED_TIMESTAMPS = frozenset({7})
INDEXED_STRINGS = frozenset({9})
# Exactly the official pattern; note that re.search's "$" also matches before a final "\n".
HEX_COLOR = re.compile(r"^#([0-9a-fA-F]{2}){3,4}$")


def _counts(ctx: Context, position: int, field: str, counts: dict[str, int]) -> bool:
    """Error unless all counts are equal; True when they are."""
    if len(set(counts.values())) <= 1:
        return True
    listed = ", ".join(f"{n} {what}" for what, n in counts.items())
    ctx.error(
        ctx.metric(position, field),
        f"the counts differ: {listed}",
        "series-counts",
        "give one entry of each per series (the SDK's with_* methods take them together)",
    )
    return False


def _leftovers(ctx: Context, position: int, field: str, refs: Any, start: int, role: str) -> None:
    """Check that unpaired references at least resolve, so dangling ids are still named."""
    for i in range(start, len(refs)):
        resolve(ctx, position, f"{field}[{i}]", refs[i], role)


def _series(
    ctx: Context,
    position: int,
    f: str,
    columns: list[tuple[str, Any, frozenset[int]]],
    status_field: str,
    statuses: Any,
    *,
    index: frozenset[int],
    what: str,
) -> None:
    """Check series i of each (field, refs, types) column with status series i; resolve the rest."""
    paired = min(len(statuses), *(len(refs) for _, refs, _ in columns))
    for i in range(paired):
        for field, refs, kinds in columns:
            check_pair(
                ctx,
                position,
                f"{f}.{field}[{i}]",
                refs[i],
                f"{f}.{status_field}[{i}]",
                statuses[i],
                values=kinds,
                index=index,
                what=what,
            )
    for field, refs, _ in columns:
        _leftovers(ctx, position, f"{f}.{field}", refs, paired, "value")
    _leftovers(ctx, position, f"{f}.{status_field}", statuses, paired, "status")


def double_over_time(ctx: Context, position: int, v: Any) -> None:
    f = "double_over_time_metric_values"
    values, statuses = v.doubles_over_time_data_id, v.statuses_over_time_data_id
    counts = {
        "value series": len(values),
        "status series": len(statuses),
        "failure definitions": len(v.failure_definition),
    }
    _counts(ctx, position, f, counts)
    _series(
        ctx,
        position,
        f,
        [("doubles_over_time_data_id", values, INDEXED_DOUBLES)],
        "statuses_over_time_data_id",
        statuses,
        index=TIMESTAMPS,
        what="a double over time metric",
    )


def line_plot(ctx: Context, position: int, v: Any) -> None:
    f = "line_plot_metric_values"
    xs, ys, statuses = v.x_doubles_data_id, v.y_doubles_data_id, v.statuses_data_id
    counts = {"x series": len(xs), "y series": len(ys), "status series": len(statuses)}
    _counts(ctx, position, f, counts)
    _series(
        ctx,
        position,
        f,
        [("x_doubles_data_id", xs, DOUBLES), ("y_doubles_data_id", ys, DOUBLES)],
        "statuses_data_id",
        statuses,
        index=TIMESTAMPS,
        what="a line plot",
    )


def bar_chart(ctx: Context, position: int, v: Any) -> None:
    f = "bar_chart_metric_values"
    values, statuses = v.values_data_id, v.statuses_data_id
    _counts(ctx, position, f, {"value series": len(values), "status series": len(statuses)})
    _series(
        ctx,
        position,
        f,
        [("values_data_id", values, INDEXED_DOUBLES)],
        "statuses_data_id",
        statuses,
        index=STRINGS,
        what="a bar chart",
    )


def batchwise_bar_chart(ctx: Context, position: int, v: Any) -> None:
    f = "batchwise_bar_chart_metric_values"
    values, times, statuses = v.values_data_id, v.times_data_id, v.statuses_data_id
    counts = {
        "value series": len(values),
        "time series": len(times),
        "status series": len(statuses),
        "categories": len(v.categories),
    }
    _counts(ctx, position, f, counts)
    for i, color in enumerate(v.colors):
        if HEX_COLOR.search(color) is None:
            ctx.error(
                ctx.metric(position, f"{f}.colors[{i}]"),
                f"colour {quote(color, 30)} is not #rrggbb or #rrggbbaa",
                "hex-color",
                "write colours as hex, e.g. #1f77b4",
            )
    if not uuid_ok(v.project_id.data):
        ctx.error(
            ctx.metric(position, f"{f}.project_id"),
            f"project id {show_id(v.project_id.data)} is not a valid UUID",
            "valid-uuid",
            "a batchwise bar chart needs the UUID of its ReSim project",
        )
    _series(
        ctx,
        position,
        f,
        [("values_data_id", values, INDEXED_DOUBLES), ("times_data_id", times, INDEXED_TIMESTAMPS)],
        "statuses_data_id",
        statuses,
        index=UUIDS,
        what="a batchwise bar chart",
    )


def states_over_time(ctx: Context, position: int, v: Any) -> None:
    f = "states_over_time_metric_values"
    states, statuses = v.states_over_time_data_id, v.statuses_over_time_data_id
    _counts(ctx, position, f, {"state series": len(states), "status series": len(statuses)})
    known = set(v.states_set)
    paired = min(len(states), len(statuses))
    for i in range(paired):
        field = f"{f}.states_over_time_data_id[{i}]"
        found = check_pair(
            ctx,
            position,
            field,
            states[i],
            f"{f}.statuses_over_time_data_id[{i}]",
            statuses[i],
            values=INDEXED_STRINGS,
            index=TIMESTAMPS,
            what="a states over time metric",
        )
        if found is not None:
            _states_in_set(ctx, position, field, found, known)
    _leftovers(ctx, position, f"{f}.states_over_time_data_id", states, paired, "value")
    _leftovers(ctx, position, f"{f}.statuses_over_time_data_id", statuses, paired, "status")
    # The official validator checks this inside its loop: only when there is a series.
    stray = sorted(set(v.failure_states) - known)
    if len(states) and stray:
        ctx.error(
            ctx.metric(position, f"{f}.failure_states"),
            f"failure states {few(stray)} are not in states_set",
            "failure-states-subset",
            "every failure state must also be listed in states_set",
        )


def _states_in_set(ctx: Context, position: int, field: str, found: Found, known: set[str]) -> None:
    data_position, data = found
    if data.HasField("series"):
        parts: list[tuple[str, str | None]] = [("", None)]
    else:
        keys = sorted(access.keys(ctx, data_position))
        parts = [(f" in category {quote(key, 40)}", key) for key in keys]
    for where, category in parts:
        held = access.member(ctx, data_position, category)
        if held != "strings":
            if data_position not in ctx.corrupt:
                ctx.error(
                    ctx.metric(position, field),
                    f"the states{where} are not strings ({quote(data.name)} holds "
                    f"{held or 'nothing'})",
                    "states-are-strings",
                    "write the states as a string series",
                )
            continue
        states = access.values(ctx, data_position, category)
        if states is None:
            continue
        stray = sorted(set(states.tolist()) - known)
        if stray:
            ctx.error(
                ctx.metric(position, field),
                f"states {few(stray)}{where} of {quote(data.name)} are not in states_set",
                "state-in-set",
                "list every state the series uses in states_set",
            )
