"""Cut a decoded JobMetrics to the work budget before anything else looks at it.

Trimming the message itself, not the model, is what makes one check enough:
the resolver, the validator and every view read the same message, so none of
them can meet the millionth empty metric. Each cut is a problem that says what
the file holds and what is shown (limits and reasons: tui/model/budget.py).
"""

from __future__ import annotations

from typing import Any

from tui.model.budget import BUDGET_RULE, BYTES_PER_OBJECT, MAX_ITEMS, MAX_OBJECTS
from tui.model.problems import Location, Problem, Severity
from tui.text.plural import plural

_HINT = "a file this size should not hold this many; check what wrote it"


_WALK_OUTRIGHT = 256  # objects; a walk costs about 0.2 ms an object
# ByteSize costs a few nanoseconds a byte (0.37 s for two 5M-point series), a walk about
# 20 us an object (2.6 ms of every 50-metric job of a batch): the walk pays only where
# the objects are this big on average.
_WALK_BYTES_PER_OBJECT = 8 * 1024


def trim(message: Any, size: int) -> list[Problem]:
    """Drop what is past the budget from ``message`` (in place); a problem per cut.

    The object budget grows with the file (``BYTES_PER_OBJECT``): a real metric, data
    or event takes a hundred bytes or more, so only files of near-empty objects meet it.
    """
    problems: list[Problem] = []
    room = most = max(MAX_OBJECTS, size // BYTES_PER_OBJECT)
    lists = (
        ("metrics", message.job_level_metrics.metrics),
        ("data", message.metrics_data),
        ("events", message.events),
    )
    for label, items in lists:
        held = len(items)
        if held > room:
            del items[room:]
            problems.append(
                Problem(
                    Severity.WARNING,
                    Location("job", "", label),
                    f"the file holds {held:,} {label}; only the first {room:,} are read "
                    f"({plural(most, 'metric')}, data and events in all for a file of "
                    f"{size:,} bytes)",
                    BUDGET_RULE,
                    _HINT,
                )
            )
        room -= len(items)
    if size <= MAX_ITEMS:
        return problems  # no list can hold more entries than the file has bytes
    kinds = ("metric", "data", "event")
    # A few objects are walked outright: ByteSize is one C call, but it costs the
    # object's bytes (0.37 s for a file of two 5M-point series), and a walk over a
    # few objects' fields costs far less.
    objects = sum(len(items) for _, items in lists)
    few = objects <= _WALK_OUTRIGHT and size > objects * _WALK_BYTES_PER_OBJECT
    for kind, (_, items) in zip(kinds, lists, strict=True):
        for position, item in enumerate(items):
            # Every list entry takes a byte or more on the wire, so an object of at most
            # MAX_ITEMS bytes cannot hold a list past the budget: one C call (ByteSize)
            # spares the walk over its fields, which is all of them in a real file.
            if few or item.ByteSize() > MAX_ITEMS:
                _trim_lists(item, Location(kind, item.name, "", position), "", problems)
    return problems


def _trim_lists(item: Any, where: Location, path: str, problems: list[Problem]) -> None:
    """Cut every list inside ``item`` (and its sub-messages) to ``MAX_ITEMS`` entries."""
    for field, value in item.ListFields():
        name = f"{path}{field.name}"
        if _is_list(field):
            held = len(value)
            if held > MAX_ITEMS:
                _cut(value, _is_map(field))
                problems.append(
                    Problem(
                        Severity.WARNING,
                        Location(where.kind, where.name, name, where.index),
                        f"holds {plural(held, 'entry')}; only the first {MAX_ITEMS:,} are read",
                        BUDGET_RULE,
                        _HINT,
                    )
                )
        elif field.message_type is not None:
            _trim_lists(value, where, f"{name}.", problems)


def _cut(value: Any, is_map: bool) -> None:
    if not is_map:
        del value[MAX_ITEMS:]
        return
    extra = list(value)[MAX_ITEMS:]
    for key in extra:
        del value[key]


def _is_list(field: Any) -> bool:
    # protobuf 7 dropped FieldDescriptor.label; older ones lack is_repeated.
    repeated = getattr(field, "is_repeated", None)
    return bool(repeated) if repeated is not None else field.label == field.LABEL_REPEATED


def _is_map(field: Any) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry
