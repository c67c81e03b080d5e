"""The jobs screen as a user drives it: table, sort, filter, one metric across jobs,
drill-in and back, and live pick-up of new and rewritten jobs (real files, pilot)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from tests.batch_fixture import JOBS, make_batch, shared_batch
from tests.sdk_batch import write_batch, write_batch_job
from tui import formats
from tui.app.batch_viewer import BatchViewer
from tui.app.screens.metric_across import MetricAcrossScreen
from tui.app.screens.metric_picker import MetricPicker
from tui.app.viewer import Options
from tui.app.widgets.browser import Browser
from tui.app.widgets.jobs_table import JobsTable
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.run_log import RunLog
from tui.model.enums import MetricStatus

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_batch(tmp_path_factory)


@pytest.fixture(autouse=True)
def one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks run in this process: the fast tier starts no worker processes."""
    monkeypatch.setattr(formats.pool, "workers", lambda: 1)


async def until(pilot, condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def names(app: BatchViewer) -> list[str]:
    if not app.jobs.is_attached:
        return []  # not mounted yet
    return [r.name for r in app.jobs.query_one(JobsTable).shown]


async def loaded(pilot, app: BatchViewer, count: int) -> JobsTable:
    await until(pilot, lambda: app.screen is app.jobs and len(names(app)) == count, "the rows")
    return app.jobs.query_one(JobsTable)


async def test_table_sort_filter_and_problem_counts(batch_dir: Path) -> None:
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot, app, JOBS + 3)
        assert names(app)[:2] == ["broken", "empty"]  # by name, naturally ordered
        await until(
            pilot,
            lambda: all(r.problems is not None for r in table.shown if r.error is None),
            "problem counts",
        )
        header = str(app.jobs.query_one("#jobs-header").render())
        assert f"{JOBS + 3} jobs" in header and "3 UNREADABLE" in header
        await pilot.press("o")  # next sort column: status, worst first
        assert table.sort_key == "status" and table.shown[0].error is not None
        first_good = next(r for r in table.shown if r.error is None)
        assert first_good.status == MetricStatus.FAIL_BLOCK_METRIC_STATUS
        await pilot.press("O")
        assert table.shown[0].status == MetricStatus.PASSED_METRIC_STATUS
        # Typed at once after / (a paste, a fast typist): every key reaches the filter,
        # none sorts (o) or compares (c) on the way, though the focus moves a moment later.
        typed = [("slash", "/")] + [
            (c if c.isalnum() else "equals_sign", c) for c in "status=block"
        ]
        for key, char in typed:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # as a terminal sends them: no wait between
        await until(pilot, lambda: app.jobs.needle == "status=block", "the filter text")
        assert table.sort_key == "status" and not table.descending
        assert table.shown and all(
            r.status == MetricStatus.FAIL_BLOCK_METRIC_STATUS for r in table.shown
        )
        await pilot.press("escape", "escape")
        await pilot.press("slash", *"fails=peak", "enter")
        assert names(app) and all(r.cell("Peak speed").status.failing for r in table.shown)
        await pilot.press("escape")
        assert len(names(app)) == JOBS + 3
        await pilot.press("i")
        assert "job id" in table.headers


@pytest.mark.parametrize(("size", "hidden"), [((120, 40), []), ((80, 24), ["size", "written"])])
async def test_columns_fit_the_terminal(
    batch_dir: Path, size: tuple[int, int], hidden: list[str]
) -> None:
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=size) as pilot:
        table = await loaded(pilot, app, JOBS + 3)
        await until(pilot, lambda: table.hidden == hidden, f"{hidden} hidden")
        lines = [table.render_line(y) for y in range(table.size.height)]
        assert all(line.cell_length <= table.size.width for line in lines)
        header = lines[0].text
        assert header.split()[:3] == ["job", "▲", "status"]
        assert all(h in header for h in table.headers)  # every kept header drawn whole
        body = "\n".join(line.text for line in lines[1:])
        assert "UNREADABLE" in body and "FAIL_BLOCK" in body and "job-000" in body
        status = str(app.jobs.query_one("#jobs-status").render())
        assert ("too narrow for" in status) == bool(hidden)
        # The mouse: a header sorts by its column, a row takes the cursor, again opens it.
        x = header.index("status") + 1
        await pilot.click(JobsTable, offset=(x, 0))
        await until(pilot, lambda: table.sort_key == "status", "the sort by status")
        assert table.shown[0].error is not None  # worst first
        await pilot.click(JobsTable, offset=(x, 5))
        assert table.cursor_row == 4 and table.current().error is None
        chosen = table.current()
        await pilot.click(JobsTable, offset=(x, 5))
        await until(pilot, lambda: app.document is not None, "the job opened")
        assert app.document.path == chosen.path
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.jobs, "the jobs again")
        # Wider again: the dropped columns come back.
        await pilot.resize_terminal(160, 40)
        await until(pilot, lambda: table.hidden == [], "every column")


