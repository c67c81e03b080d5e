"""The viewer's side of ``--run``: the run's messages into the log, the status and the header."""

from __future__ import annotations

from datetime import datetime

from tui.app.viewer_base import ViewerBase
from tui.app.widgets.job_header import JobHeader, Stale
from tui.app.widgets.run_log import RunLog, exit_words
from tui.app.widgets.status_line import StatusLine
from tui.live.messages import RunExited, RunOutput, RunStarted


class RunHandlers(ViewerBase):
    """Route what the command reports to the widgets that show it."""

    def on_run_started(self, _: RunStarted) -> None:
        if self._ui_ready():
            self.query_one(RunLog).started()
            self.query_one(StatusLine).set_run(f"▶ running: {self.options.run}", "busy")

    def on_run_output(self, message: RunOutput) -> None:
        if self._ui_ready():
            self.query_one(RunLog).output(message.lines, message.dropped)

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

    def action_toggle_log(self) -> None:
        self.query_one(RunLog).toggle()
