"""Copy to the terminal's clipboard: the OSC 52 sequence, built and escaped here.

``ESC ] 52 ; c ; <base64> BEL`` asks the terminal to put the text on the system
clipboard; it crosses SSH, and tmux takes it too with ``set-clipboard on``. The
text is made inert first (every control character from the file becomes a
visible escape, newlines and tabs kept), so a paste can never run anything, and
base64 keeps the sequence itself to 64 printable characters: nothing from the
file reaches the terminal raw.
"""

from __future__ import annotations

import base64

from tui.text.safe import printable_block

# Terminals cap what one OSC 52 may carry (xterm, kitty, tmux: about 100 kB of
# base64); longer copies are written to a file instead.
LIMIT = 100_000


def clipboard_text(text: str) -> str:
    """What is copied: ``text`` with control characters escaped, newlines kept."""
    return printable_block(text)


def encoded_size(text: str) -> int:
    """How many base64 bytes ``text`` becomes."""
    return 4 * -(-len(clipboard_text(text).encode("utf-8")) // 3)


def fits(text: str) -> bool:
    return encoded_size(text) <= LIMIT


def osc52(text: str) -> bytes:
    """The whole sequence that puts ``text`` (made inert) on the clipboard."""
    payload = base64.b64encode(clipboard_text(text).encode("utf-8"))
    return b"\x1b]52;c;" + payload + b"\x07"
