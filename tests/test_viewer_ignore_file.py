"""The viewer honours ``.resim-tui-ignore`` as ``check`` does: the header, the tree's
badges and the problems panel count what ``check`` counts, and the panel lists the
ignored problems as ignored, naming the file."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.conftest import ROOT
from tests.pilot_waits import DEADLINE, Changes, until, watching
from tui.app.options import Options
from tui.app.screens.problems import ProblemsScreen
from tui.app.viewer import ResimApp
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.validate import validate

DEMO = ROOT / "tui" / "demo"
RULE = "series-non-finite"  # what the demo's ignore file names


async def _checked(app: ResimApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert app.report is not None


def _header(app: ResimApp) -> str:
    return str(app.query_one(JobHeader).render())


@pytest.mark.slow
async def test_the_demos_ignored_rule_is_not_counted_and_the_panel_says_by_whom() -> None:
    report = validate(load(DEMO))
    ignored = [p for p in report.problems if p.rule == RULE]
    assert ignored, "the demo no longer writes the rule its ignore file names"
    kept = report.ignoring([RULE])
    app = ResimApp(DEMO / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _checked(app, pilot)
        header = app.query_one(JobHeader)
        assert header.problem_counts == (len(kept.errors), len(kept.warnings))
        assert len(kept.warnings) < len(report.warnings)
        assert f"{len(report.warnings)} warning" not in _header(app)
        # The data whose only problem is the ignored rule carries no badge.
        assert not any(id(_object(app, p)) in app.query_one(MetricTree).badges for p in ignored)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        title = str(app.screen.query_one("#problems-title").render())
        assert "ignored by" in title and ".resim-tui-ignore" in title and RULE in title
        options = app.screen.query_one(OptionList)
        assert options.option_count == len(report.problems)  # listed, marked, not counted
        last = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert "ignored" in last and RULE in last


def _object(app: ResimApp, problem):
    assert app.document is not None and problem.location.kind == "data"
    return app.document.data[problem.location.index]


@pytest.mark.slow
async def test_without_the_file_the_rule_counts_and_a_bad_file_is_named(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(DEMO, out, ignore=shutil.ignore_patterns(".resim-tui-ignore", "*.py"))
    report = validate(load(out))
    app = ResimApp(out / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _checked(app, pilot)
        assert app.query_one(JobHeader).problem_counts == (
            len(report.errors),
            len(report.warnings),
        )
        flagged = [p for p in report.problems if p.rule == RULE]
        assert all(id(_object(app, p)) in app.query_one(MetricTree).badges for p in flagged)
    (out / ".resim-tui-ignore").write_text("scalar-value\n")  # an error: refused
    app = ResimApp(out / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _checked(app, pilot)
        assert app.query_one(JobHeader).problem_counts[1] == len(report.warnings)
        await pilot.press("p")
        await pilot.pause()
        title = str(app.screen.query_one("#problems-title").render())
        assert "Ignoring no rule" in title and "only warnings and notes" in title


@pytest.mark.slow
async def test_an_edit_of_the_ignore_file_applies_at_once_here_or_above(tmp_path: Path) -> None:
    """Written in a folder above, then beside the outputs, then edited: the header's
    counts and its "(N ignored)" follow each save with no reload of the metrics file."""
    project = tmp_path / "project"
    out = project / "out"
    shutil.copytree(DEMO, out, ignore=shutil.ignore_patterns(".resim-tui-ignore", "*.py"))
    report = validate(load(out))
    flagged = sum(p.rule == RULE for p in report.problems)
    assert flagged
    app = ResimApp(out / "metrics.binproto", options=Options(watch=True))
    changes = Changes()
    async with app.run_test(size=(120, 40), message_hook=changes) as pilot:
        await until(pilot, lambda: app.report is not None)  # watchers never complete
        await watching(pilot, changes, out)
        header = app.query_one(JobHeader)
        assert header.ignored == 0 and "ignored" not in _header(app)
        loads = app.query_one(StatusLine).reloads

        def counted(ignored: int) -> bool:
            return (
                header.ignored == ignored
                and header.problem_counts == (0, len(report.warnings) - ignored)
                and (not ignored or f"({ignored} ignored)" in _header(app))
            )

        # The folder above first (the outputs' watch sees nothing there); its watch
        # starts on its own, so write until it is seen.
        above = project / ".resim-tui-ignore"
        deadline = time.monotonic() + DEADLINE
        while not counted(flagged):
            assert time.monotonic() < deadline, "the ignore file above was not seen"
            above.write_text(f"{RULE}\n")
            await pilot.pause(0.1)
        # One beside the outputs is nearer: it counts instead, as each edit is saved.
        (out / ".resim-tui-ignore").write_text("# nothing ignored here\n")
        await until(pilot, lambda: counted(0))
        assert "ignored" not in _header(app)
        (out / ".resim-tui-ignore").write_text(f"{RULE}  # on purpose\n")
        await until(pilot, lambda: counted(flagged))
        assert app.query_one(StatusLine).reloads == loads  # counted anew, not reloaded
