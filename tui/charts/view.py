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
