"""The one way text from a metrics file reaches a surface.

Names, units, descriptions, keys and paths come from a file anyone could have
written. Two things must never happen to them:

* they are never read as markup: Textual widgets get ``rich.text.Text`` from
  :func:`inert` (or ``markup=False``), never a ``str`` they would parse, so
  ``[@click=app.quit]`` is only ever shown;
* they never carry bytes a terminal acts on or that make text read differently
  from what it is: every C0/C1 control, DEL, bidi override or isolate, and
  invisible or line-breaking format character becomes a visible escape such as
  ``\\x1b`` or ``\\u202e``.

Long strings are cut before escaping, so the cost is bounded by ``max_len``,
never by the size of the file.
"""

from __future__ import annotations

import re

# Characters a terminal acts on (C0, DEL, C1), that reorder text (bidi marks,
# embeddings, overrides, isolates, the Arabic letter mark), that are invisible
# (zero-width space/joiners, word joiner and invisible operators, BOM, soft
# hyphen, Mongolian vowel separator, interlinear annotation marks) or that break
# lines where a terminal does not expect it (U+2028, U+2029).
HIDDEN_CHARS = _HIDDEN = (
    "\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
UNSAFE_CHARS = "\x00-\x1f\x7f-\x9f" + _HIDDEN
_UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_HIDDEN}]")

ELLIPSIS = "…"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _cut(text: str, max_len: int | None) -> str:
    if max_len is not None and len(text) > max_len:
        return text[: max(max_len - 1, 0)] + ELLIPSIS
    return text


def printable(text: str, max_len: int | None = None) -> str:
    """One line, every unsafe character shown as an escape, cut to ``max_len`` chars."""
    return _UNSAFE.sub(_escape, _cut(str(text), max_len))


def printable_block(text: str, max_len: int | None = None) -> str:
    """Like printable() but keeps newlines and tabs, for descriptions and Markdown."""
    return _UNSAFE_MULTILINE.sub(_escape, _cut(str(text), max_len).replace("\r\n", "\n"))


def _pictures() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ … ␟
    table[0x7F] = "\u2421"  # ␡
    table.update({code: "\ufffd" for code in range(0x80, 0xA0)})
    for start, end in (
        (0x00AD, 0x00AD), (0x061C, 0x061C), (0x180E, 0x180E), (0x200B, 0x200F),
        (0x2028, 0x202E), (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
    ):  # fmt: skip
        table.update({code: "\ufffd" for code in range(start, end + 1)})
    return table


_PICTURES = _pictures()
_PICTURES_BLOCK = {k: v for k, v in _PICTURES.items() if k not in (0x09, 0x0A)}


def defuse(text: str) -> str:
    """The last line of defence: unsafe characters become one visible character each
    (``␛`` for ESC, ``�`` for C1 and invisible ones), newlines and tabs stay. The length
    never changes, so styles laid over the text (Rich spans) stay where they were.
    The search finds the same characters as the table, and costs a tenth of it on the
    clean text that nearly all text is."""
    return text.translate(_PICTURES_BLOCK) if _UNSAFE_MULTILINE.search(text) else text


def is_unsafe(text: str) -> bool:
    """True when ``text`` holds a character that printable() would escape."""
    return _UNSAFE.search(text) is not None
