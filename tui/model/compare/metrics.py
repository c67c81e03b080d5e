"""How two metrics with the same name differ: metadata, status, then their values.

Every field of a metric's values is compared (so nothing is missed), with
ids left out; kinds that users read closely get a richer account: numbers
with absolute and relative deltas, states with time per state, text and
Plotly with where they first differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from tui.model.compare.result import Change
from tui.model.compare.series import DataEquality, describe, time_per_state
from tui.model.data import Data
from tui.model.figure import FigureError, to_python
from tui.model.ids import Id
from tui.model.metric import Metric
from tui.model.summary import select
from tui.model.values import (
    DoubleSummaryValues,
    PlotlyValues,
    Ref,
    ScalarValues,
    StatesOverTimeValues,
)

# What each data-reference field holds, for the change's name.
_REF_WORDS = {
    "value": "series",
    "values": "series",
    "ys": "series",
    "xs": "x series",
    "status": "statuses",
    "statuses": "statuses",
    "states": "states",
    "times": "times",
    "image": "image",
    "images": "image",
}
_MAX_SHOWN = 60


def metric_changes(a: Metric, b: Metric, equal: DataEquality) -> list[Change]:
    """Status first, then the values (what a reader checks first), then metadata."""
    changes = [Change("status", a.status.label, b.status.label)] if a.status != b.status else []
    if a.values_kind != b.values_kind or type(a.values) is not type(b.values):
        changes.append(Change("values", a.values_kind or "(none)", b.values_kind or "(none)"))
    elif a.values is not None and b.values is not None:
        changes += _values(a.values, b.values, equal)
    return changes + _metadata(a, b)


# (what, the raw field, how it reads): raw fields are compared first, since putting 20k
# metrics' tags into words took seconds.
_METADATA: tuple[tuple[str, Callable[[Metric], object], Callable[[Metric], str]], ...] = (
    ("type", lambda m: m.type, lambda m: m.type.label),
    ("description", lambda m: m.description, lambda m: m.description),
    ("importance", lambda m: m.importance, lambda m: m.importance.label),
    ("display", lambda m: m.should_display, lambda m: _flag(m.should_display)),
    ("blocking", lambda m: m.blocking, lambda m: _flag(m.blocking)),
    ("event metric", lambda m: m.event_metric, lambda m: _flag(m.event_metric)),
    ("tags", lambda m: m.tags, lambda m: ", ".join(f"{k}={v}" for k, v in m.tags) or "(none)"),
)


def _metadata(a: Metric, b: Metric) -> list[Change]:
    changes = []
    for what, raw, shown in _METADATA:
        if raw(a) == raw(b):
            continue
        before, after = shown(a), shown(b)
        if before != after:
            detail = _text_where(before, after) if what == "description" else ""
            changes.append(Change(what, _short(before), _short(after), detail))
    return changes


def _values(va: Any, vb: Any, equal: DataEquality) -> list[Change]:
    changes: list[Change] = []
    for name in va.__slots__:
        left, right = getattr(va, name), getattr(vb, name)
        if isinstance(left, Ref) or isinstance(right, Ref):
            changes += _refs(name, [left], [right], equal)
        elif _ref_list(left) or _ref_list(right):
            changes += _refs(name, left, right, equal)
        elif name == "struct":
            changes += _plotly(va, vb)
        elif name == "text":
            if left != right:
                changes.append(_text(left, right))
        elif name == "value" and isinstance(va, ScalarValues):
            if not _same_number(left, right):
                changes.append(_number("value", left, right))
        elif name == "project_id" or isinstance(left, Id):
            continue  # ids change on every run
        elif name in ("states_set", "failure_states"):
            # Written from Python sets: their order varies between runs of the same build.
            if sorted(left) != sorted(right):
                what = name.replace("_", " ")
                changes.append(Change(what, _shown(sorted(left)), _shown(sorted(right))))
        elif left != right:
            what = "thresholds" if name in ("failure", "failures") else name.replace("_", " ")
            changes.append(Change(what, _shown(left), _shown(right)))
    if isinstance(va, DoubleSummaryValues):
        changes = _summary(va, vb) + changes
    if isinstance(va, StatesOverTimeValues):
        changes += _states(va, vb, equal)
    return changes


def _ref_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(x, Ref) for x in value)


def _refs(name: str, left: list[Any], right: list[Any], equal: DataEquality) -> list[Change]:
    word = _REF_WORDS.get(name, name)
    changes = []
    for i in range(max(len(left), len(right))):
        ra = left[i] if i < len(left) else None
        rb = right[i] if i < len(right) else None
        da = ra.data if isinstance(ra, Ref) else None
        db = rb.data if isinstance(rb, Ref) else None
        if equal.same(da, db):
            continue
        either = db or da
        label = f"{word} {either.name}" if either is not None else word
        if da is None or db is None:
            changes.append(Change(label, _ref_text(ra), _ref_text(rb)))
        else:
            changes += describe(label, da, db)
    return changes


def _ref_text(ref: Ref | None) -> str:
    if ref is None:
        return "(none)"
    return ref.data.name if ref.data is not None else "missing data"


def _summary(va: DoubleSummaryValues, vb: DoubleSummaryValues) -> list[Change]:
    """The selected element's value and status, per category, before → after."""
    rows_a = {row.category: row for row in select(va)}
    rows_b = {row.category: row for row in select(vb)}
    changes = []
    for category in dict.fromkeys([*rows_a, *rows_b]):
        ra, rb = rows_a.get(category), rows_b.get(category)
        what = "value" if category is None else f"value [{category}]"
        before = ra.value if ra is not None else None
        after = rb.value if rb is not None else None
        if not _same_number(before, after):
            changes.append(_number(what, before, after))
        sa = ra.status.label if ra is not None and ra.status is not None else "(none)"
        sb = rb.status.label if rb is not None and rb.status is not None else "(none)"
        if sa != sb:
            changes.append(Change(what.replace("value", "element status"), sa, sb))
    return changes


