"""The SeriesCodec of Metrics 2.0: columns arrive already decoded, as numpy arrays."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from tui.model.columns import Column


@dataclass(frozen=True, slots=True)
class Array:
    """A decoded column and its element kind (one of tui.model.columns.KINDS)."""

    kind: str
    values: np.ndarray


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
        h = hashlib.blake2b(raw.kind.encode(), digest_size=16)
        if raw.values.dtype == object:
            for item in raw.values.tolist():
                h.update(str(item).encode("utf-8", "replace") + b"\x00")
        else:
            h.update(np.ascontiguousarray(raw.values).tobytes())
        return h.digest()


CODEC = ArrayCodec()
