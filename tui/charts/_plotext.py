"""The one module that imports plotext (5.x): a private figure per drawing, read back as rich Text.

plotext draws the frame, the axis ticks and their labels, the x axis name,
threshold lines (``hline``), the glyphs of every series and failing point
(``scatter``, one marker per cell), bars (``scatter`` with ``fillx``/``filly``)
and text beside bars. Our code chooses what goes where: positions handed to
a :class:`Figure` are plot-area cells (column from the left, row from the
bottom), because the charts decimate and rasterise to the plot area's exact
size in numpy first (plotext's own line and Braille drawing costs about a
microsecond per dot in Python: 60-400 ms for our big files, not 30).

Private plotext parts touched here, and only here (5.x is frozen, hence the pin):

- ``plotext._figure._figure_class``: a figure of our own. The module-level
  API draws on one global figure shared by every caller and thread.
- ``_limit_size(False, False)``: a top-level figure otherwise shrinks to the
  terminal's size, which is meaningless for a widget or a pipe.
- ``_set_sizes()``/``_build_matrix()`` and ``monitor.matrix``: ``build()``
  also renders the matrix as ANSI text, and parsing that back with
  ``Text.from_ansi`` costs about 20 ms on a dense 120x40 chart; reading the
  matrix (a character and a colour per cell) costs one.

What plotext builds here is the frame: the axes, tick labels, x axis name and
threshold lines. It is the same for many charts (``show`` on a file of 20,000 small
metrics draws thousands of charts with a few dozen frames between them), and building
one costs 5-10 ms of Python, so a built frame is kept (``_FRAMES``, keyed on everything
handed to plotext) and copied. Bars and text are written over the copy with plotext's
own arithmetic (``_Plot``): data under text, as plotext layers them. A figure that
asks for what that arithmetic does not cover (no ``axes`` call, an HD marker) is built
by plotext whole, as before.

Strings given to plotext must already be safe (``tui.charts._text.label``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

import numpy as np
import plotext._utility as _ut
from plotext._figure import _figure_class
from rich.cells import cell_len
from rich.color import Color, ColorParseError, ColorSystem
from rich.control import STRIP_CONTROL_CODES
from rich.style import Style
from rich.text import Span, Text

from tui.charts._text import fit
from tui.charts.types import ColorMode

NO_COLOR = "default"  # plotext's "no colour"
PlotextColor = str | int | tuple[int, int, int]
Cells = Sequence[str] | str  # a character per cell, or one for all
Positions = Sequence[int] | np.ndarray  # plot-area columns or rows, often numpy's
Rows = list[list[Any]]  # a matrix by row, bottom row first (plotext's layout)


@dataclass(frozen=True, slots=True)
class _Frame:
    """A built frame: plotext's characters and colours by row, and where the plot area is."""

    marker: tuple[tuple[str, ...], ...]
    ground: tuple[tuple[PlotextColor, ...], ...]
    c0: int
    r0: int
    cols: int  # plotext's plot-area size: the bins its own data mapping uses
    rows: int


# Built frames by everything plotext was given, newest last. 20,000 small metrics drawn
# at 100x20 have about 430 frames between them: 64 kept built 1,490, 1,024 built 430.
# Equal rows of a frame are one tuple (the plot area's blank rows, every colour row
# without colour), so a 100x20 frame holds about 10 kB.
_FRAMES: dict[tuple[Any, ...], _Frame] = {}
_MOST_FRAMES = 256


def _shared_rows(rows: Rows) -> tuple[tuple[Any, ...], ...]:
    seen: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    return tuple(seen.setdefault(row, row) for row in map(tuple, rows))


