"""When the view stops being the file on disk: a failed load, a file being written, a file gone.

The last good document stays on screen; the header and the status line say
why it is not what is on disk now, and since when.
"""

from __future__ import annotations

from datetime import datetime

from tui.app.compare_handlers import CompareHandlers
from tui.app.widgets.job_header import JobHeader, Stale
from tui.app.widgets.status_line import StatusLine
from tui.live.messages import FileGone, LoadFailed, Writing


class StaleHandlers(CompareHandlers):
    """Turn load failures and file events into a stale header, never a silent one."""

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
