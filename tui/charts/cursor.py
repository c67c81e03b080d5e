"""A vertical cursor on an x/y chart: columns to x and back, the nearest sample of
each series at the cursor, the readout, the next failing point, and the cursor
drawn over a finished chart (no redraw: moving it costs one column of cells).

Everything works from the chart's ``XView`` (where its plot area is, what x it
shows, the series as drawn), in numpy, without Textual.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from rich.cells import cell_len
from rich.style import Style
from rich.text import Span, Text

from tui.charts import scale
from tui.charts._text import label
from tui.charts.decimate import is_sorted, offsets
from tui.charts.view import Series, XView
from tui.charts.xy import FAIL_BLOCK, FAIL_WARN
from tui.text.formatting import number
from tui.text.glyphs import status_look

LINE = "│"  # the cursor where the column is empty
MOST_SERIES = 8  # the readout names this many series, then says how many more


def column_width(view: XView) -> float:
    """How much x one column covers."""
    return (view.x1 - view.x0) / max(view.cols - 1, 1)


def x_at(view: XView, col: int) -> float:
    """The x (display units) at the middle of plot column ``col`` (clamped)."""
    col = min(max(col, 0), view.cols - 1)
    return view.x0 + col * column_width(view)


def col_of(view: XView, x: float) -> int:
    """The plot column that shows ``x`` (clamped to the plot)."""
    width = column_width(view)
    if not width > 0 or not math.isfinite(x):
        return 0
    return min(max(round((x - view.x0) / width), 0), view.cols - 1)


def shifted(view: XView, x: float, cols: int) -> float:
    """The x ``cols`` columns to the right of ``x``'s column (left when negative)."""
    return x_at(view, col_of(view, x) + cols)


@dataclass(frozen=True, slots=True)
class Reading:
    """One series at the cursor: its nearest sample (by x) and that sample's status."""

    name: str  # already safe
    series: int  # which of the view's lines
    index: int  # position of the sample in the series
    x: float  # the sample's x, display units
    y: float
    status: int | None  # None when the series has no statuses for it


def nearest(line: Series, raw: float) -> int | None:
    """The position of the sample whose x is nearest ``raw`` (raw units), None when the
    series has no sample with a finite x. Sorted x (time) is a binary search."""
    n = min(len(line.x), len(line.y))
    if not n:
        return None
    x = line.x[:n]
    if is_sorted(x):
        probe = x.dtype.type(round(raw)) if x.dtype.kind in "iu" else raw
        right = int(np.searchsorted(x, probe))
        pick = [i for i in (right - 1, right) if 0 <= i < n]
        gaps = [abs(float(offsets(x[i : i + 1], _raw_like(x, raw))[0])) for i in pick]
        return pick[int(np.argmin(gaps))]
    with np.errstate(invalid="ignore"):
        gaps = np.abs(offsets(x, _raw_like(x, raw)))
    gaps[~np.isfinite(gaps)] = np.inf
    best = int(np.argmin(gaps))
    return best if math.isfinite(float(gaps[best])) else None


def held(line: Series, raw: float) -> int | None:
    """The position of the last sample at or before ``raw`` (a state lasts until the
    next one); None before the first. ``line.x`` is sorted (states are)."""
    n = min(len(line.x), len(line.y))
    x = line.x[:n]
    probe = x.dtype.type(math.floor(raw)) if x.dtype.kind in "iu" else raw
    i = int(np.searchsorted(x, probe, "right")) - 1
    return i if i >= 0 else None


def _raw_like(x: np.ndarray, raw: float) -> float:
    # offsets() is exact for int64 nanoseconds when the bound is an int.
    return round(raw) if x.dtype.kind in "iu" else raw


def readings(view: XView, x: float) -> list[Reading]:
    """Every series' nearest sample to ``x`` (display units)."""
    raw = view.axis.to_raw(x)
    out = []
    for k, line in enumerate(view.lines):
        i = nearest(line, raw) if line.labels is None else held(line, raw)
        if i is None:
            continue
        status = line.statuses
        code = int(status[i]) if status is not None and i < len(status) else None
        at = float(view.axis.display(line.x[i : i + 1])[0])
        # A series on a secondary axis is read in that axis's units, not as drawn.
        y = line.own_y if line.own_y is not None and i < len(line.own_y) else line.y
        out.append(Reading(line.name, k, i, at, float(y[i]), code))
    return out


def x_text(view: XView, x: float, exact: bool = False) -> str:
    """``x`` as the axis shows it: seconds, UTC clock time, or a plain number; as
    precise as a column is narrow (``exact``: every digit a sample has)."""
    width = column_width(view)
    axis = view.axis
    if axis.absolute:
        step = 1e-6 if exact else width
        return scale.clock(axis.origin_ns / 1e9 + x, step=step)
    if exact:
        text = number(x, 10)
    else:
        digits = 0 if not width > 0 else max(0, 1 - math.floor(math.log10(width)))
        text = f"{x:.{min(digits, 9)}f}"
    return f"{text} s" if axis.time else text


