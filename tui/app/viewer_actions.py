"""What the viewer's own keys do: help, problems, reload, screenshot."""

from __future__ import annotations

import os
from pathlib import Path

from textual.command import CommandPalette

from tui.app.held_toasts import HeldToasts
from tui.app.screens.help import HelpScreen
from tui.app.screens.problems import ProblemsScreen, verdict
from tui.app.widgets.browser import Browser
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine
from tui.model.problems import Problem, Severity
from tui.text.plural import plural
from tui.validate.ignore_file import Applied

PALETTE_PROMPT = "Commands (with their keys), or type a metric, event or data name…"

# Errors first, then warnings, then notes: what needs action is never buried.
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class ViewerActions(HeldToasts):
    """The app-wide actions the bindings of ``ResimApp`` name."""

    def action_help(self) -> None:
        if self.help_is_open():
            return
        self.hold_toasts()  # no toast covers the help text; they come back after it
        self.push_screen(HelpScreen(), self.release_toasts)

    def action_command_palette(self) -> None:
        # Textual's prompt says "commands"; here it finds metrics, events and data too.
        if self.use_command_palette and not CommandPalette.is_open(self.app):
            self.push_screen(CommandPalette(placeholder=PALETTE_PROMPT, id="--command-palette"))

    def action_problems(self) -> None:
        if self.report is None:
            self.notify("still checking the file…", timeout=2)
            return
        colors = self.query_one(MetricTree).theme_colors
        stale = [state.sentence() for state in self.query_one(JobHeader).stale]
        fmt = self.document.format if self.document is not None else "metrics1"
        title = f"The version loaded at {self.loaded_at:%H:%M:%S}: {verdict(self.report, fmt)}"
        problems = sorted(self.report.problems, key=lambda p: _RANK[p.severity])
        ignored, ignored_by = ignored_note(self.applied, self.source)
        screen = ProblemsScreen(
            problems, colors, title, stale=stale, ignored=ignored, ignored_by=ignored_by
        )
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

    def action_help_quit(self) -> None:
        # Textual's Ctrl+C only says how to quit; terminal users expect it to quit. With
        # text selected the screen's Ctrl+C copies it first, and this does not run.
        self.exit()


def ignored_note(applied: Applied | None, source: Path) -> tuple[list[Problem], str]:
    """The problems the project's ignore file took out, and the line that says so (the
    file named from the outputs directory: the same words wherever the project lives)."""
    if applied is None:
        return [], ""
    if applied.error is not None:
        return [], "Ignoring no rule: " + applied.error
    if applied.file is None or not applied.ignored:
        return [], ""
    rules = ", ".join(r for r in applied.file.rules if any(p.rule == r for p in applied.ignored))
    count = plural(len(applied.ignored), "problem")
    folder = source if source.is_dir() else source.parent
    where = os.path.relpath(applied.file.path, folder.absolute())
    return list(applied.ignored), f"{count} of {rules} not counted: ignored by {where}"
