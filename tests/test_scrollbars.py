"""One look for every scrollbar: whole-cell thumbs in the tree, the card, the help and
problems panels (Textual's partial-block ends drew stray glyphs in some terminals)."""

from __future__ import annotations

import pytest
from rich.segment import Segment

from tests.conftest import ROOT
from tests.pilot_waits import until
from tui.app.screens.help import HelpScreen
from tui.app.screens.problems import ProblemsScreen
from tui.app.viewer import ResimApp

# Pilot apps: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"
PARTIAL = set("▁▂▃▄▅▆▇▔▏▎▍▌▋▊▉")


def _bar_glyphs(app: ResimApp) -> tuple[int, set[str]]:
    """How many scrollbars are showing, and every partial-block glyph they draw."""
    shown, found = 0, set()
    for widget in app.screen.walk_children(with_self=True):
        bars = [widget.vertical_scrollbar] if widget.show_vertical_scrollbar else []
        bars += [widget.horizontal_scrollbar] if widget.show_horizontal_scrollbar else []
        for bar in bars:
            if not bar.display or not bar.size.area:
                continue
            shown += 1
            options = app.console.options.update_dimensions(bar.size.width, bar.size.height)
            lines = app.console.render_lines(bar.render(), options)
            found |= {ch for line in lines for seg in line for ch in Segment(*seg[:2]).text}
    return shown, found & PARTIAL


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_no_partial_block_in_any_scrollbar(size: tuple[int, int]) -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.report is not None)
        # At 80x24 the tree scrolls (and the card); at 120x40 the demo fits, the panels not.
        least = 1 if size[1] < 30 else 0
        await until(pilot, lambda: _bar_glyphs(app)[0] >= least)
        assert not _bar_glyphs(app)[1]
        for key, kind in (("question_mark", HelpScreen), ("p", ProblemsScreen)):
            await pilot.press(key)
            await until(pilot, lambda kind=kind: isinstance(app.screen, kind))
            await until(pilot, lambda: _bar_glyphs(app)[0] >= 1)
            assert not _bar_glyphs(app)[1], kind.__name__
            await pilot.press("escape")
            await until(pilot, lambda kind=kind: not isinstance(app.screen, kind))
