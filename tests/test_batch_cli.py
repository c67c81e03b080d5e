"""``resim-tui show DIR`` and ``check DIR`` on a generated batch folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.batch_fixture import JOBS, shared_batch
from tests.sdk_batch import write_batch
from tui import formats
from tui.cli import main
from tui.formats import pool as _pool  # noqa: F401 - imported for one_core to patch


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_batch(tmp_path_factory)


@pytest.fixture
def one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check in this process, as on a one-core machine: the fast tier starts no workers."""
    monkeypatch.setattr(formats.pool, "workers", lambda: 1)


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main([*map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_show_prints_the_jobs_table(batch_dir: Path, capsys) -> None:
    status, out, err = run(capsys, "show", batch_dir)
    assert status == 0, err
    lines = out.splitlines()
    assert f"{JOBS + 3} jobs" in lines[0] and "3 UNREADABLE" in lines[0]
    assert "skipped group-0/loop" in out and "skipped outside" in out
    header = next(line for line in lines if line.startswith("job "))
    for column in ("status", "block", "warn", "blocking / error", "size", "written"):
        assert column in header
    row = next(line for line in lines if line.startswith("job-004 "))
    assert "FAIL_BLOCK" in row and "Min distance" in row
    broken = next(line for line in lines if line.startswith("empty "))
    assert "UNREADABLE" in broken and "empty" in broken
    assert "\x1b" not in out


def test_show_one_metric_across_jobs(batch_dir: Path, capsys) -> None:
    status, out, _ = run(capsys, "show", batch_dir, "--metric", "Min distance", "--ascii")
    assert status == 0
    assert "across" in out and "by status:" in out and "failing in" in out
    assert "values: min 0.5" in out
    assert max(map(ord, out)) < 128
    assert run(capsys, "show", batch_dir, "--metric", "Nope")[0] == 2


def test_check_one_line_per_job_and_exit_codes(batch_dir: Path, capsys, one_core) -> None:
    status, out, err = run(capsys, "check", batch_dir)
    assert status == 2  # three files cannot be read
    lines = out.splitlines()
    assert len(lines) == JOBS + 3 + 1
    assert lines[-1].startswith(f"{JOBS + 3} files:") and "3 unreadable" in lines[-1]
    assert any(line.startswith("job-000: valid") for line in lines)
    assert any(line.startswith("empty: unreadable: the file is empty") for line in lines)
    assert "skipped" in err


def test_check_formats_cover_every_job(batch_dir: Path, capsys, one_core) -> None:
    status, out, _ = run(capsys, "check", batch_dir, "--format", "json")
    document = json.loads(out)
    assert len(document["files"]) == JOBS + 3 and document["exit_status"] == status == 2


def test_check_a_clean_batch_exits_zero(tmp_path: Path, capsys, one_core) -> None:
    write_batch(tmp_path, 3, metrics=3)
    status, out, _ = run(capsys, "check", tmp_path)
    assert status == 0, out
    assert run(capsys, "check", tmp_path, "--strict")[0] == 1  # the SDK's blocking flag warns


@pytest.mark.slow
def test_check_in_worker_processes(tmp_path: Path) -> None:
    """As a user runs it: a process of its own, checking in workers on every core."""
    write_batch(tmp_path, 70, metrics=3)
    shutil.copytree(tmp_path / "job-000", tmp_path / "zz-copy")
    (tmp_path / "zz-copy" / "metrics.binproto").write_bytes(b"\x00garbage")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 72
    assert lines[-2].startswith("zz-copy: unreadable")
    assert "71 files: 70 passed, 0 failed, 1 unreadable" in lines[-1]


def test_check_dir_gives_each_job_the_verdict_check_file_gives_it(
    batch_dir: Path, capsys, one_core
) -> None:
    """Every job's entry of ``check DIR`` is what ``check FILE`` says of that file alone:
    the same problems, counts and validity (and the same reason for one that cannot be
    read), and a job's text line names the verdict its own check prints."""
    _, out, _ = run(capsys, "check", batch_dir, "--format", "json")
    entries = json.loads(out)["files"]
    assert len(entries) == JOBS + 3
    _, text, _ = run(capsys, "check", batch_dir)
    lines = text.splitlines()[:-1]  # the last is the total
    assert len(lines) == len(entries)
    for entry, line in zip(entries, lines, strict=True):
        file = Path(entry["path"])
        alone_status, alone, _ = run(capsys, "check", file, "--format", "json")
        (expected,) = json.loads(alone)["files"]
        assert {**entry, "path": ""} == {**expected, "path": ""}, file
        assert (alone_status == 2) == (entry["valid"] is None)
        if entry["valid"] is None:
            assert f": unreadable: {entry['load_error'].removeprefix(f'{file}: ')}" in line
            continue
        _, alone_text, _ = run(capsys, "check", file)
        verdict = alone_text.splitlines()[-1].removeprefix(f"{file}: ")
        assert line.endswith(f": {verdict}"), (line, verdict)
