"""Live reload: the watcher, the reload worker and the --run loop, for one app.

Everything here runs in workers and only posts messages; the app's handlers
change what is on screen. A newer change cancels an older reload (exclusive
worker group), so a burst of writes ends in one load of the final file.
"""

from __future__ import annotations

import asyncio
import fnmatch
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from tui.formats import load
from tui.live import heap, watch
from tui.live.messages import (
    DocumentLoaded,
    FileGone,
    FilesChanged,
    LoadFailed,
    RunExited,
    RunOutput,
    RunStarted,
    Writing,
    post_first_view,
)
from tui.live.reload import suspicion, wait_settled
from tui.live.runner import CommandRunner
from tui.model import Document, LoadError
from tui.validate import ignore_file

if TYPE_CHECKING:
    from textual.app import App

RETRIES = 4  # reads of a file that still looks cut, before showing it as it is
RETRY_DELAY = 0.25

FOLDER_POLL = 0.25  # seconds between looks at whether the outputs directory was replaced

IGNORED_PARTS = {".git", ".venv", "venv", "__pycache__", "node_modules", ".tox", ".mypy_cache"}


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = folder.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


async def _until_replaced(folder: Path, identity: tuple[int, int], replaced: asyncio.Event) -> None:
    """Set ``replaced`` once ``folder`` is gone or another directory (a watch on the old
    inode would see nothing of the new one)."""
    while _identity(folder) == identity:
        await asyncio.sleep(FOLDER_POLL)
    replaced.set()


