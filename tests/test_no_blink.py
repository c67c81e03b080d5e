"""No text box blinks, so nothing repaints while the user is away (slow SSH links, and
serve's idle clock, which counts a frame sent to the browser as a change)."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.widgets import Input

from tests.conftest import ROOT
from tui.app.viewer import ResimApp
from tui.app.widgets.table_view import TableView
from tui.formats import load

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


async def _until(pilot, check: Callable[[], bool], limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def _focused_box(app: ResimApp) -> Input | None:
    focused = app.screen.focused
    return focused if isinstance(focused, Input) else None


async def test_no_focused_box_blinks() -> None:
    app = ResimApp(DEMO, load(DEMO))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")  # the tree's filter
        await _until(pilot, lambda: _focused_box(app) is not None)
        seen = [_focused_box(app)]
        await pilot.press("escape", "t")  # the first metric as a table, then its search box
        await _until(pilot, lambda: bool(app.query(TableView)))
        app.query_one(TableView).action_search()
        await _until(pilot, lambda: _focused_box(app) not in (None, seen[0]))
        seen.append(_focused_box(app))
        await pilot.press("escape", "ctrl+p")  # the command palette's box
        await _until(pilot, lambda: _focused_box(app) not in (None, *seen))
        seen.append(_focused_box(app))
        await pilot.pause()
        assert [box.cursor_blink for box in seen if box is not None] == [False] * 3
