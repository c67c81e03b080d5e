"""The jobs table: one row per job, in the order and under the filter it is given.

A thin adapter over DataTable: the columns' texts come from tui.text.jobs and
the order from tui.model.batch. Rows are keyed by their file, so rebuilding
(a new sort, a filter, a job that changed) keeps the cursor on the same job.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from tui.model.batch import JobRow
from tui.text.glyphs import status_look
from tui.text.jobs import COLUMNS, JOB_ID_COLUMN

_STATUS_COLORS = {"UNREADABLE": "error"}


class JobsTable(DataTable[Text]):
    """Jobs as rows; ``marked`` jobs (for compare) carry a mark before their name."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.marked: set[Path] = set()
        self.show_job_id = False
        self.sort_key = "name"
        self.descending = False
        self.theme_colors: dict[str, str] = {}
        self._shown: list[JobRow] = []
        self._index: dict[Path, int] = {}

    @property
    def columns_shown(self) -> list[tuple[str, str, object]]:
        columns = list(COLUMNS)
        if self.show_job_id:
            columns.insert(1, JOB_ID_COLUMN)
        return columns  # type: ignore[return-value]

    def show(self, rows: Sequence[JobRow]) -> None:
        """Replace the rows, keeping the cursor on the job it was on (or its position)."""
        current = self.current_path()
        position = self.cursor_row
        self._shown = list(rows)
        self.clear(columns=True)
        for key, header, _ in self.columns_shown:
            arrow = (" ▼" if self.descending else " ▲") if key == self.sort_key else ""
            self.add_column(Text(header + arrow), key=key)
        self.add_rows([self._cells(r) for r in rows])
        # add_rows keys rows by position; keep our own index from path to row number.
        self._index = {r.path: i for i, r in enumerate(rows)}
        if current is not None and current in self._index:
            self.move_cursor(row=self._index[current], animate=False)
        elif rows:
            self.move_cursor(row=min(position, len(rows) - 1), animate=False)

    def update_row(self, row: JobRow) -> bool:
        """Redraw one job in place; False when it is not shown (the caller rebuilds)."""
        index = self._index.get(row.path)
        if index is None:
            return False
        self._shown[index] = row
        for column, cell in enumerate(self._cells(row)):
            self.update_cell_at(Coordinate(index, column), cell)
        return True

    def current(self) -> JobRow | None:
        if not self._shown or not 0 <= self.cursor_row < len(self._shown):
            return None
        return self._shown[self.cursor_row]

    def current_path(self) -> Path | None:
        row = self.current()
        return row.path if row is not None else None

    def select_path(self, path: Path) -> bool:
        index = self._index.get(path)
        if index is None:
            return False
        self.move_cursor(row=index, animate=False)
        return True

    @property
    def shown(self) -> list[JobRow]:
        return self._shown

    def _cells(self, row: JobRow) -> list[Text]:
        cells = []
        for key, _, text_of in self.columns_shown:
            text = Text(text_of(row))  # type: ignore[operator]
            if key == "status":
                text.stylize(self._status_style(row))
            if key == "name" and row.path in self.marked:
                text = Text("◆ ", style="bold") + text
            if row.stale is not None and key == "blocking":
                text = Text(f"(last good; now {row.stale}) ", style="italic") + text
            cells.append(text)
        return cells

    def _status_style(self, row: JobRow) -> str:
        if row.error is not None:
            name = "error"
        elif row.status is not None:
            name = status_look(row.status).color
        else:
            name = "foreground-muted"
        return self.theme_colors.get(name, "")
