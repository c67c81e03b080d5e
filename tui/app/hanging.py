"""Text that wraps under itself: each line's continuation starts at its hang, not column 0.

Rich wraps a long line back to the left edge, so a wrapped message or hint
runs into the marks and labels that head the lines around it. ``Hanging``
wraps each of its lines at the width it is drawn at (so it follows resizes)
and starts every continuation at that line's indent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


def hang(text: Text, width: int, indent: int) -> list[Text]:
    """``text`` wrapped at ``width`` cells, every line after the first indented by ``indent``.

    Breaks at spaces where it can and folds a word wider than the room, so no
    line is ever wider than ``width`` (unless ``width`` cannot hold one cell).
    """
    width = max(width, 1)
    indent = min(max(indent, 0), width - 1)
    plain = text.plain
    lines: list[Text] = []
    start, room = 0, width
    while start < len(plain):
        if lines:
            while start < len(plain) and plain[start] == " ":
                start += 1
            if start == len(plain):
                break
        end = _line_end(plain, start, room, width - indent)
        line = text[start:end]
        line.rstrip()
        if lines:
            line = Text(" " * indent, end="") + line
        line.end = ""
        lines.append(line)
        start, room = end, width - indent
    return lines or [Text("", end="")]


def _line_end(plain: str, start: int, room: int, next_room: int) -> int:
    """Where a line that starts at ``start`` and has ``room`` cells ends."""
    used, end, space = 0, start, -1
    while end < len(plain):
        cells = cell_len(plain[end])
        if used + cells > room:
            break
        if plain[end] == " ":
            space = end
        used += cells
        end += 1
    if end < len(plain) and plain[end] != " " and space > start:
        # The word that did not fit starts the next line, if it fits there whole:
        # a longer one (an id, a path) is folded here rather than leave a gap.
        word_end = plain.find(" ", end)
        word = plain[space + 1 : len(plain) if word_end < 0 else word_end]
        if cell_len(word) <= next_room:
            return space
    return max(end, start + 1)


class Hanging(Visual):
    """Lines of text, each with the column its wrapped part continues at (-1: never wraps).

    A Textual ``Visual``: ``Static(Hanging(...))`` and ``Option(Hanging(...))``
    wrap it at their own width; ``str()`` is the unwrapped text.
    """

    def __init__(self, rows: Iterable[tuple[Text, int]]) -> None:
        self.rows = list(rows)

    def __str__(self) -> str:
        return "\n".join(text.plain for text, _ in self.rows)

    def lines(self, width: int) -> Iterator[Text]:
        for text, indent in self.rows:
            for piece in text.split("\n", allow_blank=True):
                if indent < 0:  # one line: cut with an ellipsis rather than wrap
                    piece = piece.copy()
                    piece.truncate(width, overflow="ellipsis")
                    yield piece
                else:
                    yield from hang(piece, width, indent)

    def _content(self, width: int) -> Content:
        return Content.from_rich_text(Text("\n").join(self.lines(width)))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self._content(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        widest = max((cell_len(line) for line in str(self).splitlines()), default=0)
        return min(widest, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return sum(1 for _ in self.lines(width))
