"""Text drawn with Unicode (box lines, Braille dots, blocks, glyphs) in plain ASCII.

For old terminals and log viewers: ``resim-tui show --ascii`` passes its whole
output through ``to_ascii``, so no byte above 127 remains. Shapes keep their
meaning where they can: a Braille dot cluster becomes ``'``, ``.`` or ``:``
by where its dots sit, box lines become ``-``, ``|`` and ``+``, status glyphs
their ASCII counterparts; letters lose their accents; anything else is ``?``.
"""

from __future__ import annotations

import unicodedata
from functools import cache

_FIXED = {
    "✔": "+",
    "✓": "+",
    "▲": "!",
    "✖": "X",
    "✗": "x",
    "×": "x",
    "–": "-",
    "—": "--",
    "·": ".",
    "•": "*",
    "…": "...",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "━": "=",
    "═": "=",
    "║": "|",
    "⚑": "F",
    "Σ": "S",
    "∿": "~",
    "¶": "P",
    "◈": "*",
    "▣": "#",
    "▦": "#",
    "≡": "=",
    "░": ".",
    "▒": ":",
    "▓": "%",  # not "#": █ is, and a dark shade must stay a different fill
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "␛": "^[",
    "°": "deg",
    "µ": "u",
    "±": "+/-",
    "∞": "inf",
    "≤": "<=",
    "≥": ">=",
}
# Braille dots 1, 2, 3, 4, 5, 6, 7, 8 as bits 0..7: rows top to bottom.
_TOP = 0b00011011  # dots 1, 2, 4, 5
_BOTTOM = 0b11100100  # dots 3, 6, 7, 8


@cache
def _char(char: str) -> str:
    if char in _FIXED:
        return _FIXED[char]
    code = ord(char)
    if 0x2800 <= code <= 0x28FF:
        dots = code - 0x2800
        if not dots:
            return " "
        top, bottom = dots & _TOP, dots & _BOTTOM
        return ":" if top and bottom else ("'" if top else ".")
    if 0x2500 <= code <= 0x257F:
        name = unicodedata.name(char, "")
        horizontal, vertical = "HORIZONTAL" in name, "VERTICAL" in name
        if " AND " in name:  # corners, tees and crosses
            return "+"
        if horizontal and not vertical:
            return "-"
        if vertical and not horizontal:
            return "|"
        return "+"
    if 0x2580 <= code <= 0x259F:
        return "#"
    decomposed = unicodedata.normalize("NFKD", char)
    plain = "".join(c for c in decomposed if c.isascii())
    return plain or "?"


def to_ascii(text: str) -> str:
    """``text`` with every non-ASCII character replaced by an ASCII stand-in."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _char(c) for c in text)
