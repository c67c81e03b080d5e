"""The line at the top: which file, which job, its status and counts."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui.model import Document
from tui.text.glyphs import status_look
from tui.text.plural import plural
from tui.text.safe import printable


def shown_path(path: Path) -> str:
    """The path relative to the current directory when it lies below it, else absolute."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class JobHeader(Static):
    """Path, job id, job status and counts of the open document."""

    DEFAULT_CSS = """
    JobHeader { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("resim-tui — loading…"), id=id)
        self.theme_colors: dict[str, str] = {}
        self.problem_counts: tuple[int, int] | None = None

    def loading(self, path: str) -> None:
        self.update(Text.assemble(("resim-tui ", Style(bold=True)), f"loading {printable(path)}…"))

    def failed(self, path: str, message: str) -> None:
        self.update(
            Text.assemble(
                ("resim-tui ", Style(bold=True)),
                printable(path),
                "  ",
                (printable(message), self._style("error", bold=True)),
            )
        )

    def show(self, doc: Document) -> None:
        look = status_look(doc.status)
        job = str(doc.job_id) if doc.job_id is not None else "(no job id)"
        line = Text.assemble(
            (f"{look.glyph} {look.word}", self._style(look.color, bold=True)),
            "  ",
            (printable(shown_path(doc.path), 120), Style(bold=True)),
            ("  job ", Style(dim=True)),
            printable(job, 60),
        )
        counts = Text.assemble(
            (f"{len(doc.metrics)}", Style(bold=True)),
            " metric  " if len(doc.metrics) == 1 else " metrics  ",
            (f"{len(doc.failing)}", self._style("error", bold=True) if doc.failing else Style()),
            " failing  ",
            (f"{len(doc.events)}", Style(bold=True)),
            " event  " if len(doc.events) == 1 else " events  ",
            (f"{len(doc.data)}", Style(bold=True)),
            " data",
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
        self.update(Text("\n").join([line, counts]))

    def _style(self, variable: str, **extra: bool) -> Style:
        color = self.theme_colors.get(variable)
        return Style(color=color, **extra) if color else Style(**extra)
