"""After a reload, the marks come from the comparison engine: the add-a-metric case."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.compare_jobs import write_run
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.live.messages import DocumentLoaded

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow


async def _until(pilot, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def test_adding_a_metric_marks_only_the_new_one(tmp_path: Path) -> None:
    file = write_run(tmp_path / "out")
    loads: list[DocumentLoaded] = []

    def hook(message: object) -> None:
        if isinstance(message, DocumentLoaded):
            loads.append(message)

    app = ResimApp(file, load(file), Options(watch=True))
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await _until(pilot, lambda: app.document is not None)
        await pilot.pause(0.3)  # let the watcher start
        first = len(loads)
        write_run(tmp_path / "out", extra_metric=True, image=b"\x01")
        await _until(pilot, lambda: len(loads) > first)
        await _until(pilot, lambda: "Brand new" in {m.name for m in app.document.metrics})
        await pilot.pause(0.1)
        # The image was rewritten in place: compared with what it held at the last load.
        assert app.query_one(MetricTree).marks == {"Brand new": "+", "Plot": "●"}
        assert app.query_one(StatusLine).outcome.startswith("1 changed, 1 new")
