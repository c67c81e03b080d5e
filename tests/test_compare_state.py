"""Compare mode's state without a terminal: comparisons are jobs for a worker, a newer job
wins, a reload's announcement survives being replaced, and jobs hand file digests on."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.compare_jobs import write_run
from tui.app.compare.state import CompareState
from tui.formats import load


def test_a_reload_plans_a_job_and_only_the_newest_result_is_kept(tmp_path: Path) -> None:
    file = write_run(tmp_path / "out")
    state = CompareState()
    first = load(file)
    job = state.loaded(first, None, reloaded=False, track=True)
    assert job is not None and job.a is None  # nothing to compare: the files are read
    state.finished(job, job.run())
    write_run(tmp_path / "out", distance=14.0)
    second = load(file)
    older = state.loaded(second, first, reloaded=True, track=True)
    assert older is not None and older.announce and state.comparing and state.result is None
    write_run(tmp_path / "out", distance=15.0)
    third = load(file)
    newer = state.loaded(third, second, reloaded=True, track=True)
    assert newer is not None and newer.announce
    assert not state.finished(older, older.run())  # replaced: dropped
    assert state.result is None and state.comparing
    assert state.finished(newer, newer.run())
    assert not state.comparing and state.marks() == {"Distance": "●"}


def test_an_announcement_is_not_lost_to_the_job_that_replaces_it(tmp_path: Path) -> None:
    file = write_run(tmp_path / "out")
    state = CompareState()
    first = load(file)
    state.loaded(first, None, reloaded=False, track=False)
    write_run(tmp_path / "out", distance=14.0)
    second = load(file)
    reload = state.loaded(second, first, reloaded=True, track=False)
    assert reload is not None and reload.announce == "B"
    _, pin = state.pin(second)  # pinned before the reload's comparison is back
    assert pin is not None and pin.announce == "B"  # the status line still gets its answer


def test_side_a_reloading_is_announced_as_a(tmp_path: Path) -> None:
    a, b = write_run(tmp_path / "a"), write_run(tmp_path / "b", distance=13.0)
    state = CompareState(side_a=a)
    assert state.baseline_loaded(load(a), None) is None  # B not there yet
    doc_b = load(b)
    first = state.loaded(doc_b, None, reloaded=False, track=False)
    assert first is not None and first.announce == ""
    assert state.finished(first, first.run())
    write_run(tmp_path / "a", distance=13.0)
    again = state.baseline_loaded(load(a), doc_b)
    assert again is not None and again.announce == "A"
    assert state.finished(again, again.run()) and state.result is not None
    assert not state.result.differs


def test_a_later_job_waits_for_the_digests_an_earlier_one_reads(tmp_path: Path) -> None:
    file = write_run(tmp_path / "out")
    state = CompareState()
    first = load(file)
    reading = state.loaded(first, None, reloaded=False, track=True)
    assert reading is not None  # A's files, read by this job: it has not run yet
    second = load(file)
    job = state.loaded(second, first, reloaded=True, track=True)
    assert job is not None and job.files_a is reading.digests
    results = {}
    waiting = threading.Thread(target=lambda: results.setdefault("job", job.run()))
    waiting.start()
    waiting.join(timeout=0.2)
    assert waiting.is_alive() and not reading.digests.done()  # it waits for the reading
    reading.run()
    waiting.join()
    assert not results["job"].differs


def test_pin_and_unpin_are_jobs_too(tmp_path: Path) -> None:
    file = write_run(tmp_path / "out")
    state = CompareState()
    doc = load(file)
    state.loaded(doc, None, reloaded=False, track=True)
    said, job = state.pin(doc)
    assert "pinned" in said and job is not None and job.a is doc and job.b is doc
    assert state.finished(job, job.run()) and state.result is not None
    assert not state.result.differs
    said, job = state.pin(doc)
    assert "unpinned" in said and job is not None and job.a is None and job.digest is doc


def test_a_job_of_a_replaced_state_is_not_taken_by_the_new_one(tmp_path: Path) -> None:
    a, b = write_run(tmp_path / "a"), write_run(tmp_path / "b", distance=13.0)
    old = CompareState(side_a=a)
    old.baseline_loaded(load(a), None)
    stale = old.loaded(load(b), None, reloaded=False, track=False)
    new = CompareState(side_a=b)  # the batch viewer opened another pair meanwhile
    new.baseline_loaded(load(b), None)
    fresh = new.loaded(load(a), None, reloaded=False, track=False)
    assert stale is not None and fresh is not None
    assert not new.finished(stale, stale.run()) and new.result is None
    assert new.finished(fresh, fresh.run()) and new.result is not None


def test_the_panel_says_comparing_until_the_job_is_back(tmp_path: Path) -> None:
    from rich.console import Console

    from tui.app.compare.panel import ComparePanel

    a, b = write_run(tmp_path / "a"), write_run(tmp_path / "b", distance=13.0)
    state = CompareState(side_a=a)
    panel = ComparePanel()

    def said() -> str:
        console = Console(width=100, record=True)
        console.print(panel._view(state, "metric:Distance"))
        return console.export_text()

    assert "waiting for A…" in said()
    state.baseline_loaded(load(a), None)
    job = state.loaded(load(b), None, reloaded=False, track=False)
    assert job is not None and "comparing…" in said()
    state.finished(job, job.run())
    assert "Δ +0.5" in said() and "comparing…" not in said()


def test_a_reload_during_a_comparison_compares_from_what_was_last_shown(
    tmp_path: Path,
) -> None:
    file = write_run(tmp_path / "out")
    state = CompareState()
    first = load(file)
    job = state.loaded(first, None, reloaded=False, track=False)
    assert job is not None and state.finished(job, job.run())
    write_run(tmp_path / "out", distance=14.0)
    second = load(file)
    unseen = state.loaded(second, first, reloaded=True, track=False)
    write_run(tmp_path / "out", distance=14.0)  # the same content again, written twice
    third = load(file)
    job = state.loaded(third, second, reloaded=True, track=False)
    assert unseen is not None and job is not None and job.a is first
    assert not state.finished(unseen, unseen.run())
    assert state.finished(job, job.run()) and state.marks() == {"Distance": "●"}
    # Once shown, the next reload compares with the version before it, as always.
    write_run(tmp_path / "out", distance=14.0)
    job = state.loaded(load(file), third, reloaded=True, track=False)
    assert job is not None and job.a is third


def test_a_provisional_document_is_not_compared_and_keeps_the_baseline(tmp_path: Path) -> None:
    # Metrics 2.0 shows an append's rows before its metrics; the document that completes
    # them follows at once. Only that one is compared, with what was on screen before.
    file = write_run(tmp_path / "out")
    state = CompareState()
    first = load(file)
    opened = state.loaded(first, None, reloaded=False, track=False)
    assert opened is not None and state.finished(opened, opened.run())
    write_run(tmp_path / "out", distance=14.0)
    rows_first, complete = load(file), load(file)
    assert state.loaded(rows_first, first, reloaded=True, track=False, provisional=True) is None
    assert state.baseline is first and not state.comparing
    job = state.loaded(complete, rows_first, reloaded=True, track=False)
    assert job is not None and job.a is first and job.b is complete and job.announce
    assert state.finished(job, job.run()) and state.marks() == {"Distance": "●"}
