"""Numbers, times and statuses as short strings, the same in every view."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from tui.text.glyphs import status_look
from tui.text.safe import printable

# Timestamps after 1990 read as wall-clock time; smaller ones as time since start.
ABSOLUTE_AFTER_NS = 631_152_000 * 10**9


def number(value: float, digits: int = 6) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.{digits}g}"


def timestamp(ns: int, *, absolute: bool | None = None) -> str:
    """Relative times as seconds, absolute ones as UTC date and time."""
    if absolute is None:
        absolute = ns >= ABSOLUTE_AFTER_NS
    if not absolute:
        return f"{ns / 1e9:.9g} s"
    try:
        moment = datetime.fromtimestamp(ns / 1e9, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return f"{ns / 1e9:.9g} s"
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + "Z"


def status(code: int) -> str:
    look = status_look(code)
    return f"{look.glyph} {look.word}"


def cell(kind: str, value: object) -> str:
    """One table cell of a column of ``kind`` (see tui.model.columns)."""
    if kind == "double":
        return number(float(value))  # type: ignore[arg-type]
    if kind == "timestamp":
        return timestamp(int(value))  # type: ignore[call-overload]
    if kind == "status":
        return status(int(value))  # type: ignore[call-overload]
    return printable(str(value), 200)