async def test_enter_opens_the_job_and_escape_comes_back_to_the_same_place(
    batch_dir: Path,
) -> None:
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, app, JOBS + 3)
        # The one-job viewer is not built until a job is opened: the table comes first.
        assert not app.default_screen.query(Browser)
        await pilot.press("slash", *"job-00", "enter")
        await pilot.press("down", "down")
        chosen = table.current()
        assert chosen is not None
        await pilot.press("enter")
        await until(pilot, lambda: app.document is not None, "the job to load")
        assert app.screen is app.default_screen
        assert app.document.path == chosen.path
        await pilot.press("escape")
        assert app.screen is app.jobs
        assert table.current() is chosen  # same row, same filter
        assert app.jobs.needle == "job-00"
        # A broken job says why and leaves the user on the jobs, the app still running.
        await pilot.press("escape")
        assert app.jobs.needle == ""
        table.select_path(next(r.path for r in table.shown if r.name == "broken"))
        await pilot.press("enter")
        await until(pilot, lambda: app.load_error is not None, "the load error")
        await until(pilot, lambda: app.screen is app.jobs, "the way back to the jobs")
        assert app.is_running and table.current().name == "broken"


async def test_mark_two_jobs_and_compare_them(batch_dir: Path) -> None:
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot, app, JOBS + 3)
        await pilot.press("c")  # nothing marked: a hint, nothing else
        assert app.screen is app.jobs
        table.select_path(next(r.path for r in table.shown if r.name == "job-000"))
        await pilot.press("space")  # marks and moves down to job-001
        await pilot.press("space")
        assert len(table.marked) == 2
        await pilot.press("c")
        await until(pilot, lambda: app.document is not None, "side B")
        browser = app.query_one(Browser)
        await until(pilot, lambda: browser.compare.result is not None, "the comparison")
        assert app.document.path.parent.name == "job-001"
        assert browser.compare.baseline.path.parent.name == "job-000"
        changed = [d for d in browser.compare.result.metrics if d.state == "changed"]
        assert any(d.key.endswith("Min distance") for d in changed)
        # Back to the jobs, and open one job: one side again.
        await pilot.press("escape")
        await pilot.press("enter")
        await until(pilot, lambda: app.options.side_a is None, "one side")


