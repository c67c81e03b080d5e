"""Lines rasterised in numpy to one character per plot cell, for plotext to place.

With colour, series are told apart by colour, so each cell is a Braille
character (2x4 dots) for the finest line. Without colour, several series in
Braille would be one grey tangle, so each series after the first is drawn at
cell resolution in its own marker character (``•``, ``+``, ``x``, ...).
Where series cross, the dots of a Braille cell are merged and the cell takes
the colour of the last series drawn in it.

plotext could draw these lines itself (``plot(..., marker="braille")``), but
its Braille path costs about a microsecond per dot in Python: 60 ms for one
decimated 5M-point series, 400 ms for twenty. Here it is one numpy pass.
"""

from __future__ import annotations

import numpy as np

from tui.charts.decimate import Runs

# Bit of each dot in a Braille cell, indexed [row % 4, col % 2].
_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.uint8)
# Markers of series drawn without colour; distinct in ASCII too (• becomes *, and the
# first series' legend line ━ becomes =, so neither is a later marker).
MARKERS = ("•", "+", "x", "o", "#", "%", "~", "&")


def segment_points(
    xa: np.ndarray, ya: np.ndarray, xb: np.ndarray, yb: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every integer point on the segments (xa, ya)-(xb, yb), vectorized."""
    dx, dy = xb - xa, yb - ya
    steps = np.maximum(np.abs(dx), np.abs(dy)).astype(np.int64) + 1
    total = int(steps.sum())
    seg = np.repeat(np.arange(len(steps)), steps)
    offsets = np.arange(total) - np.repeat(np.cumsum(steps) - steps, steps)
    frac = offsets / np.maximum(steps - 1, 1)[seg]
    px = np.rint(xa[seg] + dx[seg] * frac).astype(np.int64)
    py = np.rint(ya[seg] + dy[seg] * frac).astype(np.int64)
    return px, py


class Canvas:
    """A plot area of ``width`` x ``height`` cells; dot rows count from the top."""

    def __init__(self, width: int, height: int, braille: bool) -> None:
        self.width, self.height, self.braille = width, height, braille
        self.res_x = width * 2 if braille else width
        self.res_y = height * 4 if braille else height
        self.dots = np.zeros((self.res_y, self.res_x), dtype=bool)
        self.owner = np.full((height, width), -1, dtype=np.int16)
        self.marker = np.full((height, width), " ", dtype="<U1")

    def rows(self, y: np.ndarray, y0: float, y1: float) -> np.ndarray:
        """Dot rows (0 = top) of data values y on the axis [y0, y1]."""
        scale = (self.res_y - 1) / (y1 - y0)
        with np.errstate(invalid="ignore", over="ignore"):
            rows = np.rint((y1 - np.asarray(y, dtype=np.float64)) * scale)
        # fmax takes 0 over NaN (and over -Inf), minimum caps +Inf: nan_to_num and clip
        # in two ufunc calls (this runs a few times per series per draw).
        clipped: np.ndarray = np.minimum(np.fmax(rows, 0.0), self.res_y - 1).astype(np.int64)
        return clipped

    def plot(self, runs: Runs, y0: float, y1: float, series: int, marker: str) -> None:
        """Draw reduced runs (columns already at this canvas's x resolution)."""
        if not len(runs):
            return
        cols = runs.cols
        lo, hi = self.rows(runs.lo, y0, y1), self.rows(runs.hi, y0, y1)
        xa, ya, xb, yb = [cols], [hi], [cols], [lo]  # the vertical stroke of each run
        join = np.flatnonzero(runs.joined[1:]) + 1
        if len(join):
            xa.append(cols[join - 1])
            ya.append(self.rows(runs.last[join - 1], y0, y1))
            xb.append(cols[join])
            yb.append(self.rows(runs.first[join], y0, y1))
        px, py = segment_points(*(np.concatenate(v) for v in (xa, ya, xb, yb)))
        self.points(px, py, series, marker)

    def points(self, px: np.ndarray, py: np.ndarray, series: int, marker: str) -> None:
        ok = (px >= 0) & (px < self.res_x) & (py >= 0) & (py < self.res_y)
        px, py = px[ok], py[ok]
        self.dots[py, px] = True
        cy, cx = (py // 4, px // 2) if self.braille else (py, px)
        self.owner[cy, cx] = series
        self.marker[cy, cx] = marker

    def chars(self) -> np.ndarray:
        """The character of every cell (rows from the top): Braille dots or markers."""
        if not self.braille:
            return self.marker
        blocks = self.dots.reshape(self.height, 4, self.width, 2)
        bits = (blocks * _BITS[None, :, None, :]).sum(axis=(1, 3), dtype=np.uint16)
        braille: np.ndarray = (bits + 0x2800).astype(np.uint32).view("<U1")
        return braille

    def cells(self, chars: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        """Inked cells as (column, row from the bottom, character, series), column-major
        (``chars``: the grid from ``chars()``, when the caller has it already)."""
        chars = self.chars() if chars is None else chars
        top, col = np.nonzero((self.owner >= 0).T)[::-1]
        return col, self.height - 1 - top, chars[top, col], self.owner[top, col]


def cell_of(canvas: Canvas, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique cells (column, row from the bottom) of dots (px, py)."""
    cx = px // 2 if canvas.braille else px
    cy = py // 4 if canvas.braille else py
    ok = (cx >= 0) & (cx < canvas.width) & (cy >= 0) & (cy < canvas.height)
    hit = np.zeros(canvas.width * canvas.height, dtype=bool)
    hit[cy[ok] * canvas.width + cx[ok]] = True  # many points share a cell: each once
    flat = np.flatnonzero(hit)
    return flat % canvas.width, canvas.height - 1 - flat // canvas.width
