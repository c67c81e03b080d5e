"""One metric in every job: its status and value per job, how values spread, who fails.

The table is the jobs table's widget (same keys, mouse, column fitting) with
the metric's columns; o sorts by job, status or value, a click on a header
too. Enter on a job asks the app to open that job at that metric
(``MetricAcrossScreen.Open``); the app keeps this screen, so Esc in the job
comes back here with the cursor, sort and filter as they were.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.app.theme import theme_colors
from tui.app.widgets.fit_footer import FitFooter
from tui.app.widgets.jobs_table import JobsTable
from tui.model.batch import (
    Across,
    JobRow,
    across,
    across_sort_keys,
    filter_rows,
    histogram,
    sort_rows,
)
from tui.model.enums import MetricStatus
from tui.text.formatting import number
from tui.text.jobs import NAME_LEN, metric_status_text, value_text
from tui.text.plural import plural
from tui.text.safe import printable

BAR = 30  # widest histogram bar, in cells
_FILTER_HINT = "filter: job name, job status, failing metric (as on the jobs screen)"


HEAD_LINES = 3  # the summary's lines above the histogram: name, statuses, values
MOST_BINS = 10


def bins_for(height: int) -> int:
    """Histogram bins that fit the summary's half of a screen ``height`` lines tall.

    Ten bins cut at the summary's edge would hide the top of the range with nothing
    to say so (80x24 showed 8 of 10); fewer, wider bins are still the whole range.
    """
    # Half the screen less a line, as Textual lays out the summary's ``max-height: 50%``
    # (11 lines of a 24-line screen).
    return max(1, min(MOST_BINS, (height - 1) // 2 - HEAD_LINES))


def summary_text(view: Across, bins: int = MOST_BINS) -> Text:
    """Counts by status, the value range and a histogram, and how many jobs fail it."""
    text = Text(f"{printable(view.name, 100)}", style="bold")
    text.append(f" across {plural(len(view.rows), 'job')}\n")
    counts = ", ".join(f"{n:,} {s.label}" for s, n in view.status_counts())
    text.append(f"by status: {counts or 'in no job'}")
    if view.missing:
        text.append(f" · not in {plural(len(view.missing), 'job')}")
    text.append(f" · failing in {len(view.failing):,}\n")
    values = view.values
    if not values:
        text.append("no values (only scalars and double summaries have one)", style="dim")
        return text
    unit = f" {printable(view.unit, 12)}" if view.unit else ""
    text.append(
        f"values: min {number(min(values))}, max {number(max(values))}, "
        f"mean {number(sum(values) / len(values))}{unit} over {len(values):,} jobs\n"
    )
    counted = histogram(values, bins)
    peak = max(b.count for b in counted)
    for b in counted:
        bar = "█" * max(1 if b.count else 0, round(BAR * b.count / peak))
        # A bin of one whole number is that number.
        high = f"– {number(b.high, 4)}" if b.high != b.low else ""
        text.append(f"{number(b.low, 4):>10} {high:<12} ")
        text.append(bar, style="bold")
        text.append(f" {b.count:,}\n")
    return text


class MetricAcrossScreen(Screen[None]):
    """A metric across the batch, in the jobs table's widget; failing jobs first."""

    DEFAULT_CSS = """
    #across-summary { height: auto; max-height: 50%; padding: 0 1; overflow-y: auto; }
    #across-filter { display: none; height: 3; }
    #across-filter.visible { display: block; }
    #across-table { height: 1fr; }
    #across-status { height: 1; padding: 0 1; background: $panel; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back to jobs", id="close-across"),
        Binding("slash", "filter", "Filter", id="across-filter"),
        Binding("f", "failing_only", "Failing only", id="across-failing"),
        Binding("o", "sort(1)", "Sort", id="across-sort"),
        Binding("O", "reverse", "Reverse", show=False),
    ]

    class Open(Message):
        """Open ``row``'s job at ``metric``."""

        def __init__(self, row: JobRow, metric: str) -> None:
            super().__init__()
            self.row = row
            self.metric = metric

    def __init__(self, name: str, rows: list[JobRow]) -> None:
        super().__init__()
        self.metric = name
        self.view = across(rows, name)
        self.failing_only = False
        self.needle = ""
        self.keys = across_sort_keys(name)
        self._bins = MOST_BINS

    def compose(self) -> ComposeResult:
        self._bins = bins_for(self.app.size.height)
        yield Static(summary_text(self.view, self._bins), id="across-summary")
        yield Input(placeholder=_FILTER_HINT, id="across-filter")
        yield JobsTable(
            columns=across_columns(self.metric),
            status_of=lambda row: _status(row, self.metric),
            id="across-table",
        )
        yield Static(id="across-status")
        yield FitFooter()

    def on_mount(self) -> None:
        table = self.query_one(JobsTable)
        table.theme_colors = theme_colors(self.app.get_css_variables())
        table.sort_key, table.descending = "status", True  # failing first, worst first
        self._fill()
        table.focus()

    def on_resize(self, event: events.Resize) -> None:
        bins = bins_for(event.size.height)
        if bins != self._bins:
            self._bins = bins
            for summary in self.query("#across-summary").results(Static):
                summary.update(summary_text(self.view, bins))

    @property
    def shown(self) -> list[JobRow]:
        """The jobs in the table, in its order ([] before it is mounted or once removed)."""
        return self.query_one(JobsTable).shown if self.is_attached else []

    def _fill(self) -> None:
        if not self.is_attached:
            return
        table = self.query_one(JobsTable)
        rows = [r for r, _ in self.view.rows if r.error is None]
        if self.failing_only:
            rows = [r for r in self.view.failing if r.error is None]
        rows = filter_rows(rows, self.needle)
        table.show(sort_rows(rows, table.sort_key, descending=table.descending, keys=self.keys))
        order = f"sorted by {table.sort_key}{' (descending)' if table.descending else ''}"
        only = " · failing only (f: every job)" if self.failing_only else ""
        if self.needle:
            only += " · filtered (Esc: every job)"
        self.query_one("#across-status", Static).update(
            Text(f"{plural(len(table.shown), 'job')} · {order}{only}")
        )

    @on(JobsTable.Chosen, "#across-table")
    def _open(self, event: JobsTable.Chosen) -> None:
        event.stop()
        self.post_message(self.Open(event.row, self.metric))

    @on(JobsTable.SortBy, "#across-table")
    def _sort_by_header(self, event: JobsTable.SortBy) -> None:
        table = self.query_one(JobsTable)
        if event.key == table.sort_key:
            table.descending = not table.descending
        else:
            table.sort_key, table.descending = event.key, event.key == "status"
        self._fill()

    def action_sort(self, step: int) -> None:
        table = self.query_one(JobsTable)
        order = list(self.keys)
        index = order.index(table.sort_key) if table.sort_key in order else -1
        table.sort_key = order[(index + step) % len(order)]
        table.descending = table.sort_key == "status"
        self._fill()

    def action_reverse(self) -> None:
        table = self.query_one(JobsTable)
        table.descending = not table.descending
        self._fill()

    def action_failing_only(self) -> None:
        self.failing_only = not self.failing_only
        self._fill()

    def action_close(self) -> None:
        box = self.query_one("#across-filter", Input)
        if box.has_class("visible") or box.value:
            box.value = ""  # Esc clears the filter first, as on the jobs screen
            box.remove_class("visible")
            self.query_one(JobsTable).focus()
            return
        self.dismiss(None)

    def action_filter(self) -> None:
        box = self.query_one("#across-filter", Input)
        box.add_class("visible")
        box.focus()

    @on(Input.Changed, "#across-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.needle = event.value
        self._fill()

    @on(Input.Submitted, "#across-filter")
    def _filter_done(self) -> None:
        self.query_one(JobsTable).focus()


def across_columns(name: str) -> list[tuple[str, str, Callable[[JobRow], str]]]:
    """The job, and the metric's status and value in it (keys are the sort keys)."""
    return [
        ("name", "job", lambda r: printable(r.name, NAME_LEN)),
        ("status", "status", lambda r: metric_status_text(r.cell(name))),
        ("value", "value", lambda r: value_text(r.cell(name))),
    ]


def _status(row: JobRow, name: str) -> MetricStatus | None:
    cell = row.cell(name)
    return cell.status if cell is not None else None