async def test_one_metric_across_jobs_and_open_at_it(batch_dir: Path) -> None:
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, JOBS + 3)
        await pilot.press("m")
        assert isinstance(app.screen, MetricPicker)
        await pilot.press(*"peak", "enter")
        screen = app.screen
        assert isinstance(screen, MetricAcrossScreen) and screen.metric == "Peak speed"
        summary = str(screen.query_one("#across-summary").render())
        assert "by status:" in summary and "FAIL_WARN" in summary and "values: min" in summary
        # Whole-number values: one bar per value, none empty, each labelled by its value.
        levels = sorted({r.cell("Peak speed").value for r in screen.shown})
        bars = [line.split() for line in summary.splitlines() if "█" in line]
        assert [float(bar[0]) for bar in bars] == levels and "–" not in summary
        failing = [r for r in screen.shown if r.cell("Peak speed").status.failing]
        assert screen.shown[: len(failing)] == failing  # failing jobs first
        # The jobs table's widget: sorted by value with o, and by a click on a header.
        across_table = screen.query_one(JobsTable)
        assert across_table.headers == ["job", "status", "value"]
        await pilot.press("o")
        assert across_table.sort_key == "value"
        values = [r.cell("Peak speed").value for r in screen.shown]
        assert values == sorted(values)
        await pilot.press("O")
        assert [r.cell("Peak speed").value for r in screen.shown] == sorted(values, reverse=True)
        await pilot.click(JobsTable, offset=(2, 0))  # the "job" header
        assert across_table.sort_key == "name"
        await pilot.press("home")
        await pilot.click(JobsTable, offset=(2, 2))  # another row: the cursor goes there
        assert across_table.cursor_row == 1 and screen is app.screen
        await pilot.press("o")  # back to status: failing first
        assert across_table.sort_key == "status" and screen.shown[: len(failing)] == failing
        # / filters as on the jobs screen (typed keys go to the box: "o" does not sort);
        # Esc clears the filter before it leaves.
        await pilot.press("slash", *"group-0", "enter")
        assert screen.shown and all(r.name.startswith("group-0/") for r in screen.shown)
        assert across_table.sort_key == "status"
        await pilot.press("escape")
        assert app.screen is screen and screen.shown[: len(failing)] == failing
        await pilot.press("f")
        assert screen.shown == failing
        await pilot.press("enter")
        await until(pilot, lambda: app.document is not None, "the job")
        assert app.document.path == failing[0].path
        await until(
            pilot,
            lambda: getattr(app.query_one(MetricCard).item, "name", "") == "Peak speed",
            "the card at the metric",
        )
        # Esc goes back where the job was opened from: the across view, its place kept.
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the across view again")
        assert screen.failing_only and screen.shown == failing
        assert across_table.current() is failing[0]
        await pilot.press("down", "enter")  # another job from there, and back again
        await until(pilot, lambda: app.document.path == failing[1].path, "the second job")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "the across view once more")
        assert across_table.current() is failing[1]
        # Its Esc: the jobs table, at the job last opened; a job opened there comes back there.
        await pilot.press("escape")
        assert app.screen is app.jobs
        assert app.jobs.query_one(JobsTable).current() is failing[1]
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is app.default_screen, "the job")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is app.jobs, "the jobs table")
        assert not screen.is_attached  # the across view it replaced is gone


@pytest.mark.slow
async def test_live_new_and_rewritten_jobs(tmp_path: Path) -> None:
    root = make_batch(tmp_path / "batch", jobs=4)
    app = BatchViewer(root, Options(watch=True))
    async with app.run_test(size=(120, 40)) as pilot:
        table = await loaded(pilot, app, 4 + 3)
        await pilot.press("down", "down")
        place = table.current()
        # A new job appears while the batch runs (written elsewhere, then moved in).
        staging = tmp_path / "staging"
        write_batch_job(staging, 4)
        shutil.move(staging, root / "job-004")
        await until(pilot, lambda: "job-004" in names(app), "the new job")
        assert table.current() is not None and table.current().path == place.path
        # A job rewritten: its row follows.
        write_batch_job(root / "job-000", 4)  # index 4 blocks
        await until(
            pilot,
            lambda: (
                app.jobs.rows[root / "job-000" / "metrics.binproto"].status
                == MetricStatus.FAIL_BLOCK_METRIC_STATUS
            ),
            "the rewritten job",
        )
        # A rewrite that cannot be read keeps the last good row, and says so.
        (root / "job-001" / "metrics.binproto").write_bytes(b"\x00half")
        row = lambda: app.jobs.rows[root / "job-001" / "metrics.binproto"]  # noqa: E731
        await until(pilot, lambda: row().stale is not None, "the stale mark")
        assert row().error is None and row().status is not None


async def test_run_reruns_the_command_and_picks_up_its_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """resim-tui DIR --run CMD: the command runs at start and on every save of a source;
    the jobs it writes appear in the table, and its output is in the run log (l)."""
    root = make_batch(tmp_path / "batch", jobs=4)
    monkeypatch.chdir(tmp_path)
    source = root / "job-000" / "metrics.binproto"
    # Each run writes one more job: run-0, run-1, ...
    command = (
        f'n=$(ls "{root}" | grep -c "^run-"); mkdir "{root}/run-$n" && '
        f'cp "{source}" "{root}/run-$n/metrics.binproto" && echo "wrote run-$n"'
    )
    app = BatchViewer(root, Options(watch=True, run=command, watch_src=["*.py"]))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "run-0" in names(app), "the first run's job")
        status = lambda: str(app.jobs.query_one("#jobs-status").render())  # noqa: E731
        await until(pilot, lambda: "✔ done" in status(), "the run's end in the status line")
        (tmp_path / "build.py").write_text("# a save\n")
        await until(pilot, lambda: "run-1" in names(app), "the second run's job")
        await pilot.press("l")
        log = app.jobs.query_one(RunLog)
        assert log.has_class("visible")
        await until(pilot, lambda: "wrote run-1" in "\n".join(log.lines), "the run's output")
        assert app.jobs.rows[root / "run-1" / "metrics.binproto"].error is None


