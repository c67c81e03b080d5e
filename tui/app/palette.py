"""Command palette: jump to any metric, event or data by (fuzzy) name."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from rich.text import Text
from textual.command import Hit, Hits, Provider

from tui.model import Data, Document, Event, Metric
from tui.text.glyphs import status_look, type_name
from tui.text.safe import printable

Item = Metric | Event | Data


class Jumper(Protocol):
    """What the palette needs of the app (ResimApp is one).

    A Protocol, not ResimApp: the app lists this provider in its COMMANDS, so
    importing the app here would be an import circle.
    """

    document: Document | None

    def jump_to(self, item: Item) -> None: ...


class JumpProvider(Provider):
    """Every item of the open document, as "Metric: name", "Event: name", "Data: name".

    Found by typing only (no ``discover``): the empty palette lists the commands with
    their keys, which two providers' discoveries, arriving in no fixed order, and 200
    metrics used to bury.
    """

    @property
    def _app(self) -> Jumper:
        return cast(Jumper, self.app)

    def _items(self) -> list[tuple[str, str, Item]]:
        doc = self._app.document
        if doc is None:
            return []
        items: list[tuple[str, str, Item]] = []
        for metric in doc.metrics:
            look = status_look(metric.status)
            help_ = f"{look.word} · {type_name(metric.type)}"
            items.append((f"{look.glyph} {printable(metric.name, 100)}", help_, metric))
        for event in doc.events:
            items.append((f"⚑ {printable(event.name, 100)}", "event", event))
        for data in doc.data:
            items.append((f"  {printable(data.name, 100)}", f"data · {data.data_type.label}", data))
        return items

    async def search(self, query: str) -> Hits:
        app = self._app
        matcher = self.matcher(query)
        for label, help_, item in self._items():
            score = matcher.match(label)
            if score > 0:
                # Not matcher.highlight(): it parses the label as markup, and names are untrusted.
                yield Hit(score, Text(label), partial(app.jump_to, item), text=label, help=help_)
