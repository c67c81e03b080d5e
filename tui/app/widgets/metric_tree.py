"""The tree on the left: Metrics, Events and Data of one document."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from threading import Lock
from weakref import ref

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.app.compare.state import TreeView
from tui.app.widgets.label_fit import NOTE, TAIL, fit_label
from tui.app.widgets.tree_rows import Children, Row, Rows, Virtual
from tui.model import Data, Document, Event, Metric
from tui.model.compare.pairing import keyed
from tui.model.enums import TimestampType
from tui.text.formatting import timestamp
from tui.text.glyphs import status_look, type_glyph, type_name
from tui.text.haystack import SEP, Haystack
from tui.text.plural import plural
from tui.text.safe import printable

NAME_MAX = 80
# Marks a label's tail (hidden, unreferenced, !n, times): it always shows, the rest gives way.


@dataclass(frozen=True, slots=True)
class Node:
    """What a tree node stands for; ``item`` is None on section headings."""

    kind: str  # "section", "metric", "event", "data", "more" (rows not built yet)
    item: Metric | Event | Data | None = None
    key: str = ""  # stable across reloads: kind and name, never ids


def metric_matches(metric: Metric, needle: str) -> bool:
    """Whether the filter text matches a metric's name, tag, type or status."""
    return not needle or any(needle in h for h in _haystack(metric))


def _haystack(metric: Metric) -> list[str]:
    """What a filter looks in, lowercased: name, type, status and ``key=value`` tags."""
    fields = [metric.name, *_look_words(metric), *(f"{k}={v}" for k, v in metric.tags)]
    return [h.lower() for h in fields]


def _look_words(metric: Metric) -> list[str]:
    return [
        type_name(metric.type),
        metric.type.name,
        status_look(metric.status).word,
        metric.status.name,
    ]


def _prepare(index: ref[_Index]) -> None:
    alive = index()
    if alive is not None:
        alive.prepare()


