"""Series as CSV cells and JSON numbers, a chunk at a time, exactly.

Doubles keep every bit (``repr`` is the shortest string that reads back to
the same float); NaN and infinities are written ``NaN``, ``Infinity`` and
``-Infinity`` in both formats, as the corpus conventions do. Timestamps in
seconds are printed from the integer nanoseconds, not through a float, so
an absolute time keeps its nanoseconds. Statuses are names (``PASSED``),
never numbers. Text is made safe to print (see ``text_cell``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Literal

import numpy as np
import numpy.typing as npt

from tui.model.enums import MetricStatus
from tui.text.safe import HIDDEN_CHARS, printable_block

# Rows formatted per step: big series are never held as one giant list of strings.
CHUNK = 65_536

# Timestamps from 1990 on are wall-clock (epoch) times; smaller ones are time since
# the start of the run. The same threshold as tui.formatting, without its imports.
ABSOLUTE_AFTER_NS = 631_152_000 * 10**9

NON_FINITE = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}

# A spreadsheet runs a cell that starts with one of these as a formula
# (CSV injection); such text cells get a leading apostrophe, as OWASP advises.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
# Spreadsheets skip these before they look for a formula: whitespace of any kind
# and invisible format characters ("\u200b=cmd" is still a formula to some).
_SKIPPED_FIRST = re.compile(f"^(?:\\s|[{HIDDEN_CHARS}])+")


def doubles(values: np.ndarray) -> list[str]:
    """Each float as its shortest exact text; non-finite ones as NaN/Infinity/-Infinity."""
    items = values.tolist()
    if bool(np.isfinite(values).all()):
        return list(map(repr, items))
    return [repr(x) if math.isfinite(x) else NON_FINITE[repr(x)] for x in items]


def seconds(ns: np.ndarray) -> list[str]:
    """Integer nanoseconds as exact decimal seconds, written as Python writes floats.

    ``0.0``, ``1.5``, ``1e-05``, ``1740788631.123456789``: when every value
    of the chunk has at most 15 significant digits, the nearest float prints
    back exactly (and fast); otherwise the digits are built from the integer.
    """
    if not ns.size:
        return []
    top = max(abs(int(ns.min())), abs(int(ns.max())))
    for k in range(9, -1, -1):
        step = 10**k
        if not np.any(ns % step):
            if top // step < 10**15:
                # m / 10^(9-k) with m < 2^53: one correctly rounded division.
                return list(map(repr, ((ns // step) / 10 ** (9 - k)).tolist()))
            break
    return [_seconds(n) for n in ns.tolist()]


def _seconds(ns: int) -> str:
    sign = "-" if ns < 0 else ""
    whole, frac = divmod(abs(ns), 1_000_000_000)
    if not frac:
        return f"{sign}{whole}.0"
    return f"{sign}{whole}.{frac:09d}".rstrip("0")


def is_absolute(ns: np.ndarray) -> bool:
    """Whether a timestamp column reads as wall-clock time (every value after 1990)."""
    return bool(ns.size) and int(ns.min()) >= ABSOLUTE_AFTER_NS


TimeUnit = Literal["s", "ms", "us", "ns"]


def utc_unit(ns: np.ndarray) -> TimeUnit:
    """The coarsest of s/ms/us/ns that shows every value of the column exactly."""
    steps: tuple[tuple[TimeUnit, int], ...] = (("s", 10**9), ("ms", 10**6), ("us", 10**3))
    for unit, step in steps:
        if not np.any(ns % step):
            return unit
    return "ns"


def utc(ns: np.ndarray, unit: TimeUnit) -> list[str]:
    """ISO-8601 UTC times, ``2024-05-01T12:00:00.250Z``."""
    times: npt.NDArray[np.datetime64] = ns.astype("datetime64[ns]")
    text = np.datetime_as_string(times, unit=unit)
    return [s + "Z" for s in text.tolist()]


_LABELS: dict[int, str] = {}


def status_name(code: int) -> str:
    """``PASSED``, ``FAIL_BLOCK``, ``NO_METRIC_STATUS``, ``UNKNOWN(9)``."""
    name = _LABELS.get(code)
    if name is None:
        name = _LABELS[code] = MetricStatus(code).label
    return name


def statuses(codes: np.ndarray) -> list[str]:
    return [status_name(c) for c in codes.tolist()]


def text_cell(value: str) -> str:
    """One CSV text cell: controls escaped, formula-guarded, quoted if it holds , " or a newline.

    Control characters (ESC, BEL, NUL...) become visible escapes such as ``\\x1b``,
    as on screen: a CSV gets ``cat``-ed to terminals. The JSON export keeps
    every string exactly.
    """
    bare = _SKIPPED_FIRST.sub("", value, count=1)
    value = printable_block(value)
    if value.startswith(_FORMULA_START) or bare.startswith(_FORMULA_START):
        value = "'" + value
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def texts(values: np.ndarray) -> list[str]:
    return [text_cell(str(v)) for v in values.tolist()]


def row(cells: list[str | float | int | None]) -> str:
    """A CSV line: text guarded and quoted, numbers exact, None empty."""
    return ",".join(_cell(cell) for cell in cells)


def _cell(cell: str | float | int | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return text_cell(cell)
    if isinstance(cell, float) and not math.isfinite(cell):
        return NON_FINITE[repr(cell)]
    return repr(cell)


Formatter = Callable[[np.ndarray], list[str]]