def _number(what: str, before: float | None, after: float | None) -> Change:
    shown_a = "(none)" if before is None else f"{before:.6g}"
    shown_b = "(none)" if after is None else f"{after:.6g}"
    if before is None or after is None:
        return Change(what, shown_a, shown_b)
    delta = after - before
    relative = delta / abs(before) if before != 0 else (math.inf if delta else 0.0)
    detail = f"Δ {delta:+.6g}"
    if math.isfinite(relative):
        detail += f" ({relative:+.1%})"
    numbers = {"before": before, "after": after, "delta": delta, "relative": relative}
    return Change(what, shown_a, shown_b, detail, numbers)


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or (math.isnan(a) and math.isnan(b))


def _states(
    va: StatesOverTimeValues, vb: StatesOverTimeValues, equal: DataEquality
) -> list[Change]:
    changes = []
    for ra, rb in zip(va.states, vb.states, strict=False):
        if ra.data is None or rb.data is None or equal.same(ra.data, rb.data):
            continue
        ta, tb = _time_per_state(ra.data), _time_per_state(rb.data)
        if ta == tb:
            continue
        names = list(dict.fromkeys([*ta, *tb]))
        moved = [n for n in names if ta.get(n, 0.0) != tb.get(n, 0.0)]
        detail = "; ".join(f"{n} {ta.get(n, 0.0):g} s → {tb.get(n, 0.0):g} s" for n in moved)
        changes.append(
            Change(
                f"time per state {rb.data.name}",
                _durations(ta),
                _durations(tb),
                detail,
                {"seconds_before": ta, "seconds_after": tb},
            )
        )
    return changes


def _time_per_state(data: Data) -> dict[str, float]:
    if data.shape == "grouped":
        total: dict[str, float] = {}
        for category in data.categories:
            for state, seconds in time_per_state(data, category).items():
                total[state] = total.get(state, 0.0) + seconds
        return total
    return time_per_state(data)


def _durations(seconds: dict[str, float]) -> str:
    return _short(", ".join(f"{k} {v:g} s" for k, v in seconds.items()) or "(no timestamps)")


def _text(before: str, after: str) -> Change:
    lines_a, lines_b = before.count("\n") + 1, after.count("\n") + 1
    return Change("text", f"{lines_a} lines", f"{lines_b} lines", _text_where(before, after))


def _text_where(before: str, after: str) -> str:
    la, lb = before.splitlines(), after.splitlines()
    for i, (x, y) in enumerate(zip(la, lb, strict=False)):
        if x != y:
            return f"first differs at line {i + 1}"
    if len(la) != len(lb):
        return f"first differs at line {min(len(la), len(lb)) + 1}"
    return "whitespace differs"


def _plotly(va: PlotlyValues, vb: PlotlyValues) -> list[Change]:
    if _serialized(va.struct) == _serialized(vb.struct):
        return []
    where = _first_path(_figure(va.struct), _figure(vb.struct))
    return [
        Change("figure", f"{va.size:,} bytes", f"{vb.size:,} bytes", f"first differs at {where}")
    ]


def _serialized(struct: Any) -> bytes:
    serialize = getattr(struct, "SerializeToString", None)  # a protobuf Struct
    if serialize is not None:
        return bytes(serialize(deterministic=True))
    return repr(struct).encode()


def _figure(struct: Any) -> Any:
    try:
        return to_python(struct)
    except FigureError:  # a figure that does not convert still compared by its bytes
        return None


def _first_path(a: Any, b: Any) -> str:
    """Where two converted figures first differ, as data[0].y[3]; iterative, bounded."""
    stack: list[tuple[str, Any, Any]] = [("", a, b)]
    steps = 0
    while stack and steps < 1_000_000:
        steps += 1
        path, x, y = stack.pop()
        if isinstance(x, dict) and isinstance(y, dict):
            keys = sorted(set(x) | set(y), reverse=True)
            for key in keys:
                if key not in x or key not in y:
                    return f"{path}.{key}".lstrip(".") or "(top)"
            stack += [(f"{path}.{k}", x[k], y[k]) for k in keys]
        elif isinstance(x, list) and isinstance(y, list):
            if len(x) != len(y):
                return f"{path} (length {len(x)} → {len(y)})".lstrip(".")
            stack += [(f"{path}[{i}]", x[i], y[i]) for i in reversed(range(len(x)))]
        elif type(x) is not type(y) or not _equal_leaf(x, y):
            return path.lstrip(".") or "(top)"
    return "(a part too deep to show)"


def _equal_leaf(x: Any, y: Any) -> bool:
    try:
        result = x == y
        if hasattr(result, "all"):
            return bool(result.all()) and getattr(x, "shape", None) == getattr(y, "shape", None)
        return bool(result)
    except (TypeError, ValueError):
        return False


def _flag(value: bool | None) -> str:
    return "(unset)" if value is None else ("yes" if value else "no")


def _shown(value: Any) -> str:
    if hasattr(value, "describe"):
        return _short(value.describe())
    if isinstance(value, list) and value and hasattr(value[0], "describe"):
        return _short("; ".join(v.describe() for v in value))
    if value is None:
        return "(unset)"
    return _short(str(value))


def _short(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"
