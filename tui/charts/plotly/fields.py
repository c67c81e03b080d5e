"""Reading fields of an untrusted Plotly figure: every accessor tolerates any type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from tui.charts._text import label
from tui.charts.plotly import memo
from tui.model.figure import FigureError, is_typed_array, typed_array

MAX_POINTS = 20_000_000


def title(node: Any) -> str:
    """``title`` as Plotly allows it: a string or ``{"text": ...}``; safe and short."""
    if isinstance(node, dict):
        node = node.get("text")
    return label(node, 80) if isinstance(node, str | int | float) and node != "" else ""


def trace_name(trace: dict[str, Any], index: int) -> str:
    """The name a trace is shown by: its ``name`` (a string or number, as Plotly shows
    it), safe and at most 40 cells; ``trace <index>`` (its place in the figure, as
    Plotly numbers them) when it has none, or one that is blank or not a scalar."""
    return label(_fmt(trace["name"]), 40) if has_name(trace) else f"trace {index}"


def has_name(trace: dict[str, Any]) -> bool:
    """Whether a trace names itself (a non-blank string, or a number)."""
    name = trace.get("name")
    if isinstance(name, bool):  # bool is an int to Python, not a name to anyone
        return False
    if isinstance(name, int | float):
        return True
    return isinstance(name, str) and name.strip() != ""


def axis_title(layout: dict[str, Any], axis: str) -> str:
    return title(nested(layout, axis).get("title"))


def axis_range(axis: dict[str, Any]) -> tuple[float, float] | None:
    """An axis ``range`` the figure fixes (finite numbers; one may be null), else None."""
    ends = axis.get("range")
    if not isinstance(ends, list) or len(ends) != 2 or axis.get("type") in ("log", "date"):
        return None
    given = [v for v in ends if v is not None]  # null: that end is automatic (plotly.js 2)
    if not given or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in given):
        return None
    lo, hi = sorted(float(v) for v in given * (3 - len(given)))
    if not np.isfinite([lo, hi]).all():
        return None
    # one end given: the axis reaches it (the range is "at least", so it is lo = hi)
    return (lo, hi) if hi > lo or len(given) == 1 else None


def nested(node: dict[str, Any], key: str) -> dict[str, Any]:
    """``node[key]`` when it is an object (``layout``, ``marker``, ``line``...), else {}."""
    value = node.get(key)
    return value if isinstance(value, dict) else {}


def numbers(value: Any, notes: list[str], what: str) -> np.ndarray | None:
    """A numeric array from a list or a typed array; None (with a note) if it is neither.

    Decoded once per value of a converted figure (memo.py): the array comes back
    read-only, as every draw of the figure shares it."""
    if value is None:
        return None
    return _shared(_numbers, "numbers", value, notes, what)


def _shared(
    make: Callable[[Any, list[str], str], np.ndarray | None],
    kind: str,
    value: Any,
    notes: list[str],
    what: str,
) -> np.ndarray | None:
    """``make(value)`` once per list or object of a converted figure, read-only after."""
    if not isinstance(value, list | dict):
        return make(value, notes, what)

    def compute() -> tuple[np.ndarray | None, list[str]]:
        said: list[str] = []
        array = make(value, said, what)
        if array is not None:
            array.flags.writeable = False
        return array, said

    found: tuple[np.ndarray | None, list[str]] = memo.ARRAYS.get(value, (kind, what), compute)
    notes.extend(found[1])
    return found[0]


def decoded(value: dict[str, Any]) -> np.ndarray | FigureError:
    """A typed array's values as float64 in its shape, read-only, decoded once per value
    (memo.DECODED): base64 straight to numpy, copied only when the dtype is not float64
    already. The error, when it does not decode, for the caller to say."""

    def compute() -> np.ndarray | FigureError:
        try:
            array = typed_array(value).astype(np.float64, copy=False)
        except FigureError as exc:
            return exc
        array.flags.writeable = False
        return array

    found: np.ndarray | FigureError = memo.DECODED.get(value, "typed", compute)
    return found


def prepare(figure: dict[str, Any]) -> int:
    """Decode every typed array of a converted figure now (the figure's conversion, as a
    series is decoded before its first draw); returns how many values they hold. A draw
    decodes the arrays it uses itself; benchmarks/bench_charts.py calls this to time the
    conversion apart from the first draw."""
    total = 0
    stack: list[Any] = [figure]
    while stack:  # a converted figure is bounded (tui.model.figure): no depth limit needed
        node = stack.pop()
        if is_typed_array(node):
            found = decoded(node)
            total += 0 if isinstance(found, FigureError) else found.size
        elif isinstance(node, dict):
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list) and node and isinstance(node[0], dict | list):
            # Lists of numbers or labels (a million of them) are not walked: a typed
            # array sits in a trace's field or in a list of them (rows of a matrix).
            stack.extend(v for v in node if isinstance(v, dict | list))
    return total


def _numbers(value: Any, notes: list[str], what: str) -> np.ndarray | None:
    try:
        if is_typed_array(value):
            found = decoded(value)
            if isinstance(found, FigureError):
                raise found
            return found.ravel()
        if isinstance(value, list):
            if len(value) > MAX_POINTS:
                notes.append(f"{what}: more than {MAX_POINTS:,} values; cut")
                value = value[:MAX_POINTS]
            return np.array([_num(v) for v in value], dtype=np.float64)
    except FigureError as exc:
        notes.append(f"{what}: {exc}")
        return None
    notes.append(f"{what}: not an array")
    return None


def matrix(value: Any, notes: list[str], what: str) -> np.ndarray | None:
    """A 2-D float array from nested lists or a typed array with a shape (made once per
    value of a converted figure, read-only, as ``numbers``)."""
    return _shared(_matrix, "matrix", value, notes, what)


def _matrix(value: Any, notes: list[str], what: str) -> np.ndarray | None:
    if is_typed_array(value):
        array = decoded(value)
        if isinstance(array, FigureError):
            notes.append(f"{what}: {array}")
            return None
        return array if array.ndim == 2 else array.reshape(1, -1)
    if not isinstance(value, list) or not value:
        notes.append(f"{what}: not a matrix")
        return None
    read = [
        numbers(r, notes, what) if isinstance(r, list | dict) else np.array([_num(r)])
        for r in value
    ]
    rows = [r if r is not None else np.zeros(0) for r in read]
    width = max(len(r) for r in rows)
    out = np.full((len(rows), width), np.nan)
    for i, r in enumerate(rows):
        out[i, : len(r)] = r
    return out


def strings(value: Any, notes: list[str], what: str, most: int = MAX_POINTS) -> list[str] | None:
    """Labels: a list of anything shown as text, or a typed array's numbers; at most
    ``most`` of them (a chart that shows 2,000 bars labels 2,000, not 100,000).

    Made once per value of a converted figure (memo.py); each call gets its own list."""
    if value is None:
        return None
    if not isinstance(value, list | dict):
        notes.append(f"{what}: not an array")
        return None

    def compute() -> tuple[list[str] | None, list[str]]:
        said: list[str] = []
        return _strings(value, said, what, most), said

    found: tuple[list[str] | None, list[str]] = memo.ARRAYS.get(
        value, ("strings", what, most), compute
    )
    notes.extend(found[1])
    return None if found[0] is None else list(found[0])


def _strings(value: Any, notes: list[str], what: str, most: int) -> list[str] | None:
    if is_typed_array(value):
        array = numbers(value, notes, what)
        return None if array is None else [_fmt(v) for v in array[:most].tolist()]
    if isinstance(value, list):
        return [label(_fmt(v), 40) for v in value[: min(most, MAX_POINTS)]]
    notes.append(f"{what}: not an array")
    return None


def colour(value: Any) -> str | None:
    """A single colour string (``#rrggbb``, a name, ``rgb(...)``), else None."""
    if isinstance(value, str) and 0 < len(value) <= 40 and "[" not in value:
        return value
    return None


def _num(v: Any) -> float:
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return float("nan")
    return float("nan")


def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return "" if v is None else str(v)
