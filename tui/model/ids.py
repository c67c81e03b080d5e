"""Ids as the file writes them, compared by UUID value.

The SDK writes UUIDs in any form ``uuid.UUID()`` accepts (dashed, bare hex,
braced, ``urn:uuid:``), so two spellings of one id must be the same key. An id
that does not parse keeps its raw text as the key: it still resolves against
an identical spelling, and the problem is recorded elsewhere.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

# The form ``str(uuid.UUID(...))`` gives, and the SDK writes: such an id is its own
# canonical spelling, known without parsing (a file of 20k metrics holds 100k ids).
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")


@dataclass(frozen=True, slots=True)
class Id:
    """An id from the file: its raw text and, when it parses, its canonical spelling."""

    raw: str
    canonical: str | None  # str(uuid.UUID(raw)) when raw parses, else None

    @classmethod
    def parse(cls, raw: str) -> Id:
        if raw and _CANONICAL.match(raw):
            return cls(raw, raw)
        try:
            value = uuid.UUID(raw) if raw else None
        except (ValueError, TypeError):
            value = None
        return cls(raw, None if value is None else str(value))

    @property
    def value(self) -> uuid.UUID | None:
        """The UUID, when the raw text parses."""
        return uuid.UUID(self.canonical) if self.canonical is not None else None

    @property
    def key(self) -> str:
        """What two ids are compared by: the canonical spelling when it parses, else the
        raw text (which then cannot look like any canonical spelling)."""
        return self.canonical if self.canonical is not None else self.raw

    @property
    def valid(self) -> bool:
        return self.canonical is not None

    def __str__(self) -> str:
        return self.key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Id) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def id_key(raw: str) -> str:
    """``Id.parse(raw).key`` without making an Id (for columns of a million ids)."""
    return raw if _CANONICAL.match(raw) else Id.parse(raw).key


def canonical(raw: str) -> str | None:
    """``Id.parse(raw).canonical`` without making an Id: None when ``raw`` is no UUID."""
    return raw if _CANONICAL.match(raw) else Id.parse(raw).canonical


def id_of(message: object) -> Id:
    """The Id inside a ``*Id`` wrapper message (``wrapper.id.data``) or a bare UUID message."""
    inner = getattr(message, "id", message)
    return Id.parse(getattr(inner, "data", ""))
