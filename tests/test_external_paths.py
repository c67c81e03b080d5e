"""External files are opened once, safely: swaps after load, FIFOs and loops are refused.

Each test writes a real job with the official SDK, loads it, then changes the
disk under it the way an attacker (or a careless build) would.
"""

from __future__ import annotations

import contextlib
import io
import os
import threading
import uuid
from pathlib import Path

import pytest
from resim.metrics.python.metrics import ExternalFileMetricsData
from resim.metrics.python.metrics_writer import ResimMetricsWriter

from tests.sdk_jobs import MEDIUM, PASSED, png_bytes
from tui.cli import main
from tui.formats import load
from tui.model import Data
from tui.model.paths import ExternalFile, Refused, read_external, resolve_external

SECRET = b"\x89PNG\r\n\x1a\nsecret outside the outputs directory"


def _job(folder: Path, image: str = "imgs/plot.png") -> Path:
    """An outputs directory with one image metric whose file is ``image``."""
    folder.mkdir(parents=True)
    (folder / image).parent.mkdir(parents=True, exist_ok=True)
    (folder / image).write_bytes(png_bytes())
    writer = ResimMetricsWriter(uuid.uuid4())
    data = ExternalFileMetricsData("plot image", image)
    writer.add_image_metric("Plot").with_image_data(data).with_status(PASSED).with_importance(
        MEDIUM
    )
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return folder


def _file(folder: Path) -> ExternalFile:
    doc = load(folder)
    found = [d.file for d in doc.data if isinstance(d, Data) and d.file is not None]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    place = tmp_path / "outside"
    place.mkdir()
    (place / "plot.png").write_bytes(SECRET)
    return place


def test_a_loaded_file_reads(tmp_path: Path) -> None:
    ref = _file(_job(tmp_path / "job"))
    assert ref.ok and read_external(ref) == png_bytes()


def test_file_swapped_for_a_symlink_after_load_is_refused(tmp_path: Path, outside: Path) -> None:
    job = _job(tmp_path / "job")
    ref = _file(job)
    assert ref.ok
    (job / "imgs" / "plot.png").unlink()
    (job / "imgs" / "plot.png").symlink_to(outside / "plot.png")
    with pytest.raises(Refused, match="outside"):
        read_external(ref)


def test_folder_swapped_for_a_symlink_after_load_is_refused(tmp_path: Path, outside: Path) -> None:
    job = _job(tmp_path / "job")
    ref = _file(job)
    (job / "imgs" / "plot.png").unlink()
    (job / "imgs").rmdir()
    (job / "imgs").symlink_to(outside)
    with pytest.raises(Refused):
        read_external(ref)


def test_file_swapped_for_a_fifo_never_blocks(tmp_path: Path) -> None:
    job = _job(tmp_path / "job")
    ref = _file(job)
    (job / "imgs" / "plot.png").unlink()
    os.mkfifo(job / "imgs" / "plot.png")
    outcome: list[BaseException | bytes] = []

    def read() -> None:
        try:
            outcome.append(read_external(ref))
        except OSError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert isinstance(outcome[0], OSError) and "not a regular file" in str(outcome[0])
    # Found at load, a FIFO is refused the same way.
    assert _file(job).problem == "not a regular file"


def test_symlinks_inside_are_followed_and_loops_are_a_message(tmp_path: Path) -> None:
    job = _job(tmp_path / "job")
    (job / "link.png").symlink_to("imgs/plot.png")
    (job / "abs.png").symlink_to(job / "imgs" / "plot.png")
    (job / "a").symlink_to("b")
    (job / "b").symlink_to("a")
    (job / "self").symlink_to("self/x")
    assert read_external(resolve_external(job, "link.png")) == png_bytes()
    assert read_external(resolve_external(job, "abs.png")) == png_bytes()
    for name in ("a", "self/x"):
        ref = resolve_external(job, name)
        assert ref.problem == "refused: a symlink loop", (name, ref.problem)


@pytest.mark.parametrize("shape", ["loop", "fifo", "outside"])
def test_commands_say_why_instead_of_a_traceback(tmp_path: Path, outside: Path, shape: str) -> None:
    job = _job(tmp_path / "job")
    target = job / "imgs" / "plot.png"
    target.unlink()
    if shape == "loop":
        target.symlink_to("plot.png")
    elif shape == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(outside / "plot.png")
    for args in (
        ["check", str(job)],
        ["show", str(job)],
        ["export", str(job), "--to", str(tmp_path / "csv")],
        ["export", str(job), "--format", "json", "--to", str(tmp_path / "json")],
    ):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
        text = out.getvalue() + err.getvalue()
        assert code in (0, 1), (args, text)
        assert "Traceback" not in text
        assert "secret" not in text
    written = [p for d in ("csv", "json") for p in (tmp_path / d).rglob("*") if p.is_file()]
    assert written
    assert not any(b"secret" in p.read_bytes() for p in written)
