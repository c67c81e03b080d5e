"""Substring search over many short texts at once: a filter box over 20,000 names.

The texts are encoded to UTF-8 once and joined, with a separator, into one byte
array; a needle is then found with a few vectorised numpy passes over that array
and each hit is mapped back to the text it falls in. A keystroke so costs a few
passes over bytes in C, not a Python step per text. UTF-8 is self-synchronising: a
needle's bytes occur in a text's bytes exactly where the needle occurs in the text.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

SEP = "\0"  # no typed needle holds it, so no match spans two texts


class Haystack:
    """``texts`` (already in the case they are searched in), searchable all at once.

    A text may hold ``SEP`` between its own fields: a needle (which never holds it)
    then matches within one field, never across two."""

    __slots__ = ("_bytes", "_starts", "count")

    def __init__(self, texts: Sequence[str]) -> None:
        self.count = len(texts)
        text = SEP.join(texts)
        joined = _encode(text)
        self._bytes = np.frombuffer(joined, dtype=np.uint8)
        # All ASCII (the usual case): a character is a byte, no text needs encoding alone.
        sizes = map(len, texts) if len(joined) == len(text) else (len(_encode(t)) for t in texts)
        lengths = np.fromiter(sizes, dtype=np.int64, count=self.count) + 1
        self._starts = np.zeros(self.count, dtype=np.int64)
        if self.count > 1:
            np.cumsum(lengths[:-1], out=self._starts[1:])

    def matching(self, needle: str) -> np.ndarray:
        """A mask over the texts: True where ``needle`` occurs."""
        found = np.zeros(self.count, dtype=bool)
        wanted = _encode(needle)
        if not wanted:
            found[:] = True
            return found
        if SEP.encode() in wanted:
            raise ValueError("a needle holding the separator spans texts: ask text by text")
        hay = self._bytes
        room = hay.size - len(wanted) + 1
        if room <= 0:
            return found
        # Candidates by the first byte, then narrowed one byte at a time: each pass
        # looks only at the candidates left, so a long needle costs little more.
        at = np.flatnonzero(hay[:room] == wanted[0])
        for offset, byte in enumerate(wanted[1:], 1):
            if not at.size:
                break
            at = at[hay[at + offset] == byte]
        found[np.searchsorted(self._starts, at, side="right") - 1] = True
        return found


def _encode(text: str) -> bytes:
    # Lone surrogates (a hostile name) stay bytes of their own, never an error.
    return text.encode("utf-8", "surrogatepass")
