"""A footer that never cuts a key: what does not fit is folded into ``?``.

Textual's footer lays every key out in a row and lets the screen's edge cut the
rest ("q Qu" at 80 columns, the help key gone). This one measures each key
first, keeps the ones nearest the focus that fit, and when it leaves any out
says so: the help key reads "more", since ``?`` lists every key.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Cells around a key's words: " k " then "words " (FooterKey's padding); the
# palette key, docked right, adds its border and one more cell of padding.
_KEY_PAD = 3
_PALETTE_EXTRA = 2
HELP_KEY = "question_mark"
# Esc is the way out (back to the jobs, close a panel): always shown, and first.
OUT_KEY = "escape"
# Written as ``?`` and the README write them ("esc Close" read like a typo).
_NAMES = {"escape": "Esc", "enter": "Enter", "space": "Space", "tab": "Tab"}
FOLDED = "more"


class _Plan(NamedTuple):
    """What the footer shows: (binding, words, enabled, tooltip) per key, the keys
    folded into ``? more``, and the palette's key (binding, enabled), if shown."""

    keys: tuple[tuple[Binding, str, bool, str], ...]
    folded: tuple[str, ...]
    palette: tuple[Binding, bool] | None


def _width(key_display: str, description: str) -> int:
    return cell_len(key_display) + cell_len(description) + _KEY_PAD


class FitFooter(Footer):
    """Every key it shows is whole; a fold is announced as ``? more``."""

    folded: tuple[str, ...] = ()
    """The keys left out at the present width (tests and ``?`` read them)."""

    def __init__(self) -> None:
        super().__init__()
        self._laid_out_for = 0
        self._composed: _Plan | None = None

    def compose(self) -> ComposeResult:
        plan = self._composed = self._plan()
        if plan is None:
            return
        self.folded = plan.folded
        for binding, words, enabled, tooltip in plan.keys:
            yield self._key(binding, words, enabled, tooltip)
        if plan.palette is not None:
            binding, enabled = plan.palette
            yield FooterKey(
                binding.key,
                self._display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    async def recompose(self) -> None:
        # Bindings change with every focus move and the footer is asked to lay its keys out
        # again each time; rebuilding the same keys cost a style pass per key for nothing.
        if self.is_attached and self._composed is not None and self._plan() == self._composed:
            return
        await super().recompose()

    def _plan(self) -> _Plan | None:
        """The keys to show at the present width, innermost first, and those left out."""
        if not self._bindings_ready or not self.is_attached:
            return None
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        active = self.screen.active_bindings
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        # One entry per action (a key bound twice is shown once), innermost first.
        seen: set[str] = set()
        entries: list[tuple[Binding, bool, str]] = []
        help_entry: tuple[Binding, bool, str] | None = None
        out_entry: tuple[Binding, bool, str] | None = None
        for _, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in seen:
                continue
            if palette is not None and binding is palette[1]:
                continue
            seen.add(binding.action)
            if binding.key == HELP_KEY and help_entry is None:
                help_entry = (binding, enabled, tooltip)
            elif binding.key == OUT_KEY and out_entry is None:
                out_entry = (binding, enabled, tooltip)
            else:
                entries.append((binding, enabled, tooltip))
        room = width
        if palette is not None:
            room -= self._cells(palette[1]) + _PALETTE_EXTRA
        if help_entry is not None:
            # The help key is always there, and wide enough to read "more" if need be.
            help_words = help_entry[0].description
            room -= _width(self._display(help_entry[0]), max(help_words, FOLDED, key=cell_len))
        kept, folded = [], []
        if out_entry is not None:
            kept.append(out_entry)
            room -= self._cells(out_entry[0])
        for entry in entries:
            cells = self._cells(entry[0])
            if cells <= room:
                kept.append(entry)
                room -= cells
            else:
                folded.append(entry[0].key)
        keys = [(binding, binding.description, enabled, tip) for binding, enabled, tip in kept]
        if help_entry is not None:
            binding, enabled, tooltip = help_entry
            words = FOLDED if folded else binding.description
            keys.append((binding, words, enabled, tooltip or "every key, and what marks mean"))
        shown_palette = (palette[1], palette[2]) if palette is not None else None
        return _Plan(tuple(keys), tuple(folded), shown_palette)

    def _display(self, binding: Binding) -> str:
        if binding.key_display is None and binding.key in _NAMES:
            return _NAMES[binding.key]
        return self.app.get_key_display(binding)

    def _cells(self, binding: Binding) -> int:
        return _width(self._display(binding), binding.description)

    def _key(self, binding: Binding, words: str, enabled: bool, tooltip: str) -> FooterKey:
        key = FooterKey(
            binding.key,
            self._display(binding),
            words,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip,
        )
        return key.data_bind(compact=Footer.compact)

    def on_resize(self, event: events.Resize) -> None:
        # A new width may fit more keys, or fewer: lay them out again.
        if self.is_attached and event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
