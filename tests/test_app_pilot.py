"""The app driven as a user would, through Textual's pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Markdown, Static

from tests.conftest import BAD, CONFORMANCE, ROOT, conformance_cases, needs
from tui.app.screens.help import HelpScreen
from tui.app.viewer import ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree, Node
from tui.formats import load
from tui.model import Metric

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo"


async def _ready(app: ResimApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _section(tree: MetricTree, key: str) -> list[Node]:
    for node in tree.root.children:
        if node.data and node.data.key == key:
            return [child.data for child in node.children if child.data]
    return []


def _card_text(app: ResimApp) -> str:
    card = app.query_one(MetricCard)
    parts = []
    for widget in card.query(Static):
        parts.append(str(widget.render()))
    return "\n".join(parts)


async def test_demo_opens_with_tree_and_first_metric() -> None:
    doc = load(DEMO)
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        metrics = _section(tree, "section:metrics")
        assert [n.item.name for n in metrics] == [m.name for m in doc.display_order]
        assert len(_section(tree, "section:events")) == len(doc.events)
        # Data starts collapsed, so its nodes are made only when it is opened.
        assert _section(tree, "section:data") == []
        data = next(n for n in tree.root.children if n.data and n.data.key == "section:data")
        data.expand()
        await pilot.pause()
        assert len(_section(tree, "section:data")) == len(doc.data)
        card = app.query_one(MetricCard)
        assert isinstance(card.item, Metric)
        assert card.item.name == doc.display_order[0].name


async def test_every_metric_can_be_reached_with_the_keyboard() -> None:
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        seen = set()
        for _ in range(len(app.document.display_order) + 5):
            card = app.query_one(MetricCard)
            if isinstance(card.item, Metric):
                seen.add(card.item.name)
            await pilot.press("down")
            await _ready(app, pilot)
        assert {m.name for m in app.document.display_order} <= seen


async def test_filter_narrows_the_tree_and_escape_clears_it() -> None:
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        total = len(_section(tree, "section:metrics"))
        await pilot.press("slash", *"speed")
        await pilot.pause()
        shown = _section(tree, "section:metrics")
        assert 0 < len(shown) < total
        assert all("speed" in n.item.name.lower() or n.item.tags for n in shown)
        await pilot.press("escape")
        await pilot.pause()
        assert len(_section(tree, "section:metrics")) == total


async def test_filter_by_status_word_and_tag() -> None:
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        await pilot.press("slash", *"fail_block")
        await pilot.pause()
        shown = _section(tree, "section:metrics")
        assert shown and all(n.item.status.name == "FAIL_BLOCK_METRIC_STATUS" for n in shown)


async def test_hidden_metrics_toggle() -> None:
    doc = load(DEMO)
    hidden = [m for m in doc.display_order if m.hidden]
    assert hidden, "the demo should have a hidden metric"
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        tree = app.query_one(MetricTree)
        assert len(_section(tree, "section:metrics")) == len(doc.display_order)
        await pilot.press("h")
        await pilot.pause()
        names = [n.item.name for n in _section(tree, "section:metrics")]
        assert not any(m.name in names for m in hidden)


async def test_help_screen_lists_keys() -> None:
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(Static).render())
        for key in ("filter", "quit", "palette", "FAIL_BLOCK"):
            assert key in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_jumps_to_a_metric() -> None:
    doc = load(DEMO)
    target = doc.display_order[-2]
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*target.name)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await _ready(app, pilot)
        await pilot.pause(0.2)
        assert app.query_one(MetricCard).item is not None
        assert app.query_one(MetricCard).item.name == target.name


async def test_text_metric_renders_markdown() -> None:
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        # The app's own metric: the card folds descriptions, so only the text's body
        # is Markdown here.
        text_metric = next(m for m in app.document.display_order if m.type.label == "TEXT")
        app.jump_to(text_metric)
        await _ready(app, pilot)
        await pilot.pause(0.2)
        assert app.query_one(MetricCard).item is text_metric
        assert app.query_one(MetricCard).query(Markdown)


@pytest.mark.parametrize(
    "case",
    needs(conformance_cases(), "conformance corpus"),
    ids=lambda p: p.name if p else "absent",
)
async def test_conformance_tree_lists_display_order(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    app = ResimApp(case / "metrics.binproto")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        names = [n.item.name for n in _section(app.query_one(MetricTree), "section:metrics")]
        assert names == expected["display_order"]


@pytest.mark.skipif(not BAD.is_dir(), reason="bad corpus absent")
async def test_markup_and_escapes_from_the_file_are_shown_literally() -> None:
    for case in ("rich_textual_markup", "ansi_escapes"):
        app = ResimApp(BAD / case / "metrics.binproto")
        async with app.run_test(size=(120, 40)) as pilot:
            await _ready(app, pilot)
            for metric in app.document.display_order:
                app.jump_to(metric)
                await _ready(app, pilot)
            tree = app.query_one(MetricTree)
            labels = "".join(str(n._label) for n in tree._all_nodes())
            assert "\x1b" not in labels and "\x9b" not in labels
            if case == "rich_textual_markup":
                assert any("[" in n.item.name for n in _section(tree, "section:metrics"))
                assert any("[" in str(n._label) for n in tree._all_nodes())


async def test_a_file_that_fails_in_the_worker_exits_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "metrics.binproto"
    bad.write_bytes(b"\x0a\xff\xff\xff\xff\x0f garbage")
    app = ResimApp(bad)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(app, pilot)
    assert app.return_code == 2
    assert "not a metrics file" in (app.load_error or "")


_ = CONFORMANCE


@pytest.mark.skipif(not BAD.is_dir(), reason="bad corpus absent")
async def test_problems_panel_lists_every_problem_and_jumps() -> None:
    from tui.app.screens.problems import ProblemsScreen
    from tui.validate import validate

    case = BAD / "dangling_data_refs" / "metrics.binproto"
    report = validate(load(case))
    app = ResimApp(case)
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        header = app.query_one("#job-header")
        assert header.problem_counts == (len(report.errors), len(report.warnings))
        tree = app.query_one(MetricTree)
        assert tree.badges, "nodes with problems carry a badge"
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        assert options.option_count == len(report.problems)
        # Errors first, then warnings, then notes: the first line is the worst problem.
        rank = {"error": 0, "warning": 1, "info": 2}
        target = sorted(report.problems, key=lambda p: rank[p.severity.value])[0]
        await pilot.press("enter")
        await _ready(app, pilot)
        await pilot.pause(0.2)
        assert not isinstance(app.screen, ProblemsScreen)
        card = app.query_one(MetricCard)
        assert card.item is not None
        assert getattr(card.item, "position", None) == target.location.index
        assert target in card.problems.get(id(card.item), [])


async def test_s_saves_an_svg_screenshot(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(app, pilot)
        await pilot.press("s")
        await pilot.pause()
    shots = list(tmp_path.glob("*.svg"))
    assert len(shots) == 1
    assert "Metrics" in shots[0].read_text()
