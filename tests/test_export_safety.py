"""``resim-tui export`` on hostile input and hostile directories: safe names, nothing outside DIR.

Bad corpus cases that load must export without a crash, write only plain
file names inside DIR, and keep terminal control characters out of every
file. Slugs stay safe and unique whatever the names. Files that no export
wrote are never overwritten without --force.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BAD, bad_cases, needs
from tests.sdk_jobs import write_job
from tui.export.slugs import MAX_SLUG, Namer, slug
from tui.formats import load
from tui.model import LoadError

SAFE_NAME = re.compile(
    r"^(\d+-[a-z0-9-]+(--[a-z0-9-]+)?(-\d+)?\.(csv|md|json)|metrics\.(csv|json)|series\.csv)$"
)
CONTROL = re.compile(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def _export(path: Path, out: Path | str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "export", str(path), "--to", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _loadable(case: dict) -> bool:
    try:
        load(BAD / case["path"])
    except LoadError:
        return False
    return True


LOADABLE = [c for c in bad_cases() if _loadable(c)]
UNLOADABLE = [c for c in bad_cases() if not _loadable(c)]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


@pytest.mark.slow
@pytest.mark.parametrize("case", needs(LOADABLE, "bad corpus"), ids=lambda c: c and c["name"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_bad_case_exports_safely(case: dict, fmt: str, tmp_path: Path) -> None:
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    (sandbox / "neighbour.txt").write_text("keep me")
    out = sandbox / "out"
    result = _export(BAD / case["path"], out, "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # Nothing outside DIR: the sandbox holds exactly what it held, plus DIR.
    assert {p for p in _tree(sandbox) if not p.startswith("out")} == {"neighbour.txt"}
    assert (sandbox / "neighbour.txt").read_text() == "keep me"
    names = [p.name for p in out.iterdir() if p.name != ".resim-tui-export.json"]
    assert all(p.is_file() and not p.is_symlink() for p in out.iterdir())
    for name in names:
        assert SAFE_NAME.match(name), name
        body = (out / name).read_bytes()
        assert not CONTROL.search(body), name  # no terminal controls in any file
        assert b"\x1b" not in body
    if fmt == "json":
        json.loads((out / "metrics.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize("case", needs(UNLOADABLE, "bad corpus"), ids=lambda c: c and c["name"])
def test_unreadable_file_exits_2_and_writes_nothing(case: dict, tmp_path: Path) -> None:
    result = _export(BAD / case["path"], tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.startswith("resim-tui export: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/abs/path",
        "..",
        ".",
        "",
        "a\x00b\x1b[2J\x9bc",
        "CON",
        "名前",
        "🙂🙂",
        "x" * 100_000,
        "\u202eevil\u202c.exe",
        "Speed / Time: 100% [m/s]",
        "tab\tnew\nline",
    ],
)
def test_slugs_are_safe(name: str) -> None:
    made = slug(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", made), made
    assert 0 < len(made) <= MAX_SLUG
    assert ".." not in made and "/" not in made


def test_names_stay_unique() -> None:
    namer = Namer(reserved=("metrics.csv",))
    names = [
        namer.take(slug(n), ".csv") for n in ["Speed", "speed", "SPEED!", "Speed?", "名前", "🙂"]
    ]
    assert len(set(names)) == len(names)
    assert names[:4] == ["speed.csv", "speed-2.csv", "speed-3.csv", "speed-4.csv"]
    assert namer.take("metrics", ".csv") == "metrics-2.csv"


@pytest.fixture
def job(tmp_path: Path) -> Path:
    folder = tmp_path / "job"
    folder.mkdir()
    write_job(folder)
    return folder


@pytest.mark.slow
def test_refuses_to_overwrite_foreign_files_unless_forced(job: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "metrics.csv").write_text("mine")
    refused = _export(job, out)
    assert refused.returncode == 1
    assert "metrics.csv" in refused.stderr and "--force" in refused.stderr
    assert (out / "metrics.csv").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["metrics.csv"]  # nothing written
    forced = _export(job, out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / "metrics.csv").read_text().startswith("position,name,")


@pytest.mark.slow
def test_exporting_again_updates_its_own_files(job: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _export(job, out).returncode == 0
    again = _export(job, out)
    assert again.returncode == 0, again.stderr
    assert _export(job, out, "--format", "json").returncode == 0
    manifest = json.loads((out / ".resim-tui-export.json").read_text())
    assert "metrics.json" in manifest["files"] and "metrics.csv" in manifest["files"]


@pytest.mark.slow
def test_exporting_fewer_metrics_again_removes_the_stale_files(job: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _export(job, out).returncode == 0
    before = {p.name for p in out.iterdir()}
    (out / "notes.txt").write_text("mine")  # never ours: must survive
    first = load(job).display_order[0].name
    assert _export(job, out, "--metric", first).returncode == 0
    after = {p.name for p in out.iterdir()}
    assert "notes.txt" in after
    assert after - {"notes.txt"} < before  # only the one metric's files and the indexes
    listed = json.loads((out / ".resim-tui-export.json").read_text())["files"]
    assert set(listed) == after - {"notes.txt", ".resim-tui-export.json"}


@pytest.mark.slow
def test_planted_symlink_is_replaced_not_followed(job: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = tmp_path / "outside.txt"
    target.write_text("precious")
    os.symlink(target, out / "metrics.csv")
    assert _export(job, out).returncode == 1  # not ours: refused
    assert _export(job, out, "--force").returncode == 0
    assert target.read_text() == "precious"
    assert not (out / "metrics.csv").is_symlink()


@pytest.mark.slow
def test_write_errors_exit_1(job: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = _export(job, blocker)
    assert result.returncode == 1
    assert "not a directory" in result.stderr
    nested = _export(job, blocker / "sub")
    assert nested.returncode == 1
    assert "Traceback" not in nested.stderr


@pytest.mark.slow
def test_metric_filter_and_unknown_names(job: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    assert _export(job, full).returncode == 0
    rows = (full / "metrics.csv").read_text().splitlines()[1:]
    first = rows[0].split(",")[1]
    some = tmp_path / "some"
    assert _export(job, some, "--metric", first).returncode == 0
    picked = (some / "metrics.csv").read_text().splitlines()[1:]
    assert [r.split(",")[1] for r in picked] == [first]
    assert picked[0] == rows[0]  # same position, same file names as in the full export
    unknown = _export(job, tmp_path / "none", "--metric", first + "x")
    assert unknown.returncode == 2
    assert "close matches" in unknown.stderr


@pytest.mark.slow
def test_json_to_stdout(job: Path) -> None:
    result = _export(job, "-", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "resim-tui-export/1"
    csv_to_stdout = _export(job, "-")
    assert csv_to_stdout.returncode == 2
    assert "--format json" in csv_to_stdout.stderr


@pytest.mark.slow
def test_json_to_a_closed_pipe(job: Path) -> None:
    """``export --to - | head -c 10``: no traceback when the reader leaves early."""
    command = (
        f"{sys.executable} -m tui export {job} --format json --to - | head -c 10 >/dev/null; "
        "exit ${PIPESTATUS[0]}"
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_help_reads_like_a_man_page() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "export", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for part in ("metrics.csv", "series.csv", "t_seconds", "--force", "exit status", "examples"):
        assert part in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


@pytest.mark.slow
def test_export_package_has_no_ui() -> None:
    """tui/export is pure logic: no Textual, Rich or plotext (it runs in CI with no terminal)."""
    code = "import sys, tui.export; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    loaded = {name.split(".")[0] for name in out.stdout.split()}
    assert not loaded & {"textual", "rich", "plotext"}


def _run_export(path: Path, to: str, *extra: str) -> tuple[int, str]:
    import argparse
    import io

    from tui.cli.commands import export as command

    parser = argparse.ArgumentParser()
    command.configure(parser)
    args = parser.parse_args([str(path), "--to", to, *extra])
    out, err = io.StringIO(), io.StringIO()
    return command.run(args, out, err), err.getvalue()


@pytest.mark.parametrize("to", ["", "   "])
def test_an_empty_to_is_refused_not_the_current_directory(
    job: Path, tmp_path: Path, monkeypatch, to: str
) -> None:
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    code, err = _run_export(job, to)
    assert code == 2 and "--to is empty" in err and "Traceback" not in err
    assert list(here.iterdir()) == []


def test_a_planted_manifest_cannot_make_export_remove_a_file(job: Path, tmp_path: Path) -> None:
    # Both shapes a planter can write: names only (the old format), and made-up identities.
    for i, shape in enumerate(("names", "identities")):
        out = tmp_path / f"out{i}"
        out.mkdir()
        (out / "precious.txt").write_text("mine")
        info = os.lstat(out / "precious.txt")
        files: object = ["precious.txt"]
        if shape == "identities":
            files = {"precious.txt": [info.st_ino + 1, info.st_size, info.st_mtime_ns]}
        body = {"written_by": "resim-tui export", "files": files}
        (out / ".resim-tui-export.json").write_text(json.dumps(body))
        code, err = _run_export(job, str(out))  # export prunes what it no longer writes
        assert code == 0, err
        assert (out / "precious.txt").read_text() == "mine"
        listed = json.loads((out / ".resim-tui-export.json").read_text())["files"]
        assert "precious.txt" not in listed


def test_a_manifest_symlink_is_not_followed(job: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside.json"
    outside.write_text(json.dumps({"written_by": "resim-tui export", "files": ["x.txt"]}))
    (out / "x.txt").write_text("mine")
    os.symlink(outside, out / ".resim-tui-export.json")
    code, err = _run_export(job, str(out))
    assert code == 1 and ".resim-tui-export.json" in err  # not ours: refused, untouched
    assert (out / "x.txt").read_text() == "mine"
    assert code == 1 and outside.read_text().startswith('{"written_by"')
    code, err = _run_export(job, str(out), "--force")
    assert code == 0, err
    assert not (out / ".resim-tui-export.json").is_symlink()
    assert (out / "x.txt").read_text() == "mine"
    assert "x.txt" in json.loads(outside.read_text())["files"]  # the outside file unchanged


def test_a_file_changed_since_export_is_not_overwritten(job: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run_export(job, str(out))[0] == 0
    (out / "metrics.csv").write_text("edited by hand")
    code, err = _run_export(job, str(out))
    assert code == 1 and "changed since" in err
    assert (out / "metrics.csv").read_text() == "edited by hand"
