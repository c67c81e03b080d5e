"""The SeriesCodec of Metrics 2.0: columns arrive already decoded, as numpy arrays."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from tui.model.columns import Column


@dataclass(frozen=True, slots=True)
class Array:
    """A decoded column and its element kind (one of tui.model.columns.KINDS)."""

    kind: str
    values: np.ndarray
    # The digest, once made: the values are a read-only snapshot, and a reload's
    # comparison asks each document for it twice (as the newer side, then the older).
    memo: list[bytes] = field(default_factory=list, compare=False, repr=False)


class ArrayCodec:
    """Nothing to decode: the engine's result is handed over as it is."""

    def kind(self, raw: object) -> str:
        return raw.kind if isinstance(raw, Array) else "corrupt"

    def length(self, raw: object) -> int:
        return int(raw.values.shape[0]) if isinstance(raw, Array) else 0

    def convert(self, raw: object) -> Column:
        if not isinstance(raw, Array):
            return Column("corrupt", Column.empty(), "not an array")
        return Column(raw.kind, raw.values)

    def digest(self, raw: object) -> bytes:
        if not isinstance(raw, Array):
            return b""
        if not raw.memo:
            raw.memo.append(_digest(raw))
        return raw.memo[0]


# Text values hashed this many at a time: one join and one encode per slice, not one
# per value (that loop cost 20-30 ms for each 100,000-row band, a join 2), with the
# text of a slice held at once, not of the whole column.
_SLICE = 65_536


def _digest(raw: Array) -> bytes:
    """Each value's text and a NUL after it (numbers: their bytes), hashed."""
    h = hashlib.blake2b(raw.kind.encode(), digest_size=16)
    values = raw.values
    if values.dtype == object:
        for start in range(0, len(values), _SLICE):
            items = values[start : start + _SLICE].tolist()
            try:
                text = "\x00".join(items)  # all text: str() of each would cost 10x more
            except TypeError:
                text = "\x00".join(map(str, items))
            h.update((text + "\x00").encode("utf-8", "replace"))
    else:
        h.update(np.ascontiguousarray(values).tobytes())
    return h.digest()


CODEC = ArrayCodec()
