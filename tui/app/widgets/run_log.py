"""The --run command's output, below the main pane (l shows or hides it)."""

from __future__ import annotations

from textual.widgets import Log

from tui.text.safe import printable


class RunLog(Log):
    """Every line the watch loop's command printed, with a line per start and exit."""

    def __init__(self, command: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id, max_lines=5000, classes="visible" if command else "")
        self.command = command or ""

    def started(self) -> None:
        self.write_line(f"$ {printable(self.command)}")

    def output(self, line: str) -> None:
        self.write_line(printable(line, 2000))

    def exited(self, code: int, seconds: float) -> str:
        """Log the exit and return the sentence the status line shows."""
        ok = code == 0
        text = f"{'✔' if ok else '✖'} exited {code} after {seconds:.1f} s"
        self.write_line(text)
        return text
