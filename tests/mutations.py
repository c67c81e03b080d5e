"""Mutations of valid JobMetrics messages, to make files the validators disagree on if
either is wrong.

Targeted mutations break one rule of the format each (a dangling reference, a zero enum,
unequal lengths, bad buckets, a repeated name...); a generic one changes any field
anywhere to a value from a pool of troublemakers. Every mutation works on the SDK's own
message class and returns a short description for failure reports.
"""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable
from typing import Any

from google.protobuf.descriptor import FieldDescriptor as F

Mutation = Callable[[Any, random.Random], str]

ENUM_POOL = (0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 42)
FLOAT_POOL = (0.0, -1.0, 1.0, 2.5, 1e300, math.nan, math.inf, -math.inf)
INT_POOL = (0, 1, 2, 7, 1000)
STRING_POOL = ("", "x", "P", "R", "#00ff00", "#00ff0", "#00ff00\n", "#00FF00AA", " ", "car")


def _repeated(field: object) -> bool:
    """Whether a field is repeated; protobuf 7 replaced ``label`` with ``is_repeated``."""
    flag = getattr(field, "is_repeated", None)
    if flag is not None:
        return bool(flag)
    return field.label == field.LABEL_REPEATED  # type: ignore[attr-defined]


def uuid_variants(text: str, rnd: random.Random) -> list[str]:
    """Spellings of an id the official validator treats differently."""
    fresh = str(uuid.UUID(int=rnd.getrandbits(128)))
    return [
        "",
        "not-a-uuid",
        fresh,
        text.upper(),
        "{" + text + "}",
        "urn:uuid:" + text,
        text.replace("-", ""),
        text + " ",
        text[:-1],
        "0x" + fresh.replace("-", "")[2:],
    ]


# --- finding things ------------------------------------------------------------


def id_messages(message: Any, limit: int = 400) -> list[Any]:
    """Every ``resim.proto.UUID`` in the message (ids, references, keys), up to ``limit``."""
    found: list[Any] = []

    def walk(msg: Any) -> None:
        if len(found) >= limit:
            return
        if msg.DESCRIPTOR.full_name == "resim.proto.UUID":
            found.append(msg)
            return
        if msg.DESCRIPTOR.full_name == "google.protobuf.Struct":
            return
        for field, value in msg.ListFields():
            if field.type != F.TYPE_MESSAGE:
                continue
            if _is_map(field):
                for key in list(value)[:3]:
                    if field.message_type.fields_by_name["value"].type == F.TYPE_MESSAGE:
                        walk(value[key])
            elif _repeated(field):
                for item in list(value)[:8]:
                    walk(item)
            else:
                walk(value)

    walk(message)
    return found


def all_series(message: Any) -> list[Any]:
    """Every Series message inside the metrics data."""
    found = []
    for data in message.metrics_data:
        if data.HasField("series"):
            found.append(data.series)
        for key in data.series_per_category.category_to_series:
            found.append(data.series_per_category.category_to_series[key])
    return found


def _is_map(field: Any) -> bool:
    return field.type == F.TYPE_MESSAGE and field.message_type.GetOptions().map_entry


# --- targeted mutations --------------------------------------------------------


def drop_data(msg: Any, rnd: random.Random) -> str:
    if not msg.metrics_data:
        return "no data to drop"
    i = rnd.randrange(len(msg.metrics_data))
    del msg.metrics_data[i]
    return f"drop metrics_data[{i}]"


def corrupt_id(msg: Any, rnd: random.Random) -> str:
    ids = id_messages(msg)
    if not ids:
        return "no ids"
    target = rnd.choice(ids)
    others = [m.data for m in ids if m.data]
    new = rnd.choice([*uuid_variants(target.data, rnd), *(rnd.sample(others, min(3, len(others))))])
    old, target.data = target.data, new
    return f"id {old!r} -> {new!r}"


def zero_enum(msg: Any, rnd: random.Random) -> str:
    spots: list[tuple[Any, str]] = [
        (msg, "metrics_status"),
        (msg.job_level_metrics, "metrics_status"),
    ]
    for metric in msg.job_level_metrics.metrics:
        spots += [(metric, "type"), (metric, "status"), (metric, "importance")]
    for data in msg.metrics_data:
        spots += [(data, "data_type"), (data, "index_data_type")]
    for event in msg.events:
        spots += [(event, "status"), (event, "importance"), (event, "timestamp_type")]
    owner, name = rnd.choice(spots)
    value = rnd.choice(ENUM_POOL)
    setattr(owner, name, value)
    return f"{owner.DESCRIPTOR.name}.{name} = {value}"


def change_length(msg: Any, rnd: random.Random) -> str:
    series = all_series(msg)
    if not series:
        return "no series"
    target = rnd.choice(series)
    member = target.WhichOneof("series")
    if member is None:
        return "series without member"
    items = getattr(target, member).series
    if len(items) and rnd.random() < 0.5:
        del items[rnd.randrange(len(items))]
        return f"remove an element of a {member} series"
    if len(items):
        items.append(items[0])
        return f"append to a {member} series"
    return "empty series left alone"


