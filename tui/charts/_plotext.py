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

Strings given to plotext must already be safe (``tui.charts._text.label``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from plotext._figure import _figure_class
from rich.cells import cell_len
from rich.color import Color, ColorParseError, ColorSystem
from rich.style import Style
from rich.text import Span, Text

from tui.charts._text import fit
from tui.charts.types import ColorMode

NO_COLOR = "default"  # plotext's "no colour"
PlotextColor = str | int | tuple[int, int, int]
Cells = Sequence[str] | str  # a character per cell, or one for all
Positions = Sequence[int] | np.ndarray  # plot-area columns or rows, often numpy's


class Figure:
    """One plotext figure of ``width`` x ``height`` cells, in plot-area coordinates."""

    def __init__(self, width: int, height: int, color: ColorMode, frame: bool = True) -> None:
        self.width, self.height, self.color = max(width, 1), max(height, 1), color
        self.frame = frame
        self._fig = _figure_class()
        self._fig._limit_size(False, False)
        self._fig.plotsize(self.width, self.height)
        self._fig.theme("clear")
        self._fig.frame(frame)
        self._styles: dict[PlotextColor, Style] = {}
        self._cols = self._rows = 1
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
        fig = self._fig
        # With one cell, any range maps everything to it; plotext needs lower < upper.
        fig.xlim(0, max(self._cols - 1, 1))
        fig.ylim(0, max(self._rows - 1, 1))
        fig.ticks_color(self.key(axis))
        self._under_key = self.key(axis)
        # plotext labels only the axes a plotted signal uses; the glyph cells are not
        # plotted signals, so an empty one claims the lower and left axes.
        fig.scatter([], [])
        fig.xticks([c for c, _ in x_ticks], [t for _, t in x_ticks])
        fig.yticks([r for r, _ in y_ticks], [t for _, t in y_ticks])
        # plotext de-duplicates ticks through a set, so their order (and with it which
        # crowded labels it drops) would change with every process's string hashing.
        monitor = fig.monitor
        for ticks, labels in ((monitor.xticks, monitor.xlabels), (monitor.yticks, monitor.ylabels)):
            pairs = sorted(zip(ticks[0] or [], labels[0] or [], strict=False))
            ticks[0], labels[0] = [p[0] for p in pairs], [p[1] for p in pairs]
        if x_title:  # plotext drops a name wider than the plot area: cut it instead
            fig.xlabel(fit(x_title, self._cols))

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
            self._fig.scatter(
                list(cols), list(tops), marker=char, color=self.key(colour), fillx=base
            )

    def bands(
        self, rows: Sequence[int], ends: Sequence[int], base: int, char: str, colour: str | None
    ) -> None:
        """Horizontal bars: every row from column ``base`` to its end column."""
        if len(rows):
            self._fig.scatter(
                list(ends), list(rows), marker=char, color=self.key(colour), filly=base
            )

    def hline(self, row: int, colour: str | None) -> None:
        """A horizontal rule across the plot area, under the data."""
        self._fig.hline(row, color=self.key(colour))

    def text(self, col: int, row: int, text: str, colour: str | None) -> None:
        """``text`` from a plot-area cell, clipped to the plot area."""
        self._fig.text(text, col, row, color=self.key(colour), alignment="left")

    # Output.

    def to_text(self) -> Text:
        """Build the figure and read its cells back as Text (no ANSI round trip)."""
        fig = self._fig
        fig._set_sizes()
        fig._build_matrix()
        matrix = fig.monitor.matrix
        self._paint(matrix)
        parts: list[str] = []
        spans: list[Span] = []
        offset = 0
        styles = self._styles
        for r in range(matrix.rows - 1, -1, -1):
            chars = matrix.marker[r]
            line = "".join(chars).rstrip()
            if cell_len(line) > self.width:  # a wide character from a label: crop the row
                line = _crop(line, self.width)
            if styles:
                colours = matrix.fullground[r]
                start = 0
                for i in range(1, len(line) + 1):
                    if i == len(line) or colours[i] != colours[start]:
                        style = styles.get(colours[start]) if colours[start] != NO_COLOR else None
                        if style is not None and line[start:i].strip():
                            spans.append(Span(offset + start, offset + i, style))
                        start = i
            parts.append(line)
            offset += len(line) + 1
        return Text("\n".join(parts), spans=spans, no_wrap=True, overflow="crop", end="")

    def _paint(self, matrix: object) -> None:
        """Write the glyph cells into the built matrix, clipped to the plot area."""
        cols, rows = matrix.Cols_canvas, matrix.Rows_canvas  # type: ignore[attr-defined]
        c0, r0, w, h = cols.start, rows.start, len(cols), len(rows)
        marker, ground = matrix.marker, matrix.fullground  # type: ignore[attr-defined]
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
