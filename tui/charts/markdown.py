"""Markdown from a file as readable terminal text: what ``show`` prints for descriptions
and text metrics.

Not a Markdown renderer: a line-by-line reading that drops the markers a reader
would not type (``**``, ``_``, backticks, ``#`` of headings, code fences) and keeps
the structure (headings in bold, the first two levels underlined; lists as
bullets, quotes behind a bar, code indented). Links become ``text (url)``, as
plain text: never a terminal hyperlink (no OSC 8), since the address is the
file's and the reader should see it.
Everything is first made safe (``printable_block``: no control characters reach
the terminal) and goes into ``Text`` objects, which take nothing as markup.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text

from tui.text.safe import printable_block

BOLD = Style(bold=True)
ITALIC = Style(italic=True)
STRIKE = Style(strike=True)
CODE = Style(dim=True)

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
_CLOSING_HASHES = re.compile(r"(?:^|\s)#+$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,9}[.)])\s+(.*)$")
# Inline forms, tried left to right; code first, so nothing inside it is read.
# Linear by construction: no part can run past the next delimiter of its own kind
# (link text stops at a bracket, an address at a parenthesis or a space, emphasis at
# its own marker), so a match attempt costs at most the distance to that delimiter and
# a line of 120 KB of "[a](" costs what any other 120 KB line costs. The price:
# emphasis does not nest inside the same marker, and code spans hold no backticks.
_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`{1,3})(?P<code_text>[^`]+)(?P=ticks))"
    r"|(?P<image>!\[(?P<alt>[^\[\]]*)\]\((?P<src>[^()\s]*)(?:\s+\"[^\"]*\")?\))"
    r"|(?P<link>\[(?P<link_text>[^\[\]]+)\]\((?P<url>[^()\s]*)(?:\s+\"[^\"]*\")?\))"
    r"|(?P<auto><(?P<auto_url>(?:https?|mailto|ftp):[^<>\s]+)>)"
    r"|(?P<bold>\*\*(?P<bold_a>[^*\s](?:[^*]*[^*\s])?)\*\*|__(?P<bold_u>[^_\s](?:[^_]*[^_\s])?)__)"
    r"|(?P<strike>~~(?P<strike_text>[^~\s](?:[^~]*[^~\s])?)~~)"
    r"|(?P<italic>\*(?P<italic_a>[^\s*](?:[^*]*[^\s*])?)\*"
    r"|(?<![\w_])_(?P<italic_u>[^\s_](?:[^_]*[^\s_])?)_(?![\w_]))"
    r"|(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!~>|]))"
)


def plain(markdown: str, max_len: int | None = None) -> Text:
    """``markdown`` as safe, readable Text (cut to ``max_len`` characters first)."""
    lines: list[Text] = []
    fenced = False
    for line in printable_block(markdown, max_len).split("\n"):
        if _FENCE.match(line):  # the fence itself is not shown; its code is indented
            fenced = not fenced
        elif fenced:
            lines.append(Text("  " + line, CODE))
        else:
            lines.append(_line(line))
            level = _level(line)
            if level and level <= 2:  # underlined, as in plain-text mail: seen without bold
                lines.append(Text(("═" if level == 1 else "─") * lines[-1].cell_len))
    while lines and not lines[-1].plain.strip():
        lines.pop()
    return Text("\n").join(lines)


def _level(line: str) -> int:
    """The level of a heading line (1 for ``#``), else 0."""
    match = _HEADING.match(line)
    return len(match.group(1)) if match else 0


def _line(line: str) -> Text:
    if match := _HEADING.match(line):
        heading = inline(_CLOSING_HASHES.sub("", match.group(2).rstrip()).rstrip())
        heading.stylize(BOLD)
        return heading
    if _RULE.match(line):
        return Text("─" * 20)
    if match := _QUOTE.match(line):
        return Text("│ ").append_text(inline(match.group(1)))
    if match := _BULLET.match(line):
        return Text(f"{match.group(1)}• ").append_text(inline(match.group(2)))
    if match := _NUMBERED.match(line):
        return Text(f"{match.group(1)}{match.group(2)} ").append_text(inline(match.group(3)))
    return inline(line)


def inline(text: str) -> Text:
    """One line's inline Markdown (code, links, emphasis, escapes) as Text."""
    out = Text()
    at = 0
    for match in _INLINE.finditer(text):
        out.append(text[at : match.start()])
        at = match.end()
        if match.group("code"):
            out.append(match.group("code_text").strip() or match.group("code_text"), CODE)
        elif match.group("image"):
            out.append(f"[image: {match.group('alt') or match.group('src')}]")
        elif match.group("link"):
            out.append_text(_link(match.group("link_text"), match.group("url")))
        elif match.group("auto"):
            out.append(match.group("auto_url"))
        elif match.group("bold"):
            out.append_text(_styled(match.group("bold_a") or match.group("bold_u"), BOLD))
        elif match.group("strike"):
            out.append_text(_styled(match.group("strike_text"), STRIKE))
        elif match.group("italic"):
            out.append_text(_styled(match.group("italic_a") or match.group("italic_u"), ITALIC))
        elif match.group("escape"):
            out.append(match.group("escaped"))
    out.append(text[at:])
    return out


def _styled(text: str, style: Style) -> Text:
    inner = inline(text)  # emphasis and links nest
    inner.stylize(style)
    return inner


def _link(text: str, url: str) -> Text:
    shown = inline(text)
    if url and url != shown.plain:
        shown.append(f" ({url})")
    return shown
