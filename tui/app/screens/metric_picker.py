"""Choosing a metric by name: type to narrow, Enter to choose."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.widgets.fit_footer import FitFooter
from tui.text.safe import printable

MAX_SHOWN = 500  # options listed at once; typing narrows the rest


class MetricPicker(ModalScreen[str | None]):
    """A list of metric names; dismissed with the chosen one (or None)."""

    DEFAULT_CSS = """
    MetricPicker { align: center middle; }
    #picker-body { width: 80%; max-width: 90; height: 80%; border: round $primary; padding: 0 1; }
    #picker-list { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "close", "Close", id="close-picker")]

    def __init__(self, names: list[str], first: list[str] | None = None) -> None:
        super().__init__()
        self.names = names
        self.first = first or []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-body"):
            yield Static(
                Text.assemble(
                    ("One metric across every job", "bold"),
                    ("   type to narrow · ↑↓ move · Enter choose", "dim"),
                )
            )
            yield Input(placeholder="metric name", id="picker-input")
            yield OptionList(id="picker-list")
        yield FitFooter()  # this panel's keys, not those of the screen beneath

    def on_mount(self) -> None:
        self.query_one(Input).cursor_blink = False
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, needle: str) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        wanted = needle.lower()
        names = [n for n in self.names if wanted in n.lower()]
        # The highlighted job's failing metric first: the one most likely wanted.
        names.sort(key=lambda n: n not in self.first)
        listing.add_options(
            [
                Option(Text(printable(n, 120)), id=str(self.names.index(n)))
                for n in names[:MAX_SHOWN]
            ]
        )
        if names:
            listing.highlighted = 0

    @on(Input.Changed, "#picker-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-input")
    def _submitted(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted is not None and listing.option_count:
            option = listing.get_option_at_index(listing.highlighted)
            self.dismiss(self.names[int(option.id or 0)])

    def on_key(self, event: object) -> None:
        # Up and down move in the list while typing in the box.
        key = getattr(event, "key", "")
        listing = self.query_one(OptionList)
        if key == "down":
            listing.action_cursor_down()
        elif key == "up":
            listing.action_cursor_up()

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.names[int(event.option.id or 0)])

    def action_close(self) -> None:
        self.dismiss(None)