def swap_member(msg: Any, rnd: random.Random) -> str:
    series = all_series(msg)
    if not series:
        return "no series"
    target = rnd.choice(series)
    member = rnd.choice(["doubles", "timestamps", "uuids", "strings", "statuses", None])
    if member is None:
        target.Clear()
        return "clear a series"
    getattr(target, member).SetInParent()
    return f"series holds empty {member}"


def break_buckets(msg: Any, rnd: random.Random) -> str:
    hists = [
        m.metric_values.histogram_metric_values
        for m in msg.job_level_metrics.metrics
        if m.metric_values.HasField("histogram_metric_values")
    ]
    if not hists:
        return "no histogram"
    h = rnd.choice(hists)
    choice = rnd.randrange(6)
    if choice == 0 and len(h.buckets):
        b = rnd.choice(h.buckets)
        b.lower, b.upper = b.upper, b.lower
    elif choice == 1:
        h.lower_bound = rnd.choice(FLOAT_POOL)
    elif choice == 2:
        h.ClearField("upper_bound")
    elif choice == 3:
        del h.buckets[:]
    elif choice == 4 and len(h.buckets):
        rnd.choice(h.buckets).upper = rnd.choice(FLOAT_POOL)
    else:
        h.buckets.add(lower=h.upper_bound, upper=h.upper_bound + 1.0)
    return f"histogram bucket change {choice}"


def duplicate_name(msg: Any, rnd: random.Random) -> str:
    groups = [msg.job_level_metrics.metrics, msg.metrics_data, msg.events]
    group = rnd.choice([g for g in groups if len(g) >= 2] or [None])
    if group is None:
        return "nothing to rename"
    a, b = rnd.sample(range(len(group)), 2)
    group[b].name = rnd.choice([group[a].name, ""])
    return f"{group[b].DESCRIPTOR.name}[{b}].name = [{a}].name or empty"


def duplicate_id(msg: Any, rnd: random.Random) -> str:
    groups = [
        (msg.job_level_metrics.metrics, "metric_id"),
        (msg.metrics_data, "metrics_data_id"),
        (msg.events, "event_id"),
    ]
    usable = [(g, f) for g, f in groups if len(g) >= 2]
    if not usable:
        return "nothing to duplicate"
    group, field = rnd.choice(usable)
    a, b = rnd.sample(range(len(group)), 2)
    getattr(group[b], field).CopyFrom(getattr(group[a], field))
    return f"{field} of [{b}] = [{a}]"


def event_trouble(msg: Any, rnd: random.Random) -> str:
    if not msg.events:
        event = msg.events.add(name="late event", status=1, importance=1)
        event.event_id.id.data = str(uuid.UUID(int=rnd.getrandbits(128)))
        event.timestamp_type = rnd.choice((1, 2))
    event = rnd.choice(msg.events)
    choice = rnd.randrange(6)
    if choice == 0:
        event.timestamp_type = rnd.choice((1, 2, 0, 7))
    elif choice == 1:
        event.timestamp.seconds = rnd.choice((-1, 0, 10, 2**40))
    elif choice == 2:
        event.timestamp.nanos = rnd.choice((-1, 0, 999_999_999, 1_000_000_000))
    elif choice == 3 and msg.job_level_metrics.metrics:
        event.metrics.add().CopyFrom(rnd.choice(msg.job_level_metrics.metrics).metric_id)
    elif choice == 4 and len(event.metrics):
        event.metrics.add().CopyFrom(event.metrics[0])
    else:
        event.metrics.add().id.data = str(uuid.UUID(int=rnd.getrandbits(128)))
    return f"event change {choice}"


def remove_values(msg: Any, rnd: random.Random) -> str:
    if not msg.job_level_metrics.metrics:
        return "no metrics"
    metric = rnd.choice(msg.job_level_metrics.metrics)
    member = metric.metric_values.WhichOneof("metric_values")
    choice = rnd.randrange(4)
    if choice == 0 or member is None:
        metric.ClearField("metric_values")
        return "clear metric_values"
    values = getattr(metric.metric_values, member)
    fields = [f for f, _ in values.ListFields()]
    if choice == 1 and fields:
        values.ClearField(rnd.choice(fields).name)
        return f"clear a field of {member}"
    if choice == 2:
        metric.type = rnd.choice(ENUM_POOL)
        return f"metric type = {metric.type}"
    other = rnd.choice(msg.job_level_metrics.metrics)
    metric.metric_values.CopyFrom(other.metric_values)
    return "metric_values copied from another metric"


def flip_flags(msg: Any, rnd: random.Random) -> str:
    if not msg.metrics_data:
        return "no data"
    data = rnd.choice(msg.metrics_data)
    choice = rnd.randrange(5)
    if choice == 0:
        data.is_indexed = not data.is_indexed
    elif choice == 1:
        data.is_per_category = not data.is_per_category
    elif choice == 2:
        data.category_names.append(rnd.choice(STRING_POOL))
    elif choice == 3 and len(data.category_names):
        del data.category_names[0]
    else:
        other = rnd.choice(msg.metrics_data)
        data.index_data_id.CopyFrom(other.metrics_data_id)
    return f"data flag change {choice}"


