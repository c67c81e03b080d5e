"""A batch folder, read and followed: workers that post rows to the jobs screen.

First the light rows, a chunk at a time (the screen shows them as they come,
with a count); then the validator's problem counts, which cost more, in
worker processes. While the batch runs, new and rewritten metrics files are
read again as they settle, and an edited ignore file (in the batch or in a folder
above it) counts every job's problems again from what the check found. Nothing
here changes the screen: it posts messages.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from tui.formats.batch import Reading, read_rows
from tui.formats.metrics1.rows import read_row
from tui.formats.pool import Workers
from tui.formats.scan import job_name, scan, wanted
from tui.live import heap, watch
from tui.live.checks import check_file, check_files
from tui.live.reload import wait_settled
from tui.model.batch import JobRow, ProblemCounts
from tui.validate import ignore_file
from tui.validate.formats import FileResult
from tui.validate.rules import canonical

if TYPE_CHECKING:
    from textual.dom import DOMNode


class RowsRead(Message):
    """Rows of the first read; ``done`` of ``total`` files read so far."""

    def __init__(self, rows: list[JobRow], done: int, total: int, notes: list[str]) -> None:
        super().__init__()
        self.rows = rows
        self.done = done
        self.total = total
        self.notes = notes


class ProblemsCounted(Message):
    """The validator's counts for some jobs, by file; ``done`` of ``total`` checked."""

    def __init__(self, counts: dict[Path, ProblemCounts], done: int, total: int) -> None:
        super().__init__()
        self.counts = counts
        self.done = done
        self.total = total


class RowsChanged(Message):
    """Files that appeared or changed while watching (re-read), and files now gone."""

    def __init__(self, rows: list[JobRow], gone: list[Path]) -> None:
        super().__init__()
        self.rows = rows
        self.gone = gone


class IgnoresChanged(Message):
    """An ignore file that may cover the batch's jobs was written, made or removed."""


class CountsReapplied(Message):
    """Jobs' problem counts under the ignore files as they are now, by file."""

    def __init__(self, counts: dict[Path, ProblemCounts]) -> None:
        super().__init__()
        self.counts = counts


def counts_of(file: Path, nearest: ignore_file.Nearest | None = None) -> ProblemCounts | None:
    """A job's counts as ``check DIR`` gives them: its ignore file's rules left out."""
    found = _found(check_file(file))
    return _ignoring(found, file, nearest or ignore_file.Nearest()) if found else None


def _found(result: FileResult) -> ProblemCounts | None:
    """What the check found, before any ignore file; None for a file it could not read."""
    if result.report is None:
        return None
    by_rule = Counter(p.rule for p in result.report.warnings)
    return ProblemCounts(len(result.report.errors), by_rule.total(), tuple(by_rule.items()))


def _ignoring(counts: ProblemCounts, file: Path, nearest: ignore_file.Nearest) -> ProblemCounts:
    # As Report.ignoring reads the rules: either spelling of an id.
    return counts.ignoring({canonical(rule) for rule in nearest.rules(file)})


