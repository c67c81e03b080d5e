"""References from a metric to its data, and the value/status pairs every chart is made of.

Mirrors the official ``_validate_values_and_statuses`` and ``_validate_data_series_agree``
check for check, but keeps going after a failure so that every problem is named.
"""

from __future__ import annotations

import uuid
from typing import Any

from tui.model.enums import MetricsDataType
from tui.text.plural import plural
from tui.validate import access
from tui.validate.context import Context, quote, show_id, uuid_ok

STATUS = MetricsDataType.METRIC_STATUS_SERIES_DATA_TYPE
INDEXED_STATUS = MetricsDataType.INDEXED_METRIC_STATUS_SERIES_DATA_TYPE
# Every series type; the index of a double summary or histogram may be any of them.
ALL_SERIES = frozenset(range(1, 11))
TIMESTAMPS = frozenset({2, 7})
UUIDS = frozenset({3, 8})
STRINGS = frozenset({4, 9})
DOUBLES = frozenset({1, 6})
INDEXED_DOUBLES = frozenset({6})

# A MetricsData found by id: (position in the file, the message).
Found = tuple[int, Any]

_HOLDS = {
    "series": "a series",
    "series_per_category": "series per category",
    "external_file": "an external file",
    None: "nothing",
}


def type_label(number: int) -> str:
    return MetricsDataType(number).label


def allowed_label(types: frozenset[int]) -> str:
    return " or ".join(type_label(t) for t in sorted(types))


def is_indexed_type(number: int) -> bool:
    return 6 <= number <= 10


def resolve(ctx: Context, position: int, field: str, ref: Any, role: str) -> Found | None:
    """(position, MetricsData) a reference names, or None after recording why not."""
    text = ref.id.data
    found = ctx.data_by_text.get(text)
    if found is not None and text not in ctx.shared_data_ids and uuid_ok(text):
        return found  # what nearly every reference is: no location to make
    where = ctx.metric(position, field)
    if not text:
        ctx.error(
            where,
            f"no {role} data is given (the id is empty)",
            "valid-uuid",
            f"point {field} at the MetricsData holding the {role}s",
        )
        return None
    if not uuid_ok(text):
        ctx.error(
            where,
            f"{role} data id {show_id(text)} is not a valid UUID",
            "valid-uuid",
            "reference data by the id the SDK gave it",
        )
        return None
    if found is None:
        ctx.error(
            where,
            f"refers to {role} data {show_id(text)}, which is not in the file{_near(ctx, text)}",
            "data-exists",
            "write the MetricsData this metric refers to (the SDK writes a metric's data "
            "with it), or fix the id",
        )
        return None
    if text in ctx.shared_data_ids:
        ctx.warn(
            where,
            f"{role} data id {show_id(text)} is shared by several MetricsData; like the "
            f"official validator, the last one ({quote(found[1].name)}) is used",
            "ambiguous-reference",
            "give every MetricsData its own id",
        )
    return found


def _near(ctx: Context, text: str) -> str:
    """Say so when some data has the same UUID spelled differently."""
    try:
        wanted = uuid.UUID(hex=text)
    except ValueError:
        return ""
    for other, (_, data) in ctx.data_by_text.items():
        if uuid_ok(other) and uuid.UUID(hex=other) == wanted:
            return (
                f" (data {quote(data.name)} has this UUID written as {show_id(other)}; "
                "ids are matched as text)"
            )
    return ""


def check_pair(
    ctx: Context,
    position: int,
    value_field: str,
    value_ref: Any,
    status_field: str,
    status_ref: Any,
    *,
    values: frozenset[int],
    index: frozenset[int],
    what: str,
) -> Found | None:
    """Check one value series and its status series; returns the value data if found."""
    value_found = resolve(ctx, position, value_field, value_ref, "value")
    value = value_found[1] if value_found else None
    if value is not None and value.data_type not in values:
        ctx.error(
            ctx.metric(position, value_field),
            f"value data {quote(value.name)} is {type_label(value.data_type)}; "
            f"{what} needs {allowed_label(values)}",
            "value-data-type",
            f"write the values as {allowed_label(values)} data",
        )
    status_found = resolve(ctx, position, status_field, status_ref, "status")
    if value_found is None or status_found is None:
        return value_found
    value, status = value_found[1], status_found[1]
    if not is_indexed_type(value.data_type):
        if status.data_type != STATUS:
            ctx.error(
                ctx.metric(position, status_field),
                f"status data {quote(status.name)} is {type_label(status.data_type)}; "
                f"the values {quote(value.name)} are not indexed, so it must be METRIC_STATUS",
                "status-data-type",
                "write one MetricStatus per value, as a plain (unindexed) series",
            )
    else:
        _indexed_status(ctx, position, value_field, value, status_field, status, index)
    for reason in disagreement(ctx, value_found, status_found, "value data", "status data"):
        ctx.error(
            ctx.metric(position, status_field),
            reason,
            "status-shape",
            "write exactly one status per value, with the same categories",
        )
    return value_found


