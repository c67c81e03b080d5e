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
from collections.abc import Mapping

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


def reach(env: Mapping[str, str], tmux_clipboard: str | None) -> tuple[bool | None, str]:
    """Whether a copy will reach the clipboard, as far as can be known from here, and how
    to say so: (False, why) when it surely will not; (None, what to expect) otherwise
    (no terminal says whether it took an OSC 52).

    ``tmux_clipboard`` is what ``tmux show -gv set-clipboard`` said inside tmux ('' when
    it could not be asked). Only ``on`` lets tmux take the sequence from a program:
    ``external`` and ``off`` drop it."""
    fix = "tmux set -g set-clipboard on, or e writes the metric's CSV to a file"
    if env.get("TMUX"):
        setting = (tmux_clipboard or "").strip()
        if setting == "on":
            return None, "tmux has set-clipboard on: in its buffer (prefix ]) and passed on"
        if setting in ("off", "external"):
            return False, f"not copied: tmux drops OSC 52 with set-clipboard {setting} ({fix})"
        return None, "inside tmux: copied only with set-clipboard on (tmux show -gv set-clipboard)"
    if env.get("STY"):  # GNU screen passes OSC 52 on from programs only wrapped, if at all
        return None, "inside GNU screen, which may not pass OSC 52 on; e writes a CSV file"
    return None, "if your terminal allows OSC 52 (most do; some ask); e writes a CSV file"
