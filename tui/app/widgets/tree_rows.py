"""Rows of the metric tree, made into Textual nodes only when they can be seen.

A file of 20,000 metrics would otherwise cost 20,000 nodes and labels (and as many
again for its Data) on every load, filter keystroke and finished validation. Here
the tree's content is a list of cheap ``Row`` records (a key, the item and a
function that makes the label); nodes are built for the first ``CHUNK`` rows of
an expanded branch, a "… n more" row stands for the rest and turns into the next
chunk when the cursor reaches it, and a collapsed branch gets its children when
it is first expanded. Lookups by key or item use the rows, so the whole document
stays reachable (``build`` makes the node of any row on demand).

A branch of thousands of leaves (the metrics of a big file, filtered or not) is a
``Virtual``: leaves known by position, each made into a ``Row`` only when it is
about to become a node or is looked up, so a filter keystroke or Esc makes a few
hundred rows whatever the number of metrics.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual.widgets.tree import TreeNode

CHUNK = 200  # nodes built at a time under one parent: a few screens' worth

T = TypeVar("T")


@dataclass(slots=True, eq=False)
class Row(Generic[T]):
    """One line of the tree before it is a node: ``children`` None for a leaf."""

    key: str
    data: T
    label: Callable[[], Text]
    # None for a leaf; a function for children made only when first needed (Data)
    children: Children[T] | Callable[[], Children[T]] | None = None
    expand: bool = False
    item: object = None  # what select_item finds it by
    parent: Row[T] | None = field(default=None, repr=False)
    node: TreeNode[T] | None = field(default=None, repr=False)
    built: int = 0  # children made into nodes so far


class Virtual(ABC, Generic[T]):
    """Leaf children known by position: ``row`` makes the row of one when it is needed."""

    def __init__(self) -> None:
        self.made: dict[int, Row[T]] = {}  # position → its row, made once per showing

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def row(self, position: int) -> Row[T]:
        """A new row (a leaf) for the child at ``position``."""

    @abstractmethod
    def position(self, key: str) -> int | None:
        """Where the child of ``key`` is, or None if it is not one of these."""

    @abstractmethod
    def position_of(self, item: object) -> int | None:
        """Where the child standing for ``item`` is, or None."""

    @abstractmethod
    def keys(self) -> list[str]:
        """Every child's key, in order (no row is made)."""


Children = list[Row[T]] | Virtual[T]


