"""App-wide messages. Workers post these; handlers on the app change state."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from tui.model import Document
from tui.validate.ignore_file import Applied


class DocumentLoaded(Message):
    """A load finished; ``document`` replaces the one on screen in one step.

    ``partial``: a first view that the full load replaces: the outline of a large
    directory, or an append's rows shown before its metrics are computed again."""

    def __init__(
        self, document: Document, *, reloaded: bool = False, partial: bool = False
    ) -> None:
        super().__init__()
        self.document = document
        self.reloaded = reloaded
        self.partial = partial


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
