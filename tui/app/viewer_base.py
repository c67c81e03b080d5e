"""What every part of the viewer may rely on: its state, and whether the UI is still up.

The viewer is assembled from small mixins (the run's handlers, the stale-view
handlers, compare's, the actions), each beside this module; they all derive
from ``ViewerBase`` so they share one declaration of the state they touch.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual import events
from textual.app import App
from textual.widgets import Input

from tui.app.options import Options
from tui.app.widgets.run_log import RunLog
from tui.app.widgets.status_line import StatusLine
from tui.live.session import Live
from tui.model import Document
from tui.validate import Report
from tui.validate.ignore_file import Applied


class ViewerBase(App[int]):
    """The state the viewer's parts share; ``ResimApp`` sets it in ``__init__``."""

    source: Path
    options: Options
    document: Document | None
    report: Report | None
    applied: Applied | None
    load_error: str | None
    loaded_at: datetime
    live: Live

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # No box blinks, whichever one (ours, a table's, the command palette's): nothing
        # may repaint while idle, for slow SSH links and for serve, where a frame sent
        # to the browser means the view changed (its idle clock).
        if isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def _ui_ready(self) -> bool:
        """False while the app is closing: workers, watchers and runs may still report late."""
        return bool(self.query(StatusLine)) and bool(self.query(RunLog))
