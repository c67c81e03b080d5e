"""No text is cut by a widget's edge: it is cut with "…", or it wraps.

Each screen is drawn at 80x24 (tree, card, chart, problems, help, compare, the
jobs table and its header, metric-across, a Metrics 2.0 run). Every text widget
on it is measured: a line wider than its widget must either wrap (and have the
rows to wrap into) or end in "…" (``text-overflow: ellipsis``). The tree's labels
are measured the same way, as the tree draws them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tests.batch_fixture import shared_batch
from tests.conftest import ROOT
from tui import formats
from tui.app.batch_viewer import BatchViewer
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.metric_tree import MetricTree

pytestmark = pytest.mark.slow

SAMPLES = ROOT / "samples"
DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


def _plain(widget: Static) -> str | None:
    visual = widget.visual
    if isinstance(visual, Content):
        return visual.plain
    renderable = getattr(visual, "renderable", None)
    if isinstance(renderable, Text):
        return renderable.plain
    return None  # a drawing (chart, image, hanging text): it sizes itself


def clipped(screen: Screen) -> list[str]:
    """Text widgets on ``screen`` whose text the edge cuts without an ellipsis."""
    wrong = []
    for widget in screen.walk_children(Static, with_self=False):
        region = widget.content_region
        if not widget.display or not widget.visible or region.width <= 0:
            continue
        plain = _plain(widget)
        if not plain:
            continue
        natural = max(cell_len(line) for line in plain.split("\n"))
        if natural <= region.width:
            continue
        where = f"{type(screen).__name__} / {type(widget).__name__}#{widget.id}"
        if widget.styles.text_wrap == "nowrap":
            if widget.styles.text_overflow != "ellipsis":
                wrong.append(f"{where}: {plain[:60]!r} cut at {region.width} columns")
            continue
        needed = widget.get_content_height(screen.size, screen.size, region.width)
        if needed > region.height:
            wrong.append(
                f"{where}: {plain[:60]!r} wraps to {needed} rows in {region.height} at "
                f"{region.width} columns (cut)"
            )
    for tree in screen.query(MetricTree):
        room = tree.size.width - tree.styles.scrollbar_size_vertical
        for line in range(tree.last_line + 1):
            node = tree.get_node_at_line(line)
            if node is None or node.data is None or node.data.item is None:
                continue
            label = tree.render_label(node, tree.rich_style, tree.rich_style)
            depth_room = room - tree._depth(node) * tree.guide_depth
            if label.cell_len > depth_room:
                wrong.append(f"tree: {label.plain!r} is cut at {depth_room} columns")
    return wrong


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def _viewer_screens(app, pilot) -> list[str]:
    wrong = clipped(app.screen)
    tree = app.query_one(MetricTree)
    for node in list(tree.root.children):
        node.expand()
    await _settle(app, pilot)
    wrong += clipped(app.screen)
    await pilot.press("tab")  # the card's chart, table or image
    await _settle(app, pilot)
    wrong += clipped(app.screen)
    for key in ("p", "question_mark"):
        await pilot.press("escape", key)
        await _settle(app, pilot)
        wrong += clipped(app.screen)
        await pilot.press("escape")
        await _settle(app, pilot)
    return wrong


@pytest.mark.parametrize(
    "argv",
    [
        [DEMO],
        [SAMPLES / "indexed"],
        [SAMPLES / "basic", SAMPLES / "all_types"],  # compare: notes and badges in the tree
        [SAMPLES / "metrics2"],
    ],
    ids=["demo", "indexed", "compare", "metrics2"],
)
async def test_no_text_is_cut_without_an_ellipsis_at_80x24(argv: list[Path]) -> None:
    if len(argv) == 2:
        side_a = formats.load(argv[0])
        options = Options(watch=False, side_a=argv[0], side_a_document=side_a)
        app = ResimApp(argv[1], options=options)
    else:
        app = ResimApp(argv[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        wrong = await _viewer_screens(app, pilot)
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_batch(tmp_path_factory)


async def test_the_jobs_screens_cut_with_an_ellipsis_at_80x24(
    batch_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats.pool, "workers", lambda: 1)
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        wrong = clipped(app.screen)
        await pilot.press("down", "down", "down", "space", "down", "space", "c")
        await _settle(app, pilot)
        wrong += await _viewer_screens(app, pilot)
        await pilot.press("escape", "escape", "escape")
        await _settle(app, pilot)
        await pilot.press("m")
        await _settle(app, pilot)
        wrong += clipped(app.screen)
    assert not wrong, "\n".join(wrong)
