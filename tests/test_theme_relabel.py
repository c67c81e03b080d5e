"""A theme change relabels the tree's nodes in the new colours; it rebuilds nothing."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tui.app.viewer import ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree

pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _colours(tree: MetricTree) -> set[str]:
    found = set()
    for line in range(tree.last_line + 1):
        node = tree.get_node_at_line(line)
        if node is None:
            continue
        for span in node.label.spans:
            style = span.style
            if not isinstance(style, str) and style.color is not None:
                found.add(style.color.triplet.hex if style.color.triplet else style.color.name)
    return found


async def test_a_theme_change_relabels_the_same_nodes_in_the_new_colours() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        app.theme = "textual-dark"
        await _settle(app, pilot)
        tree = app.query_one(MetricTree)
        data = next(n for n in tree.root.children if n.data.key == "section:data")
        data.expand()  # an open branch, and the cursor down the tree: both must stay
        await _settle(app, pilot)
        for _ in range(5):
            await pilot.press("down")
        await _settle(app, pilot)
        nodes = [tree.get_node_at_line(i) for i in range(tree.last_line + 1)]
        cursor, item = tree.cursor_line, app.query_one(MetricCard).item
        before = _colours(tree)
        error = tree.theme_colors["error"].lower()
        assert error in before

        app.theme = "nord"
        await _settle(app, pilot)

        again = [tree.get_node_at_line(i) for i in range(tree.last_line + 1)]
        assert len(again) == len(nodes) and all(a is b for a, b in zip(again, nodes, strict=True))
        assert tree.cursor_line == cursor and data.is_expanded
        assert app.query_one(MetricCard).item is item
        after = _colours(tree)
        new_error = tree.theme_colors["error"].lower()
        assert new_error != error and new_error in after and error not in after
