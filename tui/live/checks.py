"""Checking every job of a batch, in worker processes: one result per file.

Here, not in tui.validate, because it reads the files (validate sees only the model).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tui.formats import load
from tui.formats.pool import Workers, map_in_processes
from tui.model import LoadError
from tui.validate import validate
from tui.validate.formats import FileResult


def check_file(path: Path) -> FileResult:
    """Load and validate one file; a file that cannot be read becomes a load error."""
    try:
        doc = load(path)
    except LoadError as exc:
        return FileResult(str(path), load_error=str(exc))
    return FileResult(str(path), report=validate(doc))


# A check costs tens of milliseconds a job: tasks of a few jobs keep the last one short,
# so that no core waits long for the other at the end (32 a task left one idle for up
# to 0.6 s of a 1,000-job check).
CHECK_CHUNK = 8


def check_files(files: Sequence[Path], pool: Workers | None = None) -> Iterator[list[FileResult]]:
    """``check_file`` over ``files``, in order, a chunk at a time (processes for many)."""
    return map_in_processes(
        check_file, list(files), in_process_below=8, pool=pool, per_task=CHECK_CHUNK
    )
