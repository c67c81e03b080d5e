"""The line above the footer: watching, last reload, its outcome, the --run command."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui.text.safe import printable


class StatusLine(Static):
    """What the live reload and the watch loop are doing, in one line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.theme_colors: dict[str, str] = {}
        self.watching: str = "off"  # "on", "polling", "off"
        self.reloads = 0
        self.last_reload: datetime | None = None
        self.outcome = ""
        self.outcome_kind = "ok"  # ok, busy, error
        self.run = ""
        self.run_kind = "ok"

    def _style(self, kind: str) -> Style:
        variable = {"ok": "success", "busy": "warning", "error": "error"}.get(kind, "")
        color = self.theme_colors.get(variable)
        return Style(color=color, bold=kind != "ok") if color else Style(bold=kind != "ok")

    def set_outcome(self, text: str, kind: str = "ok") -> None:
        self.outcome, self.outcome_kind = text, kind
        self.refresh_line()

    def reloaded(self, summary: str) -> None:
        self.reloads += 1
        self.last_reload = datetime.now()
        self.set_outcome(summary, "ok")

    def set_run(self, text: str, kind: str = "ok") -> None:
        self.run, self.run_kind = text, kind
        self.refresh_line()

    def refresh_line(self) -> None:
        line = Text()
        watch = {"on": "◉ watching", "polling": "◉ watching (polling)"}.get(self.watching)
        line.append(watch or "○ not watching (r reloads)", Style(dim=not watch))
        if self.last_reload is not None:
            when = self.last_reload.strftime("%H:%M:%S")
            line.append(f" · reload #{self.reloads} at {when}", Style(dim=True))
        if self.outcome:
            line.append(" · ")
            line.append(printable(self.outcome, 200), self._style(self.outcome_kind))
        if self.run:
            line.append(" │ ")
            line.append(printable(self.run, 120), self._style(self.run_kind))
        self.update(line)
