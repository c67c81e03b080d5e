"""Make strings from a metrics file safe to show.

Names, units, descriptions and texts come from a file anyone could have
written. Rich/Textual markup in them is never interpreted (views wrap them in
``rich.text.Text``, which takes text literally), and terminal control
characters never reach the terminal: every C0/C1 control, DEL and bidi
override becomes a visible escape such as ``\\x1b``. Long strings are cut.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, and bidirectional overrides/isolates, which can
# make text read differently from what it is.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

ELLIPSIS = "…"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, max_len: int | None = None) -> str:
    """One line, every control character shown as an escape, cut to ``max_len`` chars."""
    if max_len is not None and len(text) > max_len:
        text = text[: max(max_len - 1, 0)] + ELLIPSIS
    return _UNSAFE.sub(_escape, text)


def printable_block(text: str, max_len: int | None = None) -> str:
    """Like printable() but keeps newlines and tabs, for descriptions and Markdown."""
    if max_len is not None and len(text) > max_len:
        text = text[: max(max_len - 1, 0)] + ELLIPSIS
    return _UNSAFE_MULTILINE.sub(_escape, text.replace("\r\n", "\n"))
