"""Batches: finding jobs under a folder, the light read, sorting, filtering, one metric
across jobs. The batch is written by the official SDK (tests/sdk_batch.py)."""

from __future__ import annotations

import pickle
from itertools import pairwise
from pathlib import Path

import pytest

from tests.batch_fixture import JOBS, shared_batch
from tests.sdk_batch import WARN as sdk_WARN
from tests.sdk_batch import (
    blocking_names,
    comfort_status,
    job_folder,
    job_passes,
    min_distance,
    write_batch_job,
)
from tests.sdk_batch import job_statuses as sdk_statuses
from tui.formats import load
from tui.formats.batch import read_batch
from tui.formats.metrics1.rows import read_row
from tui.formats.scan import is_batch, job_name, scan
from tui.model.batch import (
    MetricCell,
    ProblemCounts,
    across,
    across_sort_keys,
    filter_rows,
    histogram,
    metric_names,
    sort_rows,
    totals,
)
from tui.model.enums import MetricStatus
from tui.model.summary import select
from tui.text.jobs import GAP, fit_columns

BLOCK = MetricStatus.FAIL_BLOCK_METRIC_STATUS
WARN = MetricStatus.FAIL_WARN_METRIC_STATUS


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_batch(tmp_path_factory)


def job_statuses(index: int) -> tuple[MetricStatus, MetricStatus]:
    """The statuses the SDK wrote, as our enum."""
    return tuple(MetricStatus(s.value) for s in sdk_statuses(index))  # type: ignore[return-value]


def test_scan_finds_every_job_nested_and_loose(batch_dir: Path) -> None:
    found = scan(batch_dir)
    names = [job_name(batch_dir, f) for f in found.files]
    assert "job-000" in names and "group-0/job-003" in names and "group-1/job-007" in names
    assert "runs/day-0/job-009" in names and "runs/day-1/job-029" in names  # two deep
    assert set(names) == {job_folder(i) for i in range(JOBS)} | {
        "broken",
        "empty",
        "loose/notes.binproto",
    }
    assert {"broken", "empty", "loose/notes.binproto"} <= set(names)
    assert len(names) == JOBS + 3
    assert not any("README" in n for n in names)


def test_scan_bounds_loops_and_never_leaves_the_folder(batch_dir: Path) -> None:
    found = scan(batch_dir)
    assert all(batch_dir in f.parents for f in found.files)
    notes = "\n".join(found.notes)
    assert "group-0/loop: a folder already searched" in notes
    assert "outside: a symlink that leads outside" in notes
    # Each job once, even though the loop leads back to the top.
    assert len({f.resolve() for f in found.files}) == len(found.files)


def test_a_misnamed_outputs_file_is_a_near_miss_not_a_batch(tmp_path: Path) -> None:
    # Metrics.binproto beside a .tmp and a .bin is one job's misnamed file: the
    # single-job path lists them as near misses instead of loading any.
    for name in ("Metrics.binproto", "METRICS.BINPROTO", "metrics.binproto.tmp", "metrics.bin"):
        (tmp_path / name).write_bytes(b"\x08\x01")
    assert not is_batch(tmp_path)
    (tmp_path / "run-7.binproto").write_bytes(b"\x08\x01")
    assert is_batch(tmp_path)
    assert [f.name for f in scan(tmp_path).files] == ["run-7.binproto"]


def test_scan_caps_depth(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(6)])
    write_batch_job(deep, 0, metrics=2)
    write_batch_job(tmp_path / "shallow", 1, metrics=2)
    found = scan(tmp_path, max_depth=3)
    assert [job_name(tmp_path, f) for f in found.files] == ["shallow"]
    assert any("deeper than 3 levels" in n for n in found.notes)