class _Index:
    """What every showing of one document needs, derived once per document: its display
    order, metric keys, the filter's text and leaf rows. A filter keystroke, Esc or a
    finished validation then costs a few vectorised passes over the filter text and a
    row for each line that can be seen, never a Python step per metric."""

    __slots__ = (
        "__weakref__",
        "_at",
        "_data",
        "_found",
        "_hay",
        "_key_at",
        "_label",
        "_leaves",
        "_lock",
        "_order_keys",
        "_searched",
        "doc",
        "hidden",
        "keys",
        "order",
        "orphans",
        "prepared",
    )

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._label: Callable[[Metric, str], Text] = lambda metric, key: Text(metric.name)
        self.order = doc.display_order  # sorted once: it is a property
        self.keys = metric_keys(doc, self.order)
        self.orphans = doc.orphan_event_metrics
        self.hidden = np.fromiter((m.hidden for m in self.order), bool, len(self.order))
        self._order_keys = [self.keys[id(m)] for m in self.order]
        # Everything the filter looks through: the job's metrics, then events' and orphans'.
        self._searched = [
            *self.order,
            *(m for e in doc.events for m in e.metrics if m is not None),
            *self.orphans,
        ]
        self._at: dict[int, int] = {}
        for position, metric in enumerate(self._searched):
            self._at.setdefault(id(metric), position)
        self._hay: Haystack | None = None  # made at the first needle
        self._key_at: dict[str, int] | None = None
        self._lock = Lock()
        self.prepared = False  # a worker was asked to make the filter's text
        self._found: dict[str, np.ndarray] = {}  # the last needles' masks over _searched
        self._leaves: dict[str, Row[Node]] = {}
        self._data: _DataIndex | None = None

    def prepare(self) -> None:
        """Make the filter's text and the key maps now (a worker does: the load's, or
        after the first showing), so that no keystroke or reload waits for them."""
        self._haystack()
        self.data().haystack()
        # Key lookups (the cursor's place kept on a reload, a jump) build these maps at
        # their first use: a pass over 20,000 metrics and 30,000 data on the UI thread.
        self.position("")
        self.data().position("")

    def _haystack(self) -> Haystack:
        with self._lock:  # a keystroke while the worker makes it waits for that one
            if self._hay is None:
                self._hay = Haystack(_filter_texts(self._searched))
            return self._hay

    def found(self, needle: str) -> np.ndarray:
        """Which searched metrics ``needle`` matches (it is lowercased, not empty)."""
        mask = self._found.get(needle)
        if mask is None:
            if SEP in needle:  # never typed: field by field, the slow way
                mask = np.array([metric_matches(m, needle) for m in self._searched], bool)
            else:
                mask = self._haystack().matching(needle)
            if len(self._found) >= 8:
                self._found.clear()
            self._found[needle] = mask
        return mask

    def matches(self, metric: Metric, needle: str) -> bool:
        if not needle:
            return True
        at = self._at.get(id(metric))
        if at is None or self._searched[at] is not metric:  # compare mode asks about A's
            return metric_matches(metric, needle)
        return bool(self.found(needle)[at])

    def shown(self, needle: str, show_hidden: bool) -> np.ndarray:
        """Positions in ``order`` of the job's metrics that are shown, ascending."""
        keep = np.ones(len(self.order), bool) if show_hidden else ~self.hidden
        if needle:
            keep &= self.found(needle)[: len(self.order)]
        return np.flatnonzero(keep)

    def position(self, key: str) -> int | None:
        if self._key_at is None:
            self._key_at = {k: i for i, k in enumerate(self._order_keys)}
        return self._key_at.get(key)

    def position_of(self, item: object) -> int | None:
        at = self._at.get(id(item))
        return at if at is not None and at < len(self.order) and self.order[at] is item else None

    def listing(self, needle: str, show_hidden: bool) -> _Listing:
        """The job's metrics shown for ``needle``, as rows only once they are looked at."""
        order, keys = self.order, self._order_keys
        return _Listing(
            self.shown(needle, show_hidden),
            lambda: keys,
            self.position,
            self.position_of,
            lambda at: self.leaf(keys[at], order[at]),
        )

    def leaf(self, key: str, metric: Metric) -> Row[Node]:
        """The row of a metric leaf: made once, and reset for every later showing."""
        row = self._leaves.get(key)
        if row is None or row.item is not metric:
            label = partial(self._label, metric, key)
            row = self._leaves[key] = Row(key, Node("metric", metric, key), label, item=metric)
        else:
            row.parent = row.node = None
            row.built, row.expand = 0, False
        return row

    def data(self) -> _DataIndex:
        with self._lock:
            if self._data is None:
                self._data = _DataIndex(self.doc)
            return self._data


# Indexes made by a load worker for the tree to pick up (id(document) → index); the
# newest few only, so a document never shown is not kept for long.
_PREPARED: dict[int, _Index] = {}
_PREPARED_LOCK = Lock()


def prepare_index(doc: Document) -> None:
    """Derive what the tree needs from ``doc`` (its display order, keys, the filter's
    text) here, in the load worker: at 20,000 metrics it stalled the UI thread."""
    index = _Index(doc)
    index.prepare()
    index.prepared = True
    with _PREPARED_LOCK:
        while len(_PREPARED) >= 2:
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[id(doc)] = index


def _filter_texts(metrics: Sequence[Metric]) -> list[str]:
    """One lowercase text per metric: name, type and status words, ``key=value`` tags,
    ``SEP`` between them so that no match spans two."""
    looks: dict[tuple[object, object], str] = {}
    texts = []
    for metric in metrics:
        look = (metric.type, metric.status)
        words = looks.get(look)
        if words is None:
            words = looks[look] = SEP.join(_look_words(metric))
        tags = "".join(f"{SEP}{k}={v}" for k, v in metric.tags) if metric.tags else ""
        texts.append(f"{metric.name}{SEP}{words}{tags}")
    return _lowered(texts)


def _lowered(texts: list[str]) -> list[str]:
    # One lower() over the whole joined text is far cheaper than one per text; a text
    # holding the joint (a hostile name) has them lowered one by one instead.
    lowered = _JOINT.join(texts).lower().split(_JOINT)
    return lowered if len(lowered) == len(texts) else [t.lower() for t in texts]


_JOINT = "\x01"


