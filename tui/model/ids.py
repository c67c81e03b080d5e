"""Ids as the file writes them, compared by UUID value.

The SDK writes UUIDs in any form ``uuid.UUID()`` accepts (dashed, bare hex,
braced, ``urn:uuid:``), so two spellings of one id must be the same key. An id
that does not parse keeps its raw text as the key: it still resolves against
an identical spelling, and the problem is recorded elsewhere.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Id:
    """An id from the file: its raw text and, when it parses, its UUID value."""

    raw: str
    value: uuid.UUID | None

    @classmethod
    def parse(cls, raw: str) -> Id:
        try:
            value = uuid.UUID(raw) if raw else None
        except (ValueError, TypeError):
            value = None
        return cls(raw, value)

    @property
    def key(self) -> uuid.UUID | str:
        """What two ids are compared by: the UUID when it parses, else the text."""
        return self.value if self.value is not None else self.raw

    @property
    def valid(self) -> bool:
        return self.value is not None

    def __str__(self) -> str:
        return str(self.value) if self.value is not None else self.raw

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Id) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def id_of(message: object) -> Id:
    """The Id inside a ``*Id`` wrapper message (``wrapper.id.data``) or a bare UUID message."""
    inner = getattr(message, "id", message)
    return Id.parse(getattr(inner, "data", ""))
