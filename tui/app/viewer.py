"""The App: one factory for the CLI and the tests, the load worker, the key bindings.

Data flows one way: a worker loads the file into a Document and posts it;
the handler swaps it in and hands it to the header and the browser (tree and
card). Nothing here decodes or draws by itself. Live reload (tui/live/) only
posts messages; the mixins beside this module route them to the widget they
concern: ``run_handlers`` (``--run``), ``stale_handlers`` (a load that failed,
a file being written or gone), ``compare_handlers`` (side A), and
``viewer_actions`` (what the app's keys do).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from time import monotonic

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.worker import WorkerState, get_current_worker

from tui.app.compare.side import BaselineSide
from tui.app.options import Options
from tui.app.palette import JumpProvider
from tui.app.palette_actions import ActionsProvider
from tui.app.run_handlers import RunHandlers
from tui.app.stale_handlers import StaleHandlers
from tui.app.theme import theme_colors
from tui.app.viewer_actions import ViewerActions
from tui.app.widgets.browser import Browser, datas
from tui.app.widgets.fit_footer import FitFooter
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.metric_tree import MetricTree, prepare_index
from tui.app.widgets.run_log import RunLog
from tui.app.widgets.status_line import StatusLine
from tui.app.widgets.whole_scrollbar import whole_cell_scrollbars_everywhere
from tui.formats import affects, load, load_outline
from tui.live import heap
from tui.live.messages import (
    DocumentLoaded,
    FilesChanged,
    LoadFailed,
    ReportReady,
    post_first_view,
)
from tui.live.session import Live
from tui.model import Data, Document, Event, LoadError, Metric
from tui.model.budget import BUDGET_RULE
from tui.model.problems import Severity
from tui.validate import ignore_file, validate

__all__ = ["Options", "ResimApp"]

# What the status line says while a Metrics 1.0 outline is on screen.
OUTLINE_NOTE = "names shown; reading the values and data, then checking…"


# Input paused this long, a replaced document is collected (tui/live/heap.py): a full
# collection walks the document on screen, 140 ms with 20,000 metrics, never mid-typing.
RELEASE_AFTER_QUIET = 1.0
_INPUT = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
_BUSY_GROUPS = frozenset({"load", "validate", "compare"})  # they hold documents


class ResimApp(ViewerActions, RunHandlers, StaleHandlers):
    """Browse one metrics file, and follow it as it changes."""

    CSS_PATH = "viewer.tcss"
    TITLE = "resim-tui"
    COMMANDS = App.COMMANDS | {ActionsProvider, JumpProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("p", "problems", "Problems", id="problems"),
        Binding("r", "reload", "Reload", id="reload"),
        Binding("s", "save_svg", "Screenshot", id="screenshot", show=False),
        Binding("l", "toggle_log", "Run log", id="toggle-log", show=False),
        Binding(
            "ctrl+p,colon", "command_palette", "Commands", show=False, id="jump", priority=True
        ),
    ]

    def __init__(
        self,
        source: Path,
        document: Document | None = None,
        options: Options | None = None,
    ) -> None:
        super().__init__()
        whole_cell_scrollbars_everywhere()  # no partial-block glyphs at a thumb's ends
        self.source = source
        self.options = options or Options(watch=False)
        self._first = document
        self.document = None
        self.load_error = None
        self.loaded_at = datetime.now()
        self.live = Live(
            self,
            source,
            poll=self.options.poll,
            command=self.options.run,
            sources=self.options.watch_src,
            prepare=prepare_index,
        )
        self.report = None
        self.applied = None  # the report with the project's ignore file applied
        self.partial = False  # a partial document is on screen; the full load follows
        self._input_at = monotonic()
        self._release_due = False  # a replaced document waits to be collected

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield JobHeader(id="job-header")
        yield Browser(id="main", side_a=self.options.side_a)
        if self.options.side_a is not None:
            yield BaselineSide(
                self.options.side_a,
                watch=self.options.watch,
                poll=self.options.poll,
                first=self.options.side_a_document,
            )
        yield RunLog(self.options.run, id="run-log")
        yield StatusLine(id="status-line")
        yield FitFooter()

    def on_mount(self) -> None:
        if self._ui_ready():  # a batch composes the viewer when its first job is opened
            self.set_up_viewer()

    def set_up_viewer(self) -> None:
        """Theme, focus and the first load, once the viewer's widgets are mounted."""
        self._apply_theme()
        self.query_one(JobHeader).show_loading(str(self.source))
        self.query_one(MetricTree).focus()
        status = self.query_one(StatusLine)
        if self.options.watch or self.options.run:
            status.watching = "polling" if self.options.poll else "on"
            self.live.start()
        status.refresh_line()
        if self._first is not None:
            self.post_message(DocumentLoaded(self._first))
            self._first = None
        elif self.options.run and not self.source.exists():
            status.set_outcome(f"waiting for the command to write {self.source.name}", "busy")
        else:
            self.load_document()

    async def on_unmount(self) -> None:
        await self.live.stop()

    def _apply_theme(self) -> None:
        colors = theme_colors(self.get_css_variables())
        for widget in (
            self.query_one(MetricTree),
            self.query_one(JobHeader),
            self.query_one(Browser).card(),
            self.query_one(StatusLine),
        ):
            widget.theme_colors = colors

    def watch_theme(self) -> None:
        # Not App.is_mounted: that is a method (always true here), not a flag.
        if not self._ui_ready():
            return
        self._apply_theme()
        if self.document is not None:
            self.query_one(JobHeader).show(self.document)
            self.query_one(Browser).restyle()

    # --- loading ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", description="load")
    def load_document(self) -> None:
        """Decode and resolve off the UI thread; post the result."""
        worker = get_current_worker()
        try:
            # A large Metrics 2.0 directory: its outline (topics counted, metrics pending)
            # is on screen while the rows are checked and the metrics computed.
            outline = load_outline(self.source) if self.document is None else None
            if outline is not None and not worker.is_cancelled:
                self.post_message(DocumentLoaded(outline, partial=True))
            with heap.loading():  # the collector kept off the document (tui/live/heap.py)
                document = load(
                    self.source,
                    measure=True,
                    stop=lambda: worker.is_cancelled,
                    early=self._show_outline,
                )
        except LoadError as exc:
            self.post_message(LoadFailed(str(exc), empty=exc.empty))
            return
        if worker.is_cancelled:
            return  # a reload replaced this load; its document is what shows
        prepare_index(document)
        self.post_message(DocumentLoaded(document))
        # The first card will want the first metric's series: start converting them now,
        # while the tree is being built (a card opening them waits for this, not twice).
        first = document.display_order[:1]
        for data in datas(first[0]) if first else []:
            data.column()
            if data.index is not None:
                data.index.column()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, _INPUT):
            self._input_at = monotonic()
        await super().on_event(event)

    def _release_later(self) -> None:
        if not self._release_due:
            self._release_due = True
            self.set_timer(RELEASE_AFTER_QUIET, self._release_when_quiet)

    def _release_when_quiet(self) -> None:
        """Collect the replaced documents once input has paused and no worker that holds
        one still runs; until then, try again."""
        quiet = monotonic() - self._input_at
        busy = any(
            w.group in _BUSY_GROUPS and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        )
        if quiet < RELEASE_AFTER_QUIET or busy:
            wait = max(RELEASE_AFTER_QUIET - quiet, 0.2)
            self.set_timer(wait, self._release_when_quiet)
            return
        self._release_due = False
        heap.release()

    def _show_outline(self, outline: Document) -> None:
        """A file of many metrics: its names on screen while the rest resolves (in this
        worker, after this returns)."""
        if outline.format != "metrics1" or get_current_worker().is_cancelled:
            return  # (Metrics 2.0 shows its own outline first, above)
        prepare_index(outline)
        worker = get_current_worker()
        message = DocumentLoaded(outline, partial=True)
        post_first_view(self.post_message, message, lambda: worker.is_cancelled)

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        if not self._ui_ready():
            message.painted.set()
            return
        self.call_after_refresh(message.painted.set)  # the worker waits to go on
        # The full load after an outline is no reload (nothing to compare) but, as any
        # new document, keeps the place in the tree: the names are the same.
        completes, self.partial = self.partial and not message.partial, message.partial
        first = self.document is None or not message.reloaded
        replaced, self.document = self.document, message.document
        doc = message.document
        if replaced is not None and replaced is not doc:
            self._release_later()
        # A Metrics 1.0 outline holds names, not values: nothing to check or compare yet,
        # and the report and the time loaded stay the last whole file's until it follows.
        outline = message.partial and doc.format == "metrics1"
        if not outline:
            self._validate(doc)
            self.loaded_at = datetime.now()
        self.load_error = None
        header = self.query_one(JobHeader)
        header.load_state = None
        header.show(doc)
        track = self.options.watch or self.options.run is not None
        comparing = self.query_one(Browser).show(
            doc,
            reloaded=not first,
            track=track,
            outline=outline,
            provisional=message.partial and not outline,
        )
        status = self.query_one(StatusLine)
        if outline:
            status.set_outcome(OUTLINE_NOTE, "busy")
        elif message.partial:
            status.set_outcome(
                "new rows shown; computing the metrics again…"
                if message.reloaded
                else "outline: checking the rows and computing the metrics…",
                "busy",
            )
        elif message.reloaded:
            status.reloaded("comparing…" if comparing else "loaded")
        elif completes:
            status.set_outcome("loaded")
        cuts = [p.message for p in doc.problems if p.rule == BUDGET_RULE]
        if cuts and first:  # the tree is not the whole file: say so where it is seen
            self.notify(
                "\n".join(cuts[:3]), title="not all of it is read", timeout=10, markup=False
            )

    @work(thread=True, exclusive=True, group="validate", description="check")
    def _validate(self, doc: Document) -> None:
        """Check the file off the UI thread, after it is on screen."""
        self.post_message(ReportReady(doc, ignore_file.apply(validate(doc), self.source)))

    def on_report_ready(self, message: ReportReady) -> None:
        if not self._ui_ready():
            return
        if message.document is not self.document:
            return  # a newer load is on screen; its own report follows
        self.report = report = message.report
        self.applied = message.applied
        header = self.query_one(JobHeader)
        header.problem_counts = (len(report.errors), len(report.warnings))
        header.ignored = sum(p.severity is Severity.WARNING for p in message.applied.ignored)
        header.show(message.document)
        self.query_one(Browser).apply_report(message.document, report)

    def on_files_changed(self, message: FilesChanged) -> None:
        if not self._ui_ready():
            return
        paths = {p for p in message.paths if p.name != ignore_file.NAME}
        # An outline is not checked: the whole file's check, on its way, reads the rules.
        outline = self.partial and self.document is not None and self.document.format == "metrics1"
        if len(paths) < len(message.paths) and self.document is not None and not outline:
            self._validate(self.document)  # the project's ignored rules changed: count anew
            if not paths:
                return
        if any(affects(self.source, p) for p in paths):
            self.live.reload()
        else:
            self.query_one(Browser).redraw_card()

    def jump_to(self, item: Metric | Event | Data) -> None:
        """Select ``item`` in the tree (the palette and the tests jump through here)."""
        self.query_one(Browser).jump_to(item)
