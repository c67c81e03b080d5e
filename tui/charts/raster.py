"""The plot area: lines drawn in Braille dots (2x4 per cell) or in marker characters.

With colour, series are told apart by colour, so Braille gives the finest
line. Without colour, several series drawn in Braille would be one grey
tangle, so each series is drawn at cell resolution in its own marker
character instead (``•``, ``+``, ``x``, ...).
"""

from __future__ import annotations

import numpy as np

from tui.charts.decimate import Runs
from tui.charts.grid import Grid

# Bit of each dot in a Braille cell, indexed [row % 4, col % 2].
_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.uint8)
MARKERS = ("•", "+", "x", "o", "*", "#", "=", "%")


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
    """A plot area of ``width`` x ``height`` cells with data ranges for x and y."""

    def __init__(self, width: int, height: int, braille: bool) -> None:
        self.width, self.height, self.braille = width, height, braille
        self.res_x = width * 2 if braille else width
        self.res_y = height * 4 if braille else height
        self.dots = np.zeros((self.res_y, self.res_x), dtype=bool)
        self.owner = np.zeros((height, width), dtype=np.int16)
        self.marker = np.full((height, width), " ", dtype="<U1")
        self.overlay = Grid(width, height)  # threshold lines and point marks
        self.ruled = np.zeros((height, width), dtype=bool)  # shown where no data is
        self.marked = np.zeros((height, width), dtype=bool)  # shown over the data

    def rows(self, y: np.ndarray, y0: float, y1: float) -> np.ndarray:
        """Dot rows (0 = top) of data values y on the axis [y0, y1]."""
        scale = (self.res_y - 1) / (y1 - y0)
        with np.errstate(invalid="ignore", over="ignore"):
            rows = np.rint((y1 - np.asarray(y, dtype=np.float64)) * scale)
        return np.clip(np.nan_to_num(rows), 0, self.res_y - 1).astype(np.int64)

    def plot(self, runs: Runs, y0: float, y1: float, style: int, marker: str) -> None:
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
        self.points(px, py, style, marker)

    def points(self, px: np.ndarray, py: np.ndarray, style: int, marker: str) -> None:
        ok = (px >= 0) & (px < self.res_x) & (py >= 0) & (py < self.res_y)
        px, py = px[ok], py[ok]
        self.dots[py, px] = True
        cy, cx = (py // 4, px // 2) if self.braille else (py, px)
        self.owner[cy, cx] = style
        self.marker[cy, cx] = marker

    def hline(self, row: int, char: str, style: int) -> None:
        """A horizontal rule at dot row ``row``, under the data."""
        cell = row // 4 if self.braille else row
        if 0 <= cell < self.height:
            free = ~self.marked[cell, :]
            self.overlay.chars[cell, free] = char
            self.overlay.style_ids[cell, free] = style
            self.ruled[cell, :] = True

    def mark(self, px: np.ndarray, py: np.ndarray, char: str, style: int) -> None:
        """Put ``char`` over the data at the cells of dots (px, py): failing points."""
        cx = px // 2 if self.braille else px
        cy = py // 4 if self.braille else py
        ok = (cx >= 0) & (cx < self.width) & (cy >= 0) & (cy < self.height)
        hit = np.zeros(self.width * self.height, dtype=bool)
        hit[cy[ok] * self.width + cx[ok]] = True  # many points share a cell: write each cell once
        hit = hit.reshape(self.height, self.width)
        self.overlay.chars[hit] = char
        self.overlay.style_ids[hit] = style
        self.marked |= hit

    def draw(self, grid: Grid, x: int, y: int) -> None:
        """Paint the canvas into ``grid`` at (x, y); the overlay styles must be grid's."""
        if self.braille:
            cells = self.dots.reshape(self.height, 4, self.width, 2)
            bits = (cells * _BITS[None, :, None, :]).sum(axis=(1, 3), dtype=np.uint16)
            inked = bits > 0
            chars = np.where(inked, (bits + 0x2800).astype(np.uint32).view("<U1"), " ")
        else:
            chars = self.marker
            inked = chars != " "
        over = self.marked | (self.ruled & ~inked)
        chars = np.where(over, self.overlay.chars, chars)
        styles = np.where(over, self.overlay.style_ids, np.where(inked, self.owner, 0))
        h, w = min(self.height, grid.height - y), min(self.width, grid.width - x)
        if h > 0 and w > 0:
            grid.chars[y : y + h, x : x + w] = chars[:h, :w]
            grid.style_ids[y : y + h, x : x + w] = styles[:h, :w]
