"""A batch: many jobs' metrics files under one folder, as rows of a table.

A ``JobRow`` holds only what the jobs table and the metric-across-jobs view
show (job status, every metric's status and, for scalars and double
summaries, its value); a job is read in full only when it is opened. Rows
are built by the light reader in tui.formats; this module sorts, filters
and summarises them, and knows nothing of how they are shown.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import NamedTuple

from tui.model.enums import MetricStatus, MetricType

BLOCK = MetricStatus.FAIL_BLOCK_METRIC_STATUS
WARN = MetricStatus.FAIL_WARN_METRIC_STATUS
_FAILING = frozenset(s for s in MetricStatus if s.failing)


class MetricCell(NamedTuple):
    """One metric of one job: enough for a table cell, nothing of its series.

    A tuple, not a dataclass: a batch's rows cross from the worker processes to the
    app by pickle, tens of thousands of cells a batch, and a tuple is made back in
    one C call where a frozen dataclass sets each field from Python (a 1,000-job
    batch spent half a second of the app's start-up there).
    """

    name: str
    type: MetricType
    status: MetricStatus
    blocking: bool
    value: float | None = None
    unit: str = ""
    in_event: bool = False
    note: str | None = None  # why a double summary has no value

    @property
    def blocks(self) -> bool:
        """Fails in a way that blocks: FAIL_BLOCK, or failing while marked blocking."""
        return self.status == BLOCK or (self.blocking and self.status.failing)


@dataclass(frozen=True, slots=True)
class ProblemCounts:
    """What the validator found in a job (filled in after the rows, it costs more).

    ``warnings`` leaves out the rules the job's ignore file names; ``by_rule`` counts
    every warning's rule before that, so that an edited ignore file is applied again
    without validating the job again (``ignoring``).
    """

    errors: int
    warnings: int
    by_rule: tuple[tuple[str, int], ...] = ()

    def ignoring(self, rules: Collection[str]) -> ProblemCounts:
        """The counts with the warnings of ``rules`` (ids as the checks spell them) left
        out; errors are never ignored."""
        kept = sum(count for rule, count in self.by_rule if rule not in rules)
        return ProblemCounts(self.errors, kept, self.by_rule)

    @property
    def valid(self) -> bool:
        return self.errors == 0


@dataclass(slots=True)
class JobRow:
    """One job of a batch; ``error`` says why its file cannot be used (then no metrics)."""

    path: Path
    name: str
    size: int
    mtime: float
    job_id: str | None = None
    status: MetricStatus | None = None
    metrics: tuple[MetricCell, ...] = ()
    error: str | None = None
    problems: ProblemCounts | None = None
    # Set when a rewrite could not be read: the row is the last good read, this says why.
    stale: str | None = None
    _by_name: dict[str, MetricCell] = field(default_factory=dict, repr=False)
    _counts: Counter[MetricStatus] = field(default_factory=Counter, repr=False)
    _blocking: list[MetricCell] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        # First of a name wins, as a job's metrics are looked up by name across the batch.
        for cell in reversed(self.metrics):
            self._by_name[cell.name] = cell
        # Counted once: the table sorts and draws by these counts many times over.
        self._counts.update(c.status for c in self.metrics)

    def __reduce__(self) -> tuple[object, ...]:
        # Rows cross from the worker processes by pickle: the cells as plain tuples (made
        # back in C, ``_row``), the lookups built again there rather than sent twice.
        cells = tuple(map(tuple, self.metrics))
        fields = (self.path, self.name, self.size, self.mtime, self.job_id, self.status)
        return (_row, (*fields, cells, self.error, self.problems, self.stale))

    def cell(self, name: str) -> MetricCell | None:
        return self._by_name.get(name)

    def count(self, status: MetricStatus) -> int:
        return self._counts[status]

    @property
    def failing(self) -> list[MetricCell]:
        return [c for c in self.metrics if c.status.failing]

    @property
    def blocking(self) -> list[MetricCell]:
        """Failing metrics that block the job."""
        if self._blocking is None:
            # Kept: the table's text and its sort both ask, many times per job. Spelled
            # out (MetricCell.blocks) for the 50,000 cells of a 1,000-job batch.
            self._blocking = [
                c
                for c in self.metrics
                if c.status == BLOCK or (c.blocking and c.status in _FAILING)
            ]
        return self._blocking

    @property
    def status_label(self) -> str:
        if self.error is not None:
            return "UNREADABLE"
        return self.status.label if self.status is not None else "?"


_as_cell = partial(tuple.__new__, MetricCell)


def _row(
    path: Path,
    name: str,
    size: int,
    mtime: float,
    job_id: str | None,
    status: MetricStatus | None,
    cells: tuple[tuple[object, ...], ...],
    error: str | None,
    problems: ProblemCounts | None,
    stale: str | None,
) -> JobRow:
    metrics: tuple[MetricCell, ...] = tuple(map(_as_cell, cells))
    return JobRow(path, name, size, mtime, job_id, status, metrics, error, problems, stale)


# --- sorting --------------------------------------------------------------------

# Worst first when sorted descending: unreadable files, then blocking, warning ...
_STATUS_RANK = {
    MetricStatus.FAIL_BLOCK_METRIC_STATUS: 6,
    MetricStatus.FAIL_WARN_METRIC_STATUS: 5,
    MetricStatus.NO_METRIC_STATUS: 3,
    MetricStatus.NOT_APPLICABLE_METRIC_STATUS: 2,
    MetricStatus.RAW_METRIC_STATUS: 2,
    MetricStatus.PASSED_METRIC_STATUS: 1,
}


def status_rank(row: JobRow) -> int:
    if row.error is not None:
        return 7
    return _STATUS_RANK.get(row.status, 4) if row.status is not None else 3


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``job-2`` before ``job-10``: digit runs compare as numbers."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.split(r"(\d+)", text)
        if part
    )


def _problems_key(row: JobRow) -> tuple[int, int]:
    if row.problems is None:
        return (-1, -1)
    return (row.problems.errors, row.problems.warnings)


SORT_KEYS: dict[str, Callable[[JobRow], object]] = {
    "name": lambda r: natural_key(r.name),
    "status": status_rank,
    "block": lambda r: r.count(BLOCK),
    "warn": lambda r: r.count(WARN),
    "blocking": lambda r: len(r.blocking),
    "problems": _problems_key,
    "size": lambda r: r.size,
    "time": lambda r: r.mtime,
    "job_id": lambda r: r.job_id or "",
}


def sort_rows(
    rows: Iterable[JobRow],
    key: str,
    *,
    descending: bool = False,
    keys: dict[str, Callable[[JobRow], object]] = SORT_KEYS,
) -> list[JobRow]:
    """Sorted by one column (of ``keys``); ties keep name order so the table never shuffles."""
    by_name = sorted(rows, key=lambda r: natural_key(r.name))
    if key == "name":
        return by_name[::-1] if descending else by_name
    return sorted(by_name, key=keys[key], reverse=descending)  # type: ignore[arg-type]


# --- filtering ------------------------------------------------------------------


def matches(row: JobRow, query: str) -> bool:
    """Whether a row passes a filter: every word must match.

    A word matches the job's name, its status (``passed``, ``warn``, ``block``,
    ``unreadable``) or the name of a metric it fails. ``name=``, ``status=`` and
    ``fails=`` prefixes match only that field.
    """
    return all(_word(row, word) for word in query.lower().split())


def _word(row: JobRow, word: str) -> bool:
    field_name, sep, text = word.partition("=")
    if not sep:
        field_name, text = "", word
    checks: dict[str, Callable[[], bool]] = {
        "name": lambda: text in row.name.lower(),
        "status": lambda: text in row.status_label.lower(),
        "fails": lambda: any(text in c.name.lower() for c in row.failing),
    }
    if field_name in checks:
        return checks[field_name]()
    if sep:  # an unknown prefix is part of the text ("a=b" in a job name)
        text = word
    return any(check() for check in checks.values())


def filter_rows(rows: Iterable[JobRow], query: str) -> list[JobRow]:
    return [r for r in rows if matches(r, query)] if query.strip() else list(rows)


# --- one metric across the batch ------------------------------------------------


def metric_names(rows: Iterable[JobRow]) -> list[str]:
    """Every metric name in the batch, in the order the jobs' files first list them."""
    seen: dict[str, None] = {}
    for row in rows:
        for cell in row.metrics:
            seen.setdefault(cell.name)
    return list(seen)