def metric_trouble(msg: Any, rnd: random.Random) -> str:
    if not msg.job_level_metrics.metrics:
        return "no metrics"
    metric = rnd.choice(msg.job_level_metrics.metrics)
    choice = rnd.randrange(6)
    if choice == 0:
        metric.event_metric = not metric.event_metric
    elif choice == 1:
        metric.tags.add(key=rnd.choice(STRING_POOL), value=rnd.choice(STRING_POOL))
    elif choice == 2:
        metric.ClearField("job_id")
    elif choice == 3:
        metric.metric_values.scalar_metric_values.value = rnd.choice(FLOAT_POOL)
    elif choice == 4:
        values = metric.metric_values
        member = values.WhichOneof("metric_values")
        if member == "states_over_time_metric_values":
            values.states_over_time_metric_values.failure_states.append("Z")
        elif member == "batchwise_bar_chart_metric_values":
            values.batchwise_bar_chart_metric_values.colors.append(rnd.choice(STRING_POOL))
        else:
            values.text_metric_values.text = rnd.choice(("", "text"))
    else:
        metric.name = rnd.choice(STRING_POOL)
    return f"metric change {choice}"


# --- the generic mutation ------------------------------------------------------


def any_field(msg: Any, rnd: random.Random) -> str:
    """Change one field chosen anywhere in the message (set or not) to a pool value."""
    spots: list[tuple[Any, Any]] = []

    def walk(m: Any, depth: int) -> None:
        if depth > 8 or m.DESCRIPTOR.full_name == "google.protobuf.Struct":
            return
        for field in m.DESCRIPTOR.fields:
            spots.append((m, field))
        for field, value in m.ListFields():
            if field.type != F.TYPE_MESSAGE or _is_map(field):
                if (
                    _is_map(field)
                    and field.message_type.fields_by_name["value"].type == F.TYPE_MESSAGE
                ):
                    for key in list(value)[:2]:
                        walk(value[key], depth + 1)
                continue
            if _repeated(field):
                for item in rnd.sample(list(value), min(2, len(value))):
                    walk(item, depth + 1)
            else:
                walk(value, depth + 1)

    walk(msg, 0)
    owner, field = rnd.choice(spots)
    return f"{owner.DESCRIPTOR.name}.{field.name}: " + _change(owner, field, rnd)


def _change(owner: Any, field: Any, rnd: random.Random) -> str:
    value = getattr(owner, field.name)
    if _is_map(field):
        keys = list(value)
        if keys and rnd.random() < 0.5:
            del value[rnd.choice(keys)]
            return "delete a map key"
        new_key = rnd.choice(STRING_POOL)
        if keys:
            value[new_key].CopyFrom(value[rnd.choice(keys)])
        else:
            value[new_key].SetInParent()
        return f"map key {new_key!r} added"
    if _repeated(field):
        if len(value) and rnd.random() < 0.6:
            del value[rnd.randrange(len(value))]
            return "delete an element"
        if len(value):
            if field.type == F.TYPE_MESSAGE:
                value.add().CopyFrom(value[rnd.randrange(len(value))])
            else:
                value.append(value[rnd.randrange(len(value))])
            return "duplicate an element"
        owner.ClearField(field.name)
        return "clear"
    if field.type == F.TYPE_MESSAGE:
        if owner.HasField(field.name) and rnd.random() < 0.7:
            owner.ClearField(field.name)
            return "clear"
        value.SetInParent()
        return "set empty"
    setattr(owner, field.name, _scalar(field, value, rnd))
    return f"= {getattr(owner, field.name)!r}"


def _scalar(field: Any, value: Any, rnd: random.Random) -> Any:
    kind = field.type
    if kind == F.TYPE_BOOL:
        return not value
    if kind == F.TYPE_ENUM:
        return rnd.choice(ENUM_POOL)
    if kind == F.TYPE_STRING:
        return rnd.choice([*STRING_POOL, *uuid_variants(value or "0" * 32, rnd)])
    if kind in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
        return rnd.choice(FLOAT_POOL)
    if kind in (F.TYPE_UINT32, F.TYPE_UINT64):
        return rnd.choice(INT_POOL)
    return rnd.choice((*INT_POOL, -1, 1_000_000_000, 2**31 - 1 if kind == F.TYPE_INT32 else 2**40))


MUTATIONS: tuple[Mutation, ...] = (
    drop_data,
    corrupt_id,
    zero_enum,
    change_length,
    swap_member,
    break_buckets,
    duplicate_name,
    duplicate_id,
    event_trouble,
    remove_values,
    flip_flags,
    metric_trouble,
    any_field,
    any_field,
    any_field,
)


def mutate(msg: Any, rnd: random.Random, count: int) -> list[str]:
    """Apply ``count`` random mutations in place; returns what was done."""
    return [rnd.choice(MUTATIONS)(msg, rnd) for _ in range(count)]
