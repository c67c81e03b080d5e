"""The raw-data table with its finder: search a value, a time, a status; failing rows
only; go to row N; next / previous failing row.

What the user had (the selected row, the last search, failing rows only) is kept
across a reload (``TablePlace``), as a chart keeps its cursor.

The search runs in a worker thread (a mask over 5M rows is one numpy pass, but a
text column is slower), and only the newest search counts; the table keeps its
place while it runs. The query language is tui.model.table_search's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui.app.widgets.series_table import SeriesTable
from tui.model import table_search as ts
from tui.model.columns import Column
from tui.model.tables import Table
from tui.text.plural import plural
from tui.text.safe import printable

FAILING = ts.Query("status", codes=(2, 5))


@dataclass(frozen=True, slots=True)
class TablePlace:
    """Where the user is in a table: kept across a reload while the metric is there."""

    row: int | None = None  # the selected row
    query: str = ""  # the last search, still in the box (Enter: its next match)
    failing_only: bool = False
    searching: bool = False  # the search box open


class TableView(Vertical):
    """A SeriesTable, the box to search it and a line that says what was found."""

    DEFAULT_CSS = """
    TableView { height: auto; }
    TableView > Input { display: none; height: 3; }
    TableView > Input.-open { display: block; }
    TableView > .table-found { height: auto; color: $text-muted; display: none; }
    """

    BINDINGS = [
        Binding("slash", "search", "Search", id="table-search"),
        Binding("g", "go_to", "Go to", id="table-go-to"),
        Binding("F", "failing_only", "Failing only", id="table-failing"),
        Binding("n", "failure(1)", "Failing", key_display="n/N", id="table-next-fail"),
        Binding("N", "failure(-1)", "Previous failing row", show=False),
    ]

    class _Found(Message):
        def __init__(self, ticket: int, query: ts.Query, mask: np.ndarray, step: int) -> None:
            super().__init__()
            self.ticket, self.query, self.mask, self.step = ticket, query, mask, step

    def __init__(self, tables: list[Table], *, place: TablePlace | None = None) -> None:
        super().__init__()
        self.tables = tables
        self.mode = "search"  # what the box is for: "search" or "goto"
        self._ticket = 0
        self._masks: dict[ts.Query, np.ndarray] = {}  # the newest few, for Enter again
        self._kept = place
        self.query_text = place.query if place else ""
        self._failing_only = False  # the rows shown are the failing ones (F)

    @property
    def place(self) -> TablePlace:
        boxes, tables = self.query(Input), self.query(SeriesTable)
        if not self.is_mounted or not boxes or not tables:  # not yet, or being removed
            return self._kept or TablePlace()
        box = boxes.first()
        return TablePlace(
            tables.first().cursor,
            self.query_text,
            self._failing_only and self.table.index is not None,
            box.has_class("-open") and self.mode == "search",
        )

    def on_mount(self) -> None:
        kept, self._kept = self._kept, None
        if kept is None:
            return
        box = self.query_one(Input)
        box.value = kept.query
        if kept.searching:
            self.mode = "search"
            box.add_class("-open")
        table = self.table
        if kept.row is not None and table.row_count:
            row = min(kept.row, table.row_count - 1)
            table.cursor = row  # failing only moves it to the nearest failing row
            self.call_after_refresh(self._reselect, row)
        if kept.failing_only:
            self.find(FAILING, 0, only=True)

    def _reselect(self, row: int) -> None:
        # Runs after a refresh: a reload may have begun removing this view by then,
        # and a view being removed loses its children before it is detached.
        tables = self.query(SeriesTable)
        if self.is_attached and tables and tables.first().index is None:
            tables.first().select(row)

    def compose(self) -> ComposeResult:
        yield Input(placeholder="", classes="table-box")
        yield Static("", classes="table-found")
        yield SeriesTable(self.tables, classes="series-table")

    @property
    def table(self) -> SeriesTable:
        return self.query_one(SeriesTable)

    def say(self, text: str) -> None:
        if self.is_attached:
            found = self.query_one(".table-found", Static)
            found.display = True
            found.update(Text(text))

    # --- keys ----------------------------------------------------------------------

    def _open(self, mode: str, placeholder: str) -> None:
        self.mode = mode
        box = self.query_one(Input)
        # One box for both: the search reopens on the last search (kept across a
        # reload), not on a row number typed for go to.
        box.value = self.query_text if mode == "search" else ""
        box.placeholder = placeholder
        box.add_class("-open")
        box.focus()

    def action_search(self) -> None:
        self._open(
            "search",
            "find: 3.5  > 3.5  t = 12  12:34:56  FAIL_BLOCK  text — Enter: next, Esc: close",
        )

    def action_go_to(self) -> None:
        self._open("goto", "go to row number")

    def action_failing_only(self) -> None:
        table = self.table
        if table.index is not None:
            table.show_only(None)
            self._failing_only = False
            self.say(f"all {plural(table.row_count, 'row')}")
            return
        self.find(FAILING, 0, only=True)

    def action_failure(self, step: int) -> None:
        self.find(FAILING, step)

    @on(Input.Submitted, ".table-box")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.mode == "goto":
            self._go_to(event.value)
            return
        query = ts.parse(event.value)
        self.query_text = event.value
        if query is not None:
            self.find(query, 1)

    def on_key(self, event: events.Key) -> None:
        box = self.query_one(Input)
        if event.key == "escape" and box.has_focus:  # Esc closes the box, before the Browser's
            event.stop()
            box.remove_class("-open")
            self.table.focus()

    def _go_to(self, text: str) -> None:
        table = self.table
        try:
            row = int(text.strip().replace(",", "").replace("_", ""))
        except ValueError:
            self.say(f"not a row number: {printable(text, 40)}")
            return
        if not 0 <= row < table.row_count:
            self.say(f"rows go from 0 to {table.row_count - 1:,}")
            return
        if table.index is not None:
            table.show_only(None)  # the row may be a passing one
            self._failing_only = False
        table.select(row)
        self.say(f"row {row:,}")

    # --- search ----------------------------------------------------------------------

    def find(self, query: ts.Query, step: int, *, only: bool = False) -> None:
        """Go ``step`` matches from the selected row (0: show only the matches)."""
        self._ticket += 1
        mask = self._masks.get(query)
        if mask is not None:
            self._show(query, mask, 0 if only else step)
            return
        self.say(f"searching {plural(self.table.row_count, 'row')}…")
        self._search(self._ticket, query, self.table.columns, 0 if only else step)

    @work(thread=True, exclusive=True, group="table-search", description="table search")
    def _search(self, ticket: int, query: ts.Query, columns: list[Column], step: int) -> None:
        self.post_message(self._Found(ticket, query, ts.matches(columns, query), step))

    @on(_Found)
    def _found(self, message: _Found) -> None:
        message.stop()
        if message.ticket != self._ticket or not self.is_attached:
            return  # a newer search started, or the card moved on
        if len(self._masks) > 4:
            self._masks.clear()
        self._masks[message.query] = message.mask
        self._show(message.query, message.mask, message.step)

    def _show(self, query: ts.Query, mask: np.ndarray, step: int) -> None:
        table = self.table
        what = query.describe()
        total = int(np.count_nonzero(mask))
        if step == 0:  # only these rows
            if not total:
                self.say(f"no rows with {what}")
                return
            table.show_only(np.flatnonzero(mask))
            self._failing_only = query == FAILING
            self.say(f"{plural(total, 'row')} with {what} (F: all rows again)")
            return
        start = table.cursor if table.cursor is not None else (-1 if step > 0 else len(mask))
        if table.index is not None and query != FAILING:
            table.show_only(None)
            self._failing_only = False
        row = ts.step(mask, start, step)
        if row is None:
            where = "after" if step > 0 else "before"
            self.say(
                f"{plural(total, 'row')} with {what}; none {where} row {start:,}"
                if total
                else f"no rows with {what}"
            )
            return
        table.select(row)
        self.say(f"row {row:,}: {what} ({plural(total, 'row')} match)")
