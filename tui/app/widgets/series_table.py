"""A virtual table of a metric's series: only the rows on screen are formatted.

A series may hold millions of points, far too many for a DataTable (which
builds every row). This view computes each visible line on demand from the
numpy columns, so scrolling 5M rows costs what 40 rows cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.columns import Column
from tui.model.tables import Table
from tui.text.formatting import cell
from tui.text.safe import printable

_SAMPLE = 200  # rows at each end measured to size a column
_MAX_WIDTH = 40


@dataclass(frozen=True, slots=True)
class _Col:
    header: str
    column: Column
    width: int


def merge(tables: list[Table]) -> list[tuple[str, Column]]:
    """One wide set of columns: series that share an index share its column."""
    merged: list[tuple[str, Column]] = []
    seen: set[int] = set()
    for table in tables:
        for i, (header, column) in enumerate(table.columns):
            is_key = i == 0 and len(table.columns) > 1
            if is_key and id(column) in seen:
                continue
            seen.add(id(column))
            merged.append((header if is_key or len(tables) == 1 else table.title, column))
        if table.status is not None:
            label = "status" if len(tables) == 1 else f"{table.title} status"
            merged.append((label, table.status))
    return merged


class SeriesTable(ScrollView, can_focus=True):
    """Rows of one or more tables; the first line is a header that stays put."""

    DEFAULT_CSS = """
    SeriesTable { height: 1fr; min-height: 5; }
    """

    BINDINGS = [
        Binding("down,j", "move(1)", "Next row", show=False),
        Binding("up,k", "move(-1)", "Previous row", show=False),
    ]

    def __init__(self, tables: list[Table], *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self._cols = [_Col(h, c, _width(h, c)) for h, c in merge(tables)]
        self._rows = max((len(c.column) for c in self._cols), default=0)
        width = sum(c.width + 3 for c in self._cols) + 8
        self._width = width
        self.virtual_size = Size(width, self._rows + 1)
        self.cursor: int | None = None  # the selected row (its number in the data)
        self.index: np.ndarray | None = None  # the rows shown, when not all of them

    @property
    def columns(self) -> list[Column]:
        return [c.column for c in self._cols]

    @property
    def shown(self) -> int:
        return self._rows if self.index is None else len(self.index)

    def show_only(self, index: np.ndarray | None) -> None:
        """Show only the rows in ``index`` (ascending), or all of them again."""
        self.index = index
        self.virtual_size = Size(self._width, self.shown + 1)
        if self.cursor is not None and index is not None and len(index):
            self.select(int(index[min(int(np.searchsorted(index, self.cursor)), len(index) - 1)]))
        self.refresh()

    def _position(self, row: int) -> int:
        if self.index is None:
            return row
        return int(np.searchsorted(self.index, row))

    def _row_at(self, position: int) -> int:
        return position if self.index is None else int(self.index[position])

    def select(self, row: int) -> None:
        """Select ``row`` (a data row number) and scroll it into view."""
        self.cursor = row
        position = self._position(row)
        height = max(self.size.height - 1, 1)
        top = int(self.scroll_offset.y)
        if not top <= position < top + height:
            self.scroll_to(y=max(position - height // 2, 0), animate=False)
        self.refresh()

    def action_move(self, step: int) -> None:
        if not self.shown:
            return
        if self.cursor is None:
            position = int(self.scroll_offset.y)
        else:
            position = min(max(self._position(self.cursor) + step, 0), self.shown - 1)
        self.select(self._row_at(position))

    @property
    def row_count(self) -> int:
        return self._rows

    def selected_text(self) -> str | None:
        """The selected row as ``header: value`` pairs, or None when no row is selected."""
        row = self.cursor
        if row is None or not 0 <= row < self._rows:
            return None
        parts = [f"row {row}"]
        for col in self._cols:
            if row < len(col.column):
                value = cell(col.column.kind, col.column.values[row])
                parts.append(f"{printable(col.header, 80)}: {value}")
        return "\t".join(parts)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            line = self._header()
        else:
            position = scroll_y + y - 1
            if position >= self.shown:
                return Strip.blank(width, base)
            row = self._row_at(position)
            line = self._row(row)
            if row == self.cursor:
                line.stylize(Style(reverse=True))
        line.stylize(base, 0, 0)
        strip = Strip(line.render(self.app.console), line.cell_len)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _header(self) -> Text:
        text = Text("     row", style=Style(bold=True))
        for col in self._cols:
            text.append(" │ ")
            text.append(printable(col.header, col.width).ljust(col.width), Style(bold=True))
        return text

    def _row(self, row: int) -> Text:
        text = Text(f"{row:>8}", style=Style(dim=True))
        for col in self._cols:
            text.append(" │ ", Style(dim=True))
            value = cell(col.column.kind, col.column.values[row]) if row < len(col.column) else ""
            if col.column.kind == "double":
                text.append(value[: col.width].rjust(col.width))
            else:
                text.append(value[: col.width].ljust(col.width))
        return text


def _width(header: str, column: Column) -> int:
    count = len(column)
    rows = list(range(min(count, _SAMPLE))) + list(range(max(count - _SAMPLE, _SAMPLE), count))
    widest = max((len(cell(column.kind, column.values[r])) for r in rows), default=0)
    return max(4, min(_MAX_WIDTH, max(widest, len(header))))
