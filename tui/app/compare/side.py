"""Side A of ``resim-tui A B``: loaded, and watched, beside the app's own file (side B).

It runs its own Live, bound to this widget, so A's workers and messages never mix
with B's: each message from A's Live stops here and goes on as ``Loaded`` or
``Failed``.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.message import Message
from textual.widget import Widget

from tui.formats import load
from tui.live.messages import DocumentLoaded, FileGone, FilesChanged, LoadFailed, Writing
from tui.live.session import Live
from tui.model import Document, LoadError


class BaselineSide(Widget):
    """Loads ``path`` (side A) now and, with ``watch``, again whenever it changes."""

    DEFAULT_CSS = "BaselineSide { display: none; }"

    class Loaded(Message):
        def __init__(self, document: Document) -> None:
            super().__init__()
            self.document = document

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, path: Path, *, watch: bool, poll: bool, first: Document | None) -> None:
        super().__init__()
        self.path = path
        # Not ``self.watch``: that is DOMNode.watch(), which Textual and widgets call.
        self.follow = watch
        self._first = first
        self.live = Live(self, path, poll=poll)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        if self.follow:
            self.live.start()
        if self._first is not None:
            self.post_message(self.Loaded(self._first))
            self._first = None
        else:
            self._load()

    @work(thread=True, exclusive=True, group="load", description="load side A")
    def _load(self) -> None:
        try:
            document = load(self.path, measure=True)
        except LoadError as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(document))

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        message.stop()
        message.painted.set()  # nothing of side A is drawn from it
        if not message.partial:  # a first view is no baseline: the whole file follows
            self.post_message(self.Loaded(message.document))

    def on_load_failed(self, message: LoadFailed) -> None:
        message.stop()
        self.post_message(self.Failed(message.reason))

    def on_writing(self, message: Writing) -> None:
        message.stop()

    def on_file_gone(self, message: FileGone) -> None:
        message.stop()
        self.post_message(self.Failed(f"{self.path.name} is gone"))

    def on_files_changed(self, message: FilesChanged) -> None:
        message.stop()
        if any(p.name == self.path.name for p in message.paths):
            self.live.reload()
