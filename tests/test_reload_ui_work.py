"""A reload's work on the UI thread does not grow with the number of metrics.

The reload runs in a worker; on the UI thread its messages' handlers swap the new
document in, relabel the lines on screen, show the check's counts and the comparison.
Counted here: the Python calls those handlers make (a profile hook set around each),
from the file's rewrite until the reloaded document, its check and its comparison are
shown. Four times the metrics must not cost four times the calls: a pass over every
metric on the UI thread (the header's failing count, the tree's key maps, a label per
metric) adds thousands of calls at the larger size. Idle polling is not counted, so
a loaded machine changes nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from tests.test_incremental_reload import _until, _write
from tui.app.options import Options
from tui.app.stale_handlers import StaleHandlers
from tui.app.viewer import ResimApp
from tui.app.widgets.browser import Browser
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine

HANDLERS = [
    (ResimApp, "on_document_loaded"),
    (ResimApp, "on_report_ready"),
    (StaleHandlers, "on_writing"),
    (Browser, "on_browser_compared"),
    (Browser, "on_metric_tree_chosen"),
]


class _Count:
    def __init__(self) -> None:
        self.calls = 0
        self.on = False

    def hook(self, frame: FrameType, event: str, arg: object) -> None:
        if event == "call":
            self.calls += 1

    def around(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(handler)
        def counted(*args: Any, **kwargs: Any) -> Any:
            if not self.on or sys.getprofile() is not None:
                return handler(*args, **kwargs)
            sys.setprofile(self.hook)
            try:
                return handler(*args, **kwargs)
            finally:
                sys.setprofile(None)

        return counted


async def _calls_in_a_reload(folder: Path, count: int, monkeypatch: pytest.MonkeyPatch) -> int:
    counter = _Count()
    with monkeypatch.context() as patch:
        for owner, name in HANDLERS:
            patch.setattr(owner, name, counter.around(getattr(owner, name)))
        file = _write(folder, count, failing=None)
        app = ResimApp(file, None, Options(watch=False))
        async with app.run_test(size=(120, 40)) as pilot:
            tree, status = app.query_one(MetricTree), app.query_one(StatusLine)
            await _until(pilot, lambda: app.report is not None and tree.first_metric_key())
            await pilot.pause()
            first = app.document
            content = _write(folder / "next", count, failing=1).read_bytes()
            counter.on = True
            with open(file, "wb") as handle:
                handle.write(content)
            app.action_reload()
            await _until(pilot, lambda: app.document is not first)
            await _until(
                pilot,
                lambda: (
                    app.report is not None
                    and app.report is not None
                    and status.outcome not in ("reloading…", "comparing…")
                ),
            )
            await pilot.pause()
            counter.on = False
    return counter.calls


async def test_a_reload_costs_the_ui_thread_the_same_at_four_times_the_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = await _calls_in_a_reload(tmp_path / "small", 500, monkeypatch)
    large = await _calls_in_a_reload(tmp_path / "large", 2_000, monkeypatch)
    assert small > 1_000  # the handlers were counted
    # The extra 1,500 metrics may cost a few calls (a count, a dict), not one each.
    assert large - small < 1_500, (small, large)
