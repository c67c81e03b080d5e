"""An append re-runs only the metrics that read a topic that got rows."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app.viewer import Options, ResimApp
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.formats.metrics2 import preview as preview_module
from tui.formats.metrics2.engine import DuckEngine
from tui.formats.metrics2.preview import Preview, preview
from tui.live.messages import DocumentLoaded

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
  temp:
    schema:
      c: float
metrics:
  Peak Speed:
    type: test
    query_string: SELECT MAX(v) AS v FROM speed
    template_type: system
    template: scalar
    status:
      query_string: SELECT 1 FROM speed WHERE v > ?
      warn: 5
  Peak Temp:
    type: test
    query_string: SELECT MAX(c) AS c FROM temp
    template_type: system
    template: scalar
  Both:
    type: test
    query_string: SELECT (SELECT COUNT(*) FROM speed) + (SELECT COUNT(*) FROM temp) AS n
    template_type: system
    template: scalar
"""


def _line(topic: str, ts: int, **data: float) -> str:
    return json.dumps({"$metadata": {"topic": topic, "timestamp": ts}, "$data": data}) + "\n"


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL the real engine executes (its cache answers the rest)."""
    executed: list[str] = []
    real = DuckEngine._run

    def counting(self: DuckEngine, sql: str, job: str | None, timeout: float):
        executed.append(sql)
        return real(self, sql, job, timeout)

    monkeypatch.setattr(DuckEngine, "_run", counting)
    return executed


def test_an_append_reruns_only_the_metrics_of_the_topics_that_grew(
    tmp_path: Path, ran: list[str]
) -> None:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    emissions = tmp_path / "emissions.resim.jsonl"
    emissions.write_text(_line("speed", 1, v=1.0) + _line("temp", 1, c=20.0))
    try:
        first = preview(tmp_path)
        assert first.outcome("Peak Speed").status == "PASSED"
        assert len(ran) == 4  # three queries and one status query
        ran.clear()
        with emissions.open("a") as out:
            out.write(_line("speed", 2, v=7.0))
        second = preview(tmp_path)
        assert second.outcome("Peak Speed").rows == [(7.0,)]
        assert second.outcome("Peak Speed").status == "FAIL_WARN"
        assert second.outcome("Both").rows == [(3,)]
        assert second.outcome("Peak Temp").rows == [(20.0,)]
        # Peak Temp reads only temp, which got no rows: answered from the last run.
        assert not any("temp" in sql and "speed" not in sql for sql in ran)
        assert sum("speed" in sql for sql in ran) == 3
    finally:
        _forget(tmp_path)


def test_an_append_hands_over_its_rows_before_the_metrics_run(
    tmp_path: Path, ran: list[str]
) -> None:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    emissions = tmp_path / "emissions.resim.jsonl"
    emissions.write_text(_line("speed", 1, v=1.0) + _line("temp", 1, c=20.0))
    early: list[tuple[int, list[str]]] = []

    def rows_first(p: Preview) -> None:
        rows = p.emissions["local-job"].rows["speed"]
        peak = p.outcome("Peak Speed")
        assert peak is not None and peak.stale and peak.rows == [(1.0,)]
        early.append((len(rows), list(ran)))

    try:
        preview(tmp_path, rows_first=rows_first)
        assert early == []  # a first read has nothing to show before its metrics
        ran.clear()
        with emissions.open("a") as out:
            out.write(_line("speed", 2, v=7.0))
        second = preview(tmp_path, rows_first=rows_first)
        assert early == [(2, [])]  # the new row, before any query ran
        assert second.outcome("Peak Speed").rows == [(7.0,)]
        assert not second.outcome("Peak Speed").stale
        preview(tmp_path, rows_first=rows_first)  # nothing changed: nothing handed over
        assert len(early) == 1
    finally:
        _forget(tmp_path)


@pytest.mark.slow
async def test_viewer_shows_appended_rows_then_the_metrics(tmp_path: Path) -> None:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    emissions = tmp_path / "emissions.resim.jsonl"
    emissions.write_text(_line("speed", 1, v=1.0) + _line("temp", 1, c=20.0))
    seen: list[tuple[bool, bool, float | None]] = []

    def hook(message: object) -> None:
        if isinstance(message, DocumentLoaded):
            peak = next(m for m in message.document.metrics if m.name == "Peak Speed")
            value = getattr(peak.values, "value", None)
            seen.append((message.reloaded, message.partial, value))

    app = ResimApp(tmp_path.absolute(), load(tmp_path), Options(watch=True))
    try:
        async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
            await _until(pilot, lambda: app.document is not None)
            await pilot.pause()
            with emissions.open("a") as out:
                out.write(_line("speed", 2, v=7.0))
            await _until(pilot, lambda: _peak(app) == 7.0)
            await _until(pilot, lambda: "computing" not in app.query_one(StatusLine).outcome)
            assert not app.partial
    finally:
        _forget(tmp_path)
    # The rows came first, with the value from before them; then the value after.
    assert (True, True, 1.0) in seen
    assert seen[-1] == (True, False, 7.0)
    assert seen.index((True, True, 1.0)) < len(seen) - 1


def _peak(app: ResimApp) -> float | None:
    if app.document is None:
        return None
    peak = next(m for m in app.document.metrics if m.name == "Peak Speed")
    return getattr(peak.values, "value", None)


async def _until(pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)


def _forget(directory: Path) -> None:
    root = directory.absolute()
    preview_module._CACHE.pop(root, None)
    preview_module._LAST.pop(root, None)
    engine = preview_module._ENGINES.pop(root, None)
    if engine is not None:
        engine[1].close()


def test_two_reads_of_one_directory_at_once_take_turns(tmp_path: Path) -> None:
    """A reload replaced by a newer one runs on in its thread: the two used to share the
    cached offsets and the engine's connection at once (DuckDB refused it and the app
    died). The second waits for the first, here held inside its query."""
    import threading

    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    emissions = tmp_path / "emissions.resim.jsonl"
    emissions.write_text(_line("speed", 1, v=1.0) + _line("temp", 1, c=20.0))
    inside, release = threading.Event(), threading.Event()
    real = DuckEngine._run
    try:
        preview(tmp_path)
        with emissions.open("a") as out:
            out.write(_line("speed", 2, v=7.0))

        def held(self: DuckEngine, sql: str, job: str | None, timeout: float):
            if threading.current_thread().name == "older":
                inside.set()
                release.wait(10)
            return real(self, sql, job, timeout)

        DuckEngine._run = held  # type: ignore[method-assign]
        results: dict[str, object] = {}

        def read(name: str) -> None:
            try:
                results[name] = preview(tmp_path).outcome("Peak Speed").rows
            except Exception as exc:  # the failure this test is about
                results[name] = exc

        older = threading.Thread(target=read, args=("older",), name="older")
        older.start()
        assert inside.wait(10)
        newer = threading.Thread(target=read, args=("newer",), name="newer")
        newer.start()
        newer.join(0.5)
        assert newer.is_alive()  # waiting its turn, not on the busy connection
        release.set()
        older.join(10)
        newer.join(10)
        assert results == {"older": [(7.0,)], "newer": [(7.0,)]}
    finally:
        DuckEngine._run = real  # type: ignore[method-assign]
        release.set()
        _forget(tmp_path)
