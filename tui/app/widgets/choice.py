"""A drop-down that survives being removed while it mounts.

Textual's ``Select`` looks up its own overlay in its mount handler. The card
rebuilds its widgets on every selection and reload, so a ``Select`` can be
removed after its children are pruned but before its mount handler runs, and
Textual then raises ``NoMatches`` and the app exits (seen on ``t``/``]`` held
down, and on a compare side that fails to load). Every drop-down in the app is
a ``Choice``; tests/test_choice.py holds the rule and the race.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import RenderableType
from textual import events
from textual.widgets import Select
from textual.widgets._select import NoSelection, SelectOverlay


class Choice(Select[str]):
    """A ``Select`` of strings whose set-up is a no-op once it is being taken down."""

    def _torn_down(self) -> bool:
        return self._pruning or self._closing or not self.query(SelectOverlay)

    def _on_mount(self, event: events.Mount) -> None:
        if self._torn_down():
            return
        super()._on_mount(event)

    def _setup_options_renderables(self) -> None:
        if self._torn_down():
            return
        super()._setup_options_renderables()

    def set_options(self, options: Iterable[tuple[RenderableType, str]]) -> None:
        if self._torn_down():
            return
        super().set_options(options)

    def _watch_value(self, value: str | NoSelection) -> None:
        if self._torn_down():
            return
        super()._watch_value(value)
