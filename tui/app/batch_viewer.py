"""The viewer over a batch: the jobs screen first, the normal viewer for one job.

``BatchViewer`` is the one-file viewer with a jobs screen on top; the viewer's
widgets are built only when a job is first opened. Enter on a job takes the
jobs screen away and loads that job into the viewer beneath
(watching it, as the viewer does); Esc brings back the screens it was opened
from (the jobs, and one metric across them when opened there), their cursor,
sort and filter as they were. Keys that act on a job do nothing while
the jobs screen is up.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding

from tui.app.compare.side import BaselineSide
from tui.app.compare.state import CompareState
from tui.app.screens.jobs import JobsScreen
from tui.app.screens.metric_across import MetricAcrossScreen
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.browser import Browser
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.run_log import RunLog
from tui.app.widgets.status_line import StatusLine
from tui.formats.batch import Reading
from tui.formats.pool import Workers
from tui.live.messages import DocumentLoaded, LoadFailed, RunExited, RunOutput, RunStarted
from tui.live.session import Live
from tui.model import Metric
from tui.model.batch import JobRow

# The viewer's actions that act on the open job: not on the jobs screens.
_JOB_ACTIONS = {"problems", "reload", "toggle_log", "command_palette"}


class BatchViewer(ResimApp):
    """Browse a folder of jobs; open any of them in the viewer."""

    # One key, named for where it goes: a job opened from the metric-across view goes
    # back there (check_action shows the one that applies).
    BINDINGS = [
        Binding("escape", "jobs", "All jobs", id="jobs"),
        Binding("escape", "back_across", "Metric across", id="back-across"),
    ]

    def __init__(
        self,
        root: Path,
        options: Options | None = None,
        pool: Workers | None = None,
        reading: Reading | None = None,
    ) -> None:
        self.batch_options = options or Options(watch=False)
        # No job yet: the viewer beneath waits, unwatched, until one is opened.
        super().__init__(root, None, Options(watch=False, poll=self.batch_options.poll))
        self.root = root
        self.pool = pool
        self.job: Path | None = None
        self.pending_metric: str | None = None
        # The screens a job was opened from, brought back by Esc (the jobs first).
        self.came_from: list[JobsScreen | MetricAcrossScreen] = []
        self.jobs = JobsScreen(
            root,
            watch=self.batch_options.watch,
            poll=self.batch_options.poll,
            pool=pool,
            command=self.batch_options.run,
            reading=reading,
        )
        # --run belongs to the batch, not to the job shown: its own loop, whose outputs
        # folder (not a source) is the batch's.
        self.batch_run = (
            Live(
                self,
                root / "metrics.binproto",
                poll=self.batch_options.poll,
                command=self.batch_options.run,
                sources=self.batch_options.watch_src,
            )
            if self.batch_options.run
            else None
        )

    def compose(self) -> ComposeResult:
        # Nothing yet: the one-job viewer is built when a job is first opened
        # (``_build_viewer``), so the jobs table comes up without paying for it first.
        return iter(())

    async def _build_viewer(self) -> None:
        if self._ui_ready():
            return
        await self.default_screen.mount_all(list(super().compose()))
        self.set_up_viewer()

    def on_mount(self) -> None:
        self.install_screen(self.jobs, name="jobs")
        # After the viewer's own mount has set its widgets up.
        self.call_after_refresh(self._show_jobs)

    async def _show_jobs(self) -> None:
        await self.push_screen("jobs")
        # The run's first lines go to both logs: start it once both are up.
        if self.batch_run is not None:
            self.batch_run.start_run()

    async def on_unmount(self) -> None:
        if self.batch_run is not None:
            await self.batch_run.stop()
        # Before the app's threads are waited for: one may be waiting on a worker.
        if self.pool is not None:
            self.pool.close()

    # --- the batch's --run: its log on both screens, no job reloaded for it -------------

    def on_run_started(self, message: RunStarted) -> None:
        message.prevent_default()
        for log in self._run_logs():
            log.started()
        self.jobs.set_run(f"▶ running: {self.batch_options.run}", "busy")

    def on_run_output(self, message: RunOutput) -> None:
        message.prevent_default()
        for log in self._run_logs():
            log.output(message.lines, message.dropped)

    def on_run_exited(self, message: RunExited) -> None:
        message.prevent_default()
        text, kind = "", ""
        for log in self._run_logs():
            text, kind = log.exited(message.code, message.seconds, stopped=message.stopped)
        if text:
            self.jobs.set_run(f"{text}: {self.batch_options.run}", kind)

    def _run_logs(self) -> list[RunLog]:
        # Queried from each screen: the app's own query sees only the screen on top.
        logs = list(self.default_screen.query(RunLog))
        if self.jobs.is_attached:
            logs += self.jobs.query(RunLog)
        return logs

    def load_document(self) -> None:  # type: ignore[override]
        if self.job is not None:
            super().load_document()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _JOB_ACTIONS and self.screen is not self.default_screen:
            return False
        if action in ("jobs", "back_across"):
            from_across = bool(self.came_from) and isinstance(
                self.came_from[-1], MetricAcrossScreen
            )
            if from_across != (action == "back_across"):
                return False
        return super().check_action(action, parameters)

    # --- between the jobs and one job ---------------------------------------------------

    async def on_jobs_screen_open(self, message: JobsScreen.Open) -> None:
        await self._open_row(message.row, message.metric)

    async def on_metric_across_screen_open(self, message: MetricAcrossScreen.Open) -> None:
        self.jobs.select(message.row)
        await self._open_row(message.row, message.metric)

    async def _open_row(self, row: JobRow, metric: str | None) -> None:
        self.pending_metric = metric
        same = row.path == self.job and self.document is not None
        await self._build_viewer()
        await self._set_baseline(None)
        if same:
            self._leave_jobs()
            self._go_to_pending()
            return
        await self._open(row.path)

    async def on_jobs_screen_compare(self, message: JobsScreen.Compare) -> None:
        """Compare mode, as ``resim-tui A B`` has it: A the baseline, B the job shown."""
        self.pending_metric = None
        await self._build_viewer()
        await self._set_baseline(message.a.path)
        await self._open(message.b.path)

    async def _open(self, file: Path) -> None:
        self._leave_jobs()
        await self.live.stop()
        self.job = self.source = file
        self.document = None
        self.report = None
        self.load_error = None
        self.live = Live(self, file, poll=self.batch_options.poll)
        self.query_one(JobHeader).show_loading(str(file))
        status = self.query_one(StatusLine)
        if self.batch_options.watch:
            status.watching = "polling" if self.batch_options.poll else "on"
            self.live.start()
        status.refresh_line()
        self.load_document()

    async def _set_baseline(self, side_a: Path | None) -> None:
        """Two-sided compare with ``side_a``, or (None) back to one job."""
        browser = self.query_one(Browser)
        if side_a == self.options.side_a:
            return
        await self.query(BaselineSide).remove()
        self.options.side_a = side_a
        browser.compare = CompareState(side_a)
        if side_a is not None:
            await self.default_screen.mount(
                BaselineSide(
                    side_a, watch=self.batch_options.watch, poll=self.batch_options.poll, first=None
                ),
                before=self.query_one(StatusLine),
            )

    def _leave_jobs(self) -> None:
        kept = [s for s in self.screen_stack[1:] if isinstance(s, JobsScreen | MetricAcrossScreen)]
        if kept:
            # Installed, a screen outlives its pop (else Textual removes it): one across
            # screen at a time, the one the job was opened from.
            for screen in self.came_from:
                if screen not in kept and isinstance(screen, MetricAcrossScreen):
                    self.uninstall_screen(screen)
                    screen.remove()
            for screen in kept:
                if not self.is_screen_installed(screen):
                    self.install_screen(screen, name=f"across-{id(screen)}")
            self.came_from = kept
        while self.screen is not self.default_screen:
            self.pop_screen()

    def on_load_failed(self, message: LoadFailed) -> None:
        if self.document is not None or self.options.side_a is not None:
            return  # a reload that failed, or compare mode: the viewer says so itself
        # A job that cannot be read: its row says why; say it once more and go back there.
        message.prevent_default()
        self.load_error = message.reason
        self.notify(message.reason, title="cannot open this job", severity="error", markup=False)
        self.action_jobs()

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        # The viewer's own handler runs after this one; go to the metric once it has.
        if self.pending_metric is not None:
            self.call_after_refresh(self._go_to_pending)

    def _go_to_pending(self) -> None:
        name, self.pending_metric = self.pending_metric, None
        doc = self.document
        if name is None or doc is None:
            return
        metric: Metric | None = next(doc.metrics_named(name), None)
        if metric is not None:
            self.jump_to(metric)

    def action_back_across(self) -> None:
        self.action_jobs()

    def action_jobs(self) -> None:
        if self.screen is self.default_screen:
            for screen in self.came_from or [self.jobs]:
                self.push_screen(screen)