class _DataIndex:
    """The Data section's counterpart of ``_Index``: keys and names, derived once."""

    def __init__(self, doc: Document) -> None:
        self.items = doc.data
        self._hay: Haystack | None = None
        self._keys: list[str] | None = None
        self._key_at: dict[str, int] | None = None
        self._at = {id(d): i for i, d in enumerate(self.items)}
        self._unreferenced: set[int] | None = None
        self._doc = doc
        self._lock = Lock()

    def shown(self, needle: str) -> np.ndarray:
        if not needle:
            return np.arange(len(self.items))
        if SEP in needle:
            return np.flatnonzero([needle in d.name.lower() for d in self.items])
        return np.flatnonzero(self.haystack().matching(needle))

    def haystack(self) -> Haystack:
        with self._lock:
            if self._hay is None:
                self._hay = Haystack(_lowered([d.name for d in self.items]))
            return self._hay

    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [f"data:{d.name}#{d.position}" for d in self.items]
        return self._keys

    def position(self, key: str) -> int | None:
        if self._key_at is None:
            self._key_at = {k: i for i, k in enumerate(self.keys())}
        return self._key_at.get(key)

    def position_of(self, item: object) -> int | None:
        at = self._at.get(id(item))
        return at if at is not None and self.items[at] is item else None

    def unreferenced(self, data: Data) -> bool:
        if self._unreferenced is None:
            self._unreferenced = {id(d) for d in self._doc.unreferenced_data}
        return id(data) in self._unreferenced


class _Listing(Virtual[Node]):
    """The shown children of a section: ``shown`` positions (ascending) into the items."""

    def __init__(
        self,
        shown: np.ndarray,
        keys: Callable[[], list[str]],
        position: Callable[[str], int | None],
        position_of: Callable[[object], int | None],
        row: Callable[[int], Row[Node]],
    ) -> None:
        super().__init__()
        self._shown = shown
        self._keys, self._position, self._position_of, self._row = (
            keys,
            position,
            position_of,
            row,
        )

    def __len__(self) -> int:
        return len(self._shown)

    def row(self, position: int) -> Row[Node]:
        return self._row(int(self._shown[position]))

    def _place(self, at: int | None) -> int | None:
        if at is None:
            return None
        place = int(np.searchsorted(self._shown, at))
        return place if place < len(self._shown) and self._shown[place] == at else None

    def position(self, key: str) -> int | None:
        return self._place(self._position(key))

    def position_of(self, item: object) -> int | None:
        return self._place(self._position_of(item))

    def keys(self) -> list[str]:
        every = self._keys()
        return [every[at] for at in self._shown.tolist()]


