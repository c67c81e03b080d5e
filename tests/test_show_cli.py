"""``resim-tui show`` as a user runs it: piped, no TTY, with and without colour."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import BAD, CONFORMANCE
from tests.sdk_jobs import write_job


def _show(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "tui", "show", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("job")
    write_job(folder)
    return folder


@pytest.mark.slow
def test_prints_job_and_every_metric(job: Path) -> None:
    result = _show(str(job))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "metrics.binproto" in out and "PASSED" in out
    for name in ("Speed", "Peak", "Stop", "Speed at stop"):
        assert name in out
    assert "\x1b" not in out  # piped: no colour, no escape sequences
    assert all(cell_len(line) <= 100 for line in out.splitlines())  # 100 columns without a TTY


@pytest.mark.slow
def test_width_and_named_metrics(job: Path) -> None:
    result = _show(str(job), "--metric", "Speed", "--width", "60", "--height", "10")
    assert result.returncode == 0, result.stderr
    assert "Peak" not in result.stdout
    assert all(cell_len(line) <= 60 for line in result.stdout.splitlines())


@pytest.mark.slow
def test_no_color_wins_over_a_forced_terminal(job: Path) -> None:
    forced = _show(str(job), env={"FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout  # colour is possible on a terminal...
    for env, args in (
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, ()),
        ({"FORCE_COLOR": "1"}, ("--no-color",)),
    ):
        result = _show(str(job), *args, env=env)
        assert result.returncode == 0
        assert "\x1b" not in result.stdout  # ...but never with NO_COLOR or --no-color


@pytest.mark.slow
def test_unknown_metric_lists_close_matches(job: Path) -> None:
    result = _show(str(job), "--metric", "Sped")
    assert result.returncode == 2
    assert "no metric named 'Sped'" in result.stderr and "'Speed'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["missing", "empty"])
def test_unreadable_file_exits_2_with_one_sentence(tmp_path: Path, name: str) -> None:
    path = tmp_path / "nothing-here"
    if name == "empty":
        path.mkdir()
        (path / "metrics.binproto").write_bytes(b"")
    result = _show(str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.slow
def test_hostile_strings_stay_inert() -> None:
    folders = [BAD / "ansi_escapes", BAD / "rich_textual_markup"]
    if not all(f.is_dir() for f in folders):
        pytest.skip("bad-input corpus not found")
    for folder in folders:
        result = _show(str(folder), env={"FORCE_COLOR": "1"})
        assert result.returncode == 0, result.stderr
        # Colour codes are ours (ESC [ ... m); nothing else may start with ESC or be C1.
        stripped = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        assert "\x1b" not in stripped and "\x9b" not in stripped and "\x07" not in stripped
    markup = _show(str(BAD / "rich_textual_markup"))
    assert "[bold red]" in markup.stdout or "[link=" in markup.stdout


@pytest.mark.slow
def test_every_conformance_case_shows() -> None:
    if not CONFORMANCE.is_dir():
        pytest.skip("conformance corpus not found")
    for folder in sorted(p.parent for p in CONFORMANCE.glob("*/expected.json")):
        result = _show(str(folder), "--width", "80", "--height", "12")
        assert result.returncode == 0, (folder.name, result.stderr[-500:])
        assert "Traceback" not in result.stderr
