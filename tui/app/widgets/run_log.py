"""The --run command's output, below the main pane (l shows or hides it)."""

from __future__ import annotations

import signal
import textwrap

from textual.widgets import Log

from tui.live.env import missing_module_hint
from tui.text.plural import plural
from tui.text.safe import printable


def exit_words(code: int) -> str:
    """``exit 1``, or the signal that ended the command (``killed by SIGKILL``)."""
    if code >= 0:
        return f"exit {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


class RunLog(Log):
    """Every line the watch loop's command printed, with a line per start and exit."""

    def __init__(self, command: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id, max_lines=5000, classes="visible" if command else "")
        self.command = command or ""
        self.hint: str | None = None  # for the run that is going or last ended

    def toggle(self) -> None:
        if not self.command:  # a key that does nothing here says why
            self.notify(
                "No --run command, so no run log. Start with a command that rebuilds the "
                'file on every save: resim-tui DIR --run "python metrics_build.py"',
                title="l: run log",
                timeout=6,
            )
            return
        self.toggle_class("visible")

    def started(self) -> None:
        self.hint = None
        self.write_line(f"$ {printable(self.command)}")

    def output(self, lines: list[str], dropped: int = 0) -> None:
        """A batch of the command's lines; ``dropped`` older ones were never delivered."""
        if dropped:
            self.write_line(
                f"… {plural(dropped, 'line')} dropped (a flood: the log keeps the newest "
                f"{plural(self.max_lines or 0, 'line')})"
            )
        shown: list[str] = []
        for line in lines:
            shown.append(printable(line, 2000))
            hint = missing_module_hint(line)
            if hint is not None:
                self.hint = hint
                # The log does not wrap: cut the hint into lines that fit 80 columns.
                shown += textwrap.wrap(printable(hint, 2000), 74, subsequent_indent="  ")
        self.write_lines(shown)

    def exited(self, code: int, seconds: float, *, stopped: bool = False) -> tuple[str, str]:
        """Log the exit; return the sentence the status line shows and its kind.

        A failed run opens the log: the traceback is what the user needs next."""
        took = f"after {seconds:.1f} s"
        if stopped and code != 0:
            text, kind = f"■ stopped for a newer save {took}", "busy"
        elif code == 0:
            text, kind = f"✔ done {took}", "ok"
        else:
            text, kind = f"✖ failed ({exit_words(code)}) {took}", "error"
            self.add_class("visible")
            self.scroll_end(animate=False)
        self.write_line(text)
        if kind == "error" and self.hint:
            text += " — " + self.hint.removeprefix("hint: ").split(".")[0]
        return text, kind
