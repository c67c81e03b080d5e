"""A batch folder to job rows: find the metrics files, then read each one lightly."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tui.formats.metrics1.rows import read_row
from tui.formats.pool import map_in_processes
from tui.formats.scan import Found, job_name, scan
from tui.model.batch import JobRow

# A light read costs about a millisecond; a worker's start costs a second or more on
# a busy machine. Only batches far past the benchmark's 1,000 jobs gain from workers.
ROWS_IN_PROCESS_BELOW = 5_000


def read_rows(root: Path, files: Sequence[Path]) -> Iterator[list[JobRow]]:
    """Rows of ``files`` (under ``root``), in order, a chunk at a time."""
    items = [(file, job_name(root, file)) for file in files]
    return map_in_processes(_row, items, in_process_below=ROWS_IN_PROCESS_BELOW)


def read_batch(root: Path) -> tuple[Found, list[JobRow]]:
    """Everything at once, for the command line: what was found and every row."""
    found = scan(root)
    rows = [row for chunk in read_rows(root, found.files) for row in chunk]
    return found, rows


def _row(item: tuple[Path, str]) -> JobRow:
    return read_row(*item)
