"""Axes around a plot area: tick labels, axis lines, titles and a legend on top.

``Frame`` decides how the ``width`` x ``height`` cells are shared, dropping the
least useful parts first when space is short (titles, then the legend, then
the x labels), so that even 10x4 shows some of the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.cells import cell_len

from tui.charts._text import fit, pad
from tui.charts.grid import Grid


@dataclass(slots=True)
class LegendItem:
    glyph: str
    name: str
    style: int = 0


@dataclass(slots=True)
class Frame:
    """A layout: where the plot goes and what surrounds it."""

    width: int
    height: int
    title: str = ""
    y_title: str = ""
    x_title: str = ""
    legend: list[LegendItem] = field(default_factory=list)
    axis_style: int = 0
    # Filled by place():
    plot_x: int = 0
    plot_y: int = 0
    plot_w: int = 0
    plot_h: int = 0
    _header: list[list[tuple[str, int, int]]] = field(default_factory=list)  # text, style, gap
    _labels: bool = True
    _x_title_row: bool = False

    def place(self, y_label_width: Callable[[int], int]) -> None:
        """Share out the space; ``y_label_width(plot_h)`` gives the y labels' width."""
        header = self._header_lines()
        footer = 2  # axis line and tick labels
        x_title_row = bool(self.x_title)
        while True:
            used = len(header) + footer + (1 if x_title_row else 0)
            if self.height - used >= 3 or (not header and not x_title_row and footer == 0):
                break
            if x_title_row:
                x_title_row = False
            elif header:
                header.pop()
            else:
                footer -= 1
        self._header = header
        self._labels = footer >= 2
        self._x_title_row = x_title_row
        self.plot_h = max(self.height - len(header) - footer - (1 if x_title_row else 0), 1)
        self.plot_y = len(header)
        label_w = y_label_width(self.plot_h) if footer else 0
        self.plot_x = label_w + 1 if footer else 0
        self.plot_w = max(self.width - self.plot_x, 1)

    def _header_lines(self) -> list[list[tuple[str, int, int]]]:
        lines: list[list[tuple[str, int, int]]] = []
        if self.title:
            lines.append([(fit(self.title, self.width), 0, 0)])
        current: list[tuple[str, int, int]] = []
        used = 0
        if self.y_title:
            text = fit(self.y_title, max(self.width // 2, 8))
            current.append((text, self.axis_style, 2))
            used = cell_len(text) + 3
        shown = 0
        for item in self.legend:
            entry = f"{item.glyph} {item.name}"
            size = cell_len(entry) + 2
            if used + size > self.width and current:
                lines.append(current)
                current, used = [], 0
                if len(lines) >= 3:
                    break
            # The glyph in the series' colour, its name in the text colour: a light or
            # pale series colour (a file's own, in the light theme) would hide the name.
            entry = fit(entry, self.width)
            glyph = entry[: len(item.glyph)]
            current.append((glyph, item.style, 2))
            current.append((entry[len(item.glyph) :], 0, 0))
            used += size
            shown += 1
        if shown < len(self.legend) and lines:
            more = f"+{len(self.legend) - shown} more"
            lines[-1].append((more, self.axis_style, 2))
        elif current:
            lines.append(current)
        return lines

    def draw(
        self,
        grid: Grid,
        y_ticks: list[tuple[int, str]],
        x_ticks: list[tuple[int, str]],
    ) -> None:
        """Header, axis lines and labels; ticks are (row or column in the plot, label)."""
        for row, parts in enumerate(self._header):
            x = 0
            for i, (text, style, gap) in enumerate(parts):
                x = grid.write(x + (gap if i else 0), row, text, style)
        if self.plot_x == 0:
            return
        axis_x = self.plot_x - 1
        top, bottom = self.plot_y, self.plot_y + self.plot_h
        grid.fill(axis_x, top, axis_x + 1, bottom, "│", self.axis_style)
        for row, text in y_ticks:
            if 0 <= row < self.plot_h:
                grid.write(0, top + row, pad(text, axis_x, "right"), self.axis_style)
                grid.put(axis_x, top + row, "┤", self.axis_style)
        grid.put(axis_x, bottom, "└", self.axis_style)
        grid.fill(self.plot_x, bottom, self.width, bottom + 1, "─", self.axis_style)
        taken = -1
        for col, text in x_ticks:
            grid.put(self.plot_x + col, bottom, "┬", self.axis_style)
            if not self._labels:
                continue
            start = min(
                max(self.plot_x + col - cell_len(text) // 2, 0), self.width - cell_len(text)
            )
            if start > taken:
                taken = grid.write(start, bottom + 1, text, self.axis_style)
        if self.x_title:
            row = bottom + 2 if self._x_title_row else bottom + 1
            text = fit(self.x_title, self.width)
            start = self.width - cell_len(text)
            if self._x_title_row or (self._labels and start > taken + 1):
                grid.write(start, row, text, self.axis_style)
