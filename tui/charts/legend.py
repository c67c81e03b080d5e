"""The lines above a plotext figure (y axis name and legend) and how a height is shared.

plotext's own legend is drawn inside the plot area, over the data (top left,
where "fails above" thresholds usually are), shows only when the area has a
row per series, and repeats a series' first three markers, which for our
pre-rasterised Braille cells are arbitrary dots. So the legend is a header
of ours: wrapped to at most three lines, "+N more" when it does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.color import Color, ColorParseError
from rich.style import Style
from rich.text import Text

from tui.charts._text import fit
from tui.charts.types import ColorMode

MAX_LINES = 3
MIN_PLOT_ROWS = 3


@dataclass(slots=True)
class LegendItem:
    glyph: str
    name: str  # safe
    colour: str | None = None


# One piece of a header line: its text, its colour, and the blank cells before it.
Part = tuple[str, str | None, int]


@dataclass(slots=True)
class Layout:
    """What fits in the height: header lines, x axis name row, x tick labels, frame."""

    header: list[list[Part]]
    x_title: bool
    x_labels: bool
    frame: bool

    @property
    def header_rows(self) -> int:
        return len(self.header)


def header_lines(
    items: list[LegendItem], width: int, y_title: str = "", axis: str | None = None
) -> list[list[Part]]:
    """The y axis name then the legend entries, wrapped to ``width``.

    An entry's glyph is in its series colour and its name in the text colour, as in
    the Plotly legend: a pale series colour (a file's own, or any in the light theme)
    would make the name unreadable.
    """
    lines: list[list[Part]] = []
    current: list[Part] = []
    used = 0
    if y_title:
        # Whole when it fits beside the legend's first entry (or alone on its line).
        first = cell_len(f"{items[0].glyph} {items[0].name}") + 2 if items else 0
        room = width - first - 3 if cell_len(y_title) + first + 3 <= width else width // 2
        text = fit(y_title, max(room, width // 2, 8))
        current.append((text, axis, 0))
        used = cell_len(text) + 3
    shown = 0
    for item in items:
        entry = f"{item.glyph} {item.name}"
        size = cell_len(entry) + 2
        if used + size > width and current:
            lines.append(current)
            current, used = [], 0
            if len(lines) >= MAX_LINES:
                break
        entry = fit(entry, width)
        glyph = entry[: len(item.glyph)]
        current.append((glyph, item.colour, 2 if current else 0))
        current.append((entry[len(glyph) :], None, 0))
        used += size
        shown += 1
    if shown < len(items) and lines:
        lines[-1].append((f"+{len(items) - shown} more", axis, 2))
    elif current:
        lines.append(current)
    return lines


def share(height: int, header: list[list[Part]], x_title: bool) -> Layout:
    """Drop the least useful parts until the plot keeps a few rows: the x axis
    name, then header lines, then the x tick labels, then the frame."""
    layout = Layout(list(header), x_title, True, True)
    while height - layout.header_rows - 2 - layout.x_labels - layout.x_title < MIN_PLOT_ROWS:
        if layout.x_title:
            layout.x_title = False
        elif layout.header:
            layout.header.pop()
        elif layout.x_labels:
            layout.x_labels = False
        else:
            layout.frame = False
            break
    return layout


def with_header(layout: Layout, body: Text, width: int, color: ColorMode) -> Text:
    """The header lines above ``body``, each entry in its colour (none without colour)."""
    out = header_text(layout, width, color)
    out.append_text(body)
    return out


def header_text(layout: Layout, width: int, color: ColorMode) -> Text:
    """The header lines alone, each ending in a newline (``with_header`` without a body:
    a chart drawn after them starts its spans where they end, none copied)."""
    out = Text(no_wrap=True, overflow="crop", end="")
    for parts in layout.header:
        used = 0
        for text, colour, blanks in parts:
            gap = " " * blanks
            room = width - used - len(gap)
            if room <= 0:
                break
            piece = fit(text, room)
            out.append(gap)
            out.append(piece, style(colour, color))
            used += len(gap) + cell_len(piece)
        out.append("\n")
    return out


def style(colour: str | None, color: ColorMode) -> Style | None:
    """A Rich style for a palette or file colour; None without colour or when unreadable."""
    if colour is None or color == "none":
        return None
    try:
        return Style(color=Color.parse(colour))
    except ColorParseError:
        return None


def below(body: Text, items: list[LegendItem], width: int, color: ColorMode) -> Text:
    """``body`` with legend entries on the lines under it (a legend placed at the bottom)."""
    lines = header_lines(items, width)
    footer = with_header(Layout(lines, False, False, False), Text(), width, color)
    out = body.copy()
    out.append("\n")
    out.append_text(footer)
    out.rstrip()
    return out


def below_rows(items: list[LegendItem], width: int) -> int:
    return len(header_lines(items, width))
