"""The jobs table: one row per job, in the order and under the filter it is given.

The same widget shows one metric across the jobs (other columns, the metric's
status coloured): one set of keys and mouse for every table of jobs.

A line widget, not a DataTable: it draws only the rows on screen, from texts
made once per row, so ten thousand jobs cost what the visible forty do, and
a problem count arriving redraws one line instead of re-measuring a column.
The columns' texts come from tui.text.jobs, which also decides which columns
fit the width (the rest are named in ``hidden``); the order comes from
tui.model.batch. The cursor stays on its job (by file) across rebuilds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.batch import JobRow
from tui.model.enums import MetricStatus
from tui.text.glyphs import status_look
from tui.text.jobs import COLUMNS, GAP, JOB_ID_COLUMN, fit_columns

_Column = tuple[str, str, Callable[[JobRow], str]]
_MARK = "◆ "


class JobsTable(ScrollView, can_focus=True):
    """Jobs as rows; ``marked`` jobs (for compare) carry a mark before their name."""

    DEFAULT_CSS = """
    JobsTable { background: $surface; color: $foreground; }
    JobsTable > .jobs-table--header { text-style: bold; background: $panel; }
    JobsTable > .jobs-table--odd { background: $surface-darken-1 40%; }
    JobsTable > .jobs-table--cursor { background: $surface-lighten-1; }
    JobsTable:focus > .jobs-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    """
    COMPONENT_CLASSES = {"jobs-table--header", "jobs-table--odd", "jobs-table--cursor"}

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move(-1000000000)", "First", show=False),
        Binding("end", "move(1000000000)", "Last", show=False),
        Binding("enter", "choose", "Open", show=False),
    ]

    class Chosen(Message):
        """Enter (or a click on the cursor's row) on a job."""

        def __init__(self, table: JobsTable, row: JobRow) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> JobsTable:
            return self.table

    class SortBy(Message):
        """A click on a column's header."""

        def __init__(self, table: JobsTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> JobsTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[_Column] | None = None,
        status_of: Callable[[JobRow], MetricStatus | None] | None = None,
        **kwargs: object,
    ) -> None:
        """The jobs' own columns by default; another view of the jobs (one metric across
        them) gives its ``columns`` and the ``status_of`` a row its status column shows."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._columns: list[_Column] | None = list(columns) if columns is not None else None
        self._status_of = status_of
        self.marked: set[Path] = set()
        self.show_job_id = False
        self.sort_key = "name"
        self.descending = False
        self.theme_colors: dict[str, str] = {}
        self.cursor_row = 0
        self.hidden: list[str] = []  # headers of the columns the width left out
        self._shown: list[JobRow] = []
        self._index: dict[Path, int] = {}
        self._texts: dict[Path, list[str]] = {}  # by file: every column's text
        self._texts_for: tuple[bool] = (False,)  # the columns they were made for
        self._states: dict[Path, tuple[JobRow, object, object, bool]] = {}
        self._layout: list[tuple[int, int]] = []  # (column number, width) drawn
        self._widths: list[int] = [0] * len(self.columns_shown)  # each column's widest text

    # --- what is shown ------------------------------------------------------------------

    @property
    def columns_shown(self) -> list[_Column]:
        """Every column this table has, shown or hidden by the width."""
        if self._columns is not None:
            return self._columns
        columns: list[_Column] = list(COLUMNS)
        if self.show_job_id:
            columns.insert(1, JOB_ID_COLUMN)
        return columns

    @property
    def headers(self) -> list[str]:
        """The headers drawn, left to right."""
        columns = self.columns_shown
        return [columns[i][1] for i, _ in self._layout]

    def show(self, rows: Sequence[JobRow]) -> None:
        """Replace the rows, keeping the cursor on the job it was on (or its position)."""
        current = self.current_path()
        self._shown = list(rows)
        self._index = {r.path: i for i, r in enumerate(self._shown)}
        columns = self.columns_shown
        # Texts are made once per row and kept until the row itself changes.
        kept = self._texts if self._texts_for == (self.show_job_id,) else {}
        self._texts_for = (self.show_job_id,)
        self._texts = {r.path: self._texts_kept(r, kept, columns) for r in self._shown}
        # Headers as wide as their text, the sorted one with its arrow.
        self._widths = [cell_len(h) + 2 * (k == self.sort_key) for k, h, _ in columns]
        for texts in self._texts.values():
            self._widen(texts)
        if current is not None and current in self._index:
            self.cursor_row = self._index[current]
        self.cursor_row = max(0, min(self.cursor_row, len(self._shown) - 1))
        self._fit()
        self._follow_cursor()

    def update_row(self, row: JobRow) -> bool:
        """Redraw one job in place; False when it is not shown (the caller rebuilds)."""
        index = self._index.get(row.path)
        if index is None:
            return False
        self._shown[index] = row
        texts = self._texts[row.path] = self._texts_of(row, self.columns_shown)
        self._states[row.path] = self._state(row)
        # Columns widen for a longer text; they narrow again at the next rebuild.
        if self._widen(texts):
            self._fit()
        else:
            self._refresh_row(index)
        return True

    def current(self) -> JobRow | None:
        if not 0 <= self.cursor_row < len(self._shown):
            return None
        return self._shown[self.cursor_row]

    def current_path(self) -> Path | None:
        row = self.current()
        return row.path if row is not None else None

    def select_path(self, path: Path) -> bool:
        index = self._index.get(path)
        if index is None:
            return False
        self.move_cursor(row=index)
        return True

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        old = self.cursor_row
        self.cursor_row = max(0, min(row, len(self._shown) - 1))
        if old != self.cursor_row:
            self._refresh_row(old)
            self._refresh_row(self.cursor_row)
        self._follow_cursor()

    @property
    def shown(self) -> list[JobRow]:
        return self._shown

    # --- keys and the mouse -------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(row=self.cursor_row + step * max(1, self.size.height - 2))

    def action_choose(self) -> None:
        row = self.current()
        if row is not None:
            self.post_message(self.Chosen(self, row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            key = self._column_at(offset.x + int(self.scroll_offset.x))
            if key is not None:
                self.post_message(self.SortBy(self, key))
            return
        index = int(self.scroll_offset.y) + offset.y - 1
        if not 0 <= index < len(self._shown):
            return
        if index == self.cursor_row:
            self.action_choose()
        else:
            self.move_cursor(row=index)

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    # --- drawing -----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            strip = self._header_line()
        else:
            index = int(self.scroll_offset.y) + y - 1
            strip = self._row_line(index) if 0 <= index < len(self._shown) else Strip.blank(0)
        base = self.rich_style
        strip = strip.crop(int(self.scroll_offset.x), int(self.scroll_offset.x) + width)
        return strip.extend_cell_length(width, base).apply_style(base)

    def _refresh_row(self, index: int) -> None:
        # Row ``index`` is line index + 1 of the content: the header is line 0.
        self.refresh_line(index + 1)

    def _header_line(self) -> Strip:
        style = self.get_component_rich_style("jobs-table--header")
        columns = self.columns_shown
        segments = [Segment(" ", style)]
        for n, (i, width) in enumerate(self._layout):
            key, header, _ = columns[i]
            arrow = (" ▼" if self.descending else " ▲") if key == self.sort_key else ""
            text = _cut(header + arrow, width)
            gap = "" if n == len(self._layout) - 1 else " " * GAP
            segments.append(Segment(text + " " * (width - cell_len(text)) + gap, style))
        return Strip(segments).extend_cell_length(self.virtual_size.width, style)

    def _row_line(self, index: int) -> Strip:
        row = self._shown[index]
        if index == self.cursor_row:
            base = self.get_component_rich_style("jobs-table--cursor")
        elif index % 2:
            base = self.get_component_rich_style("jobs-table--odd")
        else:
            base = Style()
        texts = self._texts.get(row.path) or self._texts_of(row, self.columns_shown)
        columns = self.columns_shown
        segments = [Segment(" ", base)]
        for n, (i, width) in enumerate(self._layout):
            key = columns[i][0]
            text = _cut(texts[i], width, keep_end=key == "name")
            style = base
            if key == "status":
                style = base + self._status_style(row)
            elif key == "blocking" and row.stale is not None:
                style = base + Style(italic=True)
            elif key == "name" and row.path in self.marked:
                style = base + Style(bold=True)
            gap = "" if n == len(self._layout) - 1 else " " * GAP
            segments.append(Segment(text, style))
            segments.append(Segment(" " * (width - cell_len(text)) + gap, base))
        return Strip(segments).extend_cell_length(self.virtual_size.width, base)

    # --- layout ------------------------------------------------------------------------

    def _texts_kept(
        self, row: JobRow, kept: dict[Path, list[str]], columns: list[_Column]
    ) -> list[str]:
        """The row's texts from the last showing when nothing they depend on changed."""
        texts = kept.get(row.path)
        state = self._states.get(row.path)
        # The row by identity (a re-read is a new object; comparing fields costs more).
        if texts is None or state is None or state[0] is not row or state != self._state(row):
            texts = self._texts_of(row, columns)
            self._states[row.path] = self._state(row)
        return texts

    def _state(self, row: JobRow) -> tuple[JobRow, object, object, bool]:
        return (row, row.problems, row.stale, row.path in self.marked)

    def _texts_of(self, row: JobRow, columns: list[_Column]) -> list[str]:
        texts = [text_of(row) for _, _, text_of in columns]
        for i, (key, _, _) in enumerate(columns):
            if key == "name" and row.path in self.marked:
                texts[i] = _MARK + texts[i]
            if key == "blocking" and row.stale is not None:
                texts[i] = f"(last good; now {row.stale}) " + texts[i]
        return texts

    def _widen(self, texts: list[str]) -> bool:
        """Make each column as wide as its text in ``texts``; whether any grew."""
        grew = False
        for i, text in enumerate(texts):
            if len(text) > self._widths[i] or cell_len(text) > self._widths[i]:
                self._widths[i] = cell_len(text)
                grew = True
        return grew

    def _natural(self) -> list[tuple[str, int]]:
        """Each column's width: its widest text or its header, whichever is wider."""
        return [(key, self._widths[i]) for i, (key, _, _) in enumerate(self.columns_shown)]

    def _fit(self) -> None:
        columns = self.columns_shown
        natural = self._natural()
        room = max(1, self._width_for_rows() - 2)  # a space each side
        fitted = dict(fit_columns(natural, room))
        keys = [key for key, _, _ in columns]
        self._layout = [(keys.index(key), fitted[key]) for key, _ in natural if key in fitted]
        self.hidden = [header for key, header, _ in columns if key not in fitted]
        drawn = sum(w for _, w in self._layout) + GAP * max(0, len(self._layout) - 1) + 2
        self.virtual_size = Size(drawn, len(self._shown) + 1)
        self.refresh()

    def _width_for_rows(self) -> int:
        """The width the rows get: less the vertical scrollbar when they will need one.

        Asked before it appears (the rows set the height it depends on), so a table
        that grows past the screen does not draw its last column cut by the bar.
        """
        width = self.content_region.width
        if len(self._shown) + 1 > self.content_region.height:
            width -= self.styles.scrollbar_size_vertical
        return width

    def _follow_cursor(self) -> None:
        """Scroll so the cursor's row is on screen, below the header."""
        rows_on_screen = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + rows_on_screen:
            self.scroll_to(y=self.cursor_row - rows_on_screen + 1, animate=False)

    def _column_at(self, x: int) -> str | None:
        columns = self.columns_shown
        left = 1
        for i, width in self._layout:
            if left <= x < left + width + GAP:
                return columns[i][0]
            left += width + GAP
        return None

    def _status_style(self, row: JobRow) -> Style:
        status = self._status_of(row) if self._status_of is not None else row.status
        if row.error is not None:
            name = "error"
        elif status is not None:
            name = status_look(status).color
        else:
            name = "foreground-muted"
        color = self.theme_colors.get(name, "")
        return Style.parse(color) if color else Style()


def _cut(text: str, width: int, *, keep_end: bool = False) -> str:
    """``text`` in at most ``width`` cells, an ellipsis marking what was cut.

    Job names keep their end (``…/job-017``): a batch's names share their start.
    """
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    if keep_end:
        while cell_len(text) > width - 1:
            text = text[1:]
        return "…" + text
    while cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"
