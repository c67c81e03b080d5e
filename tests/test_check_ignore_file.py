"""``.resim-tui-ignore``: a project's ignored rules, read by ``check`` and announced."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.cli import main

SAMPLE = ROOT / "samples" / "indexed" / "metrics.binproto"  # writes two warnings


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    out = tmp_path / "project" / "runs" / "out"
    out.mkdir(parents=True)
    shutil.copy(SAMPLE, out / "metrics.binproto")
    return out


def test_without_the_file_strict_fails(outputs: Path, capsys) -> None:
    assert main(["check", "--strict", str(outputs)]) == 1
    assert "ignoring" not in capsys.readouterr().err


def test_a_file_above_the_outputs_silences_its_rules_and_says_so(outputs: Path, capsys) -> None:
    ignore = outputs.parent.parent / ".resim-tui-ignore"
    ignore.write_text("# on purpose\nstatus-vs-failure  # a demo\n\ndata-unreferenced\n")
    assert main(["check", "--strict", str(outputs)]) == 0
    err = capsys.readouterr().err
    assert "ignoring status-vs-failure, data-unreferenced" in err and str(ignore) in err


def test_the_nearest_file_counts(outputs: Path, capsys) -> None:
    (outputs.parent.parent / ".resim-tui-ignore").write_text(
        "status-vs-failure\ndata-unreferenced\n"
    )
    (outputs / ".resim-tui-ignore").write_text("data-unreferenced\n")
    assert main(["check", "--strict", str(outputs / "metrics.binproto")]) == 1
    out = capsys.readouterr().out
    assert "[status-vs-failure]" in out and "[data-unreferenced]" not in out


def test_it_adds_to_ignore_flags(outputs: Path, capsys) -> None:
    (outputs / ".resim-tui-ignore").write_text("data-unreferenced\n")
    args = ["check", "--strict", "--ignore", "status-vs-failure", str(outputs)]
    assert main(args) == 0


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("no-such-rule\n", "no rule 'no-such-rule'"),
        ("unique-metric-ids\n", "only warnings and notes can be ignored"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_a_bad_file_stops_check_naming_it(outputs: Path, capsys, text, why) -> None:
    ignore = outputs / ".resim-tui-ignore"
    if isinstance(text, bytes):
        ignore.write_bytes(text)
    else:
        ignore.write_text(text)
    assert main(["check", str(outputs)]) == 2
    err = capsys.readouterr().err
    assert why in err and str(ignore) in err


def test_check_of_a_batch_honours_each_jobs_file_and_names_it_once(tmp_path: Path, capsys) -> None:
    batch = tmp_path / "project" / "batch"
    for job in ("a", "b", "c"):
        (batch / job).mkdir(parents=True)
        shutil.copy(SAMPLE, batch / job / "metrics.binproto")
    assert main(["check", "--strict", str(batch)]) == 1  # no file yet: both warnings count
    capsys.readouterr()
    ignore = batch.parent / ".resim-tui-ignore"
    ignore.write_text("status-vs-failure\n")
    (batch / "c" / ".resim-tui-ignore").write_text("data-unreferenced\n")
    assert main(["check", "--strict", str(batch)]) == 1  # each job keeps the rule it did not name
    out, err = capsys.readouterr()
    assert f"ignoring status-vs-failure in 2 jobs ({ignore})" in err
    assert f"ignoring data-unreferenced in 1 job ({batch / 'c' / '.resim-tui-ignore'})" in err
    verdicts = {line.split(":")[0]: line for line in out.splitlines()}
    assert "1 warning" in verdicts["a"] and "1 warning" in verdicts["c"], out
    ignore.write_text("status-vs-failure\ndata-unreferenced\n")
    (batch / "c" / ".resim-tui-ignore").unlink()
    assert main(["check", "--strict", str(batch)]) == 0
    assert "in 3 jobs" in capsys.readouterr().err


def test_check_of_a_batch_refuses_a_file_that_names_an_error(tmp_path: Path, capsys) -> None:
    batch = tmp_path / "batch"
    for job in ("a", "b"):
        (batch / job).mkdir(parents=True)
        shutil.copy(SAMPLE, batch / job / "metrics.binproto")
    (batch / ".resim-tui-ignore").write_text("scalar-value\n")
    assert main(["check", str(batch)]) == 2
    assert "only warnings and notes can be ignored" in capsys.readouterr().err


def test_a_batchs_jobs_table_counts_what_check_dir_counts(tmp_path: Path) -> None:
    from tui.live.batch import counts_of

    batch = tmp_path / "batch"
    for job in ("a", "b"):
        (batch / job).mkdir(parents=True)
        shutil.copy(SAMPLE, batch / job / "metrics.binproto")
    (batch / "b" / ".resim-tui-ignore").write_text("status-vs-failure\ndata-unreferenced\n")
    a, b = (counts_of(batch / job / "metrics.binproto") for job in ("a", "b"))
    assert a is not None and b is not None
    assert (a.errors, a.warnings) == (0, 2) and (b.errors, b.warnings) == (0, 0)