@dataclass(frozen=True, slots=True)
class Across:
    """One metric in every job: the cells (None where a job lacks it) and summaries."""

    name: str
    rows: list[tuple[JobRow, MetricCell | None]]

    @property
    def present(self) -> list[MetricCell]:
        return [c for _, c in self.rows if c is not None]

    @property
    def missing(self) -> list[JobRow]:
        return [r for r, c in self.rows if c is None and r.error is None]

    @property
    def failing(self) -> list[JobRow]:
        return [r for r, c in self.rows if c is not None and c.status.failing]

    def status_counts(self) -> list[tuple[MetricStatus, int]]:
        counts = Counter(c.status for c in self.present)
        return sorted(counts.items(), key=lambda kv: -_STATUS_RANK.get(kv[0], 4))

    @property
    def values(self) -> list[float]:
        return [c.value for c in self.present if c.value is not None and math.isfinite(c.value)]

    @property
    def unit(self) -> str:
        return next((c.unit for c in self.present if c.unit), "")


def across(rows: Sequence[JobRow], name: str) -> Across:
    return Across(name, [(r, r.cell(name)) for r in rows])


def across_sort_keys(name: str) -> dict[str, Callable[[JobRow], object]]:
    """Sort keys for the jobs by one metric: its status (worst last), its value."""

    def status(row: JobRow) -> int:
        cell = row.cell(name)
        return -1 if cell is None else _STATUS_RANK.get(cell.status, 4)

    def value(row: JobRow) -> tuple[int, float]:
        cell = row.cell(name)
        number = cell.value if cell is not None else None
        # No value (or NaN, which compares with nothing) sorts before every number.
        return (0, 0.0) if number is None or math.isnan(number) else (1, number)

    return {"name": SORT_KEYS["name"], "status": status, "value": value}


