"""Pairing by name: ids change every run, names are what a user keeps stable.

Items with the same name are paired by their position among equals (the
second "Speed" of A with the second "Speed" of B), and each such repeat is
reported, since the pairing is then a guess the user should know about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pair(Generic[T]):
    """``key`` is the name, with ``#n`` for the n-th repeat (n ≥ 2)."""

    key: str
    a: T | None
    b: T | None
    rank_a: int = -1  # where ``a`` stood on its side, for order comparisons


def keyed(items: Iterable[T], name: Callable[[T], str]) -> tuple[dict[str, T], list[str]]:
    """Items by key (name, then name#2, name#3 for repeats), and the names that repeat."""
    out: dict[str, T] = {}
    seen: dict[str, int] = {}
    for item in items:
        base = name(item)
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base}#{seen[base]}"
        while key in out:  # a name that itself ends in "#2"
            key += "'"
        out[key] = item
    return out, [base for base, count in seen.items() if count > 1]


def pair(
    a: Iterable[T], b: Iterable[T], name: Callable[[T], str]
) -> tuple[list[Pair[T]], list[str], list[str]]:
    """Pairs in B's order, then A's leftovers; and the repeated names of A and of B."""
    left, repeats_a = keyed(a, name)
    right, repeats_b = keyed(b, name)
    rank = {key: i for i, key in enumerate(left)}
    pairs = [Pair(key, left.get(key), item, rank.get(key, -1)) for key, item in right.items()]
    pairs += [Pair(key, item, None, rank[key]) for key, item in left.items() if key not in right]
    return pairs, repeats_a, repeats_b
