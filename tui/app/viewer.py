"""The App: one factory for the CLI and the tests, the load worker, the key bindings.

Data flows one way: a worker loads the file into a Document and posts it;
the handler swaps it in and hands it to the header and the browser (tree and
card). Nothing here decodes or draws by itself. Live reload (tui/live/) only
posts messages; the handlers below route them to the widget they concern.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from tui.app.compare.side import BaselineSide
from tui.app.palette import JumpProvider
from tui.app.palette_actions import ActionsProvider
from tui.app.screens.help import HelpScreen
from tui.app.screens.problems import ProblemsScreen, verdict
from tui.app.theme import theme_colors
from tui.app.widgets.browser import Browser, datas
from tui.app.widgets.job_header import JobHeader, Stale
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.run_log import RunLog, exit_words
from tui.app.widgets.status_line import StatusLine
from tui.formats import affects, load
from tui.live.messages import (
    DocumentLoaded,
    FileGone,
    FilesChanged,
    LoadFailed,
    ReportReady,
    RunExited,
    RunOutput,
    RunStarted,
    Writing,
)
from tui.live.session import Live
from tui.model import Data, Document, Event, LoadError, Metric
from tui.model.problems import Severity
from tui.validate import Report, validate


@dataclass
class Options:
    """How the app watches and reloads; the CLI fills it from its flags."""

    watch: bool = True
    poll: bool = False
    run: str | None = None
    watch_src: list[str] = field(default_factory=list)
    # Compare mode (``resim-tui A B``): side A, the baseline; the app's own file is side B.
    side_a: Path | None = None
    side_a_document: Document | None = None


class ResimApp(App[int]):
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
        self.source = source
        self.options = options or Options(watch=False)
        self._first = document
        self.document: Document | None = None
        self.load_error: str | None = None
        self.loaded_at = datetime.now()
        self.live = Live(
            self,
            source,
            poll=self.options.poll,
            command=self.options.run,
            sources=self.options.watch_src,
        )
        self.report: Report | None = None

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
        yield Footer()

    def on_mount(self) -> None:
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
            self.query_one(MetricCard),
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
            self.query_one(Browser).rebuild()

    # --- loading ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_document(self) -> None:
        """Decode and resolve off the UI thread; post the result."""
        # A document is millions of long-lived objects: frozen, full collections skip
        # them (they took 0.6-1 s each with 20k metrics). Unfrozen first, so the last
        # document's cycles can be collected once it is replaced.
        gc.unfreeze()
        try:
            document = load(self.source, measure=True)
        except LoadError as exc:
            self.post_message(LoadFailed(str(exc), empty=exc.empty))
            return
        gc.freeze()
        self.post_message(DocumentLoaded(document))
        # The first card will want the first metric's series: start converting them now,
        # while the tree is being built (a card opening them waits for this, not twice).
        first = document.display_order[:1]
        for data in datas(first[0]) if first else []:
            data.column()
            if data.index is not None:
                data.index.column()

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        if not self._ui_ready():
            return
        first = self.document is None or not message.reloaded
        self.document = doc = message.document
        self._validate(doc)
        self.load_error = None
        self.loaded_at = datetime.now()
        header = self.query_one(JobHeader)
        header.load_state = None
        header.show(doc)
        track = self.options.watch or self.options.run is not None
        changes = self.query_one(Browser).show(doc, reloaded=not first, track=track)
        if message.reloaded:
            summary = changes.summary() if changes else "loaded"
            if changes and changes.differs and not self.query_one(Browser).compare.showing:
                summary += " (d shows how)"
            self.query_one(StatusLine).reloaded(summary)
        if changes and changes.differs:
            self.notify(changes.summary(), title="reloaded", timeout=4, markup=False)

    @work(thread=True, exclusive=True, group="validate")
    def _validate(self, doc: Document) -> None:
        """Check the file off the UI thread, after it is on screen."""
        self.post_message(ReportReady(doc, validate(doc)))

    def on_report_ready(self, message: ReportReady) -> None:
        if not self._ui_ready():
            return
        if message.document is not self.document:
            return  # a newer load is on screen; its own report follows
        self.report = report = message.report
        header = self.query_one(JobHeader)
        header.problem_counts = (len(report.errors), len(report.warnings))
        header.show(message.document)
        self.query_one(Browser).apply_report(message.document, report)

    def on_baseline_side_loaded(self, message: BaselineSide.Loaded) -> None:
        if not self._ui_ready():
            return
        browser = self.query_one(Browser)
        browser.show_baseline(message.document)
        if self.document is None and self.load_error:
            self._show_side_a_only(self.load_error)

    def on_baseline_side_failed(self, message: BaselineSide.Failed) -> None:
        if self._ui_ready():
            self.query_one(Browser).show_baseline(None, message.reason)
            self.query_one(StatusLine).set_outcome(f"A cannot be read: {message.reason}", "error")

    def _show_side_a_only(self, reason: str) -> None:
        """B cannot be read: show A, the good side, and say so."""
        browser = self.query_one(Browser)
        side_a = browser.compare.baseline
        if side_a is not None and browser.document is None:
            self.query_one(JobHeader).show(side_a)
            browser.show(side_a)
        note = f"B cannot be read: {reason}" + ("; showing A" if side_a is not None else "")
        self.query_one(StatusLine).set_outcome(note, "error")

    def on_load_failed(self, message: LoadFailed) -> None:
        if not self._ui_ready():
            return
        self.load_error = message.reason
        if self.options.side_a is not None and self.document is None:
            self._show_side_a_only(message.reason)
            return
        if self.document is None and not (self.options.watch or self.options.run):
            # Nothing good to keep on screen and nothing to wait for: leave, the CLI says why.
            self.exit(2, return_code=2)
            return
        if self.document is None:
            self.query_one(JobHeader).failed(str(self.source), message.reason)
        if message.empty:
            # A writer truncates first: wait for the rest instead of calling it a failure.
            self._stale("writing", "the file is empty", "being written… (the file is empty)")
        else:
            self._stale("failed", message.reason, f"last reload failed: {message.reason}")

    def on_writing(self, message: Writing) -> None:
        self._stale("writing", message.reason, f"being written… ({message.reason})")

    def on_file_gone(self, _: FileGone) -> None:
        self._stale("gone", "", f"{self.source.name} is gone — showing the last version")

    def _stale(self, kind: str, reason: str, outcome: str) -> None:
        """The view is not the file on disk: say so in the header and the status line."""
        if not self._ui_ready():
            return
        self.query_one(JobHeader).set_load_state(Stale(kind, reason, datetime.now()))
        self.query_one(StatusLine).set_outcome(outcome, "error" if kind == "failed" else "busy")

    def on_files_changed(self, message: FilesChanged) -> None:
        if not self._ui_ready():
            return
        if any(affects(self.source, p) for p in message.paths):
            self.live.reload()
        else:
            self.query_one(Browser).redraw_card()

    def jump_to(self, item: Metric | Event | Data) -> None:
        """Select ``item`` in the tree (the palette and the tests jump through here)."""
        self.query_one(Browser).jump_to(item)

    # --- the watch loop ----------------------------------------------------------------

    def _ui_ready(self) -> bool:
        """False while the app is closing: workers, watchers and runs may still report late."""
        return bool(self.query(StatusLine)) and bool(self.query(RunLog))

    def on_run_started(self, _: RunStarted) -> None:
        if self._ui_ready():
            self.query_one(RunLog).started()
            self.query_one(StatusLine).set_run(f"▶ running: {self.options.run}", "busy")

    def on_run_output(self, message: RunOutput) -> None:
        if self._ui_ready():
            self.query_one(RunLog).output(message.line)

    def on_run_exited(self, message: RunExited) -> None:
        if not self._ui_ready():
            return
        log = self.query_one(RunLog)
        text, kind = log.exited(message.code, message.seconds, stopped=message.stopped)
        self.query_one(StatusLine).set_run(f"{text}: {self.options.run}", kind)
        if kind != "busy":  # a stopped run says nothing about the file: a newer one follows
            failed = Stale("run-failed", exit_words(message.code), datetime.now())
            self.query_one(JobHeader).set_run_state(failed if kind == "error" else None)
        if kind == "ok" and self.document is None:
            self.live.reload()

    # --- actions ------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_problems(self) -> None:
        if self.report is None:
            self.notify("still checking the file…", timeout=2)
            return
        colors = self.query_one(MetricTree).theme_colors
        stale = [state.sentence() for state in self.query_one(JobHeader).stale]
        title = f"The version loaded at {self.loaded_at:%H:%M:%S}: {verdict(self.report)}"
        # Errors first, then warnings, then notes: what needs action is never buried.
        rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        problems = sorted(self.report.problems, key=lambda p: rank[p.severity])
        screen = ProblemsScreen(problems, colors, title, stale=stale)
        self.push_screen(screen, self.query_one(Browser).go_to_problem)

    def action_save_svg(self) -> None:
        """Save an SVG picture of the screen in the current directory."""
        try:
            path = self.save_screenshot(path=str(Path.cwd()))
        except OSError as exc:
            self.notify(
                f"cannot save a screenshot: {exc.strerror or exc}", severity="error", markup=False
            )
            return
        self.notify(f"saved {path}", title="screenshot", timeout=4, markup=False)

    def action_reload(self) -> None:
        self.query_one(StatusLine).set_outcome("reloading…", "busy")
        self.live.reload()

    def action_toggle_log(self) -> None:
        self.query_one(RunLog).toggle()
