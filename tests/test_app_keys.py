"""Keys by convention, driven through the pilot: ←/→ in the tree, Esc one level out from
every pane and panel, the palette's commands, keys that say why they do nothing, names
that give way to badges, and the selection kept in view across a resize."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from tests.conftest import ROOT, SAMPLES
from tui.app.screens.help import HelpScreen
from tui.app.screens.problems import ProblemsScreen
from tui.app.viewer import ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree
from tui.model import Metric

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


async def _ready(app: ResimApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _cursor(app: ResimApp) -> str | None:
    return app.query_one(MetricTree).cursor_key()


async def test_left_and_right_on_leaves_and_branches() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        first = _cursor(app)
        assert first is not None and first.startswith("metric:")
        await pilot.press("right")  # a leaf: nothing to open, and no sideways scroll
        await pilot.pause()
        assert _cursor(app) == first and tree.scroll_x == 0
        await pilot.press("left")  # a leaf: up to its section
        await pilot.pause()
        assert _cursor(app) == "section:metrics"
        section = tree.cursor_node
        assert section is not None and section.is_expanded
        await pilot.press("left")  # an open section: closes
        await pilot.pause()
        assert not section.is_expanded and _cursor(app) == "section:metrics"
        await pilot.press("right")  # a closed section: opens
        await pilot.pause()
        assert section.is_expanded and _cursor(app) == "section:metrics"
        await pilot.press("right")  # an open section: goes in
        await pilot.pause()
        assert _cursor(app) == first


async def test_escape_steps_out_one_level_from_every_pane_and_panel() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        card = app.query_one(MetricCard)
        # The card (and anything inside it) → the tree.
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not tree and card in app.focused.ancestors_with_self
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is tree
        # Full screen → the card and tree again.
        await pilot.press("f")
        await pilot.pause()
        assert app.screen.has_class("-full-card")
        await pilot.press("escape")
        await pilot.pause()
        assert not app.screen.has_class("-full-card") and app.focused is tree
        # The filter → cleared and closed, back in the tree.
        await pilot.press("slash", *"speed")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        box = app.query_one("#filter", Input)
        assert app.focused is tree and box.value == "" and not box.has_class("visible")
        # Every modal panel closes on Esc.
        for key, kind in (("question_mark", HelpScreen), ("p", ProblemsScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, kind)
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, kind)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        assert app.is_running  # Esc never quits


async def test_palette_lists_every_app_action_with_its_key() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one("CommandList")
        listed = "\n".join(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
        lines = listed.splitlines()
        for action, key in (
            ("Reload", "r"),
            ("Problems", "p"),
            ("Hidden", "h"),
            ("Chart/Table", "t"),
            ("Screenshot", "s"),
            ("Run log", "l"),
            ("Filter", "/"),
            ("Full screen", "f"),
            ("Details", "i"),
            ("Help", "?"),
            ("Quit", "q"),
        ):
            found = [line for line in lines if line.startswith(f"{action}  ")]
            assert any(key in line.split()[-2:] for line in found), (action, found)
        # And a command runs its action.
        await pilot.press(*"problems")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await _ready(app, pilot)
        assert isinstance(app.screen, ProblemsScreen)


async def test_p_means_problems_even_on_an_image_list() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        images = next(m for m in app.document.metrics if m.name == "Front camera")
        app.jump_to(images)
        await _ready(app, pilot)
        await pilot.press("tab")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)


def _notes(app: ResimApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_keys_that_do_nothing_here_say_why() -> None:
    app = ResimApp(SAMPLES / "basic" / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        scalar = next(m for m in app.document.metrics if type(m.values).__name__ == "ScalarValues")
        app.jump_to(scalar)
        await _ready(app, pilot)
        await pilot.press("t")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        notes = _notes(app)
        assert any("t switches a chart" in n and "scalar" in n for n in notes), notes
        assert any("[ and ]" in n for n in notes), notes
        assert app.query_one(MetricCard).raw is False


async def test_badges_and_marks_show_at_80_columns(tmp_path: Path) -> None:
    # The sample's own .resim-tui-ignore silences the warning behind the badge; a copy
    # without it keeps the badge to measure.
    shutil.copytree(SAMPLES / "indexed", tmp_path / "indexed")
    (tmp_path / "indexed" / ".resim-tui-ignore").unlink()
    app = ResimApp(tmp_path / "indexed" / "metrics.binproto")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        # Open the Data section: the unreferenced series carries a mark and a badge.
        data = next(n for n in tree.root.children if n.data.key == "section:data")
        data.expand()
        await _ready(app, pilot)
        width = tree.scrollable_content_region.width
        lines = [
            tree.render_label(node, tree.rich_style, tree.rich_style)
            for node in data.children
            if node.data.item.name == "Active track"
        ]
        assert lines
        for label in lines:
            assert label.cell_len <= width - tree.guide_depth
            assert label.plain.rstrip().endswith("unreferenced !1"), label.plain
            assert "…" in label.plain  # the name gave way, the marks did not
        assert tree.virtual_size.width <= width  # nothing to scroll sideways


async def test_resize_from_200x50_to_80x24_keeps_the_selection_in_view() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(200, 50)) as pilot:
        await _ready(app, pilot)
        last = app.document.display_order[-1]
        app.jump_to(last)
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        assert isinstance(app.query_one(MetricCard).item, Metric)
        await pilot.resize_terminal(80, 24)
        await _ready(app, pilot)
        await pilot.pause(0.2)
        top, height = tree.scroll_offset.y, tree.scrollable_content_region.height
        assert top <= tree.cursor_line < top + height
        assert app.query_one(MetricCard).item is last


async def test_t_and_brackets_held_down_on_grouped_data_do_not_kill_the_app() -> None:
    # Key repeat: each press rebuilds the card while the last one's widgets still mount.
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        grouped = next(m for m in app.document.metrics if m.name == "Distance to actors")
        app.jump_to(grouped)
        await _ready(app, pilot)
        card = app.query_one(MetricCard)
        first = card.category
        assert first is not None  # grouped: the card shows one category at a time
        for _ in range(25):  # 50 of each: t, and [ or ]
            await pilot.press("right_square_bracket", "t", "left_square_bracket", "t")
        await _ready(app, pilot)
        assert app.is_running and app.return_code is None
        assert card.item is grouped and card.raw is False  # t pressed an even number of times
        assert card.category is not None  # still showing one of the categories


async def test_a_card_brief_does_not_count_notes_as_problems() -> None:
    # Ego speed has a note (a legacy metric type) and nothing that needs action.
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        ego = next(m for m in app.document.metrics if m.name == "Ego speed")
        notes = [p for p in app.report.problems if p.location.name == "Ego speed"]
        assert notes and all(p.severity.name == "INFO" for p in notes)
        app.jump_to(ego)
        await _ready(app, pilot)
        brief = str(app.query_one(MetricCard).query_one(".card-brief").render())
        assert "problem" not in brief, brief


async def test_a_filter_in_force_is_always_on_screen() -> None:
    """However text reaches the filter box (typed after '/', or keys that arrived while
    it was hidden), a filter that narrows the tree is never invisible."""
    app = ResimApp(DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        box = app.query_one("#filter", Input)
        assert not box.has_class("visible")
        box.value = "zzz-no-such-metric"
        await pilot.pause()
        assert box.has_class("visible") and box.display
