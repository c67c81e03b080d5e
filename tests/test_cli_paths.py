"""Which file the command line opens, and the one-sentence errors when it cannot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.formats import locate
from tui.formats.metrics1 import decode
from tui.model import LoadError

DEMO = ROOT / "tui" / "demo"


def _cli(*args: str, cwd: Path = ROOT):
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def _cli_in_terminal(*args: str) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal (as a user would); returns (status, all output)."""
    import pty
    import select

    leader, follower = pty.openpty()
    _set_size(follower, 40, 120)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=ROOT,
        env=env,
        close_fds=True,
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            proc.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return proc.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")


def test_a_file_opens_itself() -> None:
    assert locate(DEMO / "metrics.binproto") == DEMO / "metrics.binproto"


def test_a_directory_opens_its_metrics_file() -> None:
    assert locate(DEMO) == DEMO / "metrics.binproto"


def test_no_argument_tries_cwd_then_resim_outputs(tmp_path, monkeypatch) -> None:
    outputs = tmp_path / "resim" / "outputs"
    outputs.mkdir(parents=True)
    monkeypatch.setattr(decode, "RESIM_OUTPUTS", outputs)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError, match="give a file or an outputs directory"):
        locate(None)
    (outputs / "metrics.binproto").write_bytes(b"x")
    assert locate(None) == outputs / "metrics.binproto"
    (tmp_path / "metrics.binproto").write_bytes(b"x")
    assert locate(None) == tmp_path / "metrics.binproto"


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "no such file or directory"),
        ("empty_dir", "no metrics.binproto found in"),
        ("dir_as_file", "is a directory, not a file"),
        ("zero_bytes", "the file is empty — still being written?"),
        ("garbage", "not a metrics file"),
        ("gzip", "gzip"),
    ],
)
def test_unusable_paths_give_one_sentence_and_status_2(
    tmp_path: Path, setup: str, expected: str
) -> None:
    target = tmp_path / "out"
    if setup == "empty_dir":
        target.mkdir()
    elif setup == "dir_as_file":
        (target / "metrics.binproto").mkdir(parents=True)
    elif setup == "zero_bytes":
        target.write_bytes(b"")
    elif setup == "garbage":
        target.write_bytes(os.urandom(2048))
    elif setup == "gzip":
        import gzip

        target.write_bytes(gzip.compress((DEMO / "metrics.binproto").read_bytes()))
    # An empty file is only an error when not watching (watching, the app waits for it).
    extra = ["--no-watch"] if setup == "zero_bytes" else []
    status, output = _cli_in_terminal(str(target), *extra)
    assert status == 2
    last = output.strip().splitlines()[-1]
    assert "resim-tui: " in last
    assert expected in last
    assert "Traceback" not in output


def test_not_a_terminal_suggests_show() -> None:
    result = _cli(str(DEMO))
    assert result.returncode == 2
    assert "resim-tui show" in result.stderr


def test_version_and_help() -> None:
    assert _cli("--version").stdout.startswith("resim-tui ")
    help_text = _cli("--help").stdout
    assert "examples:" in help_text
    assert "--demo" in help_text


def _set_size(fd: int, rows: int, columns: int) -> None:
    """Give the pseudo-terminal a size, as a terminal emulator would."""
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, columns * 8, rows * 16))
