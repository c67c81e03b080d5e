"""The App: one factory for the CLI and the tests, the load worker, the key bindings.

Data flows one way: a worker loads the file into a Document and posts it;
the handler swaps it in and hands it to the tree, the header and the card.
Nothing here decodes or draws by itself.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Static

from tui.messages import DocumentLoaded, LoadFailed
from tui.model import Data, Document, Event, LoadError, Metric, load
from tui.palette import JumpProvider
from tui.screens.help import HelpScreen
from tui.widgets.job_header import JobHeader
from tui.widgets.metric_card import MetricCard
from tui.widgets.metric_tree import MetricTree, Node

# Series longer than this are converted in a worker before their card is built.
_CONVERT_IN_WORKER = 200_000
_THEME_COLORS = ("success", "warning", "error", "primary", "accent", "foreground-muted")


class ResimApp(App[int]):
    """Browse one metrics file."""

    CSS_PATH = "app.tcss"
    TITLE = "resim-tui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("t", "toggle_raw", "Chart/Table", id="toggle-raw"),
        Binding("h", "toggle_hidden", "Hidden", id="toggle-hidden"),
        Binding("left_square_bracket", "category(-1)", "Prev category", show=False),
        Binding("right_square_bracket", "category(1)", "Next category", show=False),
        Binding("ctrl+p,colon", "command_palette", "Jump", show=False, id="jump", priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, source: Path, document: Document | None = None) -> None:
        super().__init__()
        self.source = source
        self._first = document
        self.document: Document | None = None
        self.load_error: str | None = None
        self.show_hidden = True
        self.needle = ""

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield JobHeader(id="job-header")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="filter: name, tag, type, status", id="filter")
                yield MetricTree(id="tree")
            yield MetricCard(id="card")
        yield Static("", id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self._apply_theme()
        self.query_one(JobHeader).loading(str(self.source))
        self.query_one(MetricTree).focus()
        if self._first is not None:
            self.post_message(DocumentLoaded(self._first))
            self._first = None
        else:
            self.load_document()

    def _apply_theme(self) -> None:
        variables = self.get_css_variables()
        background = Color.parse(variables.get("background", "#000000"))
        # Rich styles take opaque colours: blend translucent theme colours onto the background.
        colors = {
            name: background.blend(
                Color.parse(variables[name]), Color.parse(variables[name]).a
            ).hex6
            for name in _THEME_COLORS
            if name in variables
        }
        for widget in (
            self.query_one(MetricTree),
            self.query_one(JobHeader),
            self.query_one(MetricCard),
        ):
            widget.theme_colors = colors

    def watch_theme(self) -> None:
        if not self.is_mounted:
            return
        self._apply_theme()
        if self.document is not None:
            self._show(self.document)

    # --- loading ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_document(self) -> None:
        """Decode and resolve off the UI thread; post the result."""
        try:
            document = load(self.source)
            for data in document.data:
                data.total_length  # noqa: B018 - measured here so the tree need not, on the UI thread
        except LoadError as exc:
            self.post_message(LoadFailed(str(exc), empty=exc.empty))
            return
        self.post_message(DocumentLoaded(document))

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        self.document = message.document
        self.load_error = None
        self._show(message.document)

    def on_load_failed(self, message: LoadFailed) -> None:
        self.load_error = message.reason
        if self.document is None:
            # Nothing good to keep on screen: leave, and let the CLI print why.
            self.exit(2, return_code=2)
            return
        self.query_one("#status-line", Static).update(f"last reload failed: {message.reason}")

    def _show(self, doc: Document) -> None:
        self.query_one(JobHeader).show(doc)
        tree = self.query_one(MetricTree)
        tree.show(doc, self.needle, self.show_hidden)
        if (
            tree.cursor_node is None
            or tree.cursor_node.data is None
            or tree.cursor_node.data.kind == "section"
        ):
            first = tree.first_metric_key()
            if first:
                tree.select_key(first)
            else:
                self.query_one(MetricCard).show(doc)

    # --- selection ----------------------------------------------------------------

    def on_metric_tree_chosen(self, message: MetricTree.Chosen) -> None:
        self._open(message.node)

    def _open(self, node: Node) -> None:
        item = node.item if node.item is not None else self.document
        card = self.query_one(MetricCard)
        if isinstance(item, Metric | Data) and _heavy(item):
            card.show_loading(item)
            self._prepare(item, card.category)
        else:
            card.show(item)

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare(self, item: Metric | Data, category: str | None) -> None:
        """Convert a big item's series off the UI thread, then show its card."""
        for data in _datas(item):
            data.column(category)
            if data.index is not None:
                data.index.column(category)
        self.call_from_thread(self._prepared, item)

    def _prepared(self, item: Metric | Data) -> None:
        card = self.query_one(MetricCard)
        if card.item is item:
            card.show(item)

    def jump_to(self, item: Metric | Event | Data) -> None:
        tree = self.query_one(MetricTree)
        if not tree.select_item(item) and isinstance(item, Metric) and item.hidden:
            self.show_hidden = True
            if self.document is not None:
                tree.show(self.document, self.needle, self.show_hidden)
            tree.select_item(item)
        tree.focus()

    # --- actions ------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("visible")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_class("visible") or box.value:
            box.value = ""
            box.remove_class("visible")
            self.query_one(MetricTree).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.needle = event.value
        if self.document is not None:
            self.query_one(MetricTree).show(self.document, self.needle, self.show_hidden)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(MetricTree).focus()

    def action_toggle_hidden(self) -> None:
        self.show_hidden = not self.show_hidden
        if self.document is not None:
            self.query_one(MetricTree).show(self.document, self.needle, self.show_hidden)
        self.notify(
            "hidden metrics shown" if self.show_hidden else "hidden metrics hidden", timeout=2
        )

    def action_toggle_raw(self) -> None:
        card = self.query_one(MetricCard)
        card.raw = not card.raw
        card.show(card.item)

    def action_category(self, step: int) -> None:
        self.query_one(MetricCard).cycle_category(step)


def _datas(item: Metric | Data) -> list[Data]:
    if isinstance(item, Data):
        return [item]
    return [ref.data for ref in item.refs() if ref.data is not None]


def _heavy(item: Metric | Data) -> bool:
    return any(d.total_length > _CONVERT_IN_WORKER and not d.converted for d in _datas(item))