@dataclass(frozen=True, slots=True)
class Bin:
    low: float
    high: float
    count: int


def histogram(values: Sequence[float], bins: int = 10) -> list[Bin]:
    """Equal-width bins over the finite values; one bin when they are all equal.

    Whole numbers (counts, a level, a number of stops) get bins of whole numbers,
    one per value when at most ``bins`` span them: equal widths over seven values
    would leave empty bins between them that no value could ever fill. Such a
    bin's ``low`` and ``high`` are the first and last value it holds.
    """
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return []
    low, high = min(finite), max(finite)
    if low == high:
        return [Bin(low, high, len(finite))]
    if all(v.is_integer() for v in finite):
        return _whole_bins(finite, low, high, bins)
    width = (high - low) / bins
    counts = [0] * bins
    for v in finite:
        counts[min(int((v - low) / width), bins - 1)] += 1
    return [Bin(low + i * width, low + (i + 1) * width, n) for i, n in enumerate(counts)]


def _whole_bins(finite: list[float], low: float, high: float, bins: int) -> list[Bin]:
    span = int(high - low) + 1  # how many whole numbers from low to high
    width = -(-span // bins)  # the fewest whole numbers per bin that fit ``bins``
    counts = [0] * -(-span // width)
    for v in finite:
        counts[int(v - low) // width] += 1
    return [Bin(low + i * width, low + (i + 1) * width - 1, n) for i, n in enumerate(counts)]


def totals(rows: Iterable[JobRow]) -> Counter[str]:
    """How many jobs have each status label (UNREADABLE included)."""
    # Counted by status first: a label is made once per status, not once per job.
    by_status: Counter[MetricStatus | str | None] = Counter(
        "UNREADABLE" if r.error is not None else r.status for r in rows
    )
    labels: Counter[str] = Counter()
    for status, count in by_status.items():
        if isinstance(status, MetricStatus):
            status = status.label
        labels[status or "?"] += count
    return labels
