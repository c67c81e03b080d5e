"""The Problems panel: every error and warning of the file; Enter jumps to its place."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.app.hanging import Hanging
from tui.app.widgets.fit_footer import FitFooter
from tui.model.problems import Problem, Severity
from tui.text.safe import printable
from tui.validate import Report
from tui.validate.formats import counts


def verdict(report: Report, format: str = "metrics1") -> str:
    """The panel's first line: what the official validator would say, with the counts.

    Metrics 2.0 has no official validator of a whole run (the SDK checks rows only),
    so there the line says what was checked instead of borrowing the 1.0 wording."""
    if format == "metrics2":
        word = (
            "Valid: no errors in the emissions or the config"
            if report.valid
            else "Invalid: the emissions or the config hold errors"
        )
        return f"{word} — {counts(report)}"
    word = (
        "Valid: the official validator accepts"
        if report.valid
        else "Invalid: the official validator rejects"
    )
    return f"{word} this file — {counts(report)}"


# The mark of each severity and the theme colour it is drawn in.
MARKS = {
    Severity.ERROR: ("✖ error", "error"),
    Severity.WARNING: ("▲ warning", "warning"),
    Severity.INFO: ("● note", "foreground-muted"),
}


# A problem of a rule the project's ignore file names: listed, never counted.
IGNORED_MARK = ("○ ignored", "foreground-muted")


def problem_text(problem: Problem, colors: dict[str, str], *, ignored: bool = False) -> Hanging:
    """Where, what and the hint, each wrapped under its own text at the panel's width."""
    word, variable = IGNORED_MARK if ignored else MARKS[problem.severity]
    color = colors.get(variable)
    mark = f"{word:<9}  "
    where = Text.assemble(
        (mark, Style(color=color, bold=True)),
        (printable(str(problem.location), 160), Style(bold=True)),
    )
    what = Text.assemble(
        "    ", printable(problem.message, 400), (f"  [{problem.rule}]", Style(dim=True))
    )
    rows = [(where, len(mark)), (what, 4)]
    if problem.hint:
        hint = Text(f"    hint: {printable(problem.hint, 300)}", Style(dim=True, italic=True))
        rows.append((hint, len("    hint: ")))
    return Hanging(rows)


class ProblemsScreen(ModalScreen[Problem | None]):
    """A list of problems; dismissed with the chosen one (or None)."""

    BINDINGS = [Binding("escape,p,q", "close", "Close", id="close-problems")]

    def __init__(
        self,
        problems: list[Problem],
        colors: dict[str, str],
        verdict: str,
        *,
        stale: list[str] | None = None,
        ignored: Sequence[Problem] = (),
        ignored_by: str = "",
    ) -> None:
        super().__init__()
        self._counted = len(problems)
        self._problems = [*problems, *ignored]  # the ignored last, each marked so
        self._ignored_by = ignored_by  # which file ignored them, or why none was used
        self._colors = colors
        self._verdict = verdict
        self._stale = stale or []  # why the file on disk is not the version described

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-body"):
            title = Text(self._verdict, style=Style(bold=True))
            if self._stale:
                title.append(
                    "\nNot the file on disk now: " + printable("; ".join(self._stale), 400),
                    Style(color=self._colors.get("error"), bold=True),
                )
            if self._ignored_by:
                title.append("\n" + printable(self._ignored_by, 400), Style(dim=True))
            yield Static(title, id="problems-title")
            if not self._problems:
                yield Static(Text("No problems found.", style=Style(dim=True)))
            else:
                yield OptionList(
                    *(
                        Option(problem_text(p, self._colors, ignored=i >= self._counted), id=str(i))
                        for i, p in enumerate(self._problems)
                    ),
                    id="problems-list",
                )
                yield Static(
                    Text("Enter: go to it · Esc: close", style=Style(dim=True)),
                    id="problems-help",
                )
        yield FitFooter()  # this panel's keys, not those of the screen beneath

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._problems[int(event.option.id or 0)])

    def action_close(self) -> None:
        self.dismiss(None)
