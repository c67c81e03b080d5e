"""What a figure's draw derives from its converted parts, kept while the parts are.

A Plotly figure is converted from its Struct and its arrays decoded (base64 typed
arrays, or lists of a million numbers) on every draw unless remembered: 50-100 ms
of a 1M-point scatter, paid again on each resize or zoom. The parts are the
figure's own objects (dicts and lists, which cannot be weakly referenced), so an
entry holds its key object and is found by identity; the last few are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

_T = TypeVar("_T")


class Memo(Generic[_T]):
    """``compute()`` for (an object, a tag), remembered for the last ``size`` objects."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[int, Hashable], tuple[object, _T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner: object, tag: Hashable, compute: Callable[[], _T]) -> _T:
        key = (id(owner), tag)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] is owner:
                self._entries.move_to_end(key)
                return entry[1]
        value = compute()
        with self._lock:
            self._entries[key] = (owner, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# Converted figures, by their Struct; typed arrays decoded to numpy, by their value: the
# figure's conversion, as a series' decoding is. What draws make of them (arrays from
# lists, labels, matrices), by the figure's value and use.
FIGURES: Memo[Any] = Memo(8)
DECODED: Memo[Any] = Memo(256)
ARRAYS: Memo[Any] = Memo(256)


def clear() -> None:
    """Forget everything (a figure never drawn nor converted)."""
    FIGURES.clear()
    DECODED.clear()
    ARRAYS.clear()


def forget_drawn() -> None:
    """Forget what draws derived, keep the conversion (a first draw after it, as a
    benchmark measures a series' first draw after the series is decoded)."""
    ARRAYS.clear()