class Rows(Generic[T]):
    """The rows of one showing of the tree and the nodes made for them so far."""

    def __init__(self, more: Callable[[str, int], T], chunk: int = CHUNK) -> None:
        self._more = more  # data of a "… n more" node, from (parent key, first hidden)
        self.chunk = chunk
        self.by_key: dict[str, Row[T]] = {}
        self.by_item: dict[int, Row[T]] = {}
        self.order: list[Row[T]] = []  # every row, in tree order
        # "more" node → (the row whose children it stands for, first child not built)
        self._pending: dict[int, Row[T]] = {}
        self._more_nodes: dict[int, TreeNode[T]] = {}
        self._unmade: list[Row[T]] = []  # rows whose children are still a function
        self._virtual: list[Row[T]] = []  # rows whose children are a Virtual
        self._top: list[Row[T]] = []

    def register(self, rows: list[Row[T]], parent: Row[T] | None = None) -> None:
        """Index ``rows`` and their descendants by key and item (no node is made)."""
        if parent is None:
            self._top.extend(rows)
        for row in rows:
            self._index(row, parent)
            if isinstance(row.children, Virtual):
                self._virtual.append(row)
            elif callable(row.children):
                self._unmade.append(row)
            elif row.children:
                self.register(row.children, row)

    def _index(self, row: Row[T], parent: Row[T] | None) -> None:
        row.parent = parent
        self.order.append(row)
        self.by_key.setdefault(row.key, row)
        if row.item is not None:
            self.by_item.setdefault(id(row.item), row)

    def _make_children(self, row: Row[T]) -> Children[T]:
        if callable(row.children):
            made = row.children()
            row.children = made
            self._unmade.remove(row)
            if isinstance(made, Virtual):
                self._virtual.append(row)
            else:
                self.register(made, row)
        return row.children or []

    def _child(self, parent: Row[T], position: int) -> Row[T]:
        """The row of ``parent``'s child at ``position`` (made now if it is virtual)."""
        children = parent.children
        if not isinstance(children, Virtual):
            assert isinstance(children, list)
            return children[position]
        row = children.made.get(position)
        if row is None:
            row = children.made[position] = children.row(position)
            self._index(row, parent)
        return row

    def _from_virtual(self, where: Callable[[Virtual[T]], int | None]) -> Row[T] | None:
        for parent in self._virtual:
            assert isinstance(parent.children, Virtual)
            position = where(parent.children)
            if position is not None:
                return self._child(parent, position)
        return None

    def find(self, key: str) -> Row[T] | None:
        """The row of ``key``, making children that were put off if need be."""
        while True:
            row = self.by_key.get(key) or self._from_virtual(lambda v: v.position(key))
            if row is not None or not self._unmade:
                return row
            self._make_children(self._unmade[0])

    def find_item(self, item: object) -> Row[T] | None:
        while True:
            row = self._from_virtual(lambda v: v.position_of(item)) or self.by_item.get(id(item))
            if row is not None and row.item is item:
                return row
            if not self._unmade:
                return None
            self._make_children(self._unmade[0])

    def walk_keys(self) -> Iterator[str]:
        """Every key in tree order, put-off children left out; no row is made."""
        stack: list[Row[T]] = list(reversed(self._top))
        while stack:
            row = stack.pop()
            yield row.key
            children = row.children
            if isinstance(children, Virtual):
                yield from children.keys()
            elif isinstance(children, list):
                stack.extend(reversed(children))

    def attach(self, root: TreeNode[T], rows: list[Row[T]]) -> None:
        """Make the top rows into nodes under ``root`` (and what is expanded in them)."""
        for row in rows:
            self._make(root, row)

    def _make(self, parent: TreeNode[T], row: Row[T]) -> TreeNode[T]:
        if row.children is None:
            node = parent.add_leaf(row.label(), data=row.data)
        else:
            node = parent.add(row.label(), data=row.data)
        row.node = node
        if row.children and row.expand:
            self.open(row)
            node.expand()
        return node

    def adopt(self, root: TreeNode[T], rows: list[Row[T]], old: Rows[T]) -> bool:
        """Take over the nodes already under ``root`` (from ``old``, the showing before)
        when these rows make the same lines: the same branches, expanded the same way,
        with as many children built. Each node then gets its new row's data, and a new
        label only where the label differs, so a reload that changed one metric redraws
        one line. False (nothing taken over) when the shape differs: build anew."""
        plan: list[tuple[Row[T], TreeNode[T], int]] = []
        nodes = list(root.children)
        if not self._match(old, nodes, len(rows), rows.__getitem__, plan):
            return False
        for row, node, built in plan:
            row.node, row.built = node, built
            node.data = row.data
            label = row.label()
            if label != node._label:
                node.set_label(label)
            children = row.children
            more = old._more_nodes.get(id(old.by_key.get(row.key)))
            if more is not None and isinstance(children, list | Virtual) and built < len(children):
                self._more_nodes[id(row)] = more
                self._pending[id(more)] = row
                more.data = self._more(row.key, built)
                more.set_label(_more_label(len(children) - built))
        return True

    def _match(
        self,
        old: Rows[T],
        nodes: list[TreeNode[T]],
        count: int,
        child: Callable[[int], Row[T]],
        plan: list[tuple[Row[T], TreeNode[T], int]],
    ) -> bool:
        """Whether ``nodes`` (built children, a "… n more" last maybe) stand for the first
        of ``count`` rows given by ``child``; fills ``plan`` with (row, node, built)."""
        more = bool(nodes) and old.is_more(nodes[-1])
        built = len(nodes) - more
        if built > count or more != (built < count):
            return False
        for at in range(built):
            node, row = nodes[at], child(at)
            leaf = row.children is None
            if leaf == node.allow_expand or old.is_more(node) or row.expand != node.is_expanded:
                return False
            if not leaf and getattr(node.data, "key", None) != row.key:
                return False  # a branch keeps its place by key: it holds the expanded state
            grown = list(node.children)
            slot = len(plan)
            plan.append((row, node, 0))
            if grown or (row.expand and row.children):
                kids = self._make_children(row)
                if not self._match(old, grown, len(kids), partial(self._child, row), plan):
                    return False
                plan[slot] = (row, node, len(grown) - (bool(grown) and old.is_more(grown[-1])))
        return True

    def open(self, row: Row[T]) -> None:
        """Build the first chunk of ``row``'s children (once): it is being expanded."""
        if row.node is not None and self._make_children(row) and not row.built:
            self._grow(row)

    def open_node(self, node: TreeNode[T]) -> None:
        """A node the user expanded: build its children if they are not built yet."""
        row = self._row_of(node)
        if row is not None:
            self.open(row)

    def _row_of(self, node: TreeNode[T]) -> Row[T] | None:
        key = getattr(node.data, "key", None)
        row = self.by_key.get(key) if isinstance(key, str) else None
        return row if row is not None and row.node is node else None

    def _grow(self, row: Row[T]) -> TreeNode[T] | None:
        """Build the next chunk of ``row``'s children; returns the first node built."""
        assert row.node is not None and isinstance(row.children, list | Virtual)
        more = self._more_nodes.pop(id(row), None)
        if more is not None:
            self._pending.pop(id(more), None)
            more.remove()
        start, end = row.built, min(row.built + self.chunk, len(row.children))
        first = None
        for position in range(start, end):
            node = self._make(row.node, self._child(row, position))
            first = first or node
        row.built = end
        left = len(row.children) - end
        if left:
            more = row.node.add_leaf(_more_label(left), data=self._more(row.key, end))
            self._more_nodes[id(row)] = more
            self._pending[id(more)] = row
        return first

    def grow_at(self, node: TreeNode[T]) -> TreeNode[T] | None:
        """``node`` is a "… n more" node: replace it by the next chunk (its first node)."""
        row = self._pending.get(id(node))
        return self._grow(row) if row is not None else None

    def is_more(self, node: TreeNode[T]) -> bool:
        return id(node) in self._pending

    def build(self, key: str) -> TreeNode[T] | None:
        """The node of the row with ``key``, made now (with its parents expanded) if need be."""
        row = self.find(key)
        if row is None:
            return None
        chain = []
        up: Row[T] | None = row
        while up is not None:
            chain.append(up)
            up = up.parent
        for above, below in zip(reversed(chain[1:]), reversed(chain[:-1]), strict=True):
            if above.node is None:
                return None
            above.expand = True
            self.open(above)
            above.node.expand()
            while below.node is None and above.built < len(self._make_children(above)):
                self._grow(above)
        return row.node


def _more_label(left: int) -> Text:
    return Text(f"… {left:,} more (move here to show them)", Style(dim=True, italic=True))
