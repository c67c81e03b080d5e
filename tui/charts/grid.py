"""A grid of terminal cells (a character and a style each) that becomes a rich Text.

States bands, heatmaps, tables and the Plotly timeline draw into a Grid
(plotext has nothing that fits them); the other charts are drawn by plotext.
Characters live in a numpy array so that whole rows and regions are written
at once; a wide (2-cell) character takes
its cell and marks the next one as its continuation. With colour mode
``none`` every style is dropped, so nothing but characters reaches the
output.
"""

from __future__ import annotations

import itertools

import numpy as np
from rich.cells import get_character_cell_size
from rich.style import Style
from rich.text import Span, Text

from tui.charts.types import ColorMode

_CONT = "\0"  # the right half of a wide character


class Grid:
    """``width`` x ``height`` cells, blank and unstyled to start with."""

    def __init__(self, width: int, height: int, color: ColorMode = "none") -> None:
        self.width = max(int(width), 0)
        self.height = max(int(height), 0)
        self.color = color
        self.chars = np.full((self.height, self.width), " ", dtype="<U1")
        self.style_ids = np.zeros((self.height, self.width), dtype=np.int16)
        self._styles: list[Style | None] = [None]
        self._ids: dict[str, int] = {}

    def style(self, spec: str | Style | None) -> int:
        """The id of a style (``"red"``, ``"bold #ff0000 on blue"``); 0 without colour."""
        if spec is None or self.color == "none":
            return 0
        key = str(spec)
        found = self._ids.get(key)
        if found is None:
            try:
                parsed = spec if isinstance(spec, Style) else Style.parse(spec)
            except Exception:  # a colour from the file that Rich cannot parse
                parsed = None
            found = len(self._styles)
            self._styles.append(parsed)
            self._ids[key] = found
        return found

    def keep_rows(self, height: int) -> None:
        """Keep only the first ``height`` rows (styles stay registered)."""
        self.height = max(min(int(height), self.height), 0)
        self.chars = self.chars[: self.height]
        self.style_ids = self.style_ids[: self.height]

    def put(self, x: int, y: int, char: str, style: int = 0) -> None:
        if 0 <= x < self.width and 0 <= y < self.height:
            self.chars[y, x] = char
            self.style_ids[y, x] = style

    def write(self, x: int, y: int, text: str, style: int = 0) -> int:
        """Write a safe single-line string from cell ``x``; returns the cell after it."""
        if not 0 <= y < self.height:
            return x
        for char in text:
            size = get_character_cell_size(char)
            if x + size > self.width:
                break
            if x >= 0:
                self.chars[y, x] = char
                self.style_ids[y, x] = style
                if size == 2:
                    self.chars[y, x + 1] = _CONT
                    self.style_ids[y, x + 1] = style
            x += size
        return x

    def fill(self, x0: int, y0: int, x1: int, y1: int, char: str, style: int = 0) -> None:
        """Fill the cells x0 <= x < x1, y0 <= y < y1 (clipped)."""
        x0, x1 = max(x0, 0), min(x1, self.width)
        y0, y1 = max(y0, 0), min(y1, self.height)
        if x0 < x1 and y0 < y1:
            self.chars[y0:y1, x0:x1] = char
            self.style_ids[y0:y1, x0:x1] = style

    def to_text(self) -> Text:
        """The grid as Text: one line per row, trailing blanks kept off."""
        parts: list[str] = []
        spans: list[Span] = []
        offset = 0
        for row in range(self.height):
            if row:
                parts.append("\n")
                offset += 1
            offset = self._row(row, offset, parts, spans)
        return Text("".join(parts), spans=spans, no_wrap=True, overflow="crop", end="")

    def _row(self, row: int, offset: int, parts: list[str], spans: list[Span]) -> int:
        chars = self.chars[row]
        ids = self.style_ids[row]
        filled = np.flatnonzero((chars != " ") | (ids != 0))
        if not len(filled):
            return offset
        end = int(filled[-1]) + 1
        line = "".join(chars[:end].tolist())
        if _CONT in line:
            # Wide characters: cut runs on cell positions, then drop the placeholders.
            pieces = []
            starts = np.flatnonzero(np.diff(ids[:end])) + 1
            for a, b in itertools.pairwise([0, *starts.tolist(), end]):
                run = "".join(chars[a:b].tolist()).replace(_CONT, "")
                style = self._styles[int(ids[a])]
                if style is not None and run:
                    spans.append(Span(offset, offset + len(run), style))
                pieces.append(run)
                offset += len(run)
            parts.append("".join(pieces))
            return offset
        parts.append(line)
        if ids[:end].any():
            starts = np.flatnonzero(np.diff(ids[:end])) + 1
            for a, b in itertools.pairwise([0, *starts.tolist(), end]):
                style = self._styles[int(ids[a])]
                if style is not None:
                    spans.append(Span(offset + a, offset + b, style))
        return offset + end
