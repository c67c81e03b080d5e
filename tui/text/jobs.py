"""A batch's rows as the short strings every view shows: the jobs table's columns.

The same columns in the viewer's jobs screen and in ``resim-tui show DIR``;
every string from a file (job names are folder names, metric names come from
the file) passes through ``printable``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tui.model.batch import BLOCK, WARN, JobRow, MetricCell
from tui.text.formatting import number
from tui.text.glyphs import status_look
from tui.text.safe import printable

NAME_LEN = 60
BLOCKING_LEN = 40


def status_text(row: JobRow, *, ascii_only: bool = False) -> str:
    if row.error is not None:
        return ("E" if ascii_only else "⚠") + " UNREADABLE"
    if row.status is None:
        return "? NO_STATUS"
    look = status_look(row.status)
    return f"{look.ascii if ascii_only else look.glyph} {look.word}"


def blocking_text(row: JobRow) -> str:
    """The blocking failures by name: ``Min distance``, ``Min distance +2``."""
    if row.error is not None:
        return printable(row.error, 80)
    names = [c.name for c in row.blocking]
    if not names:
        return ""
    more = f" +{len(names) - 1}" if len(names) > 1 else ""
    return printable(names[0], BLOCKING_LEN) + more


def problems_text(row: JobRow) -> str:
    if row.error is not None:
        return "–"
    if row.problems is None:
        return "…"  # still being checked
    errors, warnings = row.problems.errors, row.problems.warnings
    return f"{errors}E {warnings}W" if errors or warnings else "0"


def size_text(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def time_text(mtime: float) -> str:
    if not mtime:
        return ""
    # Jobs of one batch are written within days of each other: month, day and time do.
    return datetime.fromtimestamp(mtime).strftime("%m-%d %H:%M:%S")


def count_text(row: JobRow, status: object) -> str:
    return "" if row.error is not None else str(row.count(status))  # type: ignore[arg-type]


# (column key, header, cell text); the key is the sort key in tui.model.batch.
COLUMNS: list[tuple[str, str, Callable[[JobRow], str]]] = [
    ("name", "job", lambda r: printable(r.name, NAME_LEN)),
    ("status", "status", status_text),
    ("block", "block", lambda r: count_text(r, BLOCK)),
    ("warn", "warn", lambda r: count_text(r, WARN)),
    ("blocking", "blocking / error", blocking_text),
    ("problems", "problems", problems_text),
    ("size", "size", lambda r: size_text(r.size)),
    ("time", "written", lambda r: time_text(r.mtime)),
]

JOB_ID_COLUMN: tuple[str, str, Callable[[JobRow], str]] = (
    "job_id",
    "job id",
    lambda r: printable(r.job_id or "", 40),
)


def value_text(cell: MetricCell | None) -> str:
    """A metric's value in one job: the number with its unit, or why there is none."""
    if cell is None:
        return "(not in this job)"
    if cell.value is not None:
        unit = f" {printable(cell.unit, 12)}" if cell.unit else ""
        return number(cell.value) + unit
    if cell.note:
        return printable(cell.note, 40)
    return ""


def metric_status_text(cell: MetricCell | None, *, ascii_only: bool = False) -> str:
    if cell is None:
        return ""
    look = status_look(cell.status)
    return f"{look.ascii if ascii_only else look.glyph} {look.word}"


# --- fitting the columns to a width ---------------------------------------------------

GAP = 2  # cells between columns
# What a narrow terminal gives up, in order: ("drop", column) or ("shrink", column, to).
# Name and status are never dropped; the name is shortened last.
_STEPS: tuple[tuple[str, str, int], ...] = (
    ("shrink", "blocking", 40),
    ("shrink", "blocking", 30),
    ("drop", "time", 0),
    ("shrink", "blocking", 24),
    ("shrink", "job_id", 12),
    ("drop", "size", 0),
    ("shrink", "blocking", 12),
    ("drop", "problems", 0),
    ("shrink", "name", 16),
    ("drop", "blocking", 0),
    ("drop", "warn", 0),
    ("drop", "block", 0),
    ("drop", "job_id", 0),
    ("shrink", "name", 4),
)


def fit_columns(natural: list[tuple[str, int]], width: int) -> list[tuple[str, int]]:
    """Columns (key, width) that fit in ``width`` cells, by priority.

    The least needed columns go first (time, then size), long texts are shortened
    (the error / blocking text, the job id), then fewer columns again; the job name
    is shortened last, and it and the status are never dropped.
    """
    columns = dict(natural)

    def over() -> int:
        return sum(columns.values()) + GAP * (len(columns) - 1) - width

    for action, key, least in _STEPS:
        if over() <= 0:
            break
        if key not in columns:
            continue
        if action == "drop":
            del columns[key]
        else:
            columns[key] = max(min(columns[key], least), columns[key] - over())
    # A column dropped later may have left room: the shortened ones take it back.
    natural_width = dict(natural)
    for key in ("blocking", "name", "job_id"):
        if key in columns and over() < 0:
            columns[key] = min(natural_width[key], columns[key] - over())
    return [(key, columns[key]) for key, _ in natural if key in columns]
