"""A few SVG snapshots of the app at fixed terminal sizes (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the pictures in the report before committing them.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.conftest import ROOT
from tui.app.viewer import ResimApp
from tui.formats import load

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


@pytest.fixture(autouse=True)
def _relative_paths(monkeypatch) -> None:
    # The header shows paths relative to the current directory: stable across checkouts.
    monkeypatch.chdir(ROOT)


def _selecting(name: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.jump_to(next(m for m in app.document.metrics if m.name == name))
        for _ in range(3):
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
        await pilot.pause(0.1)

    return run_before


def _app() -> ResimApp:
    return ResimApp(DEMO.relative_to(ROOT), load(DEMO.relative_to(ROOT)))


def test_double_over_time_at_120x40(snap_compare) -> None:
    assert snap_compare(_app(), terminal_size=(120, 40), run_before=_selecting("Time to collision"))


def test_states_at_80x24(snap_compare) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), run_before=_selecting("Lane keeping state"))


def test_grouped_summary_table_at_100x30(snap_compare) -> None:
    assert snap_compare(
        _app(), terminal_size=(100, 30), run_before=_selecting("Minimum distance to actors")
    )


def test_help_screen_at_80x24(snap_compare) -> None:
    assert snap_compare(_app(), terminal_size=(80, 24), press=["question_mark"])


def test_problems_panel_at_100x30(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        # The panel names the time its version was loaded: pin it so the picture is stable.
        pilot.app.loaded_at = datetime(2026, 1, 2, 12, 0, 0)
        await pilot.press("p")
        await pilot.pause(0.1)

    assert snap_compare(_app(), terminal_size=(100, 30), run_before=run_before)
