"""The outline of a large Metrics 2.0 directory: on screen first, replaced by the full load.

The size threshold is lowered so that small real files take the large-directory path.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.m2_corpus import CASES, CORPUS
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.status_line import StatusLine
from tui.formats import load, load_early
from tui.formats.metrics2 import outline as outline_module
from tui.formats.metrics2.build import PENDING, build_outline
from tui.formats.metrics2.outline import outline, scan
from tui.live.messages import DocumentLoaded
from tui.model.enums import MetricType

CONFIG = """\
version: 1
topics:
  pose:
    schema:
      x: float
      lane: string
  idle:
    schema:
      x: float
metrics:
  Peak:
    type: test
    query_string: SELECT MAX(x) AS v FROM pose
    template_type: system
    template: scalar
"""


def _line(topic: str, ts: object, **data: object) -> bytes:
    return json.dumps({"$metadata": {"topic": topic, "timestamp": ts}, "$data": data}).encode()


def _case(tmp_path: Path, lines: list[bytes], tail: bytes = b"") -> Path:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    (tmp_path / "emissions.resim.jsonl").write_bytes(b"\n".join(lines) + b"\n" + tail)
    return tmp_path


def test_the_scan_counts_lines_per_topic_and_their_time_span(tmp_path: Path) -> None:
    good = [_line("pose", t * 10, x=1.0, lane="a") for t in range(5)]
    hostile = [b"[1, 2]", b"\x00\xff not text", b"{not json", b'{"$metadata": 3}', b"x" * 5000]
    case = _case(tmp_path, [good[0], *hostile, *good[1:], _line("other", 7)], b'{"$meta')
    spans = scan([case / "emissions.resim.jsonl"])
    assert spans is not None
    # Bad lines count under no topic and spoil none of their neighbours; the line still
    # being written is not counted.
    assert spans["pose"].lines == 5
    assert (spans["pose"].start, spans["pose"].end) == (0, 40)
    assert spans["other"].lines == 1
    assert set(spans) == {"pose", "other"}


def test_small_directories_have_no_outline_and_load_before_the_app(tmp_path: Path) -> None:
    case = _case(tmp_path, [_line("pose", 1, x=1.0, lane="a")])
    assert outline(case) is None
    assert load_early(case, most_bytes=1 << 24, most_objects=2000) is not None


def test_large_directories_are_left_to_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _case(tmp_path, [_line("pose", 1, x=1.0, lane="a")])
    monkeypatch.setattr(outline_module, "MIN_BYTES", 0)
    assert load_early(case, most_bytes=1 << 24, most_objects=2000) is None


def test_the_outline_shows_topics_and_pending_metrics(tmp_path: Path) -> None:
    case = _case(tmp_path, [_line("pose", t * 10**9, x=1.0, lane="a") for t in range(3)])
    found = outline(case, min_bytes=0)
    assert found is not None
    doc = build_outline(found)
    texts = {m.name: m.values.text for m in doc.metrics if m.type is MetricType.TEXT_METRIC_TYPE}
    assert texts["Peak"] == PENDING
    assert "3 lines, 2 s" in texts["pose.x"] and "lane: string" in texts["pose.lane"]
    assert not any(name.startswith("idle") for name in texts)  # no lines: not shown


@pytest.mark.parametrize("case", CASES)
def test_outline_names_are_the_full_loads(case: str) -> None:
    """The full load replaces the outline keeping the place by name: every pending metric,
    and every topic field the full load shows, has the same name in both."""
    directory = CORPUS / case
    found = outline(directory, min_bytes=0)
    assert found is not None
    names = {m.name for m in build_outline(found).metrics}
    full = load(directory)
    full_names = {m.name for m in full.metrics}
    pending = {m.name for m in build_outline(found).metrics if m.values.text == PENDING}
    assert pending <= full_names
    topics = {m.name for m in full.metrics if dict(m.tags).get("topic") in found.config.topics}
    assert topics <= names


async def _until(pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)


@pytest.mark.slow
async def test_viewer_shows_the_outline_then_the_full_load_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = _case(tmp_path, [_line("pose", t * 10**9, x=float(t), lane="a") for t in range(4)])
    monkeypatch.setattr(outline_module, "MIN_BYTES", 0)
    # The full load waits until the test has looked at the outline and moved in it.
    go = threading.Event()
    import tui.app.viewer as viewer

    def held_load(*args: object, **kwargs: object):
        go.wait(20)
        return load(*args, **kwargs)

    monkeypatch.setattr(viewer, "load", held_load)
    seen: list[bool] = []

    def hook(message: object) -> None:
        if isinstance(message, DocumentLoaded):
            seen.append(message.partial)

    app = ResimApp(case.absolute(), None, Options(watch=False))
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await _until(pilot, lambda: app.document is not None)
        # As a user would: the outline on screen (its first card shown), then a move.
        await _until(pilot, lambda: _card(app) != "")
        assert app.partial
        assert "outline" in app.query_one(StatusLine).outcome
        pending = next(m for m in app.document.metrics if m.name == "pose.x")
        app.jump_to(pending)
        await _until(pilot, lambda: _card(app) == "pose.x")
        go.set()
        await _until(pilot, lambda: not app.partial)
        await _until(pilot, lambda: app.query_one(StatusLine).outcome == "loaded")
        assert _card(app) == "pose.x"  # the place is kept
        shown = app.query_one(MetricCard).item
        assert shown is not None and shown.type is MetricType.DOUBLE_OVER_TIME_METRIC_TYPE
        peak = next(m for m in app.document.metrics if m.name == "Peak")
        assert peak.values.value == 3.0
    assert seen == [True, False]


def _card(app: ResimApp) -> str:
    return getattr(app.query_one(MetricCard).item, "name", "")


def test_a_big_files_outline_reads_its_two_ends_and_says_the_counts_are_estimates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outline_module, "SAMPLE", 2048)
    lines = [_line("pose" if i % 4 else "idle", i * 10**9, x=1.0, lane="a") for i in range(600)]
    case = _case(tmp_path, lines, b'{"$metadata": {"topic": "pose", "timest')
    file = case / "emissions.resim.jsonl"
    read: list[int] = []
    real_open = Path.open

    def counting_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real_open(self, *args, **kwargs)  # type: ignore[call-overload]
        if self == file:
            real_read = handle.read
            handle.read = lambda n=-1: read.append(n) or real_read(n)
        return handle

    monkeypatch.setattr(Path, "open", counting_open)
    spans = scan([file])
    assert read == [2048, 2048]  # the two ends, not the 60 kB between them
    pose, idle = spans["pose"], spans["idle"]
    assert pose.estimated and idle.estimated
    assert abs(pose.lines - 450) <= 45 and abs(idle.lines - 150) <= 15
    assert (idle.start, pose.end) == (0, 599 * 10**9)  # first and last lines are seen
    found = outline(case, min_bytes=0)
    assert found is not None
    text = {m.name: m.values.text for m in build_outline(found).metrics}["pose.x"]
    assert "about" in text and "estimated" in text
