"""What keeps the UI thread short during a load and a reload, pinned by structure.

- The header's failing count is found once per load, by the load worker: redrawing the
  header (a finished check, each "being written" while a reload retries) walked all
  20,000 metrics on the UI thread each time.
- The tree's key maps (the cursor's place kept on a reload) are made by the worker that
  prepares the tree, not at the first lookup on the UI thread.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from tests.sdk_jobs import write_job
from tui.app.widgets.job_header import JobHeader, Stale
from tui.app.widgets.metric_tree import _PREPARED, prepare_index
from tui.formats import load
from tui.model.enums import MetricStatus


class _HeaderApp(App[None]):
    def compose(self) -> ComposeResult:
        yield JobHeader()


async def test_the_failing_count_is_found_by_the_load_not_by_each_redraw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_job(tmp_path)
    doc = load(tmp_path, measure=True)
    asked = []
    failing = MetricStatus.failing

    def counted(status: MetricStatus) -> bool:
        asked.append(status)
        return failing.fget(status)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(MetricStatus, "failing", property(counted))
    app = _HeaderApp()
    async with app.run_test() as pilot:
        header = app.query_one(JobHeader)
        header.show(doc)
        header.problem_counts = (1, 2)
        header.show(doc)
        for reason in ("empty", "unreadable so far"):  # a reload retrying a cut file
            header.set_load_state(Stale("writing", reason, datetime.now()))
        await pilot.pause()
        assert " failing" in header.shown.plain
    assert asked == []  # every redraw read the count the load worker found


def test_a_prepared_tree_index_has_its_key_maps(tmp_path: Path) -> None:
    write_job(tmp_path)
    doc = load(tmp_path, measure=True)
    prepare_index(doc)
    index = _PREPARED[id(doc)]
    assert index._key_at is not None  # the metrics' keys → their place
    assert index.data()._key_at is not None  # and the data's
