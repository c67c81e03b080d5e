"""The part of the x axis a chart shows: zoom around a point, pan, follow a point.

Windows are (low, high) in display units (seconds on a time axis) and never
leave the data's full range; a window as wide as the data is None ("all of it"),
so a reset and a zoom all the way out are the same chart.
"""

from __future__ import annotations

from tui.charts.view import Range

ZOOM = 2.0  # each step halves or doubles the window
PAN = 0.25  # each step moves the window by a quarter of its width
# Narrower than this share of the full range (float seconds keep ~15 digits) is noise.
_NARROWEST = 1e-9


def zoom(window: Range | None, full: Range, at: float, factor: float) -> Range | None:
    """The window ``factor`` times narrower (> 1 zooms in), with ``at`` where it was on
    the screen: the point under the cursor stays under the cursor."""
    lo, hi = window if window is not None else full
    width = hi - lo
    if width <= 0 or factor <= 0:
        return window
    share = min(max((at - lo) / width, 0.0), 1.0)
    narrowest = (full[1] - full[0]) * _NARROWEST
    new = max(width / factor, narrowest)
    return clamp((at - share * new, at - share * new + new), full)


def pan(window: Range | None, full: Range, steps: float) -> Range | None:
    """The window moved by ``steps`` quarters of its width (negative: to the left)."""
    if window is None:
        return None
    shift = (window[1] - window[0]) * PAN * steps
    return clamp((window[0] + shift, window[1] + shift), full)


def follow(window: Range | None, full: Range, x: float) -> Range | None:
    """The window, moved to centre ``x`` when ``x`` is outside it."""
    if window is None or window[0] <= x <= window[1]:
        return window
    half = (window[1] - window[0]) / 2
    return clamp((x - half, x + half), full)


def clamp(window: Range, full: Range) -> Range | None:
    """``window`` slid (not shrunk) into ``full``; None when it covers all of it."""
    lo, hi = window
    width = hi - lo
    if width >= full[1] - full[0]:
        return None
    if lo < full[0]:
        lo, hi = full[0], full[0] + width
    if hi > full[1]:
        lo, hi = full[1] - width, full[1]
    return (lo, hi)
