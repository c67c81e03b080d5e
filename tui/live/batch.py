"""A batch folder, read and followed: workers that post rows to the jobs screen.

First the light rows, a chunk at a time (the screen shows them as they come,
with a count); then the validator's problem counts, which cost more, in
worker processes. While the batch runs, new and rewritten metrics files are
read again as they settle. Nothing here changes the screen: it posts messages.
"""

from __future__ import annotations

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


def counts_of(file: Path, nearest: ignore_file.Nearest | None = None) -> ProblemCounts | None:
    return _counts(check_file(file), nearest or ignore_file.Nearest())


def _counts(result: FileResult, nearest: ignore_file.Nearest) -> ProblemCounts | None:
    """A job's counts as ``check DIR`` gives them: its ignore file's rules left out."""
    if result.report is None:
        return None
    report = result.report.ignoring(nearest.rules(Path(result.path)))
    return ProblemCounts(len(report.errors), len(report.warnings))


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

    def start(self) -> None:
        self.target.run_worker(self._read_all, thread=True, group="batch-read", exclusive=True)
        if self.watching:
            self.target.run_worker(self._watch(), group="batch-watch", exclusive=True)

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
        nearest = ignore_file.Nearest()
        for results in check_files(good, self.pool):
            if worker.is_cancelled:
                return
            counts = {
                Path(r.path): counted
                for r in results
                if (counted := _counts(r, nearest)) is not None
            }
            checked += len(results)
            self.target.post_message(ProblemsCounted(counts, checked, len(good)))

    async def _watch(self) -> None:
        # A folder moved in whole (a job's outputs directory) is reported as the folder.
        def relevant(path: Path) -> bool:
            return wanted(path) or path.is_dir() or not path.exists()

        async for paths in watch.changes(self.root, relevant, poll=self.poll):
            self.target.run_worker(
                lambda paths=paths: self._reread(paths),
                thread=True,
                group="batch-reread",
            )

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
                row.problems = counts_of(file)
            rows.append(row)
        if rows or gone:
            self.target.post_message(RowsChanged(rows, gone))