def test_scan_reports_unreadable_folders(tmp_path: Path) -> None:
    write_batch_job(tmp_path / "ok", 0, metrics=2)
    locked = tmp_path / "locked"
    write_batch_job(locked, 1, metrics=2)
    locked.chmod(0)
    try:
        if __import__("os").access(locked, __import__("os").R_OK):
            pytest.skip("running as a user who reads every folder (root)")
        found = scan(tmp_path)
        assert [job_name(tmp_path, f) for f in found.files] == ["ok"]
        assert any("locked: cannot read it" in n for n in found.notes)
    finally:
        locked.chmod(0o755)


def test_rows_say_what_is_wrong_and_the_rest_works(batch_dir: Path) -> None:
    _, rows = read_batch(batch_dir)
    by_name = {r.name: r for r in rows}
    assert "empty" in (by_name["empty"].error or "")
    assert "not a metrics file" in (by_name["loose/notes.binproto"].error or "")
    assert by_name["broken"].error
    good = [r for r in rows if r.error is None]
    assert len(good) == JOBS
    assert all(r.status_label == "UNREADABLE" for r in rows if r.error)


@pytest.mark.parametrize("index", range(6))
def test_light_row_agrees_with_the_full_reader(batch_dir: Path, index: int) -> None:
    file = next(f for f in scan(batch_dir).files if f.parent.name == f"job-{index:03d}")
    row = read_row(file, "x")
    doc = load(file)
    assert row.status == doc.status
    assert row.job_id is not None and doc.job_id is not None
    assert row.job_id == doc.job_id.raw
    assert [c.name for c in row.metrics] == [m.name for m in doc.metrics]
    assert [c.status for c in row.metrics] == [m.status for m in doc.metrics]
    for cell, metric in zip(row.metrics, doc.metrics, strict=True):
        if metric.values_kind == "scalar_metric_values":
            assert cell.value == metric.values.value
        elif metric.values_kind == "double_metric_values":
            assert cell.value == select(metric.values)[0].value
        else:
            assert cell.value is None
    distance, peak = job_statuses(index)
    assert row.cell("Min distance").value == min_distance(index)
    assert row.cell("Min distance").status == distance
    assert row.cell("Peak speed").status == peak
    assert [c.name for c in row.blocking] == blocking_names(index)
    assert row.cell("Comfort").status == MetricStatus(comfort_status(index).value)