def readout(view: XView, x: float, palette_series: tuple[str, ...] = ()) -> Text:
    """What the cursor points at: x, then each series' nearest value and status."""
    found = readings(view, x)
    head = "t" if view.axis.time else "x"
    out = Text.assemble((f"{head} = {x_text(view, x)}", Style(bold=True)))
    if not found:
        out.append("  (no samples)", Style(dim=True))
    for reading in found[:MOST_SERIES]:
        n = reading.series
        colour = view.lines[n].color or (
            palette_series[n % len(palette_series)] if palette_series else None
        )
        out.append("\n")
        out.append("━ ", Style(color=colour) if colour else None)
        out.append(reading.name or f"series {n + 1}")
        out.append("  ")
        labels = view.lines[n].labels
        if labels is not None:
            code = int(reading.y)
            # A state is the file's own text: made safe like every label on the chart.
            state = label(labels[code], 60) if 0 <= code < len(labels) else "?"
            out.append(state, Style(bold=True))
        else:
            out.append(number(reading.y), Style(bold=True))
        if reading.status is not None:
            look = status_look(reading.status)
            out.append(f"  {look.glyph} {look.word}")
        since = "since" if labels is not None else "nearest sample:"
        out.append(f"  ({since} {head} = {x_text(view, reading.x, exact=True)})", "dim")
    if len(found) > MOST_SERIES:
        out.append(f"\n… and {len(found) - MOST_SERIES} more series", Style(dim=True))
    return out


def failure_starts(line: Series) -> np.ndarray:
    """x (raw units) of the first point of every run of failing points in ``line``."""
    found = line.failing()
    n = min(len(line.x), len(line.y))
    where = np.union1d(found[FAIL_WARN], found[FAIL_BLOCK])
    where = where[where < n]
    starts = where[np.concatenate(([True], np.diff(where) > 1))] if len(where) else where
    out: np.ndarray = line.x[starts]
    return out


def next_failure(view: XView, x: float, step: int) -> float | None:
    """The x of the nearest start of a failing run after ``x`` (``step`` > 0) or before
    it (``step`` < 0), over every series; None when there is none that way."""
    best: float | None = None
    for line in view.lines:
        starts = view.axis.display(failure_starts(line))
        starts = starts[np.isfinite(starts)]
        ahead = starts[starts > x] if step > 0 else starts[starts < x]
        if not len(ahead):
            continue
        pick = float(ahead.min() if step > 0 else ahead.max())
        if best is None or (pick < best if step > 0 else pick > best):
            best = pick
    return best


def overlay(body: Text, view: XView, col: int, colour: str | None = None) -> Text:
    """``body`` with the cursor on plot column ``col``: its cells reversed, a line where
    they are empty."""
    if not 0 <= col < view.cols:
        return body
    at = view.col0 + col
    return paint(body, range(view.row0, view.row0 + view.rows), range(at, at + 1), LINE, colour)


def paint(
    body: Text, rows: range, cols: range, line: str, colour: str | None, line_at: int = -1
) -> Text:
    """``body`` with the cells of ``rows`` x ``cols`` reversed where they show something
    and ``line`` where they are empty (only in column ``line_at`` or, when it is a row,
    ``-2 - line_at``; every empty cell when -1).

    Each cell is replaced by one cell, so the drawing's own styles keep their offsets:
    the new Text shares them and adds a style per cell, instead of cutting and joining
    thousands of coloured spans at each key press (a 120x40 braille chart: ~30 ms).
    """
    plain = body.plain
    lines = plain.split("\n")
    starts = [0]
    for text in lines:
        starts.append(starts[-1] + len(text) + 1)
    chars: list[str] | None = None
    added: list[Span] = []
    turn = Style(reverse=True)
    mark = Style(color=colour) if colour else Style()
    for row in rows:
        if not 0 <= row < len(lines):
            continue
        text = lines[row]
        if cell_len(text) != len(text):
            continue  # a wide character would shift the columns (never on a plot row)
        for col in cols:
            if col >= len(text):
                break  # past the end of a short line: nothing drawn there
            offset = starts[row] + col
            if text[col] != " ":
                added.append(Span(offset, offset + 1, turn))
            elif line_at == -1 or line_at == col or -2 - line_at == row:
                if chars is None:
                    chars = list(plain)
                chars[offset] = line
                added.append(Span(offset, offset + 1, mark))
    out = Text(
        "".join(chars) if chars is not None else plain,
        style=body.style,
        no_wrap=True,
        overflow="crop",
        end="",
    )
    out.spans = [*body.spans, *added]
    return out
