"""Counts in words: ``1 error``, ``2 errors``, ``1 category``, ``3 categories``."""

from __future__ import annotations


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``n`` (``1,234``) and ``noun``, in the plural unless ``n`` is 1 (``many`` if irregular)."""
    if n == 1:
        return f"1 {noun}"
    return f"{n:,} {many or _regular(noun)}"


def _regular(noun: str) -> str:
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"