def screen_lines(app: BatchViewer) -> list[str]:
    """The screen as drawn, one text per line (scrollbars included)."""
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


async def test_nothing_moves_once_the_batch_is_read(batch_dir: Path) -> None:
    """No stray glyph at the right edge: scrollbar thumbs are whole cells (Textual's
    eighth blocks read as ▃▃ marks in tmux), and the screen stays still when idle."""
    partial = set("▁▂▃▄▅▆▇▉▊▋▌▍▎▏")
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(80, 24)) as pilot:
        table = await loaded(pilot, app, JOBS + 3)
        await until(pilot, lambda: not app.jobs.checking, "the problem counts")
        for screen_keys in (["end"], ["up"] * 7, ["m", *"peak", "enter", "end", "up"]):
            await pilot.press(*screen_keys)
            await pilot.pause()
            first = screen_lines(app)
            assert table.scroll_offset.y > 0 or app.screen is not app.jobs  # a thumb off 0
            drawn = {c for line in first for c in line}
            assert not drawn & partial, [line for line in first if set(line) & partial]
            for _ in range(5):
                await pilot.pause(0.05)
            assert screen_lines(app) == first
        assert isinstance(app.screen, MetricAcrossScreen)
        assert app.screen.query_one(JobsTable).scroll_offset.y > 0


async def test_the_across_summary_fits_every_height_without_cutting_the_histogram(
    batch_dir: Path,
) -> None:
    # The summary takes at most half the screen: at 80x24 ten bins were cut at its
    # edge, hiding the top of the range with nothing to say so. At every height every
    # line it holds is drawn, and its bars still count every job's value.
    app = BatchViewer(batch_dir, Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, JOBS + 3)
        await pilot.press("m", *"min dist", "enter")
        await until(pilot, lambda: isinstance(app.screen, MetricAcrossScreen), "the across view")
        screen = app.screen
        values = [c.value for _, c in screen.view.rows if c is not None and c.value is not None]
        for size in ((120, 40), (80, 24), (80, 16), (100, 30)):
            await pilot.resize_terminal(*size)
            await until(pilot, lambda s=size: app.size == s, "the new size")
            summary = screen.query_one("#across-summary")
            await pilot.pause()
            lines = str(summary.render()).rstrip("\n").splitlines()
            assert len(lines) <= summary.region.height, (size, lines)
            bars = [line for line in lines if "█" in line]
            assert sum(int(line.split()[-1]) for line in bars) == len(values), (size, bars)


@pytest.mark.slow
async def test_an_edited_ignore_file_counts_the_jobs_again(tmp_path: Path) -> None:
    """As the one-job viewer does: an ignore file written, removed, or in a folder above
    the batch changes every job's counts to what ``check DIR`` would count now."""
    from tui.live.batch import counts_of

    project = tmp_path / "project"
    root = project / "batch"
    write_batch(root, 3, metrics=3)
    files = sorted(root.rglob("metrics.binproto"))
    app = BatchViewer(root, Options(watch=True))

    def counts() -> dict[Path, object]:
        return {f: app.jobs.rows[f].problems for f in files if f in app.jobs.rows}

    def truth() -> dict[Path, object]:
        return {f: counts_of(f) for f in files}  # read afresh, as check DIR reads

    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot, app, 3)
        await until(pilot, lambda: all(counts().values()) and len(counts()) == 3, "the counts")
        before = counts()
        assert before == truth()
        first = next(iter(before.values()))
        assert first is not None and first.warnings > 0
        rule = first.by_rule[0][0]

        async def written(ignore: Path) -> None:
            # Written until seen: the watch starts a moment after the app does.
            deadline = time.monotonic() + 60
            while counts() == before:
                assert time.monotonic() < deadline, "the ignore file was never seen"
                ignore.write_text(f"{rule}\n")
                await pilot.pause(0.2)
            await until(pilot, lambda: counts() == truth(), "the counts again")

        inside = root / ".resim-tui-ignore"
        await written(inside)
        assert all(c is not None and c.warnings < first.warnings for c in counts().values())
        inside.unlink()
        await until(pilot, lambda: counts() == before, "the counts without it")
        await written(project / ".resim-tui-ignore")  # above the batch: its nearest
        assert counts() != before
