"""Command palette: every action of the screen it was opened from, with its key.

The palette is the place to find what a key does without knowing the key: each
binding with a description becomes a command "Reload  (r)". Built from the live
bindings, so a new key is listed without touching this file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.widget import Widget

# Movement and the palette itself are not commands.
_SKIP = {"command_palette", "cursor_up", "cursor_down", "scroll_up", "scroll_down"}


class ActionsProvider(Provider):
    """The app's, the screen's and its widgets' key bindings, as commands."""

    def _commands(self) -> Iterator[tuple[Text, str, Callable[[], object]]]:
        seen: set[tuple[str, str]] = set()
        nodes: list[App[Any] | Widget] = [self.app, self.screen, *self.screen.query("*")]
        for node in nodes:
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    action = binding.action.split("(")[0]
                    if not binding.description or action in _SKIP:
                        continue
                    if (binding.description, binding.action) in seen:
                        continue
                    seen.add((binding.description, binding.action))
                    keys = self._keys(node, binding)
                    label = Text.assemble(binding.description, (f"  {keys}", Style(dim=True)))
                    run = partial(node.run_action, binding.action)
                    yield label, binding.tooltip or f"key: {keys}", run

    def _keys(self, node: DOMNode, binding: Binding) -> str:
        """Every key bound to the same action on ``node`` (``l``, ``← ,``)."""
        keys = [
            self.app.get_key_display(other)
            for bindings in node._bindings.key_to_bindings.values()
            for other in bindings
            if other.action == binding.action
        ]
        return " ".join(dict.fromkeys(keys))

    async def discover(self) -> Hits:
        for label, help_, run in self._commands():
            yield DiscoveryHit(label, run, text=label.plain, help=help_)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_, run in self._commands():
            score = matcher.match(label.plain)
            if score > 0:
                yield Hit(score, label, run, text=label.plain, help=help_)
