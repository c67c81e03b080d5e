"""Names first: a file of many metrics puts its tree on screen before it is resolved.

Structure, never timings: the resolver is held at a gate (the real one runs once the
test opens it), so the tests can look at the screen between the two phases. Files are
written with the official SDK, except the hostile one, which no SDK would write.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from textual.widgets import Static

import tui.formats
from tests.pilot_waits import until
from tests.sdk_jobs import MEDIUM, PASSED, WARN, write_job
from tui.app.options import Options
from tui.app.viewer import OUTLINE_NOTE, ResimApp
from tui.app.widgets.browser import WAITING, Browser
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.formats.metrics1.decode import read_message
from tui.formats.metrics1.outline import OUTLINE_OBJECTS, SCOPE, outline
from tui.live.messages import DocumentLoaded
from tui.model import Document
from tui.model.budget import MAX_ITEMS, MAX_OBJECTS
from tui.model.enums import MetricStatus
from tui.schema import metrics_pb2

MANY = OUTLINE_OBJECTS + 100  # past the size where an outline comes first


def _many(folder: Path, count: int = MANY, renamed: int | None = None) -> Path:
    writer = ResimMetricsWriter(uuid.uuid4())
    for k in range(count):
        name = f"Renamed {k:05d}" if k == renamed else f"Check {k:05d}"
        writer.add_scalar_metric(name).with_value(float(k)).with_status(
            WARN if k % 7 == 0 else PASSED
        ).with_importance(MEDIUM).with_tag("team", f"t{k % 3}")
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "metrics.binproto"
    file.write_bytes(writer.write().metrics_msg.SerializeToString())
    return file


def _tree_view(doc: Document) -> list[tuple[object, ...]]:
    """What the tree shows of each metric and event, in display order."""
    metrics = [
        (
            m.name,
            m.type,
            m.status,
            m.hidden,
            m.in_event,
            m.order,
            m.tags,
            [e.name for e in m.events],
        )
        for m in doc.display_order
    ]
    events = [
        (e.name, e.status, e.timestamp_ns, [m.name if m else None for m in e.metrics])
        for e in doc.events
    ]
    return [*metrics, *events]


def test_an_outline_shows_what_the_resolved_file_shows_in_the_tree(tmp_path: Path) -> None:
    """Every field the tree draws or filters on, from the outline, equals the resolver's:
    on the SDK's job of every metric type (an event with its own metric, hidden, ordered
    and tagged metrics) and on many metrics."""
    write_job(tmp_path / "job")
    for file in (tmp_path / "job" / "metrics.binproto", _many(tmp_path / "many")):
        message, size, _ = read_message(file)
        first = outline(message, file.absolute(), size)
        whole = load(file)
        assert _tree_view(first) == _tree_view(whole)
        assert (first.status, first.job_id) == (whole.status, whole.job_id)
        # What it leaves to the resolver: no values, data or problems to show as if read.
        assert all(m.values is None for m in first.metrics)
        assert first.data == [] and first.problems == []


def test_an_outline_reads_within_the_resolvers_budget(tmp_path: Path) -> None:
    """A hostile file (more near-empty metrics than the budget reads, a metric with more
    tags than a list may hold) costs the outline what it costs the resolver: the same
    metrics, the same tags, the rest not read."""
    job = metrics_pb2.JobMetrics()
    job.metrics_status = MetricStatus.PASSED_METRIC_STATUS
    metrics = job.job_level_metrics.metrics
    tagged = metrics.add(name="tagged")
    for k in range(MAX_ITEMS + 5):
        tagged.tags.add(key="k", value=str(k))
    for _ in range(MAX_OBJECTS + 10):
        metrics.add()
    file = tmp_path / "metrics.binproto"
    file.write_bytes(job.SerializeToString())
    message, size, _ = read_message(file)
    first = outline(message, file.absolute(), size)
    whole = load(file)
    assert len(first.metrics) == len(whole.metrics) < MAX_OBJECTS + 11
    assert first.metrics[0].tags == whole.metrics[0].tags
    assert len(first.metrics[0].tags) == MAX_ITEMS


class Gate:
    """The real resolver, held until ``open()``: the test sees the screen in between."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.entered = threading.Event()
        self._open = threading.Event()
        real: Callable[..., Document] = tui.formats.resolve

        def held(*args: Any, **kwargs: Any) -> Document:
            self.entered.set()
            assert self._open.wait(60), "the test never opened the gate"
            return real(*args, **kwargs)

        monkeypatch.setattr(tui.formats, "resolve", held)

    def open(self) -> None:
        self._open.set()


def _card_text(card: MetricCard) -> str:
    return " ".join(str(w.render()) for w in card.query(Static))


