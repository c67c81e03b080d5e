"""The viewer's side of compare mode: side A's loads and failures, B that cannot be read,
and what a reload changed."""

from __future__ import annotations

from tui.app.compare.side import BaselineSide
from tui.app.viewer_base import ViewerBase
from tui.app.widgets.browser import Browser
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.status_line import StatusLine


class CompareHandlers(ViewerBase):
    """Hand side A to the browser; when B fails, show A and say so; announce reloads."""

    def on_browser_changes(self, message: Browser.Changes) -> None:
        """A reload's comparison (a worker's) is back: say what changed."""
        if not self._ui_ready():
            return
        summary = message.summary  # counted in the compare worker
        if message.differs and not message.showing:
            summary += " (d shows how)"
        # The status line counts the reloads of B, the app's own file: A's are said apart.
        side_a = message.side == "A"
        self.query_one(StatusLine).set_outcome(f"A reloaded: {summary}" if side_a else summary)
        if message.differs:
            title = "A reloaded" if side_a else "reloaded"
            self.notify(message.summary, title=title, timeout=4, markup=False)

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
