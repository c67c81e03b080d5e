"""The one exception a reader raises."""

from __future__ import annotations


class LoadError(Exception):
    """A metrics file could not be read; the message is one sentence for the user."""

    def __init__(self, message: str, *, empty: bool = False) -> None:
        super().__init__(message)
        self.empty = empty
