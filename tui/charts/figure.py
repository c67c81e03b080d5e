"""A chart's cells: frame, axis ticks and labels, x axis name, and what is drawn inside.

Positions handed to a :class:`Figure` are plot-area cells (column from the
left, row from the bottom): the charts decimate and rasterise to the plot
area's exact size in numpy first, so all that is left here is to put a
character and a colour in each cell and read the grid back as Rich Text.
Building the grid is a few list writes per drawn cell and one join per row:
well under a millisecond at 120x40 (a general plotting library's matrix cost
10-25 ms of a 30 ms budget for the same picture).

The look is a box frame with tick marks on its left (``┤``) and bottom
(``┬``) lines, y labels right-aligned beside the left line, x labels centred
under their tick, and the x axis name centred under the plot. Strings given
here must already be safe (``tui.charts._text.label``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rich.cells import cell_len
from rich.color import Color, ColorParseError, ColorSystem
from rich.style import Style
from rich.text import Span, Text

from tui.charts._text import fit
from tui.charts.types import ColorMode

Cells = Sequence[str] | str  # a character per cell, or one for all
Positions = Sequence[int] | np.ndarray  # plot-area columns or rows, often numpy's
_PLAIN = -1  # the style index of cells without colour


class Figure:
    """The cells of one chart, ``width`` x ``height``, drawn in plot-area coordinates."""

    def __init__(self, width: int, height: int, color: ColorMode, frame: bool = True) -> None:
        self.width, self.height, self.color = max(width, 1), max(height, 1), color
        self.frame = frame
        self._styles: list[Style] = []
        self._style_of: dict[str, int] = {}
        self._cols = self._rows = 1
        self._x_ticks: list[tuple[int, str]] = []
        self._y_ticks: list[tuple[int, str]] = []
        self._x_title = ""
        self._axis = _PLAIN
        # Drawing calls, replayed in this order once the plot area is known: rules
        # under the data, then bars, text and glyphs (later over earlier), then the
        # marks on the x axis line and the labels under it.
        self._rules: list[tuple[int, int]] = []
        self._fills: list[tuple[list[int], list[int], int, str, int, bool]] = []
        self._texts: list[tuple[int, int, str, int]] = []
        self._cells: list[tuple[Positions, Positions, Cells, int]] = []
        self._axis_marks: list[tuple[Positions, Cells, int]] = []
        self._under: list[tuple[int, str]] = []
        self._wide = False  # a label holds a 2-cell character: rows may need cropping

    # Layout: what the frame, x tick labels and x axis name leave for the plot area.

    def rows(self, *, x_labels: bool, x_title: bool) -> int:
        """Rows of the plot area once the frame, x tick labels and x axis name are placed."""
        frame = 2 if self.frame else 0
        return max(self.height - frame - int(x_labels) - int(x_title), 0)

    def cols(self, y_label_width: int) -> int:
        """Columns of the plot area beside y tick labels ``y_label_width`` cells wide."""
        frame = 2 if self.frame else 0
        return max(self.width - frame - y_label_width, 0)

    # Colours.

    def key(self, spec: str | None) -> int:
        """The style index of a Rich colour ``spec`` in this colour mode (``-1``: none)."""
        if spec is None or self.color == "none":
            return _PLAIN
        known = self._style_of.get(spec)
        if known is not None:
            return known
        try:
            parsed = Color.parse(spec)
        except ColorParseError:  # a colour from the file that Rich cannot read
            parsed = None
        if parsed is None or parsed.is_default:
            index = _PLAIN
        else:
            if self.color == "256":
                parsed = parsed.downgrade(ColorSystem.EIGHT_BIT)
            elif self.color != "truecolor":
                parsed = parsed.downgrade(ColorSystem.STANDARD)
            index = len(self._styles)
            self._styles.append(Style(color=parsed))
        self._style_of[spec] = index
        return index

    # Drawing (cells of the plot area; row 0 is the bottom).

    def axes(
        self,
        cols: int,
        rows: int,
        x_ticks: Sequence[tuple[int, str]],
        y_ticks: Sequence[tuple[int, str]],
        x_title: str = "",
        axis: str | None = None,
    ) -> None:
        """Fix the plot area to ``cols`` x ``rows`` cells, with tick labels and the x axis name."""
        self._cols, self._rows = max(cols, 1), max(rows, 1)
        # Sorted, so which crowded label gives way never depends on the caller's order.
        self._x_ticks = sorted((int(c), t) for c, t in x_ticks)
        self._y_ticks = sorted((int(r), t) for r, t in y_ticks)
        self._x_title = x_title
        self._axis = self.key(axis)

    def glyphs(self, cols: Positions, rows: Positions, chars: Cells, colour: str | None) -> None:
        """One character per cell, over everything else (later calls over earlier ones)."""
        if len(cols):
            self._cells.append((cols, rows, chars, self.key(colour)))

    def axis_marks(self, cols: Positions, chars: Cells, colour: str | None) -> None:
        """Characters on the x axis line under plot-area columns ``cols``, over the line and
        its tick marks (only with a frame: without one there is no axis line)."""
        if len(cols) and self.frame:
            self._axis_marks.append((cols, chars, self.key(colour)))

    def under_axis(self, labels: Sequence[tuple[int, str]], cols: int) -> None:
        """Labels on the tick-label row, each centred under its plot-area column, in the
        colour of the axes; one that would overlap the label before it is left out.
        Give ``axes`` the ticks with empty labels, so that the row is kept."""
        self._under = [(c, t) for c, t in labels if 0 <= c < max(cols, 1)]

    def columns(
        self, cols: Sequence[int], tops: Sequence[int], base: int, char: str, colour: str | None
    ) -> None:
        """Vertical bars: every column from row ``base`` to its top row, filled with ``char``."""
        if len(cols):
            self._fills.append((_plain(cols), _plain(tops), base, char, self.key(colour), True))

    def bands(
        self, rows: Sequence[int], ends: Sequence[int], base: int, char: str, colour: str | None
    ) -> None:
        """Horizontal bars: every row from column ``base`` to its end column."""
        if len(rows):
            self._fills.append((_plain(rows), _plain(ends), base, char, self.key(colour), False))

    def hline(self, row: int, colour: str | None) -> None:
        """A horizontal rule across the plot area, under the data."""
        self._rules.append((row, self.key(colour)))

    def text(self, col: int, row: int, text: str, colour: str | None) -> None:
        """``text`` from a plot-area cell, clipped to the plot area."""
        self._texts.append((col, row, text, self.key(colour)))

    # Output.

    def to_text(self) -> Text:
        """The grid as Text: one line per row, trailing blanks dropped, a span per colour run."""
        chars, keys = self._grid()
        width = chars.shape[1]
        # Each row's cells read as one string (a row of 1-character cells is a string).
        lines = [row.rstrip(" ") for row in chars.view(f"<U{width}").ravel().tolist()]
        for r, line in enumerate(lines if self._wide else ()):
            if cell_len(line) > self.width:  # a wide character from a label: crop the row
                lines[r] = _crop(line, self.width)
        starts = np.cumsum([0] + [len(line) + 1 for line in lines])
        # One span per run of a colour in a row, running on over blanks (a blank looks
        # the same in any colour): a dense Braille row is a few spans, not one a cell.
        inked = np.flatnonzero(chars.ravel() != " ")
        spans: list[Span] = []
        if len(inked):
            row, col = np.divmod(inked, width)
            ink = keys.ravel()[inked]
            cut = np.flatnonzero((ink[1:] != ink[:-1]) | (row[1:] != row[:-1])) + 1
            firsts = np.concatenate(([0], cut))
            lasts = np.concatenate((cut - 1, [len(inked) - 1]))
            styles = self._styles
            for r, key, a, b in zip(
                row[firsts].tolist(),
                ink[firsts].tolist(),
                col[firsts].tolist(),
                (col[lasts] + 1).tolist(),
                strict=True,
            ):
                b = min(b, len(lines[r]))  # a cropped row
                if key != _PLAIN and b > a:
                    spans.append(Span(int(starts[r]) + a, int(starts[r]) + b, styles[key]))
        return Text("\n".join(lines), spans=spans, no_wrap=True, overflow="crop", end="")

    def _grid(self) -> tuple[np.ndarray, np.ndarray]:
        """The character and style index of every cell, rows from the top."""
        cols, rows, axis = self._cols, self._rows, self._axis
        label_w = max((cell_len(t) for _, t in self._y_ticks), default=0)
        edge = int(self.frame)
        left = label_w + edge  # the first plot column
        width = left + cols + edge
        spare = max(self.height - 2 * edge - rows, 0)
        title_rows = 1 if self._x_title and spare else 0
        label_rows = min(spare - title_rows, 1)
        top = edge  # the first plot row, from the top
        height = top + rows + edge + label_rows + title_rows
        chars = np.full((height, width), " ", dtype="<U1")
        keys = np.full((height, width), _PLAIN, dtype=np.int32)

        def put(r: int, c: int, text: str, key: int) -> None:
            # Glyphs are one cell each; only a label can hold a wide character.
            self._wide = self._wide or cell_len(text) != len(text)
            if c < 0:
                text, c = text[-c:], 0
            text = text[: width - c]
            if text:
                chars[r, c : c + len(text)] = list(text)
                keys[r, c : c + len(text)] = key

        bottom = top + rows  # the x axis line (with a frame)
        if self.frame:
            put(0, label_w, "┌" + "─" * cols + "┐", axis)
            chars[top:bottom, [label_w, left + cols]] = "│"
            keys[top:bottom, [label_w, left + cols]] = axis
            put(bottom, label_w, "└" + "─" * cols + "┘", axis)
        for row, text in self._y_ticks:
            if 0 <= row < rows:
                r = top + rows - 1 - row
                # Padded to the label column's width, the padding in the axis colour too.
                put(r, 0, " " * (label_w - cell_len(text)) + text, axis)
                if self.frame:
                    put(r, label_w, "┤", axis)
        under = bottom + edge  # the tick-label row
        taken = -1  # the end of the last label placed: each keeps a blank cell before it
        for col, text in self._x_ticks:
            if not 0 <= col < cols:
                continue
            # Kept off the last cell (the frame's corner, or the edge).
            first = min(max(left + col - cell_len(text) // 2, 0), width - 1 - cell_len(text))
            if text and (first <= taken or first < 0):
                continue  # crowded out, and its tick with it
            if self.frame:
                put(bottom, left + col, "┬", axis)
            if label_rows and text:
                put(under, first, text, axis)
                taken = first + cell_len(text)
        if title_rows:
            title = fit(self._x_title, cols)
            put(height - 1, max(left + cols // 2 - cell_len(title) // 2, left), title, axis)
        for row, key in self._rules:
            if 0 <= row < rows:
                r = top + rows - 1 - row
                put(r, left, "─" * cols, key)
                if self.frame:
                    put(r, label_w, "├", axis)
                    put(r, left + cols, "┤", axis)
        for lines, ends, base, char, key, upright in self._fills:
            for at, end in zip(lines, ends, strict=False):
                lo, hi = min(base, end), max(base, end)
                if upright and 0 <= at < cols:
                    low, high = max(lo, 0), min(hi, rows - 1)
                    if high >= low:  # rows from the bottom: [low, high] from the top
                        chars[top + rows - 1 - high : top + rows - low, left + at] = char
                        keys[top + rows - 1 - high : top + rows - low, left + at] = key
                elif not upright and 0 <= at < rows:
                    first, last = max(lo, 0), min(hi, cols - 1)
                    if last >= first:
                        put(top + rows - 1 - at, left + first, char * (last - first + 1), key)
        for col, row, text, key in self._texts:
            if 0 <= row < rows and 0 <= col < cols:
                put(top + rows - 1 - row, left + col, text[: cols - col], key)
        for cs, rs, glyph, key in self._cells:
            n = min(len(cs), len(rs))
            gc, gr = np.asarray(cs, dtype=np.int64)[:n], np.asarray(rs, dtype=np.int64)[:n]
            ok = (gc >= 0) & (gc < cols) & (gr >= 0) & (gr < rows)
            drawn = glyph if isinstance(glyph, str) else np.asarray(glyph, dtype="<U1")[:n][ok]
            chars[top + rows - 1 - gr[ok], left + gc[ok]] = drawn
            keys[top + rows - 1 - gr[ok], left + gc[ok]] = key
        if self.frame:
            for cs, glyph, key in self._axis_marks:
                mc = np.asarray(cs, dtype=np.int64)
                ok = (mc >= 0) & (mc < cols)
                drawn = glyph if isinstance(glyph, str) else np.asarray(glyph, dtype="<U1")[ok]
                chars[bottom, left + mc[ok]] = drawn
                keys[bottom, left + mc[ok]] = key
        taken = -1
        for col, text in self._under if label_rows else ():
            first = min(max(left + col - len(text) // 2, 0), width - len(text))
            if first <= taken or first < 0:
                continue
            put(under, first, text, axis)
            taken = first + len(text)
        return chars, keys


def _plain(values: Positions) -> list[int]:
    """Python ints (numpy's cost more to compare and index with)."""
    tolist = getattr(values, "tolist", None)
    return tolist() if tolist is not None else list(values)


def _crop(line: str, width: int) -> str:
    out, used = [], 0
    for char in line:
        size = cell_len(char)
        if used + size > width:
            break
        out.append(char)
        used += size
    return "".join(out)