class Live:
    """Watches ``file``'s folder and reloads it; optionally runs a command on source changes."""

    def __init__(
        self,
        app: App[int],
        file: Path,
        *,
        poll: bool = False,
        command: str | None = None,
        sources: list[str] | None = None,
        prepare: Callable[[Document], object] | None = None,
    ) -> None:
        self.app = app
        # What the view derives from a new document, done here in the worker, not on the UI thread.
        self.prepare = prepare
        self.file = file
        self.poll = poll
        self.sources = sources or ["**/*.py"]
        self._restarting = False  # a run ending now was stopped for a newer one
        self.runner = (
            CommandRunner(
                command,
                on_output=lambda lines, dropped: app.post_message(RunOutput(lines, dropped)),
                on_start=lambda: app.post_message(RunStarted()),
                on_exit=lambda code, secs: app.post_message(
                    RunExited(code, secs, stopped=self._restarting)
                ),
                cwd=Path.cwd(),
            )
            if command
            else None
        )

    def start(self) -> None:
        self.app.run_worker(self._watch_outputs(), group="watch-outputs", exclusive=True)
        self.app.run_worker(self._watch_ignore_files(), group="watch-ignore", exclusive=True)
        self.start_run()

    def start_run(self) -> None:
        """The --run loop alone (a batch watches its outputs itself): the command now
        and on every change of the sources; ``file``'s folder is not a source."""
        if self.runner is not None:
            self.app.run_worker(self._watch_sources(), group="watch-sources", exclusive=True)
            self.app.run_worker(self.runner.run(), group="run", exclusive=True)

    async def stop(self) -> None:
        """Stop the command (the app is closing: its exit is not reported)."""
        if self.runner is not None:
            await self.runner.stop(quiet=True)

    # --- the outputs folder ---------------------------------------------------------

    async def _watch_outputs(self) -> None:
        """Follow the outputs directory by its path, not its inode: deleted and made
        again, or renamed away and replaced, the new one is watched and read."""
        folder = self.file if self.file.is_dir() else self.file.parent
        seen = _identity(folder)
        while True:
            now = _identity(folder)
            if now is None:
                self.app.post_message(FileGone())
                while (now := _identity(folder)) is None:
                    await asyncio.sleep(FOLDER_POLL)
            late = None
            if now != seen:
                self.app.post_message(FilesChanged({self.file}))
                # A file written between this look and the new watch would be missed:
                # look once more when the watch is surely up.
                late = asyncio.get_running_loop().call_later(
                    2 * FOLDER_POLL, self.app.post_message, FilesChanged({self.file})
                )
            seen = now
            replaced = asyncio.Event()
            guard = asyncio.create_task(_until_replaced(folder, now, replaced))
            try:
                async for paths in watch.changes(
                    folder, lambda p: True, poll=self.poll, stop=replaced
                ):
                    self.app.post_message(FilesChanged(paths))
                    # The folder itself went: a watch on it sees nothing more, and the guard
                    # may not notice if a new one takes the freed inode before it looks.
                    # Stopped, not left with break: the watch ends and closes on its own.
                    if folder in paths or folder.absolute() in paths or _identity(folder) != now:
                        replaced.set()
            except OSError:
                await asyncio.sleep(FOLDER_POLL)  # gone between the look and the watch
            finally:
                guard.cancel()
                if late is not None:
                    late.cancel()
            # The watch ends only when the folder went or changed. Whatever is there now is
            # new even if it has the old identity: a folder deleted and made again at once
            # often gets the freed inode number back (the race that made the deleted-folder
            # test flaky), and the file written into it before the next watch was missed.
            seen = None

    async def _watch_ignore_files(self) -> None:
        """A project's ``.resim-tui-ignore`` may be in any folder above the outputs (the
        nearest counts, tui/validate/ignore_file.py): watch each of them, not below
        them, for that one name. The outputs folder's own watch sees the one inside."""
        folder = self.file if self.file.is_dir() else self.file.parent
        above = [p for p in folder.absolute().parents if p.is_dir()]
        try:
            async for paths in watch.changes(
                above, lambda p: p.name == ignore_file.NAME, poll=self.poll, recursive=False
            ):
                self.app.post_message(FilesChanged(paths))
        except OSError:
            return  # a folder above went away; the outputs are still watched

    def reload(self) -> None:
        self.app.run_worker(self._reload, thread=True, exclusive=True, group="load")

    def _show_early(self, document: Document) -> None:
        """A first view while the rest computes: an append's rows (Metrics 2.0), or the
        outline of a file of many metrics. An outline of a file that looks cut is not
        shown: the last good view stays until the whole file is judged."""
        if document.format == "metrics1" and suspicion(document):
            return
        if self.prepare is not None:
            self.prepare(document)
        worker = get_current_worker()
        message = DocumentLoaded(document, reloaded=True, partial=True)
        post_first_view(self.app.post_message, message, lambda: worker.is_cancelled)

    def _reload(self) -> None:
        """Settle, read, judge; retry while the file looks cut; post what came of it."""
        worker = get_current_worker()
        reason = ""
        for attempt in range(RETRIES + 1):
            if worker.is_cancelled:
                return
            signature = wait_settled(self.file, lambda: worker.is_cancelled)
            if worker.is_cancelled:
                return
            if signature is None:
                self.app.post_message(FileGone())
                return
            try:
                with heap.loading():  # a reload's document frozen as the first one is
                    doc = load(
                        self.file,
                        measure=True,
                        stop=lambda: worker.is_cancelled,
                        early=self._show_early,
                    )
            except LoadError as exc:
                if worker.is_cancelled:
                    return
                reason = str(exc)
                if not exc.empty and attempt == RETRIES:
                    break
                self.app.post_message(Writing("empty" if exc.empty else "unreadable so far"))
                time.sleep(RETRY_DELAY)
                continue
            if worker.is_cancelled:
                return  # stopped part way (a newer change is being read): judged by nobody
            doubt = suspicion(doc)
            if doubt and attempt < RETRIES:
                self.app.post_message(Writing(doubt))
                time.sleep(RETRY_DELAY)
                continue
            if self.prepare is not None and not worker.is_cancelled:
                self.prepare(doc)
            if not worker.is_cancelled:
                self.app.post_message(DocumentLoaded(doc, reloaded=True))
            return
        if not worker.is_cancelled:
            self.app.post_message(LoadFailed(reason))

    # --- the watch loop -------------------------------------------------------------

    async def _watch_sources(self) -> None:
        root = Path.cwd()
        outputs = self.file.parent.resolve()

        def wanted(path: Path) -> bool:
            try:
                rel = path.resolve().relative_to(root)
            except ValueError:
                return False
            if outputs in path.resolve().parents or IGNORED_PARTS & set(rel.parts):
                return False
            text = rel.as_posix()
            # fnmatch's * crosses "/", so "**/*.py" needs its prefix dropped for top-level files.
            return any(
                fnmatch.fnmatch(text, g) or fnmatch.fnmatch(text, g.removeprefix("**/"))
                for g in self.sources
            )

        async for _ in watch.changes(root, wanted, poll=self.poll):
            assert self.runner is not None
            self._restarting = True
            try:
                await self.runner.run()
            finally:
                self._restarting = False
