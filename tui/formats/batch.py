"""A batch folder to job rows: find the metrics files, then read each one lightly."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tui.formats.metrics1.rows import read_row
from tui.formats.pool import map_in_processes
from tui.formats.scan import Found, job_name, scan
from tui.model.batch import JobRow


def read_rows(root: Path, files: Sequence[Path]) -> Iterator[list[JobRow]]:
    """Rows of ``files`` (under ``root``), in order, a chunk at a time."""
    return map_in_processes(_row, [(file, job_name(root, file)) for file in files])


def read_batch(root: Path) -> tuple[Found, list[JobRow]]:
    """Everything at once, for the command line: what was found and every row."""
    found = scan(root)
    rows = [row for chunk in read_rows(root, found.files) for row in chunk]
    return found, rows


def _row(item: tuple[Path, str]) -> JobRow:
    return read_row(*item)