class BatchLive:
    """Reads ``root``'s jobs for ``target`` (a screen), and follows the folder."""

    def __init__(
        self,
        target: DOMNode,
        root: Path,
        *,
        watch: bool = True,
        poll: bool = False,
        pool: Workers | None = None,
        reading: Reading | None = None,
    ) -> None:
        self.target = target
        self.root = root
        self.watching = watch
        self.poll = poll
        self.pool = pool  # started before the app (see tui.cli.launch), else None
        self.reading = reading  # the first read, begun before the app, else None
        # The ignore files as last read. Counts are made and posted under the lock, and an
        # edit swaps this under it too: counts posted before a swap are on the screen by
        # the time it counts again (messages keep their order), later ones use the new.
        self._nearest = ignore_file.Nearest()
        self._ignores = threading.Lock()

    def start(self) -> None:
        self.target.run_worker(self._read_all, thread=True, group="batch-read", exclusive=True)
        if self.watching:
            self.target.run_worker(self._watch(), group="batch-watch", exclusive=True)
            self.target.run_worker(self._watch_above(), group="batch-ignores", exclusive=True)

    def _read_all(self) -> None:
        worker = get_current_worker()
        reading, self.reading = self.reading, None
        found = reading.found if reading is not None else scan(self.root)
        chunks = (
            reading.chunks if reading is not None else read_rows(self.root, found.files, self.pool)
        )
        total = len(found.files)
        self.target.post_message(RowsRead([], 0, total, found.notes))
        done = 0
        # Rows are tens of thousands of small objects made as they are unpickled, for the
        # life of the screen: with the collector on, its full passes over everything the
        # app holds took as long as the unpickling itself (tui/live/heap.py).
        with heap.loading():
            for chunk in chunks:
                if worker.is_cancelled:
                    return
                done += len(chunk)
                self.target.post_message(RowsRead(chunk, done, total, []))

    def check(self, files: list[Path]) -> None:
        """Count every job's problems, in worker processes (the screen asks once the
        table is drawn: starting workers competes with drawing for the cores)."""
        self.target.run_worker(
            lambda: self._check(files), thread=True, group="batch-check", exclusive=True
        )

    def _check(self, good: list[Path]) -> None:
        worker = get_current_worker()
        checked = 0
        for results in check_files(good, self.pool):
            if worker.is_cancelled:
                return
            checked += len(results)
            found = {Path(r.path): f for r in results if (f := _found(r)) is not None}
            with self._ignores:
                counts = {p: _ignoring(f, p, self._nearest) for p, f in found.items()}
                self.target.post_message(ProblemsCounted(counts, checked, len(good)))

    def recount(self, rows: list[JobRow]) -> None:
        """``rows``' counts under the ignore files as they are now (after IgnoresChanged)."""

        def again() -> None:
            with self._ignores:
                counts = {
                    row.path: _ignoring(row.problems, row.path, self._nearest)
                    for row in rows
                    if row.problems is not None
                }
            self.target.post_message(CountsReapplied(counts))

        self.target.run_worker(again, thread=True, group="batch-recount", exclusive=True)

    def _ignores_changed(self) -> None:
        with self._ignores:
            self._nearest = ignore_file.Nearest()  # every ignore file read again
        self.target.post_message(IgnoresChanged())

    async def _watch(self) -> None:
        # A folder moved in whole (a job's outputs directory) is reported as the folder.
        def relevant(path: Path) -> bool:
            return (
                path.name == ignore_file.NAME or wanted(path) or path.is_dir() or not path.exists()
            )

        async for paths in watch.changes(self.root, relevant, poll=self.poll):
            jobs = {p for p in paths if p.name != ignore_file.NAME}
            if len(jobs) < len(paths):
                self._ignores_changed()
            if jobs:
                self.target.run_worker(
                    lambda jobs=jobs: self._reread(jobs), thread=True, group="batch-reread"
                )

    async def _watch_above(self) -> None:
        """The nearest ignore file may be in a folder above the batch (as for one job's
        outputs, tui/live/session.py): each of those folders, for that one name."""
        above = [p for p in self.root.absolute().parents if p.is_dir()]
        try:
            async for _ in watch.changes(
                above, lambda p: p.name == ignore_file.NAME, poll=self.poll, recursive=False
            ):
                self._ignores_changed()
        except OSError:
            return  # a folder above went away; the batch itself is still watched

    def _reread(self, paths: set[Path]) -> None:
        worker = get_current_worker()
        rows: list[JobRow] = []
        gone: list[Path] = []
        inside = Path(self.root).resolve()
        files: list[Path] = []
        for path in sorted(paths):
            real = path.resolve()
            if inside not in real.parents:
                continue  # a symlink's target changed outside: not ours to read
            # The watcher reports absolute paths; rows are keyed by the path under root.
            under = self.root / real.relative_to(inside)
            if real.is_dir():
                files += scan(under).files
            elif wanted(real):
                files.append(under)
            else:
                gone.append(under)  # a folder removed: every job below it is gone
        for file in files:
            if worker.is_cancelled:
                return
            if wait_settled(file, lambda: worker.is_cancelled) is None:
                gone.append(file)
                continue
            row = read_row(file, job_name(self.root, file))
            if row.error is None:
                row.problems = _found(check_file(file))
            rows.append(row)
        if not (rows or gone):
            return
        with self._ignores:
            for row in rows:
                if row.problems is not None:
                    row.problems = _ignoring(row.problems, row.path, self._nearest)
            self.target.post_message(RowsChanged(rows, gone))
