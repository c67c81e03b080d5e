"""Copying from the viewer: OSC 52 to the terminal, a toast saying what was copied.

The one place that writes to the terminal behind Textual's back (its driver's
``write``): the sequence is built and made inert by ``tui.text.osc52``.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from textual.app import App

from tui.text.osc52 import LIMIT, clipboard_text, fits, osc52, reach
from tui.text.plural import plural


def tmux_clipboard() -> str:
    """What tmux's ``set-clipboard`` is ('' outside tmux, or when tmux cannot be asked):
    asked at every copy (a few milliseconds), so that changing it takes effect at once."""
    tmux = shutil.which("tmux")
    if not os.environ.get("TMUX") or tmux is None:
        return ""
    try:
        done = subprocess.run(
            [tmux, "show", "-gv", "set-clipboard"],
            capture_output=True,
            text=True,
            timeout=1,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()[:20] if done.returncode == 0 else ""


def copy(app: App[object], text: str, what: str) -> bool:
    """Put ``text`` on the terminal's clipboard; ``what`` (safe) names it in the toast."""
    if not fits(text):
        app.notify(
            f"{what} is too long for the terminal clipboard (over {LIMIT // 1000} kB); "
            "e writes the metric's CSV into the current directory",
            timeout=6,
            markup=False,
        )
        return False
    driver = app._driver  # Textual's own copy_to_clipboard writes its OSC 52 here too
    if driver is not None:
        driver.write(osc52(text).decode("ascii"))
    app._clipboard = clipboard_text(text)  # what Textual pastes inside the app
    lines = plural(text.count("\n") + (0 if text.endswith("\n") else 1), "line")
    works, said = reach(os.environ, tmux_clipboard())
    if works is False:
        app.notify(f"{what} ({lines}) {said}", severity="warning", timeout=8, markup=False)
        return False
    app.notify(f"copied {what} ({lines}) to the clipboard, {said}", timeout=5, markup=False)
    return True
