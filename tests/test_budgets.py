"""Work per byte is bounded: pathological Markdown costs what plain text costs, and a
file of a million tiny messages is cut to a budget that is said, not met silently.

Times are asserted loosely (a shared CI machine); the real numbers are in
benchmarks/bench_budgets.py.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from resim.metrics.proto import metrics_pb2 as sdk_pb2
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from textual.widgets import Markdown, Static

from tests.hostile_jobs import shape as hostile_shape
from tests.sdk_jobs import MEDIUM, PASSED
from tui.app.viewer import ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.charts.markdown import plain
from tui.formats import load, load_early
from tui.model import LoadError
from tui.model.budget import BUDGET_RULE, BYTES_PER_OBJECT, MAX_ITEMS, MAX_OBJECTS, Tally
from tui.model.problems import Location, Problem, Severity
from tui.validate import validate
from tui.validate.formats import FileResult, text_lines

# Each was quadratic (or worse) in a backtracking regex: 120 KB of "[a](" took 84 s.
PATHOLOGICAL = {
    "open links": "[a](" * 30_000,
    "open images": "![a](" * 24_000,
    "open autolinks": "<http:" * 20_000,
    "open bold": "**a" * 40_000,
    "open italics": "*a" * 60_000,
    "open strike": "~~a" * 40_000,
    "open code": "`a" * 60_000,
    "spaced heading": "# " + " " * 120_000 + "x",
    "link titles": '[a](b "' * 17_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_markdown_is_linear(text: str) -> None:
    # This process's CPU time, not the wall clock: a loaded machine stretched the wall
    # past 20 s for a 0.25 s parse. Each was 84 s and more while quadratic; now each
    # takes well under a second.
    started = time.process_time()
    shown = plain(text)
    assert time.process_time() - started < 10.0
    assert shown.plain  # drawn, as text


def test_markdown_still_reads() -> None:
    text = plain("# Title ##\n**b** *i* `c` [l](http://x) ![a](p.png) <http://y> ~~s~~").plain
    assert text.splitlines()[0] == "Title"
    assert "b i c l (http://x) [image: a] http://y s" in text


@pytest.mark.slow
async def test_a_huge_markdown_list_is_shown_as_plain_text(tmp_path: Path) -> None:
    writer = ResimMetricsWriter(uuid.uuid4())
    writer.add_text_metric("Log").with_text("- item\n" * 60_000).with_status(
        PASSED
    ).with_importance(MEDIUM)
    writer.add_text_metric("Short").with_text("# fine").with_status(PASSED).with_importance(MEDIUM)
    (tmp_path / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    app = ResimApp(tmp_path / "metrics.binproto")
    started = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = app.query_one(MetricCard)
        assert card.item is not None and card.item.name == "Log"
        assert not card.query(Markdown)
        assert any("shown as plain text" in str(s.render()) for s in card.query(Static))
        assert time.perf_counter() - started < 20


# --- files of many tiny messages --------------------------------------------------------
# Each shape fits a million two-byte messages in about 2 MB: every one used to cost the
# reader, the validator and the output microseconds to milliseconds (1M empty metrics:
# `check` 89 s and 5.3 GB). Written with the official SDK's own message classes.


def _lists(message, found: list[int]) -> None:
    for field, value in message.ListFields():
        if getattr(field, "is_repeated", None) or getattr(field, "label", 0) == 3:
            found.append(len(value))
        elif field.message_type is not None:
            _lists(value, found)


SHAPES = [
    "metrics",
    "data",
    "events",
    "category names",
    "event metric ids",
    "metric tags",
    "histogram buckets",
    "category map",
]


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_a_2mb_file_of_tiny_messages_is_read_and_checked_within_the_budget(
    tmp_path: Path, shape: str
) -> None:
    file = tmp_path / "metrics.binproto"
    file.write_bytes(hostile_shape(shape).SerializeToString())
    started = time.process_time()
    doc = load(file)
    report = validate(doc)
    took = time.process_time() - started
    assert took < 60  # 89 s before for `check`; the real numbers: bench_budgets.py
    message = doc.message
    objects = len(message.job_level_metrics.metrics) + len(message.metrics_data)
    objects += len(message.events)
    assert objects <= max(MAX_OBJECTS, file.stat().st_size // BYTES_PER_OBJECT)
    sizes: list[int] = []
    for item in [*message.job_level_metrics.metrics, *message.metrics_data, *message.events]:
        _lists(item, sizes)
    assert max(sizes, default=0) <= MAX_ITEMS
    cut = [p for p in report.problems if p.rule == BUDGET_RULE]
    assert any("the first" in p.message for p in cut), "a cut is always said"
    assert len(report.problems) < 5_000  # listed; the rest counted
    assert not report.valid  # these are all invalid, and the verdict says so


def test_problems_past_the_limit_are_counted_not_listed() -> None:
    problems: list[Problem] = []
    tally = Tally(problems, limit=3, most=100)
    for i in range(10):
        tally.add(Problem(Severity.ERROR, Location("metric", "", "", i), "x", "rule-a"))
    tally.add(Problem(Severity.WARNING, Location("job"), "y", "rule-b"))
    assert len(problems) == 4
    assert tally.unlisted() == {Severity.ERROR: 7}
    [note] = tally.summaries()
    assert "7 more errors of rule rule-a" in note.message and note.severity is Severity.INFO
    assert not tally.spent


def test_checking_stops_once_the_verdict_is_settled() -> None:
    tally = Tally([], limit=3, most=5)
    for _ in range(5):
        tally.count("warn-rule", Severity.WARNING)
    assert not tally.spent  # only warnings: an error may still come, keep going
    tally.count("err-rule", Severity.ERROR)
    assert tally.spent


def test_a_long_list_in_one_object_is_cut_and_said(tmp_path: Path) -> None:
    job = sdk_pb2.JobMetrics()
    job.job_id.id.data = str(uuid.uuid4())
    data = job.metrics_data.add()
    data.name = "grouped"
    data.category_names.extend(f"c{i}" for i in range(MAX_ITEMS * 2))
    file = tmp_path / "metrics.binproto"
    file.write_bytes(job.SerializeToString())
    doc = load(file)
    assert len(doc.data[0].category_names) == MAX_ITEMS
    report = validate(doc)
    [cut] = [p for p in report.problems if p.rule == BUDGET_RULE]
    assert f"holds {MAX_ITEMS * 2:,} entries" in cut.message
    assert cut.location.field == "category_names" and cut.location.name == "grouped"
    assert f"{MAX_ITEMS * 2:,}" in "\n".join(
        text_lines(FileResult(str(file), report), color=False, strict=False)
    )


def _many_metrics(folder: Path, count: int) -> Path:
    job = sdk_pb2.JobMetrics()
    for _ in range(count):
        job.job_level_metrics.metrics.add()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(job.SerializeToString())
    return folder / "metrics.binproto"


def test_a_small_file_of_many_objects_is_left_to_the_app(tmp_path: Path) -> None:
    # 3,000 empty metrics are 6 KB: small, but resolving them is what takes the time, so
    # the viewer starts first and shows "loading…" instead of a blank terminal.
    many = _many_metrics(tmp_path / "many", 3_000)
    assert load_early(many, most_bytes=1 << 24, most_objects=2_000) is None
    few = _many_metrics(tmp_path / "few", 3)
    early = load_early(few, most_bytes=1 << 24, most_objects=2_000)
    assert early is not None and len(early.metrics) == 3
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "metrics.binproto").write_bytes(b"{}")
    with pytest.raises(LoadError):  # still one sentence before any screen
        load_early(tmp_path / "bad", most_bytes=1 << 24, most_objects=2_000)


async def test_the_viewer_says_when_not_all_of_the_file_is_read(tmp_path: Path) -> None:
    job = sdk_pb2.JobMetrics()
    job.metrics_data.add(name="grouped").category_names.extend([""] * (MAX_ITEMS + 1))
    (tmp_path / "metrics.binproto").write_bytes(job.SerializeToString())
    app = ResimApp(tmp_path / "metrics.binproto")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        deadline = time.monotonic() + 30
        while not app._notifications and time.monotonic() < deadline:
            await pilot.pause(0.05)
        [note] = list(app._notifications)
        assert note.title == "not all of it is read"
        assert f"{MAX_ITEMS + 1:,} entries" in note.message


def _list_paths(descriptor, prefix: tuple[str, ...] = (), depth: int = 0):
    """Every list reachable inside one object of the lazy schema, as a field path."""
    for field in descriptor.fields:
        path = (*prefix, field.name)
        repeated = getattr(field, "is_repeated", None)
        if repeated is None:
            repeated = field.label == field.LABEL_REPEATED
        if repeated:
            yield path, field
        elif field.message_type is not None and depth < 6:
            yield from _list_paths(field.message_type, path, depth + 1)


def _fill(item, path: tuple[str, ...], field, count: int) -> None:
    """``count`` entries of the smallest wire size in the list at ``path``."""
    for name in path[:-1]:
        item = getattr(item, name)
    target = getattr(item, path[-1])
    entry = field.message_type
    if entry is not None and entry.GetOptions().map_entry:
        string_keys = entry.fields_by_name["key"].type == field.TYPE_STRING
        for i in range(count):
            target[str(i) if string_keys else i]  # adds the entry
    elif entry is not None:
        for _ in range(count):
            target.add()
    elif field.type in (field.TYPE_STRING, field.TYPE_BYTES):
        target.extend([""] * count)
    else:
        target.extend([0] * count)


@pytest.mark.parametrize("among_many", [False, True])
def test_every_list_of_every_object_is_cut_at_its_smallest_size_past_the_budget(
    among_many: bool,
) -> None:
    # The walk over an object's fields is skipped when its size proves no list can be
    # over (each entry takes a byte or more): this holds that proof to every list the
    # schema has, filled with the smallest entries there are, one past the budget. A
    # file of few objects is walked outright; among many, the size proof decides.
    from tui.formats.metrics1.budget import _WALK_OUTRIGHT, trim
    from tui.formats.metrics1.decode import parse
    from tui.schema import metrics_pb2 as ours

    places = {
        "metric": lambda job: job.job_level_metrics.metrics.add(name="m"),
        "data": lambda job: job.metrics_data.add(name="d"),
        "event": lambda job: job.events.add(name="e"),
    }
    kinds = {"metric": ours.Metric, "data": ours.LazyMetricsData, "event": ours.Event}
    tried: list[str] = []
    for kind, message_type in kinds.items():
        for path, field in _list_paths(message_type.DESCRIPTOR):
            job = ours.LazyJobMetrics()
            _fill(places[kind](job), path, field, MAX_ITEMS + 1)
            for _ in range(_WALK_OUTRIGHT if among_many else 0):
                job.events.add(name="pad")
            raw = job.SerializeToString()
            message = parse(raw, "test")
            cuts = trim(message, len(raw))
            where = ".".join(path)
            assert [c.location.field for c in cuts] == [where], where
            tried.append(where)
    assert len(tried) > 20 and "tags" in tried  # the walk found the schema's lists
