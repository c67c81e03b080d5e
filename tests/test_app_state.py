"""The screen always says when it is not the file on disk, and the watch loop tells the truth.

Real files and real processes, driven through the pilot; every wait polls the app with
a deadline. Each case is one way the view can stop being the file on disk: a reload
that failed, a file deleted, a --run command that failed.
"""

from __future__ import annotations

import shutil
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.text import Text

from tests.conftest import SAMPLES
from tui.app.screens.problems import ProblemsScreen
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.run_log import RunLog
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.live.env import command_env, own_bin

BASIC = SAMPLES / "basic"
pytestmark = pytest.mark.slow  # real watchers and processes: a few seconds each


async def _until(pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


def _header(app: ResimApp) -> Text:
    return app.query_one(JobHeader).shown


def _green_spans(app: ResimApp, text: Text) -> list[str]:
    """The parts of ``text`` drawn in the theme's success colour."""
    green = app.query_one(JobHeader).theme_colors["success"].lower()
    out = []
    for span in text.spans:
        color = None if isinstance(span.style, str) else span.style.color
        if color is not None and color.triplet is not None and color.triplet.hex == green:
            out.append(text.plain[span.start : span.end])
    return out


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    folder = tmp_path / "outputs"
    shutil.copytree(BASIC, folder)
    return folder


def _watching(file: Path) -> ResimApp:
    return ResimApp(file, load(file), Options(watch=True))


async def _opened(app: ResimApp, pilot) -> None:
    await _until(pilot, lambda: app.document is not None and app.report is not None)
    await pilot.pause(0.3)  # the watcher is up


async def test_a_failed_reload_turns_the_header_stale_until_a_good_file(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    app = _watching(file)
    async with app.run_test(size=(120, 40)) as pilot:
        await _opened(app, pilot)
        assert "PASSED" in _header(app).plain or "FAIL" in _header(app).plain
        assert "STALE" not in _header(app).plain
        file.write_bytes(b"\x0a\xff\xff\xff\xff\x0f this is not protobuf")
        await _until(pilot, lambda: "reload failed" in _header(app).plain, timeout=30)
        header = _header(app).plain
        assert "last reload failed at" in header and "not a metrics file" in header
        assert "last good version" in header
        assert _green_spans(app, _header(app)) == []  # nothing green for a broken file
        # The problems panel says which version it describes, and that disk differs.
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        title = str(app.screen.query_one("#problems-title").render())
        assert "The version loaded at" in title and "Not the file on disk now" in title
        await pilot.press("escape")
        file.write_bytes((BASIC / "metrics.binproto").read_bytes())
        await _until(pilot, lambda: "STALE" not in _header(app).plain, timeout=30)
        assert app.query_one(StatusLine).outcome_kind == "ok"


async def test_a_deleted_file_turns_the_header_stale(outputs: Path) -> None:
    file = outputs / "metrics.binproto"
    app = _watching(file)
    async with app.run_test(size=(80, 24)) as pilot:
        await _opened(app, pilot)
        file.unlink()
        await _until(pilot, lambda: "file deleted at" in _header(app).plain, timeout=30)
        assert "STALE" in _header(app).plain
        assert _green_spans(app, _header(app)) == []


def _run_app(tmp_path: Path, script: str, *, first: bool = True) -> tuple[ResimApp, Path]:
    folder = tmp_path / "outputs"
    shutil.copytree(BASIC, folder)
    file = folder / "metrics.binproto"
    source = tmp_path / "build.py"
    source.write_text(textwrap.dedent(script))
    command = "python build.py"  # plain `python`, as the README says
    app = ResimApp(file, load(file) if first else None, Options(run=command, watch_src=["*.py"]))
    return app, source


async def test_a_failed_run_turns_the_header_stale_and_opens_its_log(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app, _ = _run_app(tmp_path, "import sys\nprint('boom')\nsys.exit(3)\n")
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.query_one(RunLog)
        log.remove_class("visible")  # hidden: a failure must open it by itself
        await _until(pilot, lambda: "failed" in app.query_one(StatusLine).run)
        assert "exit 3" in app.query_one(StatusLine).run
        assert log.has_class("visible") and "boom" in "\n".join(log.lines)
        header = _header(app).plain
        assert "STALE" in header and "the --run command failed at" in header
        assert _green_spans(app, _header(app)) == []


async def test_run_finds_the_viewers_python_first_on_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no venv activated
    app, _ = _run_app(tmp_path, "import sys, resim\nprint('python is', sys.executable)\n")
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: "done" in app.query_one(StatusLine).run)
        log = "\n".join(app.query_one(RunLog).lines)
        assert f"python is {own_bin()}" in log
        assert "STALE" not in _header(app).plain


def test_command_env_puts_the_viewers_bin_first_once() -> None:
    env = command_env({"PATH": f"/usr/bin{':'}{own_bin()}{':'}/bin"})
    assert env["PATH"].split(":") == [str(own_bin()), "/usr/bin", "/bin"]
    assert env["PYTHONUNBUFFERED"] == "1"


async def test_a_missing_module_gets_a_hint(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app, _ = _run_app(tmp_path, "import surely_not_installed_here\n")
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: "failed" in app.query_one(StatusLine).run)
        # The hint is wrapped to fit 80 columns: read it as one sentence.
        log = " ".join(line.strip() for line in app.query_one(RunLog).lines)
        lines = list(app.query_one(RunLog).lines)
        start = next(i for i, line in enumerate(lines) if line.startswith("hint: "))
        hint = [line for line in lines[start:] if not line.startswith("✖")]
        assert len(hint) > 1 and all(len(line) <= 80 for line in hint)
        assert "hint: surely_not_installed_here is not installed" in log
        assert "pip install surely_not_installed_here" in log
        assert "not installed" in app.query_one(StatusLine).run


async def test_a_run_stopped_for_a_newer_save_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app, source = _run_app(tmp_path, "import time\nprint('started', flush=True)\ntime.sleep(60)\n")
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.query_one(RunLog)
        await _until(pilot, lambda: "started" in "\n".join(log.lines))
        await pilot.pause(0.3)  # the source watcher is up
        source.write_text(source.read_text() + "# saved again\n")
        await _until(pilot, lambda: "stopped for a newer save" in "\n".join(log.lines))
        assert "exit -15" not in "\n".join(log.lines) and "✖" not in "\n".join(log.lines)
        assert "STALE" not in _header(app).plain


async def test_l_without_run_says_why(outputs: Path) -> None:
    app = ResimApp(outputs / "metrics.binproto")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _until(pilot, lambda: app.document is not None)
        await pilot.press("l")
        await pilot.pause()
        assert not app.query_one(RunLog).has_class("visible")
        messages = [n.message for n in app._notifications]
        assert any("No --run command" in m for m in messages)
        # The notification sits above the status line, never over it.
        await _until(pilot, lambda: bool(app.query("Toast")))
        await pilot.pause(0.1)
        status = app.query_one(StatusLine).region
        toasts = [w.region for w in app.query("Toast")]
        assert toasts and all(t.bottom <= status.y for t in toasts)
