"""Every footer shows its keys whole, or folds them honestly into ``? more``.

The walk visits every place that can have the focus (each card's chart, table,
image, drop-down; the filter; every panel) at 80x24 and 120x40 and reads the
footer as drawn: the bottom line of the screen. A key is either there whole
("n/N Failures") or left out, and when one is left out the line ends with
``? more`` (``?`` lists every key; tests/test_key_map.py checks it does).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets._footer import FooterKey

from tests.batch_fixture import shared_batch
from tests.conftest import ROOT
from tui import formats
from tui.app.batch_viewer import BatchViewer
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.fit_footer import FitFooter
from tui.model import Metric

pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"
SIZES = [(80, 24), (120, 40)]


def _bottom_line(screen: Screen) -> str:
    strips = screen._compositor.render_strips()
    return "".join(segment.text for segment in strips[-1])


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def _wrong(where: str, screen: Screen) -> list[str]:
    footer = screen.query_one(FitFooter)
    line = _bottom_line(screen)
    wrong = []
    for key in footer.query(FooterKey):
        drawn = f"{key.key_display} {key.description}".strip()
        if drawn not in line:
            wrong.append(f"{where}: {drawn!r} is not whole in {line!r}")
    expected = {b.key for _, b, _, _ in screen.active_bindings.values() if b.show}
    shown = {k.key for k in footer.query(FooterKey)}
    left_out = expected - shown
    # A key bound twice to one action shows once; count only real omissions.
    actions_shown = {k.action for k in footer.query(FooterKey)}
    left_out = {
        key for key in left_out if screen.active_bindings[key][1].action not in actions_shown
    }
    if left_out and "? more" not in line:
        wrong.append(f"{where}: {sorted(left_out)} left out and no '? more' in {line!r}")
    if not left_out and "? more" in line:
        wrong.append(f"{where}: says '? more' with nothing left out: {line!r}")
    return wrong


async def _every_place(app, pilot, label: str, seen: set) -> list[str]:
    wrong: list[str] = []
    for place in list(app.screen.focus_chain or [app.screen]):
        signature = (type(app.screen).__name__, type(place).__name__, type(place.parent).__name__)
        if signature in seen:
            continue
        seen.add(signature)
        if place is not app.screen:
            place.focus()
        await _settle(app, pilot)
        wrong += _wrong(f"{label} / {type(place).__name__}", app.screen)
    return wrong


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_viewer_footers_are_whole_or_fold(size: tuple[int, int]) -> None:
    app = ResimApp(DEMO)
    seen: set = set()
    wrong: list[str] = []
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        doc = app.document
        for item in [*doc.display_order, *doc.events, *doc.data]:
            app.jump_to(item)
            await _settle(app, pilot)
            name = item.name if isinstance(item, Metric) else type(item).__name__
            wrong += await _every_place(app, pilot, name, seen)
        app.jump_to(doc.display_order[0])
        await _settle(app, pilot)
        await pilot.press("slash")
        await _settle(app, pilot)
        wrong += await _every_place(app, pilot, "filter", seen)
        await pilot.press("escape")
        for key in ("p", "question_mark"):
            await pilot.press(key)
            await _settle(app, pilot)
            wrong += await _every_place(app, pilot, type(app.screen).__name__, seen)
            await pilot.press("escape")
            await _settle(app, pilot)
    assert not wrong, "\n".join(wrong)


async def test_the_chart_footer_at_80_columns_folds_and_keeps_help() -> None:
    """The case filed: chart focused at 80 columns, the footer was cut after ``q``."""
    app = ResimApp(DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("tab")
        await _settle(app, pilot)
        line = _bottom_line(app.screen)
        assert "←→ Cursor" in line and "n/N Failures" in line, line
        assert line.rstrip().endswith("^p Commands"), line
        assert "? more" in line, line
        await pilot.resize_terminal(200, 50)
        await _settle(app, pilot)
        wide = _bottom_line(app.screen)
        assert "? Help" in wide and "q Quit" in wide and "r Reload" in wide, wide


async def test_the_same_keys_are_not_built_again() -> None:
    """Every focus move tells the footer its bindings changed; when the keys it would show
    are the same, the ones on screen stay (rebuilding each cost a style pass per key),
    and when they differ (a narrower screen folds some) they are built anew."""
    app = ResimApp(DEMO)
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        footer = app.screen.query_one(FitFooter)
        keys = list(footer.query(FooterKey))
        assert keys and not footer.folded
        for _ in range(3):
            app.screen.refresh_bindings()
            await _settle(app, pilot)
        assert list(footer.query(FooterKey)) == keys  # the same widgets, not new ones
        await pilot.resize_terminal(60, 24)
        await _settle(app, pilot)
        assert footer.folded and "? more" in _bottom_line(app.screen)
        assert not set(footer.query(FooterKey)) & set(keys)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_batch(tmp_path_factory)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_jobs_footers_are_whole_or_fold(
    size: tuple[int, int], batch_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats.pool, "workers", lambda: 1)
    app = BatchViewer(batch_dir, Options(watch=False))
    seen: set = set()
    wrong: list[str] = []
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        wrong += await _every_place(app, pilot, "jobs", seen)
        await pilot.press("slash")
        await _settle(app, pilot)
        wrong += await _every_place(app, pilot, "jobs filter", seen)
        await pilot.press("escape", "escape")
        await pilot.press("m")
        await _settle(app, pilot)
        wrong += await _every_place(app, pilot, type(app.screen).__name__, seen)
        await pilot.press("escape")
        await _settle(app, pilot)
        await pilot.press("enter")
        await _settle(app, pilot)
        wrong += await _every_place(app, pilot, "job " + type(app.screen).__name__, seen)
    assert not wrong, "\n".join(wrong)


async def test_esc_is_in_the_footer_wherever_it_acts(
    batch_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a batch's job the footer says Esc goes back to the jobs (it said nothing);
    in the card, that Esc steps back to the tree; where Esc does nothing, no Esc."""
    monkeypatch.setattr(formats.pool, "workers", lambda: 1)
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("down", "down", "down", "enter")
        await _settle(app, pilot)
        assert _bottom_line(app.screen).startswith(" Esc All jobs "), _bottom_line(app.screen)
        await pilot.press("tab")
        await _settle(app, pilot)
        assert _bottom_line(app.screen).startswith(" Esc Back "), _bottom_line(app.screen)
        await pilot.press("escape")
        await _settle(app, pilot)
        assert _bottom_line(app.screen).startswith(" Esc All jobs "), _bottom_line(app.screen)
        await pilot.press("escape")
        await _settle(app, pilot)
        assert app.screen is app.jobs
    single = ResimApp(DEMO)
    async with single.run_test(size=(80, 24)) as pilot:
        await _settle(single, pilot)
        assert "Esc" not in _bottom_line(single.screen)
        await pilot.press("slash")
        await _settle(single, pilot)
        assert _bottom_line(single.screen).startswith(" Esc Back "), _bottom_line(single.screen)


async def test_esc_says_where_it_goes_from_a_job_opened_across_jobs(
    batch_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job opened from the metric-across view goes back there on Esc, and the footer
    says so (it said 'All jobs'); the picker says Enter chooses (its footer had Esc only)."""
    monkeypatch.setattr(formats.pool, "workers", lambda: 1)
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("m")
        await _settle(app, pilot)
        # The box takes Enter itself; the panel's heading names it beside the footer's Esc.
        heading = str(app.screen.query_one("#picker-body").children[0].render())
        assert "Enter choose" in heading and _bottom_line(app.screen).startswith(" Esc Close ")
        await pilot.press(*"peak", "enter")
        await _settle(app, pilot)
        across = app.screen
        assert type(across).__name__ == "MetricAcrossScreen"
        await pilot.press("enter")
        await _settle(app, pilot)
        assert _bottom_line(app.screen).startswith(" Esc Metric across "), _bottom_line(app.screen)
        await pilot.press("escape")
        await _settle(app, pilot)
        assert app.screen is across
