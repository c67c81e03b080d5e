"""A collapsible tree of a Plotly figure's JSON: the raw view of a Plotly metric.

Children are added when a node is first expanded, so a figure with a
hundred thousand points costs nothing until someone opens that list. Every
key and value is file content: shown literally and cut to a sane length.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.model.figure import FigureError, is_typed_array, to_python
from tui.text.safe import printable

_CHILDREN_SHOWN = 500  # per node; a note says how many more there are
_VALUE_MAX = 120


def _summary(value: Any) -> str:
    if isinstance(value, dict):
        if is_typed_array(value):
            return f"typed array {printable(str(value.get('dtype')), 8)}"
        return f"{{{len(value)}}}"
    if isinstance(value, list):
        return f"[{len(value)}]"
    if isinstance(value, str):
        return repr(printable(value, _VALUE_MAX))
    return printable(str(value), _VALUE_MAX)


class JsonTree(Tree[Any]):
    """The figure as a tree; containers expand lazily."""

    DEFAULT_CSS = """
    JsonTree { height: 24; }
    """

    def __init__(self, struct: Any, *, classes: str | None = None) -> None:
        super().__init__(Text("figure"), classes=classes)
        try:
            self._figure: Any = to_python(struct)
            self._error: str | None = None
        except FigureError as exc:
            self._figure, self._error = {}, str(exc)

    def on_mount(self) -> None:
        if self._error:
            self.root.set_label(Text(f"figure: {self._error}", style=Style(bold=True)))
            return
        self.root.data = self._figure
        self._fill(self.root)
        self.root.expand()

    def _fill(self, node: TreeNode[Any]) -> None:
        value: Any = node.data
        items = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, child in items[:_CHILDREN_SHOWN]:
            label = Text.assemble(
                (printable(str(key), 60), Style(bold=True)),
                ": ",
                (_summary(child), Style(dim=True)),
            )
            if isinstance(child, dict | list) and child and not is_typed_array(child):
                node.add(label, data=child)
            else:
                node.add_leaf(label)
        if len(items) > _CHILDREN_SHOWN:
            node.add_leaf(Text(f"… {len(items) - _CHILDREN_SHOWN:,} more", style=Style(dim=True)))

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Any]) -> None:
        event.stop()
        node = event.node
        if node is not self.root and not node.children and node.data is not None:
            self._fill(node)
