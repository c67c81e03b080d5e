"""The main pane: the filter box and the tree on the left, the card on the right.

It owns the user's place (filter text, hidden toggle, selected key) and keeps it
across every rebuild: a new document, a new report, a new filter.
"""

from __future__ import annotations

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input

from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree, Node
from tui.model import Data, Document, Event, Metric
from tui.model.compare import Comparison, compare, file_digests
from tui.model.problems import Problem, Severity
from tui.text.safe import printable
from tui.validate import Report

# Series longer than this are converted in a worker before their card is built.
_CONVERT_IN_WORKER = 200_000


def datas(item: Metric | Data) -> list[Data]:
    """The data series ``item`` draws from."""
    if isinstance(item, Data):
        return [item]
    return [ref.data for ref in item.refs() if ref.data is not None]


def _heavy(item: Metric | Data) -> bool:
    return any(d.total_length > _CONVERT_IN_WORKER and not d.converted for d in datas(item))


class Browser(Horizontal):
    """Tree and card of one document; the card follows the tree's cursor."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("t", "toggle_raw", "Chart/Table", id="toggle-raw"),
        Binding("h", "toggle_hidden", "Hidden", id="toggle-hidden"),
        Binding("left_square_bracket", "category(-1)", "Prev category", show=False),
        Binding("right_square_bracket", "category(1)", "Next category", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.needle = ""
        self.show_hidden = True
        self._files: dict[str, str] = {}  # the external files as they were at the last load

    def compose(self) -> ComposeResult:
        with Vertical(id="left"):
            yield Input(placeholder="filter: name, tag, type, status", id="filter")
            yield MetricTree(id="tree")
        yield MetricCard(id="card")

    def on_mount(self) -> None:
        # No blinking cursor: nothing may repaint while idle (slow SSH links).
        self.query_one("#filter", Input).cursor_blink = False

    # --- documents and reports -------------------------------------------------------

    def show(
        self, doc: Document, *, reloaded: bool = False, track: bool = False
    ) -> Comparison | None:
        """Show ``doc``; after a reload, mark what changed and return the changes.

        ``track`` keeps digests of the external files so that the next reload can tell
        a changed image from an unchanged one (only worth it while watching)."""
        old, self.document = self.document, doc
        tree = self.query_one(MetricTree)
        changes = None
        if old is None or not reloaded:
            tree.marks = {}
        else:
            changes = compare(old, doc, files_a=self._files)
            tree.marks = {d.key: d.mark for d in changes.metrics if d.state in ("changed", "added")}
        self._files = file_digests(doc) if track or reloaded else {}
        self.rebuild(announce_gone=reloaded)
        return changes

    def apply_report(self, doc: Document, report: Report) -> None:
        """Badge the tree and the card with ``report``'s problems about ``doc``."""
        objects = {"metric": doc.metrics, "data": doc.data, "event": doc.events}
        badges: dict[int, tuple[int, bool]] = {}
        lines: dict[int, list[Problem]] = {}
        for (kind, position), problems in report.by_object().items():
            items = objects.get(kind)
            if items is None or position is None or not 0 <= position < len(items):
                continue
            item = items[position]
            lines[id(item)] = problems
            # Notes need no action: they are on the card, never on a badge.
            acting = [p for p in problems if p.severity is not Severity.INFO]
            if acting:
                errors = any(p.severity is Severity.ERROR for p in acting)
                badges[id(item)] = (len(acting), errors)
        self.query_one(MetricTree).badges = badges
        self.rebuild()
        card = self.query_one(MetricCard)
        card.problems = lines
        if card.item is not None and id(card.item) in lines:
            card.show(card.item, card.key)

    def go_to_problem(self, problem: Problem | None) -> None:
        doc = self.document
        if problem is None or doc is None:
            return
        where = problem.location
        items = {"metric": doc.metrics, "data": doc.data, "event": doc.events}.get(where.kind)
        if items is not None and where.index is not None and 0 <= where.index < len(items):
            self.jump_to(items[where.index])

    def rebuild(self, *, announce_gone: bool = False) -> None:
        """Rebuild the tree (a new document, the filter, the hidden toggle, badges) and keep
        the place: the same node if it is still shown, else the metric nearest to it, else
        the first metric. The card follows."""
        doc = self.document
        if doc is None:
            return
        tree = self.query_one(MetricTree)
        card = self.query_one(MetricCard)
        lost = tree.cursor_key()
        neighbours = tree.metric_keys_in_order()
        tree_scroll, card_scroll = tree.scroll_y, card.scroll_y
        tree.show(doc, self.needle, self.show_hidden)
        tree.scroll_to(y=tree_scroll, animate=False)
        target = lost if lost and tree.has_key(lost) else None
        if target is not None:
            card.restore_scroll = card_scroll
        elif lost is not None and lost.startswith("metric:"):
            target = tree.nearest_key(lost, neighbours)
            if announce_gone:
                name = lost.split(":", 1)[-1]
                self.notify(
                    f"“{printable(name, 80)}” is gone from the file", timeout=4, markup=False
                )
        target = target or tree.first_metric_key()
        node = tree.node_for_key(target) if target else None
        if node is None or node.data is None:
            card.show(doc)
            return
        tree.select_key(node.data.key)
        if node.data.item is None or node.data.item is not card.item:
            self._open(node.data)

    # --- selection ----------------------------------------------------------------

    def on_metric_tree_chosen(self, message: MetricTree.Chosen) -> None:
        card = self.query_one(MetricCard)
        if message.node.item is not None and message.node.item is card.item:
            return  # already shown: a reload opens the card before the cursor moves
        self._open(message.node)

    def _open(self, node: Node) -> None:
        item = node.item if node.item is not None else self.document
        card = self.query_one(MetricCard)
        if isinstance(item, Metric | Data) and _heavy(item):
            card.show_loading(item, node.key)
            self._prepare(item, card.category)
        else:
            card.show(item, node.key)

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare(self, item: Metric | Data, category: str | None) -> None:
        """Convert a big item's series off the UI thread, then show its card."""
        for data in datas(item):
            data.column(category)
            if data.index is not None:
                data.index.column(category)
        self.app.call_from_thread(self._prepared, item)

    def _prepared(self, item: Metric | Data) -> None:
        card = self.query_one(MetricCard)
        if card.item is item:
            card.show(item, card.key)

    def jump_to(self, item: Metric | Event | Data) -> None:
        """Select ``item`` in the tree, clearing a filter or showing hidden metrics if need be."""
        tree = self.query_one(MetricTree)
        if not tree.select_item(item) and self.document is not None:
            self.show_hidden = True
            self.needle = ""
            box = self.query_one("#filter", Input)
            with box.prevent(Input.Changed):
                box.value = ""
            box.remove_class("visible")
            tree.show(self.document, self.needle, self.show_hidden)
            tree.select_item(item)
        tree.focus()

    def redraw_card(self) -> None:
        """Show the card again: a file beside the metrics file (an image) changed."""
        card = self.query_one(MetricCard)
        if card.item is not None:
            card.show(card.item)

    # --- actions ------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("visible")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not (box.has_class("visible") or box.value):
            # Nothing to clear: Esc goes on to the app (a batch's viewer goes back to its jobs).
            raise SkipAction()
        box.value = ""
        box.remove_class("visible")
        self.query_one(MetricTree).focus()
        self.rebuild()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.needle = event.value
        self.rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(MetricTree).focus()

    def action_toggle_hidden(self) -> None:
        self.show_hidden = not self.show_hidden
        self.rebuild()
        self.notify(
            "hidden metrics shown" if self.show_hidden else "hidden metrics hidden", timeout=2
        )

    def action_toggle_raw(self) -> None:
        card = self.query_one(MetricCard)
        card.raw = not card.raw
        card.show(card.item, card.key)

    def action_category(self, step: int) -> None:
        self.query_one(MetricCard).cycle_category(step)