def _indexed_status(
    ctx: Context,
    position: int,
    value_field: str,
    value: Any,
    status_field: str,
    status: Any,
    index: frozenset[int],
) -> None:
    if status.data_type != INDEXED_STATUS:
        ctx.error(
            ctx.metric(position, status_field),
            f"status data {quote(status.name)} is {type_label(status.data_type)}; the values "
            f"{quote(value.name)} are indexed, so it must be INDEXED_METRIC_STATUS",
            "status-data-type",
            "index the statuses by the same index series as the values",
        )
    if status.index_data_id != value.index_data_id:
        ctx.error(
            ctx.metric(position, status_field),
            f"status data {quote(status.name)} is indexed by "
            f"{show_id(status.index_data_id.id.data)} but the values {quote(value.name)} by "
            f"{show_id(value.index_data_id.id.data)}",
            "status-same-index",
            "give the statuses the same index_data_id as the values, written identically",
        )
    for field, data in ((status_field, status), (value_field, value)):
        if data.index_data_type not in index:
            ctx.error(
                ctx.metric(position, field),
                f"{quote(data.name)} declares index_data_type "
                f"{type_label(data.index_data_type)}; this chart needs an index of "
                f"{allowed_label(index)}",
                "index-type-allowed",
                "index the series by the kind of key the chart puts on its axis",
            )


def disagreement(
    ctx: Context, first: Found, second: Found, first_label: str, second_label: str
) -> list[str]:
    """Why ``second`` does not have the shape of ``first`` ([] when it does).

    The official ``_validate_data_series_agree(first, second)``: the same kind of data,
    the same length, or for grouped data the same categories, each of the same length.
    Called with (values, statuses) and with (indexed series, its index).
    """
    (pos_one, msg_one), (pos_two, msg_two) = first, second
    kind_one, kind_two = msg_one.WhichOneof("data"), msg_two.WhichOneof("data")
    if kind_one == kind_two == "series" and _agree(ctx, pos_one, pos_two, None):
        return []  # what nearly every pair is: no names to make
    one = f"{first_label} {quote(msg_one.name, 40)}"
    two = f"{second_label} {quote(msg_two.name, 40)}"
    if kind_one is None:
        return [f"{one} holds no data"]
    if kind_one != kind_two:
        return [f"{two} holds {_HOLDS[kind_two]} but {one} holds {_HOLDS[kind_one]}"]
    if kind_one == "series":
        return _lengths(ctx, (pos_one, None), (pos_two, None), one, two, "")
    # Grouped data (an external file has no categories on either side, and passes).
    keys_one, keys_two = set(access.keys(ctx, pos_one)), set(access.keys(ctx, pos_two))
    reasons = []
    if keys_one != keys_two:
        reasons.append(
            f"{two} has categories {_names(sorted(keys_two))} but {one} has "
            f"{_names(sorted(keys_one))}"
        )
    for key in sorted(keys_one & keys_two):
        where = f" in category {quote(key, 40)}"
        reasons.extend(_lengths(ctx, (pos_one, key), (pos_two, key), one, two, where))
    return reasons


def _agree(ctx: Context, one: int, two: int, category: str | None) -> bool:
    """Whether both series have an element type and one length (``_lengths`` says []).
    Asked in ``_lengths``' order, so that a corrupt series is reported where it was."""
    kind_one, length_one = access.member(ctx, one, category), access.length(ctx, one, category)
    kind_two, length_two = access.member(ctx, two, category), access.length(ctx, two, category)
    return (
        kind_one is not None
        and kind_two is not None
        and length_one is not None
        and length_one == length_two
    )


def _lengths(
    ctx: Context,
    one_at: tuple[int, str | None],
    two_at: tuple[int, str | None],
    one: str,
    two: str,
    where: str,
) -> list[str]:
    reasons = []
    counts = []
    for name, (position, category) in ((one, one_at), (two, two_at)):
        if access.member(ctx, position, category) is None:
            if position not in ctx.corrupt:
                reasons.append(f"{name}{where} has a series with no element type")
            else:
                reasons.append(f"{name}{where} cannot be decoded")
        counts.append(access.length(ctx, position, category))
    if reasons:
        return reasons
    length_one, length_two = counts
    if length_one is None or length_two is None:
        return [f"the lengths{where} cannot be compared: a series is corrupt"]
    if length_one != length_two:
        return [f"{two}{where} has {plural(length_two, 'element')} but {one} has {length_one}"]
    return []


def _names(names: list[str]) -> str:
    shown = ", ".join(quote(n, 30) for n in names[:6])
    more = f", … ({len(names)} in all)" if len(names) > 6 else ""
    return f"[{shown}{more}]"
