"""A small streaming JSON writer: big series go out a chunk at a time.

``json.dumps`` would need every series as a Python list first (5M floats are
~200 MB of objects) and then one giant string. Here the document is plain
dicts and lists whose series are ``Array`` placeholders; ``dump`` walks it
and writes each series in chunks straight from its numpy column.

Strings are written as UTF-8 JSON, but DEL, C1 controls, bidi overrides and
U+2028/2029 are escaped as ``\\uXXXX`` too, so the output is safe to print on
a terminal (``--to -``) and to paste into JavaScript. Non-finite floats are
the strings ``"NaN"``, ``"Infinity"`` and ``"-Infinity"``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui.export import cells
from tui.model.columns import Column
from tui.model.enums import MetricStatus
from tui.text.safe import HIDDEN_CHARS

Write = Callable[[str], Any]

# json.dumps escapes C0 itself; DEL, C1, bidi and invisible characters are escaped too.
_UNSAFE = re.compile(f"[\x7f-\x9f{HIDDEN_CHARS}]")
_NON_FINITE = {"nan": '"NaN"', "inf": '"Infinity"', "-inf": '"-Infinity"'}


@dataclass(frozen=True, slots=True)
class Array:
    """A series to write as a JSON array: doubles, int nanoseconds, status names, strings."""

    column: Column


def string(text: str) -> str:
    """``text`` as a JSON string literal, terminal-safe (see the module docstring)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def number(value: float | int) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return _NON_FINITE[repr(value)]
    return repr(value)


def dump(obj: Any, write: Write, indent: int = 2) -> None:
    """Write ``obj`` (dicts, lists, str, numbers, bools, None, Array) as indented JSON."""
    _dump(obj, write, indent, 0)
    write("\n")


def _dump(obj: Any, write: Write, indent: int, level: int) -> None:
    if isinstance(obj, dict):
        if not obj:
            write("{}")
            return
        inner = "\n" + " " * (indent * (level + 1))
        write("{")
        for i, (key, value) in enumerate(obj.items()):
            write(("," if i else "") + inner + string(str(key)) + ": ")
            _dump(value, write, indent, level + 1)
        write("\n" + " " * (indent * level) + "}")
    elif isinstance(obj, list | tuple):
        if not obj:
            write("[]")
            return
        inner = "\n" + " " * (indent * (level + 1))
        write("[")
        for i, value in enumerate(obj):
            write(("," if i else "") + inner)
            _dump(value, write, indent, level + 1)
        write("\n" + " " * (indent * level) + "]")
    elif isinstance(obj, Array):
        _array(obj.column, write)
    else:
        write(scalar(obj))


def scalar(obj: Any) -> str:
    """One JSON value that is not a container."""
    if obj is None:
        return "null"
    if isinstance(obj, bool | np.bool_):
        return "true" if obj else "false"
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, int | float):
        return number(obj)
    return string(str(obj))


def _array(column: Column, write: Write) -> None:
    """A series on one line, ``[1.5, 2.0, "NaN"]``, formatted a chunk at a time."""
    formatter = _FORMATTERS.get(column.kind)
    values = column.values
    write("[")
    if formatter is not None:
        for start in range(0, len(values), cells.CHUNK):
            chunk = values[start : start + cells.CHUNK]
            write((", " if start else "") + ", ".join(formatter(chunk)))
    write("]")


def _doubles(chunk: np.ndarray) -> list[str]:
    items = chunk.tolist()
    if bool(np.isfinite(chunk).all()):
        return list(map(repr, items))
    return [repr(x) if math.isfinite(x) else _NON_FINITE[repr(x)] for x in items]


_STATUS_NAMES: dict[int, str] = {}


def _status(code: int) -> str:
    name = _STATUS_NAMES.get(code)
    if name is None:
        name = _STATUS_NAMES[code] = string(MetricStatus(code).name)
    return name


def _statuses(chunk: np.ndarray) -> list[str]:
    return [_status(code) for code in chunk.tolist()]


def _strings(chunk: np.ndarray) -> list[str]:
    return [string(str(item)) for item in chunk.tolist()]


_FORMATTERS: dict[str, Callable[[np.ndarray], list[str]]] = {
    "double": _doubles,
    "timestamp": lambda chunk: list(map(str, chunk.tolist())),
    "status": _statuses,
    "string": _strings,
    "uuid": _strings,
}
