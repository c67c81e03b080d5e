"""App-wide messages. Workers post these; handlers on the app change state."""

from __future__ import annotations

from textual.message import Message

from tui.model import Document


class DocumentLoaded(Message):
    """A load finished; ``document`` replaces the one on screen in one step."""

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document


class LoadFailed(Message):
    """A load failed; ``reason`` is one sentence. The last good document stays."""

    def __init__(self, reason: str, *, empty: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.empty = empty
