"""Command palette: jump to any metric, event or data by (fuzzy) name."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.text.glyphs import status_look, type_name
from tui.text.safe import printable

if TYPE_CHECKING:
    from tui.app.viewer import ResimApp


class JumpProvider(Provider):
    """Every item of the open document, as "Metric: name", "Event: name", "Data: name"."""

    def _items(self) -> list[tuple[str, str, object]]:
        app: ResimApp = self.app  # type: ignore[assignment]
        doc = app.document
        if doc is None:
            return []
        items: list[tuple[str, str, object]] = []
        for metric in doc.metrics:
            look = status_look(metric.status)
            help_ = f"{look.word} · {type_name(metric.type)}"
            items.append((f"{look.glyph} {printable(metric.name, 100)}", help_, metric))
        for event in doc.events:
            items.append((f"⚑ {printable(event.name, 100)}", "event", event))
        for data in doc.data:
            items.append((f"  {printable(data.name, 100)}", f"data · {data.data_type.label}", data))
        return items

    async def discover(self) -> Hits:
        app: ResimApp = self.app  # type: ignore[assignment]
        for label, help_, item in self._items()[:200]:
            yield DiscoveryHit(Text(label), partial(app.jump_to, item), text=label, help=help_)

    async def search(self, query: str) -> Hits:
        app: ResimApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for label, help_, item in self._items():
            score = matcher.match(label)
            if score > 0:
                # Not matcher.highlight(): it parses the label as markup, and names are untrusted.
                yield Hit(score, Text(label), partial(app.jump_to, item), text=label, help=help_)
