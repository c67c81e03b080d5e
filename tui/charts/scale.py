"""Axis ranges, "nice" tick positions and their labels (numbers and clock times)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

# Seconds since 2001-09-09: timestamps past this are taken as absolute (epoch) times.
ABSOLUTE_AFTER_S = 1.0e9
_DAY = 86400
_TIME_STEPS: tuple[int, ...] = (
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    10800,
    21600,
)
_TIME_STEPS += (43200, _DAY, 2 * _DAY, 7 * _DAY, 14 * _DAY, 28 * _DAY)


def span(lo: float, hi: float) -> tuple[float, float]:
    """A usable axis range from data bounds: never empty, never infinite."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return 0.0, 1.0
    if lo > hi:
        lo, hi = hi, lo
    if hi - lo <= abs(hi) * 1e-12 or hi == lo:
        pad = abs(lo) * 0.1 or 1.0
        return lo - pad, hi + pad
    return lo, hi


def nice_step(raw: float) -> float:
    if raw <= 0 or not math.isfinite(raw):
        return 1.0
    exp = math.floor(math.log10(raw))
    base = 10.0**exp
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * base * 1.0000001:
            return mult * base
    return 10 * base


def ticks(lo: float, hi: float, count: int) -> list[float]:
    """Up to ``count`` round values within [lo, hi]."""
    if count < 1 or not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    step = nice_step((hi - lo) / max(count - 1, 1))
    first = math.ceil(lo / step - 1e-9) * step
    out: list[float] = []
    value = first
    while value <= hi + step * 1e-9 and len(out) < count + 2:
        out.append(0.0 if abs(value) < step * 1e-9 else value)
        value += step
    return out[: max(count, 1)] if len(out) > count else out


def time_ticks(lo: float, hi: float, count: int) -> list[float]:
    """Tick positions in seconds on round clock steps (1 s ... 1 day)."""
    raw = (hi - lo) / max(count - 1, 1)
    if raw < 1:
        return ticks(lo, hi, count)
    step = next((s for s in _TIME_STEPS if s >= raw), None)
    if step is None:
        return ticks(lo, hi, count)
    first = math.ceil(lo / step) * step
    out: list[float] = []
    value = float(first)
    while value <= hi and len(out) < count + 1:
        out.append(value)
        value += step
    return out


def number(value: float, step: float | None = None) -> str:
    """A short label: as many digits as the tick step needs, so that ticks never read
    the same (``1000000002`` and ``1000000004``, not ``1e+09`` twice)."""
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if step is not None and step > 0 and math.isfinite(step):
        digits = -math.floor(math.log10(step) + 1e-9)
        if step * 10.0**digits % 1 > 1e-6:  # steps like 2.5 need one more
            digits += 1
        size = abs(value)
        if size >= 1e15 or step < 1e-6 or (size >= 1e6 and digits > 0) or 0 < size < 1e-4:
            # Too long as a plain number: scientific, with the digits the step needs.
            top = math.floor(math.log10(max(size, step)))
            return f"{value:.{max(top + digits, 1)}e}" if value else "0"
        return f"{value:.{max(0, digits)}f}"
    size = abs(value)
    if size >= 1e6 or (0 < size < 1e-3):
        return f"{value:.3g}"
    return f"{value:.4g}"


def clock(seconds: float, with_date: bool = False, step: float | None = None) -> str:
    """An epoch time in seconds as UTC clock time (``HH:MM:SS``, date optional), with the
    fraction of a second a sub-second ``step`` needs."""
    decimals = 0
    if step is not None and 0 < step < 1:
        decimals = min(max(1, -math.floor(math.log10(step) + 1e-9)), 6)
        if step * 10.0**decimals % 1 > 1e-6 and decimals < 6:
            decimals += 1
    try:
        whole, part = divmod(round(seconds * 10**decimals), 10**decimals)
        moment = datetime.fromtimestamp(whole, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return number(seconds)
    if with_date:
        return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
    text = moment.strftime("%H:%M:%S")
    if decimals:
        text += "." + str(part).zfill(decimals)
    elif step is None and seconds % 1:
        text = datetime.fromtimestamp(seconds, tz=UTC).strftime("%H:%M:%S.%f")[:10]
    return text


def clock_labels(
    values: list[float], step: float, span: tuple[float, float] | None = None
) -> tuple[list[str], str]:
    """Labels for epoch-second ticks ``step`` apart on an axis over ``span`` (default: the
    ticks' own), and what the axis title must add: the date, when the axis is within one
    UTC day; the year, when it crosses days (and the labels carry the day)."""
    ends = span or ((values[0], values[-1]) if values else None)
    if ends is None:
        return [], ""
    try:
        days = [datetime.fromtimestamp(v, tz=UTC) for v in ends]
    except (OverflowError, OSError, ValueError):
        return [number(v, step) for v in values], ""
    first, last = days
    if first.date() == last.date():
        return [clock(v, step=step) for v in values], first.strftime("%Y-%m-%d")
    if step >= _DAY and all(v % _DAY == 0 for v in values):
        shape = "%m-%d"
    elif step >= 60:
        shape = "%m-%d %H:%M"
    else:
        shape = "%m-%d %H:%M:%S"
    if first.year != last.year:
        shape = "%Y-" + shape
    out = [datetime.fromtimestamp(v, tz=UTC).strftime(shape) for v in values]
    return out, ("" if first.year != last.year else first.strftime("%Y"))


def stat(value: float | None) -> str:
    """A summary number: up to 6 significant digits."""
    if value is None:
        return "–"
    if not math.isfinite(value):
        return number(value)
    return f"{value:.6g}"


def y_ticks(lo: float, hi: float, rows: int) -> tuple[float, float, list[float]]:
    """A y range fitted to the data, and round ticks inside it, for ``rows`` rows.

    The range is the data's own (as the web app's autorange, not widened out to the
    next round values: that could double it on a short chart, 0-10.2 drawn on 0-20),
    so the data fill the rows; the ticks are round values within it, at least two.
    """
    count = max(2, min(rows // 3 + 1, 8))
    lo, hi = span(lo, hi)
    # The finest round step that puts at most ``count`` ticks inside the range (ticks
    # no longer sit on both ends, so the step of ``count`` ticks end to end is too coarse).
    step = nice_step((hi - lo) / (count + 1))
    values = _inside(lo, hi, step)
    while len(values) > count:
        step = nice_step(step * 1.001)
        values = _inside(lo, hi, step)
    while len(values) < 2 and step > (hi - lo) * 1e-9:  # too coarse for this range
        step = nice_step(step * 0.999 / 2)
        values = _inside(lo, hi, step)
    return lo, hi, [0.0 if abs(v) < step * 1e-9 else v for v in values]


def _inside(lo: float, hi: float, step: float) -> list[float]:
    """The multiples of ``step`` in [lo, hi] (a hair of rounding either side allowed)."""
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    return [k * step for k in range(first, last + 1)]


def labels(values: list[float]) -> list[str]:
    """Tick labels with as many decimals as the step between ticks needs."""
    step = values[1] - values[0] if len(values) > 1 else None
    return [number(v, step) for v in values]
