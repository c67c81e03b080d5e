"""File text as Rich objects that no widget or console can misread.

``inert()`` is how a widget receives text from a file: a ``Text`` (never a
``str``, which Textual would parse as markup) whose characters went through
:func:`tui.text.safe.printable`. ``defused()`` and ``InertConsole`` are the
net under everything already built: they rewrite, in place and at the same
length, whatever unsafe character a renderer let through.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from tui.text.safe import defuse, printable, printable_block


def inert(text: str, max_len: int | None = None, style: str = "") -> Text:
    """File text for a widget: escaped like printable() and wrapped so it never parses."""
    return Text(printable(text, max_len), style=style, end="")


def inert_block(text: str, max_len: int | None = None, style: str = "") -> Text:
    """Like inert() but keeps newlines and tabs."""
    return Text(printable_block(text, max_len), style=style, end="")


def defused(text: Text) -> Text:
    """``text`` with every unsafe character replaced by a visible one; spans kept."""
    plain = text.plain
    safe = defuse(plain)
    if safe != plain:
        text = text.copy()
        text.plain = safe
    return text


class Defused:
    """A renderable that draws ``renderable`` with every text segment defused."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from _defuse_segments(console.render(self.renderable, options))


def _defuse_segments(segments: Iterable[Segment]) -> Iterable[Segment]:
    for segment in segments:
        if segment.control:
            yield segment  # Rich's own cursor moves, never file text
        else:
            yield Segment(defuse(segment.text), segment.style)


class InertConsole(Console):
    """A console whose every print is defused: no file text reaches the terminal raw."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(_defused(o) for o in objects), **kwargs)


def _defused(obj: Any) -> Any:
    # Text stays Text: the console joins and ends Text its own way.
    if isinstance(obj, str):
        return Text(defuse(obj))  # never markup
    if isinstance(obj, Text):
        return defused(obj)
    return Defused(obj)
