"""Live reload with real files and real processes: what the user sees after each kind of write.

Each test drives the real app (pilot), writes the metrics file the way
writers do, waits for the app's own messages (no fixed sleeps), and checks
the final document, that the selection stayed, and that the status line
showed and then cleared its indicator.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.live.messages import DocumentLoaded, FileGone, LoadFailed, Writing
from tui.schema import metrics_pb2

BASIC = SAMPLES / "basic"
SELECTED = "Peak speed"


def _v1() -> bytes:
    return (BASIC / "metrics.binproto").read_bytes()


def _v2() -> bytes:
    """v1 with one metric changed, one removed, one added and the job status moved."""
    job = metrics_pb2.JobMetrics.FromString(_v1())
    metrics = job.job_level_metrics.metrics
    changed = next(m for m in metrics if m.name == SELECTED)
    changed.description = "changed by the test"
    removed = next(m for m in metrics if m.name != SELECTED and not m.event_metric)
    removed_name = removed.name
    metrics.remove(removed)
    added = metrics.add()
    added.CopyFrom(changed)
    added.name = "A brand new metric"
    added.metric_id.id.data = "00000000-0000-4000-8000-000000000042"
    job.metrics_status = metrics_pb2.FAIL_BLOCK_METRIC_STATUS
    _v2.removed = removed_name  # type: ignore[attr-defined]
    return job.SerializeToString()


class Recorder:
    """Every live-reload message the app handled, in order."""

    def __init__(self) -> None:
        self.seen: list[object] = []

    def __call__(self, message: object) -> None:
        if isinstance(message, DocumentLoaded | Writing | LoadFailed | FileGone):
            self.seen.append(message)

    def loads(self) -> int:
        return sum(isinstance(m, DocumentLoaded) for m in self.seen)

    def kinds(self) -> list[str]:
        return [type(m).__name__ for m in self.seen]


async def _until(pilot, condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    folder = tmp_path / "outputs"
    shutil.copytree(BASIC, folder)
    return folder


async def _open(app: ResimApp, pilot, recorder: Recorder) -> None:
    await _until(pilot, lambda: app.document is not None)
    await pilot.pause(0.3)  # let the watcher start
    app.jump_to(next(m for m in app.document.metrics if m.name == SELECTED))
    await _until(pilot, lambda: _selected(app) == SELECTED)


def _selected(app: ResimApp) -> str | None:
    item = app.query_one(MetricCard).item
    return getattr(item, "name", None)


async def _compared(pilot, app: ResimApp) -> None:
    """The reload's comparison (a worker's) is back and the status line says it."""
    status, tree = app.query_one(StatusLine), app.query_one(MetricTree)
    await _until(pilot, lambda: "A brand new metric" in tree.marks)
    await _until(pilot, lambda: status.outcome != "comparing…")


def _assert_v2_shown(app: ResimApp) -> None:
    doc = app.document
    names = {m.name for m in doc.metrics}
    assert "A brand new metric" in names
    assert _v2.removed not in names  # type: ignore[attr-defined]
    assert doc.status.name == "FAIL_BLOCK_METRIC_STATUS"
    # The selection stayed on the same metric, by name, and the card shows the new object.
    assert app.query_one(MetricTree).cursor_key() == f"metric:{SELECTED}"
    card_item = app.query_one(MetricCard).item
    assert card_item.name == SELECTED
    assert card_item.description == "changed by the test"
    assert card_item in doc.metrics
    status = app.query_one(StatusLine)
    assert status.outcome_kind == "ok"
    assert "1 changed" in status.outcome and "1 new" in status.outcome
    assert "job FAIL_WARN → FAIL_BLOCK" in status.outcome
    marks = app.query_one(MetricTree).marks
    assert marks.get(SELECTED) == "●" and marks.get("A brand new metric") == "+"


def _app(file: Path) -> ResimApp:
    return ResimApp(file, load(file), Options(watch=True))


@pytest.mark.slow
async def test_in_place_rewrite(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _open(app, pilot, recorder)
        before = recorder.loads()
        with open(file, "wb") as handle:  # what the SDK's writer does
            handle.write(_v2())
        await _until(pilot, lambda: recorder.loads() > before)
        await _compared(pilot, app)
        _assert_v2_shown(app)


@pytest.mark.slow
async def test_atomic_rename_twice(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _open(app, pilot, recorder)
        for content in (_v1() + b"", _v2()):
            before = recorder.loads()
            temp = outputs / "metrics.binproto.tmp"
            temp.write_bytes(content)
            os.replace(temp, file)
            await _until(pilot, lambda before=before: recorder.loads() > before)
        await _compared(pilot, app)
        _assert_v2_shown(app)


@pytest.mark.slow
async def test_delete_and_recreate(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _open(app, pilot, recorder)
        file.unlink()
        await _until(pilot, lambda: any(isinstance(m, FileGone) for m in recorder.seen))
        status = app.query_one(StatusLine)
        assert "gone" in status.outcome and status.outcome_kind == "busy"
        assert _selected(app) == SELECTED  # the last view stays
        before = recorder.loads()
        file.write_bytes(_v2())
        await _until(pilot, lambda: recorder.loads() > before)
        await _compared(pilot, app)
        _assert_v2_shown(app)


@pytest.mark.slow
async def test_slow_partial_write_shows_being_written(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    content = _v2()
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _open(app, pilot, recorder)
        before = recorder.loads()
        with open(file, "wb") as handle:
            handle.write(content[: len(content) // 2])
            handle.flush()
            await _until(pilot, lambda: any(isinstance(m, Writing) for m in recorder.seen))
            status = app.query_one(StatusLine)
            # The message is seen before its handler has updated the status line.
            await _until(pilot, lambda: "being written" in status.outcome)
            assert status.outcome_kind == "busy"
            assert app.document.status.name == "FAIL_WARN_METRIC_STATUS"  # last good stays
            handle.write(content[len(content) // 2 :])
        await _until(pilot, lambda: recorder.loads() > before)
        await _compared(pilot, app)
        _assert_v2_shown(app)


@pytest.mark.slow
async def test_garbage_then_a_fix(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _open(app, pilot, recorder)
        file.write_bytes(b"\x0a\xff\xff\xff\xff\x0f this is not protobuf")
        await _until(
            pilot,
            lambda: any(isinstance(m, LoadFailed) for m in recorder.seen),
            timeout=20,
        )
        status = app.query_one(StatusLine)
        assert status.outcome.startswith("last reload failed:") and status.outcome_kind == "error"
        assert "not a metrics file" in status.outcome
        assert _selected(app) == SELECTED and app.document.metrics  # last good view stays
        before = recorder.loads()
        file.write_bytes(_v2())
        await _until(pilot, lambda: recorder.loads() > before)
        await _compared(pilot, app)
        _assert_v2_shown(app)


@pytest.mark.slow
async def test_burst_of_twenty_writes_ends_in_the_last(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _open(app, pilot, recorder)
        before = recorder.loads()
        for i in range(20):
            file.write_bytes(_v2() if i == 19 else _v1())
            await asyncio.sleep(0.005)
        await _until(pilot, lambda: app.document.status.name == "FAIL_BLOCK_METRIC_STATUS")
        await pilot.pause(0.5)  # nothing older may land after the newest
        assert recorder.loads() - before <= 5, recorder.kinds()  # bursts coalesce
        assert app.document.status.name == "FAIL_BLOCK_METRIC_STATUS"
        assert _selected(app) == SELECTED


@pytest.mark.slow
async def test_selected_metric_removed_selects_its_neighbour(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    job = metrics_pb2.JobMetrics.FromString(_v1())
    order = [m.name for m in load(file).display_order]
    victim = order[3]
    metrics = job.job_level_metrics.metrics
    metrics.remove(next(m for m in metrics if m.name == victim))
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _until(pilot, lambda: app.document is not None)
        await pilot.pause(0.3)
        app.jump_to(next(m for m in app.document.metrics if m.name == victim))
        await _until(pilot, lambda: _selected(app) == victim)
        before = recorder.loads()
        file.write_bytes(job.SerializeToString())
        await _until(pilot, lambda: recorder.loads() > before)
        await pilot.pause(0.2)
        assert _selected(app) in (order[4], order[2])
        assert app.query_one(MetricTree).cursor_key() == f"metric:{_selected(app)}"


@pytest.mark.slow
async def test_run_command_writes_the_file(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "outputs"
    folder.mkdir()
    file = folder / "metrics.binproto"
    script = tmp_path / "build.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import shutil, sys
            print("building metrics")
            shutil.copy({str(BASIC / "metrics.binproto")!r}, {str(file)!r})
            print("done")
            """
        )
    )
    monkeypatch.chdir(tmp_path)
    recorder = Recorder()
    command = f"{sys.executable} {script}"
    app = ResimApp(file, None, Options(watch=True, run=command, watch_src=["*.py"]))
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _until(pilot, lambda: app.document is not None)
        assert {m.name for m in app.document.metrics} == {m.name for m in load(BASIC).metrics}
        await _until(pilot, lambda: "done after" in app.query_one(StatusLine).run)
        log_text = "\n".join(app.query_one("#run-log").lines)
        assert "building metrics" in log_text and "done after" in log_text
        # Editing the source runs it again.
        before = app.query_one(StatusLine).run
        script.write_text(script.read_text().replace("building metrics", "building again"))
        await _until(pilot, lambda: "building again" in "\n".join(app.query_one("#run-log").lines))
        assert before


@pytest.mark.slow
async def test_an_empty_file_is_waited_for_while_watching(tmp_path: Path) -> None:
    folder = tmp_path / "outputs"
    folder.mkdir()
    file = folder / "metrics.binproto"
    file.write_bytes(b"")  # a writer has just truncated it
    recorder = Recorder()
    app = ResimApp(file, None, Options(watch=True))
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _until(pilot, lambda: "being written" in app.query_one(StatusLine).outcome)
        assert app.is_running and app.document is None
        await pilot.pause(0.3)  # the watcher is up
        file.write_bytes(_v1())
        await _until(pilot, lambda: app.document is not None)
        assert {m.name for m in app.document.metrics} == {m.name for m in load(BASIC).metrics}
        assert app.query_one(StatusLine).outcome_kind == "ok"
        await pilot.pause(0.3)  # let the card finish mounting before the app closes
