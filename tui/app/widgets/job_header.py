"""The lines at the top: which file, which job, its status and counts, and whether the
view is still the file on disk (a failed reload, a file being written or gone, a failed
run): when it is not, a line says so in words and colour, with the reason and the time,
and the job status loses its colour (nothing green for a file that is broken now)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui.app.hanging import Hanging
from tui.model import Document
from tui.text.glyphs import status_look
from tui.text.plural import plural
from tui.text.safe import printable

_DEMO = Path(__file__).resolve().parents[2] / "demo"


def shown_path(path: Path) -> str:
    """The path relative to the current directory when it lies below it, else absolute;
    the bundled demo by name (its real path is deep in site-packages)."""
    if path.resolve().parent == _DEMO:
        return "the bundled demo (resim-tui --demo)"
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, slots=True)
class Stale:
    """Why the view is not (or may not be) the file on disk, and since when."""

    kind: str  # "failed", "writing", "gone", "run-failed"
    reason: str
    at: datetime

    def sentence(self) -> str:
        when = self.at.strftime("%H:%M:%S")
        return {
            "failed": f"last reload failed at {when}: {self.reason}",
            "writing": f"file being written since {when} ({self.reason})",
            "gone": f"file deleted at {when}",
            "run-failed": f"the --run command failed at {when} ({self.reason})",
        }.get(self.kind, self.reason)

    @property
    def serious(self) -> bool:
        """Shown as an error (red), not as a wait (yellow): a file being written or gone
        (a build often deletes its outputs first) is expected to come back."""
        return self.kind in ("failed", "run-failed")


class JobHeader(Static):
    """Path, job id, job status and counts of the open document, and its staleness."""

    DEFAULT_CSS = """
    JobHeader { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("resim-tui — loading…"), id=id)
        self.shown = Text("resim-tui — loading…")
        self.theme_colors: dict[str, str] = {}
        self.problem_counts: tuple[int, int] | None = None
        self.ignored = 0  # warnings a .resim-tui-ignore took out of the counts
        self.doc: Document | None = None
        self.load_state: Stale | None = None  # the file on disk vs. the view
        self.run_state: Stale | None = None  # the last --run command

    @property
    def stale(self) -> list[Stale]:
        return [s for s in (self.load_state, self.run_state) if s is not None]

    def set_load_state(self, state: Stale | None) -> None:
        self.load_state = state
        self._redraw()

    def set_run_state(self, state: Stale | None) -> None:
        self.run_state = state
        self._redraw()

    def _redraw(self) -> None:
        if self.doc is not None:
            self.show(self.doc)

    # Not ``loading``: that name is Textual's reactive (the loading indicator) on every widget.
    def show_loading(self, path: str) -> None:
        self._put(Text.assemble(("resim-tui ", Style(bold=True)), f"loading {printable(path)}…"))

    def failed(self, path: str, message: str) -> None:
        self._put(
            Text.assemble(
                ("resim-tui ", Style(bold=True)),
                printable(path),
                "  ",
                (printable(message), self._style("error", bold=True)),
            )
        )

    def show(self, doc: Document) -> None:
        self.doc = doc
        look = status_look(doc.status)
        job = str(doc.job_id) if doc.job_id is not None else "(no job id)"
        stale = self.stale
        status = (
            (f"{look.glyph} {look.word} (last good version)", Style(dim=True))
            if stale
            else (f"{look.glyph} {look.word}", self._style(look.color, bold=True))
        )
        line = Text.assemble(
            status,
            "  ",
            (printable(shown_path(doc.path), 120), Style(bold=True)),
            ("  job ", Style(dim=True)),
            printable(job, 60),
        )
        failing = len(doc.failing)  # found by the load worker (tui.formats.load)
        counts = Text.assemble(
            (f"{len(doc.metrics)}", Style(bold=True)),
            " metric  " if len(doc.metrics) == 1 else " metrics  ",
            (f"{failing}", self._style("error", bold=True) if failing else Style()),
            " failing  ",
            *self._not_computed(doc),
            (f"{len(doc.events)}", Style(bold=True)),
            " event  " if len(doc.events) == 1 else " events  ",
            (f"{len(doc.data)}", Style(bold=True)),
            " data",
        )
        if doc.scope:  # first on its line: narrow terminals cut the end
            counts = Text.assemble(
                (printable(doc.scope, 60), self._style("accent", bold=True)),
                ("  │  ", Style(dim=True)),
                counts,
            )
        if self.problem_counts is not None:
            errors, warnings = self.problem_counts
            counts.append("  │  ", Style(dim=True))
            counts.append(
                plural(errors, "error"), self._style("error", bold=True) if errors else Style()
            )
            counts.append("  ")
            counts.append(
                plural(warnings, "warning"),
                self._style("warning", bold=True) if warnings else Style(),
            )
            if self.ignored:  # never silent: the counts are not all the file has
                counts.append(f" ({self.ignored} ignored)", Style(dim=True))
        lines = [line, counts]
        for state in stale:
            variable = "error" if state.serious else "warning"
            banner = Text.assemble(
                (" STALE ", self._banner(variable)),
                " ",
                (printable(state.sentence(), 400), self._style(variable, bold=True)),
                (" — showing the last good version", Style(dim=True))
                if state.kind != "run-failed"
                else (" — the view is the file an earlier run wrote", Style(dim=True)),
            )
            lines.insert(0, banner)
        self._put(Text("\n").join(lines))

    def _put(self, text: Text) -> None:
        self.shown = text  # what is on screen, as Rich text (tests read its styles)
        # The file and its counts keep one line each (cut with "…" when narrow, so the
        # tree stays where it was); why the view is stale wraps, under its words.
        rows = [(line, 8 if line.plain.startswith(" STALE ") else -1) for line in text.split()]
        self.update(Hanging(rows))

    def _banner(self, variable: str) -> Style:
        color = self.theme_colors.get(variable)
        return Style(bgcolor=color, color="#000000", bold=True) if color else Style(reverse=True)

    def _not_computed(self, doc: Document) -> tuple[tuple[str, Style], ...]:
        # Metrics that errored do not move the job's status (spec §4.7), so the count
        # beside it is what keeps a PASSED job with broken metrics from reading clean.
        broken = len(doc.not_computed)
        if not broken:
            return ()
        return ((f"{broken}", self._style("error", bold=True)), (" not computed  ", Style()))

    def _style(
        self, variable: str, *, bold: bool | None = None, italic: bool | None = None
    ) -> Style:
        return Style(color=self.theme_colors.get(variable) or None, bold=bold, italic=italic)
