"""Find rows of a metric's table: a value, a comparison, a time, a status, a state.

Pure numpy over the table's columns (tui.model.columns): one pass makes a mask
of the matching rows, and stepping from row to row is a search in that mask,
so 5M rows cost one vectorised comparison per query, not a Python loop. Text
columns (states) are matched per distinct value.

What a query can say:

- ``FAIL_BLOCK``, ``FAIL_WARN``, ``PASSED``, ``fail`` (either failure): a status;
- ``> 3.5``, ``>= 3.5``, ``< 0``, ``<= 0``, ``= 2``, ``!= 0``: doubles compared;
- ``0.84147``: doubles equal to it as shown (6 significant digits);
- ``t = 12.5``, ``t >= 12.5``, ``12.5s``: timestamps (seconds);
- ``12:34:56.5``, ``t >= 12:34:56``, ``2026-03-01 12:34:56Z``: absolute timestamps in
  UTC, as a chart's time axis shows them (a clock time alone is on the date of the
  column's first timestamp, which the axis title names); with no comparison, the
  first row at or after it; ``=`` every row that shows as the digits typed;
- anything else: text cells containing it (any case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from tui.model.columns import Column

_STATUS = {
    "passed": (1,),
    "fail_warn": (2,),
    "warn": (2,),
    "fail_block": (5,),
    "block": (5,),
    "fail": (2, 5),
    "failing": (2, 5),
    "n/a": (3,),
    "not_applicable": (3,),
    "raw": (4,),
    "no_status": (0,),
}
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan"
_COMPARE = re.compile(rf"\s*(>=|<=|!=|==|=|>|<)\s*({_NUMBER})\s*\Z", re.I)
_TIME = re.compile(
    rf"\s*t\s*(>=|<=|==|=|>|<)?\s*({_NUMBER})\s*s?\s*\Z|\s*({_NUMBER})\s*s\s*\Z", re.I
)
_PLAIN = re.compile(rf"\s*({_NUMBER})\s*\Z", re.I)
_CLOCK = re.compile(
    r"\s*(?:t\s*)?(>=|<=|==|=|>|<)?\s*(?:(\d{4})-(\d{2})-(\d{2})[ T]\s*)?"
    r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(?:z|utc)?\s*\Z",
    re.I,
)
_DAY_NS = 86_400 * 10**9
REL = 1e-6  # "as shown": cells show 6 significant digits


@dataclass(frozen=True, slots=True)
class Query:
    kind: str  # "status", "compare", "time", "number" or "text"
    op: str = "="
    number: float = 0.0
    codes: tuple[int, ...] = ()
    text: str = ""
    # An absolute (UTC) time: nanoseconds since the epoch, or since midnight when no date
    # was typed; ``unit``: how much the digits typed cover (1 s for 12:34:56).
    clock_ns: int | None = None
    dated: bool = False
    unit_ns: int = 10**9

    def describe(self) -> str:
        if self.kind == "status":
            return "status " + "/".join(
                {1: "PASSED", 2: "FAIL_WARN", 5: "FAIL_BLOCK"}.get(c, str(c)) for c in self.codes
            )
        if self.kind == "clock":
            return f"t {self.op} {self.text} UTC"
        if self.kind == "time":
            return f"t {self.op} {self.number:g} s"
        if self.kind in ("compare", "number"):
            return f"value {self.op} {self.number:g}"
        return f"text containing “{self.text}”"


def parse(text: str) -> Query | None:
    """The query ``text`` says; None when it is empty."""
    stripped = text.strip()
    if not stripped:
        return None
    if (codes := _STATUS.get(stripped.lower())) is not None:
        return Query("status", codes=codes)
    if m := _CLOCK.match(stripped):
        return _clock(m)
    if m := _TIME.match(stripped):
        if m.group(3) is not None:
            return Query("time", ">=", float(m.group(3)))
        op = m.group(1) or ">="
        return Query("time", "=" if op == "==" else op, float(m.group(2)))
    if m := _COMPARE.match(stripped):
        op = "=" if m.group(1) == "==" else m.group(1)
        return Query("compare" if op != "=" else "number", op, float(m.group(2)))
    if m := _PLAIN.match(stripped):
        return Query("number", "=", float(m.group(1)))
    return Query("text", text=stripped.lower())


def _clock(m: re.Match[str]) -> Query | None:
    op = {"==": "=", None: ">="}.get(m.group(1), m.group(1))
    year, month, day, hour, minute, second, fraction = m.groups()[1:]
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        return Query("text", text=m.group(0).strip().lower())  # not a time of day
    ns = ((int(hour) * 60 + int(minute)) * 60 + int(second or 0)) * 10**9
    digits = fraction or ""
    ns += int(digits.ljust(9, "0")) if digits else 0
    unit = 10 ** (9 - len(digits)) if second is not None else 60 * 10**9
    shown = f"{int(hour):02d}:{minute}" + (f":{second}" if second is not None else "")
    shown += f".{digits}" if digits else ""
    if year is not None:
        try:
            date = datetime(int(year), int(month), int(day), tzinfo=UTC)
        except ValueError:
            return Query("text", text=m.group(0).strip().lower())
        ns += int(date.timestamp()) * 10**9
        shown = f"{year}-{month}-{day} {shown}"
    return Query("clock", op, text=shown, clock_ns=ns, dated=year is not None, unit_ns=unit)


def matches(columns: list[Column], query: Query) -> np.ndarray:
    """A mask of the rows where any column matches ``query`` (as long as the longest)."""
    rows = max((len(c) for c in columns), default=0)
    mask = np.zeros(rows, dtype=bool)
    for column in columns:
        hit = _column(column, query)
        if hit is not None:
            mask[: len(hit)] |= hit
    return mask


def _column(column: Column, query: Query) -> np.ndarray | None:
    values = column.values
    if query.kind == "status":
        return np.isin(values, query.codes) if column.kind == "status" else None
    if query.kind == "clock":
        if column.kind != "timestamp" or not len(values) or query.clock_ns is None:
            return None
        at = query.clock_ns
        if not query.dated:  # on the day of the first timestamp, as the axis title says
            at += int(values[0]) // _DAY_NS * _DAY_NS
        if query.op == "=":
            # The digits typed, rounded (a chart's readout) or cut (a table cell) from the
            # time: half a unit before them to a whole unit after.
            low = at - query.unit_ns // 2
            inside: np.ndarray = (values >= low) & (values < at + query.unit_ns)
            return inside
        return _compare(values, query.op, at)
    if query.kind == "time":
        if column.kind != "timestamp":
            return None
        seconds = values / 1e9
        if query.op == "=":
            return np.isclose(seconds, query.number, rtol=0, atol=5e-10)
        return _compare(seconds, query.op, query.number)
    if query.kind in ("compare", "number"):
        if column.kind != "double":
            return None
        if query.op == "=":
            with np.errstate(invalid="ignore"):
                # Two passes, not np.isclose's six: |v - q| <= REL * |q| (q itself when 0).
                near: np.ndarray = np.abs(values - query.number) <= REL * abs(query.number)
                return near
        return _compare(values, query.op, query.number)
    if column.kind in ("string", "uuid"):
        # Per distinct value: a state column holds a handful of them over millions of rows.
        distinct = {str(v) for v in values.tolist()}
        wanted = [v for v in distinct if query.text in v.lower()]
        return (
            np.isin(values, np.array(wanted, dtype=object))
            if wanted
            else np.zeros(len(values), bool)
        )
    return None


def _compare(values: np.ndarray, op: str, number: float) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        if op == ">":
            return values > number
        if op == ">=":
            return values >= number
        if op == "<":
            return values < number
        if op == "<=":
            return values <= number
        other: np.ndarray = values != number
        return other


def step(mask: np.ndarray, start: int, direction: int) -> int | None:
    """The first row of ``mask`` after ``start`` (``direction`` > 0) or before it; start -1
    (or len(mask)) searches from the top (or the bottom)."""
    if direction > 0:
        rest = mask[max(start + 1, 0) :]
        first = int(rest.argmax()) if len(rest) else 0
        return max(start + 1, 0) + first if len(rest) and rest[first] else None
    head = mask[: max(min(start, len(mask)), 0)]
    if not len(head):
        return None
    last = len(head) - 1 - int(head[::-1].argmax())
    return last if head[last] else None


def failing(status: Column | None) -> np.ndarray | None:
    """The rows whose status is FAIL_WARN or FAIL_BLOCK (None without a status column)."""
    if status is None:
        return None
    return np.flatnonzero(np.isin(status.values, (2, 5)))