class MetricTree(Tree[Node]):
    """Sections of a document; highlighting a node posts ``Chosen``."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        # As in file managers and k9s: ← closes or goes up, → opens or goes in. Never a
        # sideways scroll, which hid the tree's connectors.
        Binding("left", "collapse_or_parent", "Collapse", show=False),
        Binding("right", "expand_or_child", "Expand", show=False),
    ]

    class Chosen(Message):
        """The highlighted node changed."""

        def __init__(self, node: Node) -> None:
            super().__init__()
            self.node = node

    def __init__(self, *, id: str | None = None) -> None:
        self._holding = False  # building many nodes: one layout refresh at the end
        super().__init__("job", data=Node("section"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self.theme_colors: dict[str, str] = {}
        # id(item) → (problem count, any of them an error), shown as "!n"
        self.badges: dict[int, tuple[int, bool]] = {}
        # metric key (MetricDiff.key of tui.model.compare) → its one-character mark
        self.marks: dict[str, str] = {}
        # event key (EventDiff.key) → its mark, the same way
        self.event_marks: dict[str, str] = {}
        # Compare mode's say in the tree (tui/app/compare/state.py): None shows the document.
        self.compare_view: TreeView | None = None
        self._rows: Rows[Node] = Rows(_more_node)
        self._showing: tuple[str, bool] | None = None  # the filter of the nodes on screen
        self._before: Rows[Node] = self._rows  # the showing before the last one
        self._index: _Index | None = None
        # The key a select_key is moving the cursor to, until the move (after a refresh)
        # is made: a rebuild in between keeps that place, not the one being left.
        self._heading_to: str | None = None

    def _invalidate(self) -> None:
        # Textual refreshes the layout on every node added; a showing adds hundreds.
        if self._holding:
            self._clear_line_cache()
            self._updates += 1
            return
        super()._invalidate()

    @contextmanager
    def _held(self) -> Iterator[None]:
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            self._invalidate()

    def process_label(self, label: str | Text) -> Text:
        # Our labels are fresh one-line Text (printable() drops newlines): no need to
        # copy each through Text.split as Textual does for any label.
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def _index_of(self, doc: Document) -> _Index:
        # One document at a time: a reload's new document replaces the old one's index.
        if self._index is None or self._index.doc is not doc:
            with _PREPARED_LOCK:
                index = _PREPARED.pop(id(doc), None)
            if index is None or index.doc is not doc:
                index = _Index(doc)
            index._label = self._metric_label
            self._index = index
        return self._index

    # --- building --------------------------------------------------------------

    def show(self, doc: Document, needle: str = "", show_hidden: bool = True) -> None:
        """Rebuild from ``doc``; keeps expanded sections and the cursor by key.

        Only what can be seen becomes nodes (tree_rows.py): the first rows of each
        expanded branch; the rest when the cursor gets to them or a key asks.
        """
        rows = self._rows
        expanded = {r.key for r in rows.order if r.node is not None and r.node.is_expanded}
        cursor = self.cursor_node.data.key if self.cursor_node and self.cursor_node.data else None
        needle = needle.lower().strip()
        with self._held():
            self._show(doc, needle, show_hidden, expanded)
        if cursor:
            self.select_key(cursor)
        index = self._index
        if index is not None and not index.prepared:
            index.prepared = True
            # By a weak reference: Textual keeps a finished worker in a cycle with its
            # context, and one that outlives a load is frozen with it (tui/live/heap.py),
            # so holding the index there kept its document alive after every reload.
            self.run_worker(
                partial(_prepare, ref(index)), thread=True, group="tree-index", exit_on_error=False
            )

    def _show(self, doc: Document, needle: str, show_hidden: bool, expanded: set[str]) -> None:
        before, self._rows = self._rows, Rows(_more_node)
        self._before = before
        rows = self._rows
        sections = [
            self._metrics_section(doc, needle, show_hidden),
            self._events_section(doc, needle, show_hidden),
            self._data_section(doc, needle),
        ]
        rows.register(sections)
        if expanded:
            for row in rows.order:
                if row.key in expanded:
                    row.expand = True
                elif row.data.kind == "section":
                    row.expand = False
        # The same filter over a new document (a reload) or new marks: the lines already
        # built are taken over and only those whose label changed are redrawn. A new
        # filter shows other lines: built anew.
        showing = (needle, show_hidden)
        if showing == self._showing and rows.adopt(self.root, sections, before):
            return
        self._showing = showing
        self.clear()
        rows.attach(self.root, sections)

    def _metrics_section(self, doc: Document, needle: str, show_hidden: bool) -> Row[Node]:
        index = self._index_of(doc)
        order, keys = index.order, index.keys
        if self.compare_view is None:
            listing = index.listing(needle, show_hidden)
            heading = self._heading("Metrics", len(listing), len(order))
            return self._section("metrics", heading, listing, expand=True)
        metrics = [order[at] for at in index.shown(needle, show_hidden).tolist()]
        removed = [(k, m) for k, m in self.compare_view.removed() if metric_matches(m, needle)]
        listed = self.compare_view.arrange(metrics, keys, removed)

        def label(metric: Metric, key: str, only_in_a: bool) -> Text:
            text = self._metric_label(metric, key, mark="−" if only_in_a else None)
            return _struck(text) if only_in_a else text

        children = [
            Row(key, Node("metric", metric, key), partial(label, metric, key, gone), item=metric)
            for key, metric, gone in listed
        ]
        # Changed only leaves some out too; A's removed metrics are not B's to count.
        heading = self._heading("Metrics", sum(not gone for *_, gone in listed), len(order))
        return self._section("metrics", heading, children, expand=True)

    def _section(
        self,
        name: str,
        heading: Text,
        children: Children[Node] | Callable[[], Children[Node]],
        expand: bool,
    ) -> Row[Node]:
        key = f"section:{name}"
        return Row(key, Node("section", key=key), lambda: heading, children, expand=expand)

    def _leaf(self, metric: Metric, key: str) -> Row[Node]:
        if self._index is None:
            label = partial(self._metric_label, metric, key)
            return Row(key, Node("metric", metric, key), label, item=metric)
        return self._index.leaf(key, metric)

    def _events_section(self, doc: Document, needle: str, show_hidden: bool) -> Row[Node]:
        view = self.compare_view
        index = self._index_of(doc)
        children: list[Row[Node]] = []
        # Compare mode pairs events, and metrics within each, by name: their keys are the
        # comparison's (name, name#2 for repeats), so marks and notes find them.
        event_keys = pair_keys(doc.events)
        listed = [(e, event_keys[id(e)], False) for e in doc.events]
        if view is not None:
            listed += [(e, key, True) for key, e in view.removed_events()]
        shown = 0
        for event, key, only_in_a in listed:
            everyone = [m for m in event.metrics if m is not None]
            member_keys = pair_keys(everyone)
            members = [
                m for m in everyone if (show_hidden or not m.hidden) and index.matches(m, needle)
            ]
            rows = [(f"metric:{member_keys[id(m)]}@{key}", m, only_in_a) for m in members]
            if view is not None and not only_in_a:
                removed = [(k, m) for k, m in view.removed(key) if metric_matches(m, needle)]
                rows = view.arrange(members, {id(m): k for k, m, _ in rows}, removed)
            elif view is not None:
                rows = [r for r in rows if view.keep(r[0].removeprefix("metric:"))]
            if needle and not rows and needle not in event.name.lower():
                continue
            if view is not None and not view.keep_event(key, bool(rows)):
                continue
            shown += not only_in_a
            data_key = (
                f"event-only-in-a:{key}" if only_in_a else f"event:{event.name}#{event.position}"
            )
            leaves = [self._member(m, k, gone) for k, m, gone in rows]
            children.append(
                Row(
                    data_key,
                    Node("event", event, data_key),
                    partial(self._event_label, event, key, only_in_a),
                    leaves or None,  # nothing to expand: no ▶
                    expand=bool(needle),
                    item=event,
                )
            )
        orphans = [m for m in index.orphans if index.matches(m, needle)]
        if orphans:
            heading = Text("(event metrics in no event)", style=Style(italic=True, dim=True))
            orphan_keys = pair_keys(doc.orphan_event_metrics)
            leaves = [self._leaf(m, f"metric:{orphan_keys[id(m)]}#orphan") for m in orphans]
            children.append(self._section("orphans", heading, leaves, expand=False))
        heading = self._heading("Events", shown, len(doc.events))
        return self._section("events", heading, children, expand=True)

    def _member(self, metric: Metric, key: str, only_in_a: bool) -> Row[Node]:
        if not only_in_a:
            return self._leaf(metric, key)

        def label() -> Text:
            return _struck(self._metric_label(metric, key, mark="−"))

        return Row(key, Node("metric", metric, key), label, item=metric)

    def _data_section(self, doc: Document, needle: str) -> Row[Node]:
        index = self._index_of(doc).data()
        shown = index.shown(needle)
        items = index.items

        def row(at: int) -> Row[Node]:
            data, key = items[at], index.keys()[at]
            label = partial(self._data_label, data, index.unreferenced(data))
            return Row(key, Node("data", data, key), label, item=data)

        def children() -> _Listing:  # made when Data is opened or an item looked up
            return _Listing(shown, index.keys, index.position, index.position_of, row)

        heading = self._heading("Data", len(shown), len(items))
        return self._section("data", heading, children, expand=False)

    def refresh_labels(self) -> None:
        """Label the nodes built so far again (badges or marks changed): no node is rebuilt,
        so the cursor, scroll and expanded branches stay as they are."""
        for row in self._rows.order:
            if row.node is not None:
                row.node.set_label(row.label())

    # --- labels ------------------------------------------------------------------

    def _style(
        self, variable: str, *, bold: bool | None = None, italic: bool | None = None
    ) -> Style:
        return Style(color=self.theme_colors.get(variable) or None, bold=bold, italic=italic)

    def _heading(self, title: str, shown: int, total: int) -> Text:
        count = f" {shown}" if shown == total else f" {shown}/{total}"
        return Text.assemble((title, Style(bold=True)), (count, Style(dim=True)))

    def _metric_label(self, metric: Metric, key: str, mark: str | None = None) -> Text:
        look = status_look(metric.status)
        mark = mark or self.marks.get(key.removeprefix("metric:"), " ")
        text = Text.assemble(
            (mark, self._style("accent", bold=True)),
            (look.glyph, self._style(look.color, bold=True)),
            " ",
            (type_glyph(metric.type), Style(dim=True)),
            " ",
            printable(metric.name, NAME_MAX) or "(no name)",
        )
        if metric.hidden:
            text.stylize(Style(dim=True, italic=True), 5)
            text.append(" hidden", Style(dim=True, italic=True) + TAIL)
        note = self.compare_view.note(key.removeprefix("metric:")) if self.compare_view else ""
        if note:
            text.append(f"  {printable(note)}", Style(dim=True) + NOTE)
        self._badge(text, metric)
        return text

    def _event_label(self, event: Event, key: str = "", only_in_a: bool = False) -> Text:
        look = status_look(event.status)
        when = ""
        if event.timestamp_ns is not None:
            absolute = event.timestamp_type == TimestampType.ABSOLUTE_TIMESTAMP
            when = timestamp(event.timestamp_ns, absolute=absolute)
        text = Text.assemble(
            (look.glyph, self._style(look.color, bold=True)),
            " ⚑ ",
            printable(event.name, NAME_MAX) or "(no name)",
            (f"  {when}", Style(dim=True) + NOTE),
        )
        # A mark column only while comparing: outside it event labels stay as they were.
        if self.event_marks or self.compare_view is not None:
            mark = "−" if only_in_a else self.event_marks.get(key, " ")
            text = Text.assemble((mark, self._style("accent", bold=True)), text)
        note = self.compare_view.event_note(key) if self.compare_view and key else ""
        if note:
            text.append(f"  {printable(note)}", Style(dim=True) + NOTE)
        if only_in_a:
            return _struck(text)
        self._badge(text, event)
        return text

    def _data_label(self, data: Data, unreferenced: bool) -> Text:
        length = f"{data.total_length:,}" if data.shape != "file" else "file"
        details = f"  {data.data_type.label.lower()} · {length}"
        if data.unit:
            details += f" {printable(data.unit, 12)}"
        if data.shape == "grouped":
            details += f" · {plural(len(data.categories), 'category')}"
        if data.is_indexed:
            index = printable(data.index.name, 30) if data.index is not None else "missing index"
            details += f" · by {index}"
        text = Text.assemble(
            printable(data.name, NAME_MAX) or "(no name)", (details, Style(dim=True))
        )
        if unreferenced:
            text.append(" unreferenced", self._style("warning", italic=True) + TAIL)
        self._badge(text, data)
        return text

    def _badge(self, text: Text, item: object) -> None:
        badge = self.badges.get(id(item))
        if badge:
            count, error = badge
            look = self._style("error" if error else "warning", bold=True) + TAIL
            text.append(f" !{count}", look)

    # --- navigation -----------------------------------------------------------------

    def _all_nodes(self) -> list[TreeNode[Node]]:
        """The nodes built so far, in tree order (rows not built yet are not nodes)."""
        out: list[TreeNode[Node]] = []
        stack = list(self.root.children)
        while stack:
            node = stack.pop(0)
            out.append(node)
            stack[0:0] = list(node.children)
        return out

    def select_key(self, key: str) -> bool:
        """Move the cursor to the node with ``key``; False if there is none."""
        with self._held():
            node = self._rows.build(key)
        if node is None:
            return False
        self._heading_to = key
        self.call_after_refresh(self._move_to, node)
        return True

    def select_item(self, item: object) -> bool:
        row = self._rows.find_item(item)
        return row is not None and self.select_key(row.key)

    def _move_to(self, node: TreeNode[Node]) -> None:
        if node.data is not None and node.data.key == self._heading_to:
            self._heading_to = None
        if node.line >= 0:
            self.move_cursor(node)

    def cursor_key(self) -> str | None:
        """The cursor's key, or the one it is being moved to."""
        if self._heading_to is not None:
            return self._heading_to
        node = self.cursor_node
        return node.data.key if node is not None and node.data is not None else None

    def has_key(self, key: str) -> bool:
        return self._rows.find(key) is not None

    def node_for_key(self, key: str) -> TreeNode[Node] | None:
        """The node of ``key``, built (and its parents expanded) if it was not yet."""
        with self._held():
            return self._rows.build(key)

    def metric_keys_in_order(self) -> list[str]:
        return [key for key in self._rows.walk_keys() if key.startswith("metric:")]

    def previous_metric_keys(self) -> list[str]:
        """The metric keys of the showing before the last, in its order."""
        return [key for key in self._before.walk_keys() if key.startswith("metric:")]

    def nearest_key(self, lost: str, before: list[str]) -> str | None:
        """The metric that stood closest to ``lost`` (in ``before``'s order) and still exists."""
        present = set(self.metric_keys_in_order())
        if lost not in before:
            return next(iter(self.metric_keys_in_order()), None)
        at = before.index(lost)
        for distance in range(1, len(before)):
            for index in (at + distance, at - distance):
                if 0 <= index < len(before) and before[index] in present:
                    return before[index]
        return next(iter(self.metric_keys_in_order()), None)

    def first_metric_key(self) -> str | None:
        return next((key for key in self._rows.walk_keys() if key.startswith("metric:")), None)

    def render_label(self, node: TreeNode[Node], base_style: Style, style: Style) -> Text:
        """The label cut to the tree's width: the name gives way (with an ellipsis) so that
        the marks after it (hidden, unreferenced, !n badges, times) always show."""
        label = super().render_label(node, base_style, style)
        item = node.data.item if node.data is not None else None
        # Room for the scrollbar always: it comes and goes without a resize to re-measure.
        width = self.size.width - self.styles.scrollbar_size_vertical
        room = width - self._depth(node) * self.guide_depth
        if item is None or room <= 0 or label.cell_len <= room:
            return label
        name = printable(item.name, NAME_MAX)
        return fit_label(label, label.plain.find(name) if name else -1, room)

    def _depth(self, node: TreeNode[Node]) -> int:
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        return depth

    def on_resize(self) -> None:
        # Whatever the new size (200x50 → 80x24), the selected line stays in view.
        self.call_after_refresh(self._cursor_into_view)

    def _cursor_into_view(self) -> None:
        if self.cursor_line >= 0:
            self.scroll_to_line(self.cursor_line, animate=False)

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return  # a leaf: nothing to open, and nothing to scroll to
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Node]) -> None:
        event.stop()
        node = event.node
        if self._rows.is_more(node):
            # The cursor reached "… n more": the next rows take its place, under the cursor.
            with self._held():
                node = self._rows.grow_at(node) or node
        if node.data is not None and node.data.kind != "more":
            self.post_message(self.Chosen(node.data))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        with self._held():
            self._rows.open_node(event.node)  # children of a collapsed branch: built on first open


def metric_keys(doc: Document, order: list[Metric] | None = None) -> dict[int, str]:
    """Keys of job-level metrics by name (ids change on every run); repeats get #2, #3.

    ``order`` is ``doc.display_order`` when the caller has it already."""
    keys: dict[int, str] = {}
    seen: dict[str, int] = {}
    for metric in doc.display_order if order is None else order:
        seen[metric.name] = seen.get(metric.name, 0) + 1
        suffix = f"#{seen[metric.name]}" if seen[metric.name] > 1 else ""
        keys[id(metric)] = f"metric:{metric.name}{suffix}"
    return keys


def pair_keys(items: Sequence[Metric | Event]) -> dict[int, str]:
    """The comparison's keys (tui.model.compare.pairing) of metrics or events, by id."""
    found, _ = keyed(items, lambda item: item.name)
    return {id(item): key for key, item in found.items()}


def _more_node(key: str, start: int) -> Node:
    return Node("more", key=f"more:{key}#{start}")


def _struck(text: Text) -> Text:
    """Only side A has it: dimmed and struck through, after the mark."""
    text.stylize(Style(dim=True, strike=True), 2)
    return text
