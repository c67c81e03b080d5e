"""Where an x/y chart's plot area sits in its drawing and what it shows.

A renderer that draws on x/y axes returns one with its Chart, so that a cursor,
a readout and a zoom can be worked out from the chart alone, without drawing
again (``tui.charts.cursor``, ``tui.charts.window``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

Range = tuple[float, float]  # x in display units (seconds on a time axis), low to high


# What a view needs of xy's XAxis and Line (named here, not imported: xy builds views).
class Axis(Protocol):
    time: bool
    origin_ns: int

    @property
    def absolute(self) -> bool: ...

    def to_raw(self, value: float) -> float: ...

    def display(self, raw: np.ndarray) -> np.ndarray: ...


class Series(Protocol):
    name: str
    x: np.ndarray
    y: np.ndarray
    statuses: np.ndarray | None
    color: str | None
    labels: list[str] | None  # y holds codes into these: a state, held until the next
    own_y: np.ndarray | None  # y in the units of its own (secondary) axis, when y is scaled

    def failing(self) -> dict[int, np.ndarray]: ...


@dataclass(frozen=True, slots=True)
class XView:
    """The plot area of a drawn chart.

    ``col0``/``row0`` are the first column and line of the plot area in the
    chart's body; it is ``cols`` x ``rows`` cells. Column 0 shows ``x0`` and the
    last column ``x1`` (display units); ``full`` is the range of the whole data,
    which a zoom never leaves. ``lines`` are the series as drawn (raw x units).
    """

    col0: int
    row0: int
    cols: int
    rows: int
    x0: float
    x1: float
    full: Range
    axis: Axis
    lines: tuple[Series, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """One series at a mark: its name, its value as text, its status (None: none given)."""

    name: str  # safe
    value: str
    status: int | None = None
    color: str | None = None


@dataclass(frozen=True, slots=True)
class Mark:
    """One thing a cursor stands on in a chart without an x axis: a bar (its category
    and every series' value), a histogram bucket (its range and count), a box.

    ``cols`` and ``lines`` are the cells it takes in the chart's body (first, and one
    past the last); ``key`` tells it again after a reload or a resize.
    """

    key: str  # safe: the category, the bucket's range
    entries: tuple[Entry, ...]
    cols: tuple[int, int]
    lines: tuple[int, int]

    def offset(self, lines: int) -> Mark:
        """This mark in a drawing with ``lines`` more lines above it."""
        first, after = self.lines
        return Mark(self.key, self.entries, self.cols, (first + lines, after + lines))


@dataclass(frozen=True, slots=True)
class Marks:
    """The marks of a chart in the order a cursor steps through them (left to right,
    or top to bottom for horizontal bars); ``what`` names one ('bar', 'bucket', 'box')."""

    items: tuple[Mark, ...]
    what: str = "bar"

    def offset(self, lines: int) -> Marks:
        return Marks(tuple(m.offset(lines) for m in self.items), self.what)