class Figure:
    """One plotext figure of ``width`` x ``height`` cells, in plot-area coordinates."""

    def __init__(self, width: int, height: int, color: ColorMode, frame: bool = True) -> None:
        self.width, self.height, self.color = max(width, 1), max(height, 1), color
        self.frame = frame
        self._styles: dict[PlotextColor, Style] = {}
        self._cols = self._rows = 1
        # What plotext is asked to draw, recorded and replayed when the text is wanted:
        # the frame (its cache key), and the bars and text drawn over it.
        self._axes: tuple[Any, ...] | None = None
        self._hlines: list[tuple[int, PlotextColor]] = []
        self._fills: list[tuple[str, list[int], list[int], int, str, PlotextColor]] = []
        self._texts: list[tuple[int, int, str, PlotextColor]] = []
        self._cells: list[tuple[Positions, Positions, Cells, PlotextColor]] = []
        self._axis_marks: list[tuple[Positions, Cells, PlotextColor]] = []
        self._under: list[tuple[int, str]] = []
        self._under_key: PlotextColor = NO_COLOR

    # Layout: what plotext will leave for the plot area (mirrors its build arithmetic).

    def rows(self, *, x_labels: bool, x_title: bool) -> int:
        """Rows of the plot area once the frame, x tick labels and x axis name are placed."""
        frame = 2 if self.frame else 0
        return max(self.height - frame - int(x_labels) - int(x_title), 0)

    def cols(self, y_label_width: int) -> int:
        """Columns of the plot area beside y tick labels ``y_label_width`` cells wide."""
        frame = 2 if self.frame else 0
        return max(self.width - frame - y_label_width, 0)

    # Colours.

    def key(self, spec: str | None) -> PlotextColor:
        """The plotext colour for a Rich colour ``spec`` in this colour mode (remembered)."""
        if spec is None or self.color == "none":
            return NO_COLOR
        try:
            parsed = Color.parse(spec)
        except ColorParseError:  # a colour from the file that Rich cannot read
            return NO_COLOR
        if parsed.is_default:
            return NO_COLOR
        key: PlotextColor
        if self.color == "truecolor":
            key = tuple(parsed.get_truecolor())  # type: ignore[assignment]
        else:
            system = ColorSystem.EIGHT_BIT if self.color == "256" else ColorSystem.STANDARD
            key = int(parsed.downgrade(system).number or 0)
        self._styles.setdefault(key, Style(color=parsed))
        return key

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
        self._under_key = self.key(axis)
        self._axes = (
            self._cols,
            self._rows,
            tuple((int(c), str(t)) for c, t in x_ticks),
            tuple((int(r), str(t)) for r, t in y_ticks),
            fit(x_title, self._cols) if x_title else "",
            self._under_key,
        )

    def glyphs(
        self,
        cols: Positions,
        rows: Positions,
        chars: Cells,
        colour: str | None,
    ) -> None:
        """One character per cell, over everything plotext draws (later calls over earlier ones).

        These cells are written into plotext's matrix after it is built rather
        than handed to ``scatter``: plotext maps each scattered point through
        about 5 µs of Python, 30 ms for the cells of twenty dense series, and
        the mapping would be the identity here anyway.
        """
        if len(cols):
            self._cells.append((cols, rows, chars, self.key(colour)))

    def axis_marks(self, cols: Positions, chars: Cells, colour: str | None) -> None:
        """Characters on the x axis line under plot-area columns ``cols``, over the line and
        its tick marks (only with a frame: without one there is no axis line)."""
        if len(cols) and self.frame:
            self._axis_marks.append((cols, chars, self.key(colour)))

    def under_axis(self, labels: Sequence[tuple[int, str]], cols: int) -> None:
        """Labels on the tick-label row, each centred under its plot-area column.

        Written after plotext builds, in the colour of the axes: plotext would drop a
        label that comes within a cell of its neighbour, and its tick with it. Give
        the ticks to ``axes`` with empty labels, so that plotext keeps the row.
        A label that would overlap the one before it is left out.
        """
        self._under = [(c, t) for c, t in labels if 0 <= c < max(cols, 1)]

    def columns(
        self, cols: Sequence[int], tops: Sequence[int], base: int, char: str, colour: str | None
    ) -> None:
        """Vertical bars: every column from row ``base`` to its top row, filled with ``char``."""
        if len(cols):
            self._fills.append(("x", _plain(cols), _plain(tops), base, char, self.key(colour)))

    def bands(
        self, rows: Sequence[int], ends: Sequence[int], base: int, char: str, colour: str | None
    ) -> None:
        """Horizontal bars: every row from column ``base`` to its end column."""
        if len(rows):
            self._fills.append(("y", _plain(ends), _plain(rows), base, char, self.key(colour)))

    def hline(self, row: int, colour: str | None) -> None:
        """A horizontal rule across the plot area, under the data."""
        self._hlines.append((int(row), self.key(colour)))

    def text(self, col: int, row: int, text: str, colour: str | None) -> None:
        """``text`` from a plot-area cell, clipped to the plot area."""
        self._texts.append((int(col), int(row), text, self.key(colour)))

    # Output.

    def to_text(self, head: Text | None = None) -> Text:
        """Build the figure and read its cells back as Text (no ANSI round trip), after
        ``head`` (lines that end in a newline, e.g. a legend) when given."""
        plot = self._over_frame() if self._exact() else self._whole()
        self._paint(plot)
        parts: list[str] = []
        spans: list[Span] = list(head.spans) if head is not None else []
        offset = len(head.plain) if head is not None else 0
        start_text = head.plain if head is not None else ""
        styles = self._styles
        for r in range(len(plot.marker) - 1, -1, -1):
            chars = plot.marker[r]
            line = "".join(chars).rstrip()
            if cell_len(line) > self.width:  # a wide character from a label: crop the row
                line = _crop(line, self.width)
            if styles:
                # Runs of one colour found by groupby (in C), not a comparison per cell.
                start = 0
                for key, run in groupby(plot.ground[r][: len(line)]):
                    end = start + len(list(run))
                    style = styles.get(key) if key != NO_COLOR else None
                    if style is not None and line[start:end].strip():
                        spans.append(Span(offset + start, offset + end, style))
                    start = end
            parts.append(line)
            offset += len(line) + 1
        return _as_text(start_text + "\n".join(parts), spans)

    def _exact(self) -> bool:
        """Whether bars and text can be written over a built frame exactly as plotext
        writes them: it needs the axes' fixed limits, and one-cell markers."""
        return self._axes is not None and all(
            _ut.marker_codes.get(f[4], f[4]) not in _ut.hd_symbols for f in self._fills
        )

    def _figure(self, data: bool) -> Any:
        """A plotext figure given the frame (and, with ``data``, the bars and text too)."""
        fig = _figure_class()
        fig._limit_size(False, False)
        fig.plotsize(self.width, self.height)
        fig.theme("clear")
        fig.frame(self.frame)
        if self._axes is not None:
            cols, rows, x_ticks, y_ticks, x_title, axis = self._axes
            # With one cell, any range maps everything to it; plotext needs lower < upper.
            fig.xlim(0, max(cols - 1, 1))
            fig.ylim(0, max(rows - 1, 1))
            fig.ticks_color(axis)
            # plotext labels only the axes a plotted signal uses; the glyph cells are not
            # plotted signals, so an empty one claims the lower and left axes.
            fig.scatter([], [])
            fig.xticks([c for c, _ in x_ticks], [t for _, t in x_ticks])
            fig.yticks([r for r, _ in y_ticks], [t for _, t in y_ticks])
            # plotext de-duplicates ticks through a set, so their order (and with it which
            # crowded labels it drops) would change with every process's string hashing.
            monitor = fig.monitor
            for ticks, labels in (
                (monitor.xticks, monitor.xlabels),
                (monitor.yticks, monitor.ylabels),
            ):
                pairs = sorted(zip(ticks[0] or [], labels[0] or [], strict=False))
                ticks[0], labels[0] = [p[0] for p in pairs], [p[1] for p in pairs]
            if x_title:  # plotext drops a name wider than the plot area: cut it instead
                fig.xlabel(x_title)
        for row, key in self._hlines:
            fig.hline(row, color=key)
        if data:
            for axis, xs, ys, base, char, key in self._fills:
                fill = {"fillx": base} if axis == "x" else {"filly": base}
                fig.scatter(xs, ys, marker=char, color=key, **fill)
            for col, row, text, key in self._texts:
                fig.text(text, col, row, color=key, alignment="left")
        fig._set_sizes()
        fig._build_matrix()
        return fig.monitor.matrix

    def _whole(self) -> _Plot:
        matrix = self._figure(data=True)
        return _Plot(
            matrix.marker,
            matrix.fullground,
            matrix.Cols_canvas.start,
            matrix.Rows_canvas.start,
            len(matrix.Cols_canvas),
            len(matrix.Rows_canvas),
        )

    def _over_frame(self) -> _Plot:
        """A copy of the built frame, with the bars and then the text written over it."""
        built = (self.width, self.height, self.frame, self._axes, tuple(self._hlines))
        frame = _FRAMES.pop(built, None)  # popped and put back: the newest stays last
        if frame is None:
            matrix = self._figure(data=False)
            frame = _Frame(
                _shared_rows(matrix.marker),
                _shared_rows(matrix.fullground),
                matrix.Cols_canvas.start,
                matrix.Rows_canvas.start,
                len(matrix.Cols_canvas),
                len(matrix.Rows_canvas),
            )
            while len(_FRAMES) >= _MOST_FRAMES:
                _FRAMES.pop(next(iter(_FRAMES)), None)
        _FRAMES[built] = frame
        plot = _Plot(
            [list(r) for r in frame.marker],
            [list(r) for r in frame.ground],
            frame.c0,
            frame.r0,
            frame.cols,
            frame.rows,
        )
        x_top, y_top = max(self._cols - 1, 1), max(self._rows - 1, 1)
        for axis, xs, ys, base, char, key in self._fills:
            plot.fill(axis, xs, ys, base, x_top, y_top, char, key)
        for col, row, text, key in self._texts:
            plot.text(col, row, text, x_top, y_top, key)
        return plot

    def _paint(self, plot: _Plot) -> None:
        """Write the glyph cells into the built matrix, clipped to the plot area."""
        c0, r0, w, h = plot.c0, plot.r0, plot.cols, plot.rows
        marker, ground = plot.marker, plot.ground
        for cs, rs, chars, key in self._cells:
            one = chars if isinstance(chars, str) else None
            cs, rs = _plain(cs), _plain(rs)
            for n, (c, r) in enumerate(zip(cs, rs, strict=False)):
                if 0 <= c < w and 0 <= r < h:
                    marker[r0 + r][c0 + c] = one or chars[n]
                    ground[r0 + r][c0 + c] = key
        axis = r0 - 1  # the x axis line, just under the plot area
        for cs, chars, key in self._axis_marks if axis >= 0 else ():
            one = chars if isinstance(chars, str) else None
            for n, c in enumerate(_plain(cs)):
                if 0 <= c < w:
                    marker[axis][c0 + c] = one or chars[n]
                    ground[axis][c0 + c] = key
        row, width, taken = axis - 1, len(marker[0]), -1  # the tick labels, under the axis
        for c, text in self._under if row >= 0 else ():
            first = min(max(c0 + c - len(text) // 2, 0), width - len(text))
            if first <= taken or first < 0:
                continue
            for n, char in enumerate(text):
                marker[row][first + n] = char
                ground[row][first + n] = self._under_key
            taken = first + len(text)


class _Plot:
    """A built matrix being written to (bottom row first), and where its plot area is."""

    __slots__ = ("c0", "cols", "ground", "marker", "r0", "rows")

    def __init__(self, marker: Rows, ground: Rows, c0: int, r0: int, cols: int, rows: int) -> None:
        self.marker, self.ground = marker, ground
        self.c0, self.r0, self.cols, self.rows = c0, r0, cols, rows

    def fill(
        self,
        axis: str,
        xs: list[int],
        ys: list[int],
        base: int,
        x_top: int,
        y_top: int,
        char: str,
        key: PlotextColor,
    ) -> None:
        """Points filled down to ``base`` (``axis`` "x": columns; "y": bands, filled along
        x), as plotext's scatter with ``fillx``/``filly`` writes them: its mapping to
        cells, its fill ranges (the base row itself only when a point is on it) and
        its clipping to the plot area."""
        marker = _ut.marker_codes.get(char, char)[0]
        w, h = self.cols, self.rows
        cs, rs = [_cell(x, x_top, w) for x in xs], [_cell(y, y_top, h) for y in ys]
        # Points step across columns ("x") or rows ("y"), each filled along the other.
        across, along, limit, spans = (cs, rs, w, h) if axis == "x" else (rs, cs, h, w)
        top = y_top if axis == "x" else x_top
        level = _cell(min(max(base, 0), top), top, spans)
        # Every cell a fill writes gets the same marker and colour, so the cells are
        # written as slices of a row, not one by one: a bar chart's columns share their
        # top, and a band is one row. Bars x columns x rows cost a microsecond a cell.
        stretches: dict[tuple[int, int], list[int]] = {}
        for at, end in zip(across, along, strict=False):
            if not 0 <= at < limit:
                continue
            # plotext's range: the base row itself only when a point is on it.
            lo, hi = (
                (level, end) if level < end else (end, level - 1) if level > end else (level, level)
            )
            lo, hi = max(lo, 0), min(hi, spans - 1)
            if lo <= hi:
                stretches.setdefault((lo, hi), []).append(at)
        rows, grounds, c0, r0 = self.marker, self.ground, self.c0, self.r0
        for (lo, hi), ats in stretches.items():
            if axis == "y":  # a band: along its row, from lo to hi
                for r in ats:
                    rows[r0 + r][c0 + lo : c0 + hi + 1] = [marker] * (hi - lo + 1)
                    grounds[r0 + r][c0 + lo : c0 + hi + 1] = [key] * (hi - lo + 1)
                continue
            for first, last in _runs(sorted(set(ats))):  # columns side by side, rows lo-hi
                width = last - first + 1
                for v in range(lo, hi + 1):
                    rows[r0 + v][c0 + first : c0 + last + 1] = [marker] * width
                    grounds[r0 + v][c0 + first : c0 + last + 1] = [key] * width

    def text(
        self, col: int, row: int, text: str, x_top: int, y_top: int, key: PlotextColor
    ) -> None:
        """``text`` from a cell, its lines downwards, clipped to the plot area (plotext's
        ``text`` with left alignment)."""
        w, h = self.cols, self.rows
        first = self.c0 + (_cell(col, x_top, w) if w > 0 else 0)
        top = self.r0 + (_cell(row, y_top, h) if h > 0 else 0)
        c_end, r_end = self.c0 + w, self.r0 + h
        width, height = len(self.marker[0]) if self.marker else 0, len(self.marker)
        for n, line in enumerate(text.split("\n")):
            r = top - n
            if not (self.r0 <= r < r_end and 0 <= r < height):
                continue
            for i, char in enumerate(line):
                c = first + i
                if self.c0 <= c < c_end and 0 <= c < width:
                    self.marker[r][c] = char
                    self.ground[r][c] = key


# The characters Rich strips from every string a Text is made of (rich.control).
_STRIPPED = tuple(chr(code) for code in STRIP_CONTROL_CODES)
# Rich 15 keeps a Text's characters in these slots; if a later Rich does not, every
# chart takes Rich's own constructor.
_SLOTS = {"_text", "_length"} <= set(getattr(Text, "__slots__", ()))


def _as_text(plain: str, spans: list[Span]) -> Text:
    """``Text(plain, spans=spans)`` as a chart needs it, without Rich's strip of control
    codes where ``plain`` has none: the strip is a ``str.translate``, about a
    microsecond a character outside ASCII, 1-2 ms for a Braille chart of 100x20, as much
    as drawing it. A scan for the few codes it strips is C speed; the result is equal."""
    if not _SLOTS or any(code in plain for code in _STRIPPED):
        return Text(plain, spans=spans, no_wrap=True, overflow="crop", end="")
    text = Text(spans=spans, no_wrap=True, overflow="crop", end="")
    text._text, text._length = [plain], len(plain)
    return text


def _runs(values: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each stretch of consecutive integers in sorted ``values``."""
    found: list[tuple[int, int]] = []
    for value in values:
        if found and found[-1][1] == value - 1:
            found[-1] = (found[-1][0], value)
        else:
            found.append((value, value))
    return found


def _cell(value: int, top: int, bins: int) -> int:
    """plotext's data-to-cell mapping (``get_matrix_data``) on an axis from 0 to ``top``."""
    return math.floor(round(0.5 + (bins - 1) * value / top, 8))


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