def test_rows_cross_processes_whole(batch_dir: Path) -> None:
    # Rows come from the worker processes by pickle, in a packed form of their own
    # (tuples, made back in C): every field, every cell and the lookups built from them
    # must arrive as they left, for good rows, unreadable ones and stale ones alike.
    _, rows = read_batch(batch_dir)
    rows[0].problems = ProblemCounts(2, 3)
    rows[1].stale = "the file is gone"
    back = pickle.loads(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == rows
    for before, after in zip(rows, back, strict=True):
        assert (after.problems, after.stale, after.error) == (
            before.problems,
            before.stale,
            before.error,
        )
        assert all(isinstance(c, MetricCell) for c in after.metrics)
        assert [c.name for c in after.blocking] == [c.name for c in before.blocking]
        for status in MetricStatus:
            assert after.count(status) == before.count(status)
        for cell in before.metrics:
            assert after.cell(cell.name) == before.cell(cell.name)
    assert any(r.metrics for r in back) and any(r.error for r in back)


def test_sorting_by_any_column(batch_dir: Path) -> None:
    _, rows = read_batch(batch_dir)
    names = [r.name for r in sort_rows(rows, "name")]
    assert names.index("job-002") < names.index("job-010")  # natural order
    worst = sort_rows(rows, "status", descending=True)
    assert worst[0].error is not None  # unreadable first
    first_good = next(r for r in worst if r.error is None)
    assert first_good.status == BLOCK
    for key in ("block", "warn", "blocking", "problems", "size", "time", "job_id"):
        ordered = sort_rows(rows, key)
        assert sorted(r.name for r in ordered) == sorted(names)
    sizes = [r.size for r in sort_rows(rows, "size", descending=True)]
    assert sizes == sorted(sizes, reverse=True)


def test_filter_by_name_status_and_failing_metric(batch_dir: Path) -> None:
    _, rows = read_batch(batch_dir)
    assert {r.name for r in filter_rows(rows, "group-0")} == {
        job_folder(i) for i in range(JOBS) if job_folder(i).startswith("group-0/")
    }
    blocked = {r.name for r in filter_rows(rows, "status=block")}
    assert blocked == {r.name for r in rows if r.status == BLOCK}
    assert blocked and all(job_statuses(int(n[-3:]))[0] == BLOCK for n in blocked)
    assert {r.name for r in filter_rows(rows, "fails=peak")} == {
        r.name for r in rows if r.cell("Peak speed") and r.cell("Peak speed").status == WARN
    }
    assert {r.name for r in filter_rows(rows, "unreadable")} == {
        "broken",
        "empty",
        "loose/notes.binproto",
    }
    assert filter_rows(rows, "") == rows
    assert [r.name for r in filter_rows(rows, "job-00 status=passed")] == [
        r.name for r in rows if r.name in {job_folder(i) for i in range(10) if job_passes(i)}
    ]


def test_one_metric_across_the_batch(batch_dir: Path) -> None:
    _, rows = read_batch(batch_dir)
    assert metric_names(rows)[:2] == ["Min distance", "Peak speed"]
    view = across(rows, "Min distance")
    assert sorted(view.values) == sorted(min_distance(i) for i in range(JOBS))
    assert view.unit == "m"
    assert {r.name[-7:] for r in view.failing} == {
        f"job-{i:03d}" for i in range(JOBS) if job_statuses(i)[0] == BLOCK
    }
    counts = dict(view.status_counts())
    assert counts[BLOCK] == sum(job_statuses(i)[0] == BLOCK for i in range(JOBS))
    bins = histogram(view.values, bins=4)
    assert sum(b.count for b in bins) == JOBS
    assert bins[0].low == min(view.values) and bins[-1].high == max(view.values)
    assert across(rows, "no such metric").present == []
    assert totals(rows)["UNREADABLE"] == 3
    # A blocking metric that warns, or does not apply: every metric status is seen.
    comfort = dict(across(rows, "Comfort").status_counts())
    assert comfort[WARN] == sum(comfort_status(i) == sdk_WARN for i in range(JOBS)) > 0
    assert comfort[MetricStatus.NOT_APPLICABLE_METRIC_STATUS] > 0


def test_sorting_one_metric_across_jobs(batch_dir: Path) -> None:
    _, rows = read_batch(batch_dir)
    good = [r for r in rows if r.error is None]
    keys = across_sort_keys("Min distance")
    by_value = sort_rows(good, "value", keys=keys)
    values = [r.cell("Min distance").value for r in by_value]
    assert values == sorted(values)
    worst = sort_rows(good, "status", descending=True, keys=keys)
    assert {
        r.cell("Min distance").status for r in worst[: len(across(good, "Min distance").failing)]
    } <= {BLOCK, WARN}
    # A job without the metric, or with no number (NaN), sorts before every value.
    missing = across_sort_keys("no such metric")
    assert {missing["value"](r) for r in good} == {(0, 0.0)}
    assert {missing["status"](r) for r in good} == {-1}


def test_histogram_edges() -> None:
    assert histogram([]) == []
    assert histogram([2.0, 2.0])[0].count == 2
    assert sum(b.count for b in histogram([0.0, 1.0, float("nan"), float("inf")], 3)) == 2


def test_whole_numbers_get_whole_bins() -> None:
    # Seven levels (3..9), as a counted metric has: one bin each, none empty.
    levels = [3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 9.0, 9.0]
    bins = histogram(levels)
    assert [(b.low, b.high, b.count) for b in bins] == [
        (v, v, levels.count(v)) for v in (3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0)
    ]
    # A gap is a bin that says so; a wide range gets bins of whole numbers.
    assert [b.count for b in histogram([0.0, 0.0, 2.0], 10)] == [2, 0, 1]
    sevens = [float(v) for v in range(0, 1001, 7)]  # 0, 7, ... 994
    wide = histogram(sevens, 10)
    assert len(wide) <= 10 and sum(b.count for b in wide) == len(sevens)
    assert all(b.low.is_integer() and b.high.is_integer() for b in wide)
    assert all(a.high + 1 == b.low for a, b in pairwise(wide))
    assert wide[0].low == 0 and wide[-1].low <= 994 <= wide[-1].high
    # One fractional value: equal widths again.
    assert len(histogram([*levels, 3.5])) == 10


# --- the jobs table's columns at a width --------------------------------------------

NATURAL = [
    ("name", 30),
    ("status", 12),
    ("block", 5),
    ("warn", 4),
    ("blocking", 60),
    ("problems", 8),
    ("size", 7),
    ("time", 14),
]


def _span(columns: list[tuple[str, int]]) -> int:
    return sum(w for _, w in columns) + GAP * (len(columns) - 1)


@pytest.mark.parametrize("width", [200, 120, 100, 78, 60, 40, 24, 10])
def test_columns_fit_every_width_and_keep_name_and_status(width: int) -> None:
    fitted = fit_columns(NATURAL, width)
    keys = [k for k, _ in fitted]
    assert "name" in keys and "status" in keys
    assert keys == [k for k, _ in NATURAL if k in keys]  # the order never changes
    if width >= 12 + 4 + GAP:
        assert _span(fitted) <= width
    if width >= _span(NATURAL):
        assert fitted == NATURAL


def test_columns_go_by_priority_time_first_then_size() -> None:
    full = _span(NATURAL)
    # Shortening the long error text comes first; then time goes, then size.
    assert dict(fit_columns(NATURAL, full - 20))["blocking"] == 40
    assert dict(fit_columns(NATURAL, full - 30))["blocking"] == 30
    assert [k for k, _ in fit_columns(NATURAL, full - 40)][-1] == "size"
    assert "size" not in dict(fit_columns(NATURAL, 78))
    short_names = [("name", 16), *NATURAL[1:]]
    narrow = dict(fit_columns(short_names, 78))
    assert {"block", "warn", "blocking", "problems"} <= narrow.keys()
    # Room left by a dropped column goes back to the text that was shortened.
    assert _span(list(narrow.items())) == 78 or narrow["blocking"] == 60


# --- workers started before the app --------------------------------------------------


@pytest.mark.slow
def test_workers_started_early_read_rows_in_order_from_another_thread(batch_dir: Path) -> None:
    """As the app has it: workers forked first, then used from a worker thread."""
    import threading

    from tui.formats import pool as pool_module
    from tui.formats.batch import read_rows, start_reading

    files = scan(batch_dir).files * 8  # enough to be worth the workers
    workers = pool_module.Workers(preload=["tui.formats.batch"], processes=2)
    assert workers.executor is not None
    got: list[list[str]] = []
    try:
        reader = threading.Thread(
            target=lambda: got.extend(
                [r.name for r in chunk] for chunk in read_rows(batch_dir, files, workers)
            )
        )
        reader.start()
        reader.join(timeout=60)
        assert [n for chunk in got for n in chunk] == [job_name(batch_dir, f) for f in files]
        assert len(got) > 1  # in chunks: the table grows as they come
        # Handed out at launch, before the app's threads, and collected by one of them.
        reading = start_reading(batch_dir, workers)
        early: list[str] = []
        reader = threading.Thread(
            target=lambda: early.extend(r.name for chunk in reading.chunks for r in chunk)
        )
        reader.start()
        reader.join(timeout=60)
        assert early == [job_name(batch_dir, f) for f in reading.found.files]
        assert reading.found.notes  # the loop and the outside link, reported
    finally:
        workers.close()
    # Closed (the app quit): the same call still answers, in this process.
    again = [r.name for chunk in read_rows(batch_dir, files, workers) for r in chunk]
    assert again == [job_name(batch_dir, f) for f in files]
