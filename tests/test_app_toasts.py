"""Notifications never cover what the user reads: the help panel holds them back until
it closes, and on the main screen they sit above the status line (the run's status)."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from tests.conftest import ROOT
from tests.pilot_waits import until
from tui.app.screens.help import HelpScreen
from tui.app.viewer import ResimApp
from tui.app.widgets.status_line import StatusLine

# Pilot apps: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


def _toasts(app: ResimApp) -> list[str]:
    return [str(t.render()) for t in app.screen.query(Toast)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_toasts_wait_while_help_is_open(size: tuple[int, int]) -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.notify("before help", timeout=30)
        await until(pilot, lambda: "before help" in _toasts(app))
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        app.notify("during help", timeout=30)
        app.notify("also during help", severity="warning", timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert _toasts(app) == []  # neither the earlier toast nor the new ones
        await pilot.press("escape")
        wanted = {"before help", "during help", "also during help"}
        await until(pilot, lambda: wanted <= set(_toasts(app)))
        assert not isinstance(app.screen, HelpScreen)
        assert _toasts(app) == ["before help", "during help", "also during help"]
        await pilot.pause()
        status = app.query_one(StatusLine).region
        for toast in app.screen.query(Toast):
            assert toast.region.bottom <= status.y, "a toast covers the status line"


async def test_a_toast_raised_just_before_help_is_not_lost() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.notify("queued", timeout=30)  # not yet handled when help opens
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        assert _toasts(app) == []
        await pilot.press("question_mark")  # ? closes help too
        await until(pilot, lambda: "queued" in _toasts(app))
