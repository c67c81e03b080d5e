"""The main pane: the filter box and the tree on the left, the card on the right.

It owns the user's place (filter text, hidden toggle, selected key) and keeps it
across every rebuild: a new document, a new report, a new filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input

from tui.app.clipboard import copy
from tui.app.compare.panel import ComparePanel
from tui.app.compare.state import CompareJob, CompareState, marks_of
from tui.app.widgets.metric_tree import MetricTree, Node
from tui.model import Data, Document, Event, Metric
from tui.model.compare import Comparison
from tui.model.compare.metrics import metric_changes
from tui.model.compare.overlay import overlay
from tui.model.compare.series import DataEquality
from tui.model.problems import Problem, Severity
from tui.text.safe import printable
from tui.validate import Report

if TYPE_CHECKING:
    from tui.app.widgets.metric_card import MetricCard

# Series longer than this are converted in a worker before their card is built.
_CONVERT_IN_WORKER = 200_000


def datas(item: Metric | Data) -> list[Data]:
    """The data series ``item`` draws from."""
    if isinstance(item, Data):
        return [item]
    return [ref.data for ref in item.refs() if ref.data is not None]


def _heavy(item: Metric | Data) -> bool:
    return any(d.total_length > _CONVERT_IN_WORKER and not d.converted for d in datas(item))


def _same(shown: object, item: Metric | Event | Data) -> bool:
    """Whether ``item`` (a reload's) is the metric the card shows, unchanged: the same
    name and nothing ``metric_changes`` would report. A series big enough to be converted
    in a worker is never compared here (on the UI thread): its card is drawn again."""
    if not isinstance(shown, Metric) or not isinstance(item, Metric):
        return False
    if shown.name != item.name or _heavy(shown) or _heavy(item):
        return False
    return not metric_changes(shown, item, DataEquality())


# What an outline's metric says on its card until the whole file is read.
WAITING = "its values are being read (the file holds many metrics: names come first)…"


def _named_alike(shown: object, item: object) -> bool:
    return isinstance(shown, Metric) and isinstance(item, Metric) and shown.name == item.name


class Browser(Horizontal):
    """Tree and card of one document; the card follows the tree's cursor."""

    BINDINGS = [
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("t", "toggle_raw", "Chart/Table", id="toggle-raw"),
        # In ? and the palette, not the footer: at 80 columns it holds only the essentials.
        Binding("i", "card_details", "Details", id="card-details", show=False),
        Binding("f", "full_card", "Full screen", id="full-card", show=False),
        Binding("h", "toggle_hidden", "Hidden", id="toggle-hidden", show=False),
        Binding("left_square_bracket", "category(-1)", "Previous category/image", show=False),
        Binding("right_square_bracket", "category(1)", "Next category/image", show=False),
        Binding("escape", "step_out", "Back", id="step-out"),  # shown only where it acts
        Binding("d", "changes", "Changes", id="changes", show=False),
        Binding("c", "changed_only", "Changed only", id="changed-only", show=False),
        Binding("o", "worst_first", "Worst first", id="worst-first", show=False),
        Binding("b", "pin_baseline", "Pin baseline", id="pin-baseline", show=False),
        Binding("y", "copy", "Copy", id="copy", show=False),
        Binding("Y", "copy_series", "Copy series as CSV", id="copy-series", show=False),
        Binding("e", "write_csv", "Write CSV here", id="write-csv", show=False),
    ]

    class Compared(Message):
        """A compare worker is back (handled here, then stopped)."""

        def __init__(self, job: CompareJob, result: Comparison | None) -> None:
            super().__init__()
            self.job = job
            self.result = result
            # Said and marked in the worker: walking 20k pairs on the UI thread stalled it.
            if result is not None:
                marks_of(result)
            self.summary = result.summary() if result is not None and job.announce else ""
            self.differs = result is not None and bool(job.announce) and result.differs

    class Changes(Message):
        """After a reload, the comparison with the version before it is ready to announce."""

        def __init__(
            self,
            result: Comparison | None,
            showing: bool,
            side: str = "B",
            summary: str = "",
            differs: bool = False,
        ) -> None:
            super().__init__()
            self.result = result
            self.summary = summary or (result.summary() if result is not None else "loaded")
            self.differs = differs
            self.showing = showing  # the changes view is already on
            self.side = side  # which file reloaded: "B" the app's own, or side "A"

    def __init__(self, *, id: str | None = None, side_a: Path | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.needle = ""
        self.show_hidden = True
        self.compare = CompareState(side_a)
        # A file's outline is on screen (names, no values yet: tui/formats/metrics1/
        # outline.py): nothing to compare, and a card waits for its metric's values.
        self.outline = False
        # (id of A's metric, id of B's) → (A's, B's, their overlay); the metrics are kept
        # so an id is never reused for another pair while its entry is here.
        self._overlays: dict[tuple[int, int], tuple[Metric, Metric, Metric]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="left"):
            yield Input(placeholder="filter: name, tag, type, status", id="filter")
            yield MetricTree(id="tree")
        with Vertical(id="right"):
            yield ComparePanel(id="compare-panel")
            yield _card_class()(id="card")

    def card(self) -> MetricCard:
        return self.query_one(_card_class())

    def on_mount(self) -> None:
        # No blinking cursor: nothing may repaint while idle (slow SSH links).
        self.query_one("#filter", Input).cursor_blink = False

    # --- documents and reports -------------------------------------------------------

    def show(
        self,
        doc: Document,
        *,
        reloaded: bool = False,
        track: bool = False,
        outline: bool = False,
        provisional: bool = False,
    ) -> bool:
        """Show ``doc`` now; a worker compares it. True when ``Changes`` will follow (after
        a reload, once the comparison with the version before is ready).

        ``track`` keeps digests of the external files so that the next reload can tell
        a changed image from an unchanged one (only worth it while watching). An
        ``outline`` is compared with nothing: the whole document that follows it is
        compared with the last whole one, as if the outline had not been. A ``provisional``
        document (Metrics 2.0's appended rows before their metrics) is replaced soon:
        only its replacement is compared."""
        old, self.document = self.document, doc
        self.outline = outline
        job = (
            None
            if outline
            else self.compare.loaded(
                doc, old, reloaded=reloaded, track=track, provisional=provisional
            )
        )
        self._start(job)
        self._compare_changed(announce_gone=reloaded)
        return job is not None and job.announce != ""

    def show_baseline(self, doc: Document | None, error: str | None = None) -> None:
        """Side A of ``resim-tui A B`` loaded (or, with ``error``, cannot be read)."""
        if doc is not None:
            current = None if self.outline else self.document  # B's whole file compares
            self._start(self.compare.baseline_loaded(doc, current))
        else:
            self.compare.a_error = error
        self._compare_changed()

    def _start(self, job: CompareJob | None) -> None:
        if job is not None:
            self._compare(job)

    # Not exclusive: a later job waits for the file digests an earlier one reads.
    @work(thread=True, group="compare", description="compare")
    def _compare(self, job: CompareJob) -> None:
        self.post_message(self.Compared(job, job.run()))

    def on_browser_compared(self, message: Browser.Compared) -> None:
        message.stop()
        if not self.is_attached or not self.compare.finished(message.job, message.result):
            return  # closing, or a newer job is on its way
        self._compare_changed()
        if message.job.announce:
            self.post_message(
                self.Changes(
                    message.result,
                    self.compare.showing,
                    message.job.announce,
                    message.summary,
                    message.differs,
                )
            )

    def _compare_changed(self, *, announce_gone: bool = False) -> None:
        tree = self.query_one(MetricTree)
        tree.marks = self.compare.marks()
        tree.event_marks = self.compare.event_marks()
        tree.compare_view = self.compare.tree_view()
        self.rebuild(announce_gone=announce_gone)
        self._show_panel(self.card().key)  # the tree's cursor moves later

    def apply_report(self, doc: Document, report: Report) -> None:
        """Badge the tree and the card with ``report``'s problems about ``doc``."""
        objects = _objects(doc)
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
        tree = self.query_one(MetricTree)
        tree.badges = badges
        tree.refresh_labels()  # a finished check changes labels, never which nodes there are
        card = self.card()
        card.problems = lines
        if card.item is not None and id(card.item) in lines:
            card.show(card.item, card.key)

    def go_to_problem(self, problem: Problem | None) -> None:
        doc = self.document
        if problem is None or doc is None:
            return
        where = problem.location
        items = _objects(doc).get(where.kind)
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
        card = self.card()
        lost = tree.cursor_key()
        tree_scroll, card_scroll = tree.scroll_y, card.scroll_y
        tree.show(doc, self.needle, self.show_hidden)
        tree.scroll_to(y=tree_scroll, animate=False)
        target = lost if lost and tree.has_key(lost) else None
        if target is not None:
            card.restore_scroll = card_scroll
        elif lost is not None and lost.startswith("metric:"):
            # The order before this showing, walked only now that the place is lost (every
            # rebuild walked all 20k keys for it).
            target = tree.nearest_key(lost, tree.previous_metric_keys())
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
        item = self._item_for(node.data) if node.data.item is not None else None
        same_place = card.key == node.data.key
        if self.outline and same_place and _named_alike(card.item, item):
            pass  # the last whole file's card stays drawn until its values are read again
        elif (
            item is not None
            and item is not card.item
            and same_place
            and card.waiting is None
            and _same(card.item, item)
        ):
            card.item = item  # a reload left this metric as it was: its card stays drawn
        elif item is None or item is not card.item:
            self._open(node.data)

    # --- selection ----------------------------------------------------------------

    def on_metric_tree_chosen(self, message: MetricTree.Chosen) -> None:
        card = self.card()
        if message.node.item is not None and self._item_for(message.node) is card.item:
            return  # already shown: a reload opens the card before the cursor moves
        if (
            self.outline
            and card.key == message.node.key
            and _named_alike(card.item, message.node.item)
        ):
            return  # the last whole file's card, kept while the outline is on screen
        self._open(message.node)

    def _show_panel(self, key: str | None) -> None:
        self.query_one(ComparePanel).show_diff(self.compare, key)

    def _item_for(self, node: Node) -> Metric | Event | Data | None:
        """What the card shows for ``node``: in the changes view, a changed metric's
        overlay (one chart, A's series beside B's), made once per pair; else the item."""
        diff = self.compare.diff_for(node.key) if self.compare.showing else None
        if diff is None or diff.a is None or diff.b is None or not diff.changes:
            return node.item
        pair = (id(diff.a), id(diff.b))
        if pair not in self._overlays:
            if len(self._overlays) > 64:
                self._overlays.clear()
            merged = overlay(diff.a, diff.b, self.compare.sides) or diff.b
            self._overlays[pair] = (diff.a, diff.b, merged)
        return self._overlays[pair][2]

    def _open(self, node: Node) -> None:
        item = self._item_for(node) if node.item is not None else self.document
        card = self.card()
        self._show_panel(node.key)
        waits = self.outline and isinstance(item, Metric) and item.values is None
        card.waiting = WAITING if waits else None
        if isinstance(item, Metric | Data) and _heavy(item):
            card.show_loading(item, node.key)
            self._prepare(item, card.category)
        else:
            card.show(item, node.key)

    @work(thread=True, exclusive=True, group="prepare", description="prepare series")
    def _prepare(self, item: Metric | Data, category: str | None) -> None:
        """Convert a big item's series off the UI thread, then show its card."""
        for data in datas(item):
            data.column(category)
            if data.index is not None:
                data.index.column(category)
        self.app.call_from_thread(self._prepared, item)

    def _prepared(self, item: Metric | Data) -> None:
        card = self.card()
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

    def restyle(self) -> None:
        """New theme colours: the same nodes, labelled again, and the card drawn again
        (rebuilding the tree for a colour lost nothing but cost a whole tree)."""
        self.query_one(MetricTree).refresh_labels()
        card = self.card()
        if card.item is not None:
            card.show(card.item, card.key)

    def redraw_card(self) -> None:
        """Show the card again: a file beside the metrics file (an image) changed."""
        card = self.card()
        if card.item is not None:
            card.show(card.item)

    # --- actions ------------------------------------------------------------------

    def action_changes(self) -> None:
        """The changes view: notes in the tree, A and B above the card, overlaid charts."""
        state = self.compare
        if state.two_sides:
            state.changed_only = not state.changed_only
            self.notify("changed metrics only" if state.changed_only else "every metric", timeout=2)
        else:
            state.showing = not state.showing
            if state.showing and state.result is None:
                self.notify(
                    "no reload yet: changes show after the file changes (b pins "
                    "this version as the baseline)",
                    timeout=4,
                )
        self._compare_changed()

    def action_changed_only(self) -> None:
        self.compare.changed_only = not self.compare.changed_only
        self.compare.showing = self.compare.showing or self.compare.changed_only
        self._compare_changed()

    def action_worst_first(self) -> None:
        self.compare.worst_first = not self.compare.worst_first
        self.compare.showing = self.compare.showing or self.compare.worst_first
        self.notify(
            "worst change first" if self.compare.worst_first else "display order", timeout=2
        )
        self._compare_changed()

    def action_pin_baseline(self) -> None:
        said, job = self.compare.pin(self.document)
        self.notify(said, timeout=4)
        self._start(job)
        self._compare_changed()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("visible")
        box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Esc with nothing to step out of is not this widget's: the footer then shows
        # what Esc does beyond it (a batch's "Esc Jobs"), and the key goes there.
        return action != "step_out" or not self.is_attached or self._can_step_out()

    def _can_step_out(self) -> bool:
        focused = self.screen.focused
        box = self.query_one("#filter", Input)
        return (
            self.screen.has_class("-full-card")
            or (focused is not None and self.card() in focused.ancestors_with_self)
            or box.has_class("visible")
            or bool(box.value)
        )

    def action_step_out(self) -> None:
        """Esc: one level out. The full-screen card, then the card back to the tree, then
        the filter; with nothing left, the key goes on (a batch's viewer goes back to its
        jobs)."""
        tree = self.query_one(MetricTree)
        if self.screen.has_class("-full-card"):
            self.action_full_card()
        elif (
            self.screen.focused is not None
            and self.screen.focused is not tree
            and (self.card() in self.screen.focused.ancestors_with_self)
        ):
            tree.focus()
        else:
            self.action_clear_filter()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if not (box.has_class("visible") or box.value):
            # Nothing to clear: Esc goes on to the app (a batch's viewer goes back to its jobs).
            raise SkipAction()
        # One rebuild for Esc: the box's own Changed would make a second.
        with box.prevent(Input.Changed):
            box.value = ""
        self.needle = ""
        box.remove_class("visible")
        self.query_one(MetricTree).focus()
        self.refresh_bindings()
        self.rebuild()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value == self.needle:
            return
        self.needle = event.value
        if self.needle:  # a filter in force is always on screen, however its text came
            event.input.add_class("visible")
        self.rebuild()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(MetricTree).focus()

    def action_toggle_hidden(self) -> None:
        self.show_hidden = not self.show_hidden
        self.rebuild()
        shown = "shown (dimmed)" if self.show_hidden else "left out of the tree"
        self.notify(f"metrics with should_display = false are {shown}", timeout=2, markup=False)

    def action_toggle_raw(self) -> None:
        card = self.card()
        if why := card.raw_toggle_why_not():
            self.notify(why, timeout=4, markup=False)
            return
        card.raw = not card.raw
        card.show(card.item, card.key)

    def action_card_details(self) -> None:
        self.card().toggle_details()

    def action_full_card(self) -> None:
        """The card alone on the screen (the tree and job header hidden; the status line,
        which says when the view is not the file on disk, stays)."""
        full = not self.screen.has_class("-full-card")
        self.screen.set_class(full, "-full-card")
        # Keys go to the focused widget: it must not be the hidden tree.
        (self.card().focus_target() if full else self.query_one(MetricTree)).focus()

    def action_copy(self) -> None:
        """The readout at the chart's cursor, the selected row, or the metric's id."""
        from tui.app.widgets.card_copy import pick

        found = pick(self.card())
        if found is None:
            self.notify("nothing to copy here: pick a metric", timeout=3)
            return
        copy(self.app, *found)

    def _metric(self) -> Metric | None:
        item = self.card().item
        if not isinstance(item, Metric):
            self.notify("pick a metric first", timeout=3)
            return None
        return item

    def action_copy_series(self) -> None:
        from tui.app.widgets.card_copy import copy_series

        if (metric := self._metric()) is not None:
            self.run_worker(partial(copy_series, self.app, metric), thread=True, group="copy")

    def action_write_csv(self) -> None:
        from tui.app.widgets.card_copy import write_series

        if (metric := self._metric()) is not None:
            job = partial(write_series, self.app, metric, Path.cwd())
            self.run_worker(job, thread=True, group="copy")

    def action_category(self, step: int) -> None:
        if why := self.card().cycle_category(step):
            self.notify(why, timeout=4, markup=False)


def _card_class() -> type[MetricCard]:
    # The card brings every view (charts, tables, images) and their libraries: imported
    # when a browser is first composed, not with this module, so that what imports the
    # viewer without showing a job yet (a batch's jobs table) starts without them.
    from tui.app.widgets.metric_card import MetricCard

    return MetricCard


def _objects(doc: Document) -> dict[str, Sequence[Metric | Data | Event]]:
    """What a problem's location names, by its kind."""
    return {"metric": doc.metrics, "data": doc.data, "event": doc.events}
