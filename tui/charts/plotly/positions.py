"""Where plotly.js puts a value on an axis: its axis type, and the number it computes with.

plotly.js types an axis it is not told the type of from the first trace on it
(``autoType``): mostly date strings make a date axis, mostly text a category
axis, else it is linear. A date axis computes in milliseconds since 1970 (UTC,
any time zone written after the time dropped, as plotly.js drops it); a
category axis in the category's index, in the order the categories are first
met (or sorted, as ``categoryorder`` asks). Histograms bin those numbers
(bins.py), so their bins are plotly.js's on every kind of axis.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tui.charts._text import label
from tui.charts.plotly.fields import numbers
from tui.model.figure import is_typed_array

MS_PER_DAY = 86_400_000
# plotly.js's DATETIME_REGEXP: the date, an optional time, a zone that is read and dropped.
_DATE = re.compile(
    r"^\s*(-?\d\d\d\d|\d\d)(-(\d?\d)(-(\d?\d)([ Tt]([01]?\d|2[0-3])(:([0-5]\d)"
    r"(:([0-5]\d(\.\d+)?))?(Z|z|[+\-]\d\d(:?\d\d)?)?)?)?)?)?\s*$"
)
_NUMBER_JUNK = re.compile(r"^['\"%,$#\s']+|[, ]|['\"%,$#\s']+$")  # Lib.cleanNumber strips these
_TWO_DIGIT_FIRST = dt.date.today().year - 70  # plotly.js reads "25" as the year in this century


@dataclass(slots=True)
class Axis:
    kind: str  # "linear", "date" or "category"
    categories: dict[str, int] = field(default_factory=dict)

    def names(self) -> list[str]:
        return list(self.categories)


def axis_for(layout_axis: dict[str, Any], first: Any) -> Axis:
    """The axis a histogram's values sit on: the type the layout gives, else the one
    plotly.js infers from ``first`` (the first trace's values); a category axis starts
    with the categories ``categoryarray`` orders."""
    kind = layout_axis.get("type")
    if kind not in ("linear", "log", "date", "category"):
        kind = auto_type(first)
    axis = Axis("linear" if kind == "log" else str(kind))
    if axis.kind == "category" and layout_axis.get("categoryorder") in (None, "array"):
        given = layout_axis.get("categoryarray")
        if isinstance(given, list):
            for value in given[:100_000]:
                key = _category_key(value)
                if key is not None:
                    axis.categories.setdefault(key, len(axis.categories))
    return axis


def auto_type(values: Any) -> str:
    """plotly.js's ``autoType`` for a flat array: "date", "category" or "linear"."""
    if is_typed_array(values) or not isinstance(values, list) or not values:
        return "linear"
    sample = _sample(values)
    dates = sum(1 for v in sample if not math.isnan(date_ms(v)))
    nums = sum(1 for v in sample if _numeric(v))
    if dates > nums * 2:
        return "date"
    cats = sum(1 for v in sample if isinstance(v, bool) or (isinstance(v, str) and not _clean(v)))
    nums = sum(1 for v in sample if not isinstance(v, bool) and _clean(v))
    return "category" if cats > nums * 2 else "linear"


def _sample(values: list[Any]) -> list[Any]:
    """The distinct values plotly.js looks at: at most about a thousand, evenly spaced,
    each distinct text once."""
    step = max(1.0, (len(values) - 1) / 1000)
    seen: dict[str, Any] = {}
    f = 0.0
    while f < len(values):
        value = values[math.floor(f + 0.5)] if math.floor(f + 0.5) < len(values) else values[-1]
        seen.setdefault(_js_string(value), value)
        f += step
    return list(seen.values())


def calc(raw: Any, axis: Axis, notes: list[str], what: str) -> np.ndarray | None:
    """``raw`` as the numbers plotly.js computes with on ``axis`` (NaN where it has none);
    a category axis learns the categories it has not met yet. None: not an array."""
    if axis.kind == "linear" or is_typed_array(raw):
        found = numbers(raw, notes, what)
        if found is None or axis.kind == "linear":
            return found
        raw = found.tolist()
    if not isinstance(raw, list):
        notes.append(f"{what}: not an array")
        return None
    if axis.kind == "date":
        memo: dict[object, float] = {}
        out = []
        for value in raw:
            key = (type(value), value) if isinstance(value, str | int | float) else None
            ms = memo.get(key) if key is not None else None
            if ms is None:
                ms = to_ms(value)
                if key is not None:
                    memo[key] = ms
            out.append(ms)
        return np.array(out, dtype=np.float64)
    index = axis.categories
    out_c = np.full(len(raw), np.nan)
    for j, value in enumerate(raw):
        name = _category_key(value)
        if name is not None:
            out_c[j] = index.setdefault(name, len(index))
    return out_c


TOTAL_ORDERS = ("total ascending", "total descending")


def sort_categories(
    axis: Axis, order: object, positions: list[np.ndarray], totals: np.ndarray | None = None
) -> None:
    """Sort the categories met as ``categoryorder`` asks: by name, or by ``totals`` (each
    category's value summed over the traces, indexed by its place), ascending or
    descending, ties in the order met (plotly.js sorts stably); renumber ``positions``."""
    if axis.kind != "category" or not axis.categories:
        return
    met = list(axis.categories)
    if order in ("category ascending", "category descending"):
        names = sorted(met, reverse=order == "category descending")
    elif order in TOTAL_ORDERS and totals is not None and len(totals) == len(met):
        sign = -1.0 if order == "total descending" else 1.0
        names = [met[k] for k in sorted(range(len(met)), key=lambda k: sign * float(totals[k]))]
    else:
        return
    old = np.array([axis.categories[n] for n in names], dtype=np.float64)
    new_of_old = np.empty(len(names))
    new_of_old[old.astype(np.int64)] = np.arange(len(names))
    axis.categories = {n: k for k, n in enumerate(names)}
    for p in positions:
        ok = np.isfinite(p)
        p[ok] = new_of_old[p[ok].astype(np.int64)]


def _category_key(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dict | list):
        return None
    return label(_js_string(value), 40)


def to_ms(value: object) -> float:
    """plotly.js's ``dt2ms`` on one value: a date string (or a number, in ms) as
    milliseconds since 1970, NaN when it is neither."""
    ms = date_ms(value)
    if math.isnan(ms) and _numeric(value):
        return float(value)  # type: ignore[arg-type]  # _numeric: a number or its text
    return ms


def date_ms(value: object) -> float:
    """plotly.js's ``dateTime2ms``: the milliseconds of a date as written (a number is
    read as its text: 2025 is that year), NaN when it is not one."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return math.nan
    match = _DATE.match(_js_string(value))
    if match is None:
        return math.nan
    year_text = match.group(1)
    year = int(year_text)
    if len(year_text) == 2:
        year = (year + 2000 - _TWO_DIGIT_FIRST) % 100 + _TWO_DIGIT_FIRST
    month = int(match.group(3) or 1)
    day = int(match.group(5) or 1)
    if not 1 <= month <= 12 or not 1 <= day <= _days_in(year, month):
        return math.nan
    hour, minute = int(match.group(7) or 0), int(match.group(9) or 0)
    seconds = float(match.group(11) or 0)
    days = days_from_civil(year, month, day)
    return float((days * 24 + hour) * 3_600_000 + minute * 60_000) + seconds * 1000


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (any year, negative too)."""
    y = year - (month <= 2)
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The (year, month, day) ``days`` after 1970-01-01."""
    z = days + 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def add_months(ms: float, months: int) -> float:
    """plotly.js's ``incrementMonth``: ``ms`` moved by whole calendar months, its time of
    day kept; a day past the end of the month runs into the next, as in JavaScript."""
    time = ms % MS_PER_DAY
    day0 = round(ms - time) // MS_PER_DAY + 3  # plotly.js steps from three days later
    year, month, day = civil_from_days(int(day0))
    index = year * 12 + month - 1 + months
    days = days_from_civil(index // 12, index % 12 + 1, 1) + day - 1
    return float((days - 3) * MS_PER_DAY) + time


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _numeric(value: object) -> bool:
    """plotly.js's ``isNumeric`` (fast-isnumeric): a finite number or numeric text."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value)
    if isinstance(value, str) and value.strip():
        try:
            return math.isfinite(float(value))
        except ValueError:
            return False
    return False


def _clean(value: object) -> bool:
    """Whether ``Lib.cleanNumber`` makes a number of ``value``."""
    if isinstance(value, str):
        return _numeric(_NUMBER_JUNK.sub("", value))
    return _numeric(value)


def _js_string(value: object) -> str:
    """``String(value)`` as JavaScript writes it, for the numbers that matter here."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return str(value)