async def test_the_tree_is_on_screen_before_the_file_is_resolved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = _many(tmp_path)
    gate = Gate(monkeypatch)
    app = ResimApp(file, None, Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        tree, card = app.query_one(MetricTree), app.query_one(MetricCard)
        status = app.query_one(StatusLine)
        await until(
            pilot,
            lambda: (
                tree.first_metric_key() is not None
                and card.item is not None
                and gate.entered.is_set()
            ),
        )
        # The resolver has not returned: what is on screen is the outline, and says so.
        assert app.partial
        assert tree.first_metric_key() == "metric:Check 00000"
        assert status.outcome == OUTLINE_NOTE
        assert SCOPE in app.query_one(JobHeader).shown.plain  # beside counts of 0 data
        assert app.report is None  # nothing was checked: an outline is no file to check
        assert card.waiting == WAITING and WAITING in _card_text(card)
        gate.open()
        await until(pilot, lambda: not app.partial and app.report is not None)
        await until(pilot, lambda: card.waiting is None)
        doc = app.document
        assert doc is not None and all(m.values is not None for m in doc.metrics)
        assert card.item is doc.display_order[0]
        assert WAITING not in _card_text(card)
        assert status.outcome == "loaded"
        assert SCOPE not in app.query_one(JobHeader).shown.plain


async def test_a_reload_shows_new_names_first_and_compares_whole_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload of a big file: the renamed metric is in the tree before the rewrite is
    resolved, the card of the unchanged metric under the cursor stays drawn, the last
    check and load time stay the last whole file's, and the comparison that follows is
    between the two whole files (against the outline every metric would differ)."""
    file = _many(tmp_path)
    app = ResimApp(file, load(file), Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        tree, card = app.query_one(MetricTree), app.query_one(MetricCard)
        browser = app.query_one(Browser)
        await until(pilot, lambda: app.report is not None and card.item is not None)
        await pilot.pause()
        report, loaded_at, drawn = app.report, app.loaded_at, list(card.children)

        gate = Gate(monkeypatch)
        file.write_bytes(_many(tmp_path / "next", renamed=3).read_bytes())
        app.action_reload()
        # The worker goes on to resolve once the outline is painted; held there, it has
        # not returned: what is on screen is the outline.
        await until(pilot, lambda: tree.has_key("metric:Renamed 00003") and gate.entered.is_set())
        assert app.partial
        assert app.report is report and app.loaded_at == loaded_at
        assert list(card.children) == drawn and card.waiting is None
        assert browser.compare.baseline is not app.document  # the outline is no baseline

        gate.open()
        await until(pilot, lambda: not app.partial and browser.compare.result is not None)
        result = browser.compare.result
        assert result is not None
        states = {d.key: d.state for d in result.metrics}
        assert states.pop("Renamed 00003") == "added"
        assert states.pop("Check 00003") == "removed"
        assert set(states.values()) == {"same"}
        await until(pilot, lambda: app.report is not report)


async def test_the_outline_of_a_file_that_looks_cut_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prefix of a file being written (no job status yet) is never shown as its
    outline: the last good view stays until the whole file is read."""
    file = _many(tmp_path)
    app = ResimApp(file, load(file), Options(watch=False))
    shown: list[DocumentLoaded] = []

    def hook(message: object) -> None:
        if isinstance(message, DocumentLoaded):
            shown.append(message)

    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        status = app.query_one(StatusLine)
        await until(pilot, lambda: app.report is not None)
        whole = metrics_pb2.JobMetrics.FromString(_many(tmp_path / "next", renamed=3).read_bytes())
        cut = metrics_pb2.JobMetrics()
        cut.CopyFrom(whole)
        cut.ClearField("metrics_status")
        file.write_bytes(cut.SerializeToString())
        shown.clear()
        app.action_reload()
        await until(pilot, lambda: "being written" in status.outcome)
        assert not any(m.partial for m in shown)  # not the cut file's outline
        file.write_bytes(whole.SerializeToString())
        app.action_reload()  # (not watching: the whole file is read when asked)
        unset = MetricStatus.NO_METRIC_STATUS
        await until(pilot, lambda: any(not m.partial and m.document.status != unset for m in shown))
        assert all(m.document.status != unset for m in shown if m.partial)


def test_a_read_that_a_newer_one_replaced_stops_resolving(tmp_path: Path) -> None:
    """A burst of rewrites must not leave whole resolves running in cancelled workers:
    once ``stop()`` holds, the steps left are skipped (the caller drops the result)."""
    file = _many(tmp_path)
    asked: list[bool] = []

    def stop() -> bool:
        asked.append(True)
        return True

    stopped = load(file, measure=True, stop=stop)
    assert asked and stopped.metrics == [] and stopped.events == []
    assert len(load(file, measure=True, stop=lambda: False).metrics) == MANY
