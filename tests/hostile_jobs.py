"""Files carrying hostile text in every string field of the schema.

``write_hostile(folder)`` writes a job with the official SDK (every metric
type, grouped and indexed data, a double summary keyed by a string, an event,
an image, a Plotly figure), then walks the message by its proto descriptor and
prefixes every string it finds, in every field, with a payload: terminal
escapes, C1 controls, bidi and invisible characters and markup with actions.
The same original string always gets the same new string, so references by
string (categories, string indexes, states) still resolve and every surface
is reached. UUIDs are left alone so that the file still links up.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import numpy as np
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from resim.metrics.proto import metrics_pb2 as sdk_pb2
from resim.metrics.python.metrics import SeriesMetricsData

from tests.sdk_jobs import MEDIUM, PASSED, build, objects

# The screenshot action would write this file (relative to the current directory).
PWNED = "pwned-by-markup.svg"
MARKUP = f"[@click=app.quit]Q[/][/]x[link=file:///etc/passwd]L[/link][@click=app.screenshot('{PWNED}')]S[/]"
CONTROLS = "\x1b]0;T\x07\x1b]52;c;eA==\x07\x1b[2J\x1bc\x9b2J\x85\x07\x00\r"
HIDDEN = "\u202e\u2066\u200b\u200f\ufeff\u2028\u2029\u00ad\u061c"
PAYLOAD = MARKUP + CONTROLS + HIDDEN

# What no surface may emit: C0 but newline and tab, DEL, C1, bidi, invisible, line separators.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff]"
)

_SKIP = {"resim.proto.UUID.data"}


def repeated(field: FieldDescriptor) -> bool:
    # protobuf 7 removed FieldDescriptor.label; is_repeated is its replacement.
    if hasattr(field, "is_repeated"):
        return bool(field.is_repeated)
    return bool(field.label == FieldDescriptor.LABEL_REPEATED)


def forbidden(text: str) -> list[str]:
    """The forbidden characters in ``text``, escaped, for an assertion message."""
    return sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(text)})


def _hostile(folder: Path) -> sdk_pb2.JobMetrics:
    writer = build(folder)
    keys = SeriesMetricsData("keys", series=objects(["left", "right"]))
    keyed = SeriesMetricsData("keyed", series=np.array([1.0, 2.0]), index_data=keys)
    keyed_status = SeriesMetricsData("keyed status", series=objects([PASSED] * 2), index_data=keys)
    writer.add_double_summary_metric("Keyed").with_value_data(keyed).with_status_data(
        keyed_status
    ).with_index("right").with_status(PASSED).with_importance(MEDIUM)
    writer.add_scalar_metric("Described").with_value(1.0).with_description(
        "A *description*\n\n- item"
    ).with_status(PASSED).with_importance(MEDIUM).with_tag("owner", "me")
    figure = {"data": [{"type": "sankey"}, {"type": "bar", "x": ["a"], "y": [1]}]}
    writer.add_plotly_metric("Odd figure").with_plotly_data(json.dumps(figure)).with_status(
        PASSED
    ).with_importance(MEDIUM)
    return writer.write().metrics_msg


def fill_unset(message: Message) -> None:
    """Give every string field the SDK left empty a value (raw protobuf: the SDK has no
    setter for some axis names, legends and event tags), so that none escapes poison()."""
    for field in message.DESCRIPTOR.fields:
        oneof = field.containing_oneof
        value = getattr(message, field.name)
        if field.type == FieldDescriptor.TYPE_STRING:
            if field.full_name in _SKIP or (oneof is not None and oneof.name != f"_{field.name}"):
                continue  # a string in a real oneof (string_index) would replace its sibling
            if repeated(field):
                if not value:
                    value.append(field.name)
            elif not value:
                setattr(message, field.name, field.name)
        elif (
            field.type == FieldDescriptor.TYPE_MESSAGE
            and not field.message_type.GetOptions().map_entry
        ):
            if repeated(field):
                for item in value:
                    fill_unset(item)
            elif message.HasField(field.name):
                fill_unset(value)


def poison(message: Message, payload: str, *, struct_keys: bool = True) -> None:
    """Prefix every string field below ``message`` with ``payload`` (in place)."""
    for field, value in message.ListFields():
        if field.type == FieldDescriptor.TYPE_STRING:
            if field.full_name in _SKIP:
                continue
            if repeated(field):
                value[:] = [payload + s for s in value]
            else:
                setattr(message, field.name, payload + value)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                _poison_map(field, value, payload, struct_keys)
            elif repeated(field):
                for item in value:
                    poison(item, payload, struct_keys=struct_keys)
            else:
                poison(value, payload, struct_keys=struct_keys)


def _poison_map(field: FieldDescriptor, mapping: object, payload: str, struct_keys: bool) -> None:
    entry = field.message_type
    key_is_string = entry.fields_by_name["key"].type == FieldDescriptor.TYPE_STRING
    value_is_message = entry.fields_by_name["value"].type == FieldDescriptor.TYPE_MESSAGE
    is_struct = field.containing_type.full_name == "google.protobuf.Struct"
    items = list(mapping.items())  # type: ignore[attr-defined]
    if value_is_message:
        for _, value in items:
            poison(value, payload, struct_keys=struct_keys)
    if key_is_string and (struct_keys or not is_struct):
        copies = [(key, type(value)()) for key, value in items] if value_is_message else items
        if value_is_message:
            for (_, copy), (_, value) in zip(copies, items, strict=True):
                copy.CopyFrom(value)
        mapping.clear()  # type: ignore[attr-defined]
        for key, value in copies:
            if value_is_message:
                mapping[payload + key].CopyFrom(value)  # type: ignore[index]
            else:
                mapping[payload + key] = value  # type: ignore[index]


def write_hostile(folder: Path, payload: str = PAYLOAD, *, struct_keys: bool = False) -> Path:
    """Write ``folder/metrics.binproto`` with ``payload`` in every string field."""
    folder.mkdir(parents=True, exist_ok=True)
    message = _hostile(folder)
    fill_unset(message)
    poison(message, payload, struct_keys=struct_keys)
    # The image the file names now has a hostile name too: give it one where it can exist.
    target = folder / "metrics.binproto"
    target.write_bytes(message.SerializeToString())
    return target


LONG = 1 << 20  # a 1 MB string


def lengthen(message: Message, tail: str, seen: set[str] | None = None) -> set[str]:
    """Append ``tail`` to the first value of every string field of the schema found
    below ``message`` (once per field: a 1 MB tail in all 259 strings of the hostile job
    would be a 259 MB file); returns the fields lengthened."""
    seen = set() if seen is None else seen
    for field, value in message.ListFields():
        if field.type == FieldDescriptor.TYPE_STRING:
            if field.full_name in seen or field.full_name in _SKIP:
                continue
            seen.add(field.full_name)
            if repeated(field):
                value[0] += tail
            else:
                setattr(message, field.name, value + tail)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                continue  # keys name categories: a longer one would only break the links
            for item in value if repeated(field) else [value]:
                lengthen(item, tail, seen)
    return seen


def write_long(folder: Path) -> Path:
    """The hostile job with a 1 MB string in each string field of the schema it holds."""
    target = write_hostile(folder)
    message = sdk_pb2.JobMetrics()
    message.ParseFromString(target.read_bytes())
    lengthen(message, "W" * LONG)
    target.write_bytes(message.SerializeToString())
    return target


def every_string(message: Message) -> list[str]:
    """Every string value below ``message`` (to check that the walk reached them all)."""
    out: list[str] = []
    for field, value in message.ListFields():
        if field.type == FieldDescriptor.TYPE_STRING:
            out.extend(value if repeated(field) else [value])
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                for key, item in value.items():
                    out.append(key) if isinstance(key, str) else None
                    if isinstance(item, Message):
                        out.extend(every_string(item))
            elif repeated(field):
                for item in value:
                    out.extend(every_string(item))
            else:
                out.extend(every_string(value))
    return out


def new_uuid() -> str:
    return str(uuid.uuid4())


# A budget shape: a million two-byte messages in one place the schema allows
# (tests/test_budgets.py and benchmarks/bench_budgets.py share it).
def shape(name: str, count: int = 1_000_000) -> sdk_pb2.JobMetrics:
    """A JobMetrics of ``count`` two-byte messages in the place ``name`` says."""
    job = sdk_pb2.JobMetrics()
    if name == "metrics":
        for _ in range(count):
            job.job_level_metrics.metrics.add()
    elif name == "data":
        for _ in range(count):
            job.metrics_data.add()
    elif name == "events":
        for _ in range(count):
            job.events.add()
    elif name == "category names":
        job.metrics_data.add().category_names.extend([""] * count)
    elif name == "event metric ids":
        event = job.events.add()
        for _ in range(count):
            event.metrics.add()
    elif name == "metric tags":
        metric = job.job_level_metrics.metrics.add()
        for _ in range(count):
            metric.tags.add()
    elif name == "histogram buckets":
        values = job.job_level_metrics.metrics.add().metric_values.histogram_metric_values
        for _ in range(count):
            values.buckets.add()
    elif name == "category map":
        grouped = job.metrics_data.add().series_per_category.category_to_series
        for i in range(count // 4):
            grouped[str(i)]  # adds the entry
    return job
