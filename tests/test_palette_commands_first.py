"""The empty command palette lists the app's commands, each with its key; typing finds
metrics. (It listed 200 metrics first, in no fixed order with the commands.)"""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from tests.conftest import ROOT
from tests.pilot_waits import until
from tui.app.viewer import ResimApp
from tui.app.viewer_actions import PALETTE_PROMPT

pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"


def _prompts(palette: CommandPalette) -> list[str]:
    options = palette.query_one("CommandList")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_the_empty_palette_is_commands_with_keys_and_typing_finds_metrics() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        assert palette.query_one("CommandInput").placeholder == PALETTE_PROMPT
        await until(pilot, lambda: len(_prompts(palette)) >= 10)
        await pilot.pause()
        names = {m.name for m in app.document.metrics}
        prompts = _prompts(palette)
        assert not [p for p in prompts if any(name in p for name in names)], prompts
        assert "Reload  r" in [p.splitlines()[0] for p in prompts], prompts
        await pilot.press(*"Ego speed")
        await until(pilot, lambda: any("Ego speed" in p for p in _prompts(palette)))
