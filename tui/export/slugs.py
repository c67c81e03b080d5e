"""File names from metric names: readable, safe on every file system, unique.

Names come from the file, so they may hold ``/``, ``..``, control characters,
Windows-reserved characters, a megabyte of text, or only characters a slug
drops (Chinese, emoji). A slug keeps ASCII letters and digits (accents are
stripped, ``Ä`` → ``a``), joins the rest with single dashes, is lowercase (so
names that differ only in case cannot collide on macOS or Windows) and is cut
to a bounded length. ``Namer`` makes every name it hands out unique.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 48
_RUNS = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "metric", max_len: int = MAX_SLUG) -> str:
    """A file-name-safe form of ``text``: ``[a-z0-9-]``, no leading/trailing dash, bounded."""
    # Only the head matters: normalising a 2 MB name to cut it to 48 characters is waste.
    head = unicodedata.normalize("NFKD", text[: max_len * 4])
    ascii_text = head.encode("ascii", "ignore").decode("ascii").lower()
    result = _RUNS.sub("-", ascii_text).strip("-")[:max_len].rstrip("-")
    return result or fallback


class Namer:
    """Hands out file names, never the same one twice (compared case-insensitively)."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._used: set[str] = {name.lower() for name in reserved}

    def take(self, stem: str, suffix: str) -> str:
        """``stem + suffix``, or ``stem-2 + suffix``, ``stem-3 + suffix``... if taken."""
        name = stem + suffix
        count = 1
        while name.lower() in self._used:
            count += 1
            name = f"{stem}-{count}{suffix}"
        self._used.add(name.lower())
        return name
