"""The tree on the left: Metrics, Events and Data of one document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.app.compare.state import TreeView
from tui.app.widgets.label_fit import NOTE, TAIL, fit_label
from tui.app.widgets.tree_rows import Row, Rows
from tui.model import Data, Document, Event, Metric
from tui.model.compare.pairing import keyed
from tui.model.enums import TimestampType
from tui.text.formatting import timestamp
from tui.text.glyphs import status_look, type_glyph, type_name
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


# Joins a metric's fields into one string per metric: no needle typed in the filter box
# holds it, so a match never spans two fields.
_SEP = "\0"


class _Index:
    """What every showing of one document needs, derived once per document: its display
    order, metric keys, filter text and leaf rows. A filter keystroke, Esc or a finished
    validation then costs one substring test and one row reset per metric, not a pass
    over the model and three new objects per metric."""

    __slots__ = ("_label", "_leaves", "_looks", "_text", "doc", "keys", "order", "orphans")

    def __init__(self, doc: Document, label: Callable[[Metric, str], Text]) -> None:
        self.doc = doc
        self._label = label
        self.order = doc.display_order  # sorted once: it is a property
        self.keys = metric_keys(doc, self.order)
        self.orphans = doc.orphan_event_metrics
        self._text: dict[int, tuple[Metric, str]] = {}
        self._looks: dict[tuple[int, int], str] = {}  # (type, status) → their filter words
        self._leaves: dict[str, Row[Node]] = {}

    def matches(self, metric: Metric, needle: str) -> bool:
        if not needle:
            return True
        if _SEP in needle:
            return metric_matches(metric, needle)
        known = self._text.get(id(metric))
        if known is None or known[0] is not metric:  # compare mode asks about side A's too
            known = self._text[id(metric)] = (metric, self._words(metric))
        return needle in known[1]

    def _words(self, metric: Metric) -> str:
        look = (int(metric.type), int(metric.status))
        words = self._looks.get(look)
        if words is None:
            words = self._looks[look] = _SEP.join(w.lower() for w in _look_words(metric))
        tags = [f"{k}={v}".lower() for k, v in metric.tags]
        return _SEP.join([metric.name.lower(), words, *tags])

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
        self._rows: Rows[Node] = Rows(lambda key, start: Node("more", key=key))
        self._index: _Index | None = None

    def _index_of(self, doc: Document) -> _Index:
        # One document at a time: a reload's new document replaces the old one's index.
        if self._index is None or self._index.doc is not doc:
            self._index = _Index(doc, self._metric_label)
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
        self.clear()
        self._rows = rows = Rows(lambda key, start: Node("more", key=f"more:{key}#{start}"))
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
        rows.attach(self.root, sections)
        if cursor:
            self.select_key(cursor)

    def _metrics_section(self, doc: Document, needle: str, show_hidden: bool) -> Row[Node]:
        index = self._index_of(doc)
        order, keys = index.order, index.keys
        metrics = [m for m in order if (show_hidden or not m.hidden) and index.matches(m, needle)]
        if self.compare_view is None:
            return self._section(
                "metrics",
                self._heading("Metrics", len(metrics), len(order)),
                [self._leaf(m, keys[id(m)]) for m in metrics],
                expand=True,
            )
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
        children: list[Row[Node]] | Callable[[], list[Row[Node]]],
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
        items = [d for d in doc.data if not needle or needle in d.name.lower()]

        def children() -> list[Row[Node]]:  # made when Data is opened or an item looked up
            unreferenced = {id(d) for d in doc.unreferenced_data}
            return [
                Row(
                    key := f"data:{data.name}#{data.position}",
                    Node("data", data, key),
                    partial(self._data_label, data, id(data) in unreferenced),
                    item=data,
                )
                for data in items
            ]

        heading = self._heading("Data", len(items), len(doc.data))
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
        node = self._rows.build(key)
        if node is None:
            return False
        self.call_after_refresh(self._move_to, node)
        return True

    def select_item(self, item: object) -> bool:
        row = self._rows.find_item(item)
        return row is not None and self.select_key(row.key)

    def _move_to(self, node: TreeNode[Node]) -> None:
        if node.line >= 0:
            self.move_cursor(node)

    def cursor_key(self) -> str | None:
        node = self.cursor_node
        return node.data.key if node is not None and node.data is not None else None

    def has_key(self, key: str) -> bool:
        return self._rows.find(key) is not None

    def node_for_key(self, key: str) -> TreeNode[Node] | None:
        """The node of ``key``, built (and its parents expanded) if it was not yet."""
        return self._rows.build(key)

    def metric_keys_in_order(self) -> list[str]:
        return [r.key for r in self._rows.order if r.data.kind == "metric"]

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
        return next((r.key for r in self._rows.order if r.data.kind == "metric"), None)

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
            node = self._rows.grow_at(node) or node
        if node.data is not None and node.data.kind != "more":
            self.post_message(self.Chosen(node.data))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Node]) -> None:
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


def _struck(text: Text) -> Text:
    """Only side A has it: dimmed and struck through, after the mark."""
    text.stylize(Style(dim=True, strike=True), 2)
    return text
