"""App-wide messages. Workers post these; handlers on the app change state."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from tui.model import Document
from tui.validate.ignore_file import Applied


class DocumentLoaded(Message):
    """A load finished; ``document`` replaces the one on screen in one step.

    ``partial``: a first view that the full load replaces: the outline of a large
    directory, or an append's rows shown before its metrics are computed again.
    ``painted`` is set once the handler's screen is drawn (or the message is dropped):
    the worker that posted a first view waits for it before it goes on, so that the UI
    thread draws it without sharing the interpreter with the rest of the load."""

    def __init__(
        self, document: Document, *, reloaded: bool = False, partial: bool = False
    ) -> None:
        super().__init__()
        self.document = document
        self.reloaded = reloaded
        self.partial = partial
        self.painted = threading.Event()


PAINT_WAIT = 1.0  # seconds a worker waits at most for its first view to be drawn


def post_first_view(
    post: Callable[[Message], object], message: DocumentLoaded, cancelled: Callable[[], bool]
) -> None:
    """Post ``message`` and wait until its view is drawn, a newer load replaces this
    one, or ``PAINT_WAIT`` passes, whichever is first."""
    post(message)
    deadline = time.monotonic() + PAINT_WAIT
    while not message.painted.wait(0.02) and not cancelled() and time.monotonic() < deadline:
        pass


class LoadFailed(Message):
    """A load failed; ``reason`` is one sentence. The last good document stays."""

    def __init__(self, reason: str, *, empty: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.empty = empty


class FilesChanged(Message):
    """The watcher saw these paths change (the metrics file, or files beside it)."""

    def __init__(self, paths: set[Path]) -> None:
        super().__init__()
        self.paths = paths


class Writing(Message):
    """The file is being written: what was read is not trusted yet."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class FileGone(Message):
    """The metrics file disappeared; the last view stays until it comes back."""


class RunStarted(Message):
    """The --run command started."""


class RunOutput(Message):
    """Lines the --run command printed since the last, and how many were dropped unseen."""

    def __init__(self, lines: list[str], dropped: int = 0) -> None:
        super().__init__()
        self.lines = lines
        self.dropped = dropped


class RunExited(Message):
    """The --run command ended with ``code`` after ``seconds``; ``stopped`` when it was
    stopped because a newer save started a newer run (not a failure)."""

    def __init__(self, code: int, seconds: float, *, stopped: bool = False) -> None:
        super().__init__()
        self.code = code
        self.seconds = seconds
        self.stopped = stopped


class ReportReady(Message):
    """Validation of ``document`` finished (it runs after the document is on screen)."""

    def __init__(self, document: Document, applied: Applied) -> None:
        super().__init__()
        self.document = document
        self.report = applied.report  # what counts: the project's ignored rules left out
        self.applied = applied
