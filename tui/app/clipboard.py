"""Copying from the viewer: OSC 52 to the terminal, a toast saying what was copied.

The one place that writes to the terminal behind Textual's back (its driver's
``write``): the sequence is built and made inert by ``tui.text.osc52``.
"""

from __future__ import annotations

from textual.app import App

from tui.text.osc52 import LIMIT, clipboard_text, fits, osc52
from tui.text.plural import plural

FALLBACK = "no clipboard (OSC 52 off)? e writes the metric's CSV into the current directory"


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
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    app.notify(
        f"copied {what} ({plural(lines, 'line')}) to the clipboard. {FALLBACK}",
        timeout=5,
        markup=False,
    )
    return True
