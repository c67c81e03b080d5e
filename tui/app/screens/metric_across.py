"""One metric in every job: its status and value per job, how values spread, who fails.

Enter on a job dismisses the screen with (job, metric): the jobs screen then
opens that job at that metric.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.app.widgets.fit_footer import FitFooter
from tui.model.batch import Across, JobRow, across, histogram
from tui.text.formatting import number
from tui.text.jobs import metric_status_text, value_text
from tui.text.plural import plural
from tui.text.safe import printable

BAR = 30  # widest histogram bar, in cells


def summary_text(view: Across) -> Text:
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
    bins = histogram(values)
    peak = max(b.count for b in bins)
    for b in bins:
        bar = "█" * max(1 if b.count else 0, round(BAR * b.count / peak))
        text.append(f"{number(b.low, 4):>10} – {number(b.high, 4):<10} ")
        text.append(bar, style="bold")
        text.append(f" {b.count:,}\n")
    return text


class MetricAcrossScreen(Screen[tuple[JobRow, str] | None]):
    """A metric across the batch; failing jobs first."""

    DEFAULT_CSS = """
    #across-summary { height: auto; max-height: 50%; padding: 0 1; overflow-y: auto; }
    #across-table { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back to jobs", id="close-across"),
        Binding("f", "failing_only", "Failing only", id="across-failing"),
    ]

    def __init__(self, name: str, rows: list[JobRow]) -> None:
        super().__init__()
        self.metric = name
        self.view = across(rows, name)
        self.failing_only = False
        self.shown: list[JobRow] = []

    def compose(self) -> ComposeResult:
        yield Static(summary_text(self.view), id="across-summary")
        yield DataTable(id="across-table", cursor_type="row", zebra_stripes=True)
        yield FitFooter()

    def on_mount(self) -> None:
        self._fill()
        self.query_one(DataTable).focus()

    def _fill(self) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        table.clear(columns=True)
        for header in ("job", "status", "value"):
            table.add_column(Text(header), key=header)
        pairs = [(r, c) for r, c in self.view.rows if r.error is None]
        # Failing first (worst first), then the rest in name order.
        pairs.sort(key=lambda rc: 0 if rc[1] is not None and rc[1].status.failing else 1)
        if self.failing_only:
            pairs = [(r, c) for r, c in pairs if c is not None and c.status.failing]
        self.shown = [r for r, _ in pairs]
        table.add_rows(
            [
                [Text(printable(r.name, 60)), Text(metric_status_text(c)), Text(value_text(c))]
                for r, c in pairs
            ]
        )

    @on(DataTable.RowSelected, "#across-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        index = event.cursor_row
        if 0 <= index < len(self.shown):
            self.dismiss((self.shown[index], self.metric))

    def action_failing_only(self) -> None:
        self.failing_only = not self.failing_only
        self._fill()

    def action_close(self) -> None:
        self.dismiss(None)
