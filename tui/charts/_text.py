"""Labels from the file, made safe and fitted to a number of terminal cells."""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size

from tui.text.safe import printable

ELLIPSIS = "…"
# Enough characters to fill any sane terminal line; longer strings are cut first
# so that a 2 MB name costs nothing.
_PRE_CUT = 400


def label(raw: object, width: int | None = None) -> str:
    """``raw`` as one safe line (controls escaped, zero-width dropped) fitting ``width`` cells."""
    text = printable(str(raw)[:_PRE_CUT])
    # printable() escaped every ASCII control, so only other characters can be zero-width.
    if not text.isascii() and any(get_character_cell_size(c) == 0 for c in text):
        text = "".join(c for c in text if get_character_cell_size(c) > 0)
    if width is not None:
        text = fit(text, width)
    return text


def fit(text: str, width: int) -> str:
    """Cut ``text`` (already safe) to ``width`` cells, ending with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + ELLIPSIS


def pad(text: str, width: int, align: str = "left") -> str:
    """``text`` fitted and padded to exactly ``width`` cells."""
    text = fit(text, width)
    gap = width - cell_len(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def fit_middle(text: str, width: int) -> str:
    """Cut ``text`` (already safe) to ``width`` cells by taking out its middle: names that
    differ at the end ("..._front_left_latency", "..._rear_left_latency") stay apart."""
    if cell_len(text) <= width:
        return text
    if width < 5:
        return fit(text, width)
    room = width - 1
    head: list[str] = []
    used = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > (room + 1) // 2:
            break
        head.append(char)
        used += size
    tail: list[str] = []
    for char in reversed(text):
        size = get_character_cell_size(char)
        if used + size > room:
            break
        tail.append(char)
        used += size
    return "".join(head) + ELLIPSIS + "".join(reversed(tail))
