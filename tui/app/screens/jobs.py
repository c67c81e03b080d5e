"""The jobs screen: every job of a batch folder in one table.

Rows arrive from tui.live.batch as they are read (the header counts them);
sorting and filtering are tui.model.batch's; Enter asks the app to open the
job (``JobsScreen.Open``), and the app brings this same screen back on Esc,
so the cursor, sort and filter are where the user left them.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.app.screens.metric_across import MetricAcrossScreen
from tui.app.screens.metric_picker import MetricPicker
from tui.app.theme import theme_colors
from tui.app.widgets.fit_footer import FitFooter
from tui.app.widgets.jobs_table import JobsTable
from tui.app.widgets.run_log import RunLog
from tui.formats.batch import Reading
from tui.formats.pool import Workers
from tui.live.batch import (
    BatchLive,
    CountsReapplied,
    IgnoresChanged,
    ProblemsCounted,
    RowsChanged,
    RowsRead,
)
from tui.model.batch import SORT_KEYS, JobRow, filter_rows, metric_names, sort_rows, totals
from tui.text.plural import plural
from tui.text.safe import printable

_SORTABLE = [key for key in SORT_KEYS if key != "job_id"]
_FILTER_HINT = "filter: job name, status (passed, warn, block, unreadable), failing metric"
_REBUILD_EVERY = 0.3  # seconds: while rows stream in, the table is rebuilt at most this often


class JobsScreen(Screen[None]):
    """A batch as a table of jobs."""

    DEFAULT_CSS = """
    /* One line each: too long, they end in "…" rather than at the edge. */
    #jobs-header, #jobs-status { text-wrap: nowrap; text-overflow: ellipsis; }
    #jobs-header { height: 1; padding: 0 1; background: $panel; }
    #jobs-filter { display: none; height: 3; }
    #jobs-filter.visible { display: block; }
    #jobs-table { height: 1fr; }
    #jobs-status { height: 1; padding: 0 1; background: $panel; }
    #jobs-run-log { display: none; height: 10; border-top: solid $panel-lighten-2; }
    #jobs-run-log.visible { display: block; }
    """

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="jobs-filter"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("o", "sort(1)", "Sort", id="jobs-sort"),
        Binding("O", "reverse", "Reverse", show=False),
        # Short words so that the footer fits 80 columns ("? Help" was cut off there).
        Binding("m", "metric", "Across jobs", id="jobs-metric", tooltip="one metric, every job"),
        Binding("space", "mark", "Mark", id="jobs-mark"),
        Binding("c", "compare", "Compare", id="jobs-compare", tooltip="compare the marked jobs"),
        Binding("i", "toggle_job_id", "Job ids", show=False),
        Binding("l", "toggle_log", "Run log", show=False),
    ]

    class Open(Message):
        """Open ``row``'s job in the viewer (at ``metric``, when one is named)."""

        def __init__(self, row: JobRow, metric: str | None = None) -> None:
            super().__init__()
            self.row = row
            self.metric = metric

    class Compare(Message):
        """Compare two jobs."""

        def __init__(self, a: JobRow, b: JobRow) -> None:
            super().__init__()
            self.a = a
            self.b = b

    def __init__(
        self,
        root: Path,
        *,
        watch: bool = True,
        poll: bool = False,
        pool: Workers | None = None,
        command: str | None = None,
        reading: Reading | None = None,
    ) -> None:
        super().__init__()
        self.root = root
        self.command = command  # --run's, shown in a log below the table
        self.run_state = ""
        self.rows: dict[Path, JobRow] = {}
        self.order: list[Path] = []  # the file order of the first read, for new jobs after
        self.needle = ""
        self.notes: list[str] = []
        self.progress = ""
        self.checking = ""
        self.live = BatchLive(self, root, watch=watch, poll=poll, pool=pool, reading=reading)
        self._rebuild_due = False
        self._to_filter = False

    def compose(self) -> ComposeResult:
        yield Static(id="jobs-header")
        yield Input(
            placeholder=_FILTER_HINT,
            id="jobs-filter",
        )
        yield JobsTable(id="jobs-table")
        yield RunLog(self.command, id="jobs-run-log")
        yield Static(id="jobs-status")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#jobs-filter", Input).cursor_blink = False
        # The table first; the log opens with l, or by itself when a run fails.
        self.query_one(RunLog).remove_class("visible")
        table = self.query_one(JobsTable)
        table.theme_colors = theme_colors(self.app.get_css_variables())
        table.focus()
        self._header()
        self.live.start()

    # --- rows arriving ------------------------------------------------------------------

    def on_rows_read(self, message: RowsRead) -> None:
        self.notes += message.notes
        for row in message.rows:
            self.rows[row.path] = row
        self.progress = (
            f"reading {message.done:,}/{message.total:,}…" if message.done < message.total else ""
        )
        if message.done >= message.total:
            if self.notes:
                first = printable(self.notes[0], 120)
                more = f" (+{len(self.notes) - 1} more)" if len(self.notes) > 1 else ""
                self.notify(f"skipped {first}{more}", title="not read", timeout=8, markup=False)
            self._rebuild()
            good = [r.path for r in self.rows.values() if r.error is None]
            # Said at once: the first counts take a while to come.
            self.checking = f"checking 0/{len(good):,}…" if good else ""
            self.call_after_refresh(self.live.check, good)
        elif not self.query_one(JobsTable).shown and message.rows:
            self._rebuild()  # the first rows at once; the rest as they come
        elif not self._rebuild_due:
            self._rebuild_due = True
            self.set_timer(_REBUILD_EVERY, self._rebuild)
        self._status_line()

    def on_problems_counted(self, message: ProblemsCounted) -> None:
        table = self.query_one(JobsTable)
        for path, counts in message.counts.items():
            row = self.rows.get(path)
            if row is not None:
                row.problems = counts
                table.update_row(row)
        self.checking = (
            f"checking {message.done:,}/{message.total:,}…" if message.done < message.total else ""
        )
        if table.sort_key == "problems" and not self.checking:
            self._rebuild()
        self._status_line()

    def on_ignores_changed(self, message: IgnoresChanged) -> None:
        # Counted again from the jobs' counts as they are now, every earlier count in.
        self.live.recount(list(self.rows.values()))

    def on_counts_reapplied(self, message: CountsReapplied) -> None:
        tables = self.query(JobsTable)
        if not tables:
            return  # being removed: the app is closing
        table = tables.first()
        changed = 0
        for path, counts in message.counts.items():
            row = self.rows.get(path)
            if row is not None and row.problems != counts:
                row.problems = counts
                table.update_row(row)
                changed += 1
        if changed and table.sort_key == "problems":
            self._rebuild()
        said = f"{plural(changed, 'job')} counted again" if changed else "no count changed"
        self.notify(f"ignore file changed: {said}", title="problems", timeout=4, markup=False)

    def on_rows_changed(self, message: RowsChanged) -> None:
        new = changed = 0
        for row in message.rows:
            old = self.rows.get(row.path)
            if old is None:
                new += 1
            else:
                changed += 1
            if old is not None and old.error is None and row.error is not None:
                old.stale = row.error  # keep the last good read on screen, and say so
                continue
            self.rows[row.path] = row
        gone = 0
        for path in message.gone:
            for row in self.rows.values():
                if row.stale is None and (row.path == path or path in row.path.parents):
                    row.stale = "the file is gone"
                    gone += 1
        if message.rows or gone:
            self._rebuild()
        parts = [f"{new} new" if new else "", f"{changed} rewritten" if changed else ""]
        parts += [f"{gone} gone" if gone else ""]
        summary = ", ".join(p for p in parts if p)
        if summary:
            self.notify(f"jobs: {summary}", title="batch changed", timeout=4, markup=False)

    # --- the table ------------------------------------------------------------------------

    def _rebuild(self) -> None:
        self._rebuild_due = False
        table = self.query_one(JobsTable)
        shown = filter_rows(self.rows.values(), self.needle)
        table.show(sort_rows(shown, table.sort_key, descending=table.descending))
        self._header()

    def _header(self) -> None:
        rows = list(self.rows.values())
        counts = totals(rows)
        parts = []
        for label, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            parts.append(f"{count} {label}")
        shown = len(self.query_one(JobsTable).shown)
        head = Text(f"{printable(str(self.root), 80)} — {plural(len(rows), 'job')}", style="bold")
        if parts:
            head.append(": " + ", ".join(parts), style="")
        if self.needle:
            head.append(f"  · {shown:,} shown for “{printable(self.needle, 40)}”")
        self.query_one("#jobs-header", Static).update(head)
        self._status_line()

    def set_run(self, text: str, kind: str) -> None:
        """What the --run command is doing (``kind``: busy, ok or error)."""
        self.run_state = printable(text, 60) + " (l: log)"
        if self.is_attached:
            self._status_line()

    def action_toggle_log(self) -> None:
        self.query_one(RunLog).toggle()

    def _status_line(self) -> None:
        busy = " · ".join(p for p in (self.run_state, self.progress, self.checking) if p)
        table = self.query_one(JobsTable)
        order = f"sorted by {table.sort_key}{' (descending)' if table.descending else ''}"
        marked = f" · {len(table.marked)} marked" if table.marked else ""
        skipped = f" · {len(self.notes)} skipped" if self.notes else ""
        hidden = f" · too narrow for: {', '.join(table.hidden)}" if table.hidden else ""
        self.query_one("#jobs-status", Static).update(
            Text(f"{busy + ' · ' if busy else ''}{order}{marked}{skipped}{hidden}")
        )

    def on_resize(self) -> None:
        # The table fits its columns to the new width first; then say what it left out.
        self.call_after_refresh(self._status_line)

    @on(JobsTable.Chosen, "#jobs-table")
    def _open(self, event: JobsTable.Chosen) -> None:
        event.stop()
        self.post_message(self.Open(event.row))

    @on(JobsTable.SortBy, "#jobs-table")
    def _sort_by_header(self, event: JobsTable.SortBy) -> None:
        table = self.query_one(JobsTable)
        key = event.key
        if key == table.sort_key:
            table.descending = not table.descending
        else:
            table.sort_key, table.descending = key, key in ("status", "block", "warn", "problems")
        self._rebuild()

    def action_sort(self, step: int) -> None:
        table = self.query_one(JobsTable)
        index = _SORTABLE.index(table.sort_key) if table.sort_key in _SORTABLE else -1
        table.sort_key = _SORTABLE[(index + step) % len(_SORTABLE)]
        # Counts and statuses read best worst first; names and times in order.
        table.descending = table.sort_key in ("status", "block", "warn", "blocking", "problems")
        self._rebuild()

    def action_reverse(self) -> None:
        table = self.query_one(JobsTable)
        table.descending = not table.descending
        self._rebuild()

    def action_toggle_job_id(self) -> None:
        table = self.query_one(JobsTable)
        table.show_job_id = not table.show_job_id
        self._rebuild()

    def action_mark(self) -> None:
        table = self.query_one(JobsTable)
        row = table.current()
        if row is None:
            return
        table.marked ^= {row.path}
        table.update_row(row)
        table.move_cursor(row=table.cursor_row + 1, animate=False)
        self._header()

    def action_compare(self) -> None:
        table = self.query_one(JobsTable)
        marked = [self.rows[p] for p in table.marked if p in self.rows]
        if len(marked) != 2:
            self.notify("mark two jobs with Space, then press c", timeout=3)
            return
        self.post_message(self.Compare(*sorted(marked, key=lambda r: r.name)))

    # --- filter ---------------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#jobs-filter", Input)
        box.add_class("visible")
        box.focus()

    def on_key(self, event: events.Key) -> None:
        # Keys reach the screen before its bindings run, and the filter box takes the
        # focus a moment after /: what is typed right after / (fast typing, a paste)
        # goes into the box, and does not sort (o) or compare (c) on the way.
        box = self.query_one("#jobs-filter", Input)
        if box.has_focus:
            self._to_filter = False
            return
        if event.key == "slash":
            self._to_filter = True
        elif not (self._to_filter and event.is_printable and event.character):
            self._to_filter = False
            return
        else:
            box.insert_text_at_cursor(event.character)
        event.stop()
        event.prevent_default()
        self.action_filter()

    def action_clear_filter(self) -> None:
        box = self.query_one("#jobs-filter", Input)
        if box.has_class("visible") or box.value:
            box.value = ""
            box.remove_class("visible")
            self.query_one(JobsTable).focus()

    @on(Input.Changed, "#jobs-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.needle = event.value
        self._rebuild()

    @on(Input.Submitted, "#jobs-filter")
    def _filter_done(self) -> None:
        self.query_one(JobsTable).focus()

    # --- one metric across the batch ------------------------------------------------------

    def action_metric(self) -> None:
        rows = list(self.rows.values())
        names = metric_names(rows)
        if not names:
            self.notify("no job has been read yet", timeout=3)
            return
        current = self.query_one(JobsTable).current()
        failing = [c.name for c in current.failing] if current is not None else []
        self.app.push_screen(MetricPicker(names, failing[:1]), self._metric_chosen)

    def _metric_chosen(self, name: str | None) -> None:
        if name is None:
            return
        rows = sort_rows(filter_rows(self.rows.values(), self.needle), "name")
        # Enter there opens a job (MetricAcrossScreen.Open, the app's to handle).
        self.app.push_screen(MetricAcrossScreen(name, rows))

    def select(self, row: JobRow) -> None:
        """Put the cursor on ``row``'s job (one opened from another screen)."""
        if self.is_attached:
            self.query_one(JobsTable).select_path(row.path)
