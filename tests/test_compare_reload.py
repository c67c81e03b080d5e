"""After a reload, the marks come from the comparison engine: the add-a-metric case."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.compare_jobs import write_run
from tests.pilot_waits import Changes, until, watching
from tui.app.compare import state
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.model.compare import engine

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow


async def test_adding_a_metric_marks_only_the_new_one(tmp_path: Path, monkeypatch) -> None:
    file = write_run(tmp_path / "out")
    # The real engine, watched: a 20k-metric comparison must not run on the UI thread.
    threads: list[int] = []

    def compare(*args, **kwargs):
        threads.append(threading.get_ident())
        return engine.compare(*args, **kwargs)

    monkeypatch.setattr(state, "compare", compare)
    app = ResimApp(file, load(file), Options(watch=True))
    changes = Changes()
    async with app.run_test(size=(120, 40), message_hook=changes) as pilot:
        await until(pilot, lambda: app.document is not None)
        await watching(pilot, changes, file.parent)
        write_run(tmp_path / "out", extra_metric=True, image=b"\x01")
        await until(pilot, lambda: app.query_one(MetricTree).marks != {})
        # The image was rewritten in place: compared with what it held at the last load.
        assert app.query_one(MetricTree).marks == {"Brand new": "+", "Plot": "●"}
        line = app.query_one(StatusLine)
        await until(pilot, lambda: line.outcome != "comparing…")
        assert line.outcome.startswith("1 changed, 1 new")
        assert threads and threading.main_thread().ident not in threads
