"""A batch folder to job rows: find the metrics files, then read each one lightly."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.formats.metrics1.rows import read_row
from tui.formats.pool import Workers, map_in_processes, start_map
from tui.formats.scan import Found, job_name, scan
from tui.model.batch import JobRow

# A light read costs about a millisecond. Forked workers start in milliseconds; a
# fork server's start (a caller with threads and no ``Workers`` of its own) costs a
# second or more on a busy machine, which only batches far past 1,000 jobs repay.
ROWS_IN_PROCESS_BELOW = 64
ROWS_IN_PROCESS_BELOW_SLOW_START = 5_000


def read_rows(
    root: Path, files: Sequence[Path], pool: Workers | None = None
) -> Iterator[list[JobRow]]:
    """Rows of ``files`` (under ``root``), in order, a chunk at a time."""
    items = [(file, job_name(root, file)) for file in files]
    forks = pool is not None or threading.active_count() == 1
    below = ROWS_IN_PROCESS_BELOW if forks else ROWS_IN_PROCESS_BELOW_SLOW_START
    return map_in_processes(_row, items, in_process_below=below, pool=pool)


@dataclass
class Reading:
    """A batch whose rows the workers are reading: what was found, and the rows to come."""

    found: Found
    chunks: Iterator[list[JobRow]]


def start_reading(root: Path, pool: Workers) -> Reading:
    """Find the jobs and hand their rows to ``pool`` now (the app does this before the
    interface starts, so the rows are read while it does)."""
    found = scan(root)
    items = [(file, job_name(root, file)) for file in found.files]
    return Reading(found, start_map(_row, items, pool))


def read_batch(root: Path) -> tuple[Found, list[JobRow]]:
    """Everything at once, for the command line: what was found and every row."""
    found = scan(root)
    rows = [row for chunk in read_rows(root, found.files) for row in chunk]
    return found, rows


def _row(item: tuple[Path, str]) -> JobRow:
    return read_row(*item)
