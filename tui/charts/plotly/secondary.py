"""A secondary y axis (``make_subplots(specs=[[{"secondary_y": True}]])``): traces on an
axis that ``overlaying`` another are drawn in the same plot, against ticks of their own
on the right-hand side.

The shared x/y engine draws one y axis, so the secondary traces are drawn scaled onto
the primary traces' span (each axis fits its own data, as Plotly's autorange does), and
the right-hand ticks are placed on the rows where those scaled values fall, read from
the primary ticks the engine drew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from rich.cells import cell_len
from rich.text import Text

from tui.charts import scale
from tui.charts.bars_common import BarSeries
from tui.charts.plotly.fields import nested, title
from tui.charts.view import Entry, Mark, Marks
from tui.text.formatting import number

_AXIS = re.compile(r"^y(\d*)$")


def is_secondary(trace: dict[str, Any], layout: dict[str, Any]) -> bool:
    """Whether a trace sits on a y axis that overlays another one."""
    name = trace.get("yaxis", "y")
    if not isinstance(name, str) or not _AXIS.match(name) or name == "y":
        return False
    overlaying = nested(layout, f"yaxis{name[1:]}").get("overlaying")
    return isinstance(overlaying, str) and _AXIS.match(overlaying) is not None


def axis_name(trace: dict[str, Any], layout: dict[str, Any]) -> str:
    """How the legend says a trace is on the right: "right axis", with its title."""
    name = str(trace.get("yaxis", "y"))
    heading = title(nested(layout, f"yaxis{name[1:]}").get("title"))
    return f"right axis: {heading}" if heading else "right axis"


@dataclass(slots=True)
class Mapping:
    """Secondary values v are drawn at ``lo1 + (v - lo2) * gain``."""

    lo1: float
    lo2: float
    hi2: float
    gain: float

    def to_primary(self, values: np.ndarray) -> np.ndarray:
        return np.asarray(self.lo1 + (values - self.lo2) * self.gain)

    def to_secondary(self, value: float) -> float:
        return self.lo2 + (value - self.lo1) / self.gain


def mapping(primary: list[np.ndarray], secondary: list[np.ndarray]) -> Mapping | None:
    """How the secondary values are scaled onto the primary span (None: one side has no
    finite value, and nothing needs scaling)."""
    two = _bounds(secondary)  # first: without secondary traces the primary is not scanned
    one = _bounds(primary) if two is not None else None
    if one is None or two is None:
        return None
    lo1, hi1 = one
    lo2, hi2 = two
    if hi1 <= lo1:
        lo1, hi1 = lo1 - 0.5, hi1 + 0.5
    if hi2 <= lo2:
        lo2, hi2 = lo2 - 0.5, hi2 + 0.5
    return Mapping(lo1, lo2, hi2, (hi1 - lo1) / (hi2 - lo2))


@dataclass(slots=True)
class RightBars:
    """Bar series on a secondary axis, scaled onto the primary one to be drawn."""

    mapping: Mapping
    own: dict[int, np.ndarray]  # series position: its values in its own axis's units
    unit: str  # the right axis's title

    def marks(self, marks: Marks) -> Marks:
        """``marks`` (as drawn) with each right-axis bar's value in its own units."""
        unit = f"{self.unit} " if self.unit else ""
        items = []
        for j, mark in enumerate(marks.items):
            entries = tuple(
                Entry(e.name, f"{unit}{number(float(self.own[k][j]))}", e.status, e.color)
                if k in self.own and j < len(self.own[k])
                else e
                for k, e in enumerate(mark.entries)
            )
            items.append(Mark(mark.key, entries, mark.cols, mark.lines))
        return Marks(tuple(items), marks.what)


def scale_bars(
    series: list[BarSeries], traces: list[dict[str, Any]], layout: dict[str, Any]
) -> RightBars | None:
    """Scale the series whose trace is on a secondary axis onto the primary span (both
    from zero, as a bar axis's autorange is) and name their axis; None when no series,
    or every one, is on a secondary axis."""
    right = [k for k, t in enumerate(traces) if is_secondary(t, layout)]
    if not right or len(right) == len(series):
        return None
    zero = np.zeros(1)
    found = mapping(
        [zero, *(x.values for k, x in enumerate(series) if k not in right)],
        [zero, *(series[k].values for k in right)],
    )
    if found is None:
        return None
    own = {}
    for k in right:
        own[k] = series[k].values
        series[k].values = found.to_primary(series[k].values)
        series[k].name = f"{series[k].name} ({axis_name(traces[k], layout)})"
    heading = title(nested(layout, f"yaxis{str(traces[right[0]].get('yaxis'))[1:]}").get("title"))
    return RightBars(found, own, heading)


def _bounds(arrays: list[np.ndarray]) -> tuple[float, float] | None:
    finite = [a[np.isfinite(a)] for a in arrays]
    finite = [a for a in finite if len(a)]
    if not finite:
        return None
    return min(float(a.min()) for a in finite), max(float(a.max()) for a in finite)


def right_axis(body: Text, found: Mapping, style: str) -> Text:
    """``body`` (a drawn x/y chart) with the secondary axis's ticks right of its frame,
    on the rows where their values are drawn."""
    lines = body.split("\n")
    plain = [line.plain for line in lines]
    top = next((k for k, t in enumerate(plain) if "┌" in t), None)
    bottom = next((k for k, t in enumerate(plain) if "└" in t), None)
    if top is None or bottom is None or bottom - top < 3:
        return body
    ticks: list[tuple[int, float]] = []
    for k in range(top + 1, bottom):
        left, sep, _ = plain[k].partition("┤")
        if sep:
            try:
                ticks.append((k, float(left.strip().replace("−", "-"))))
            except ValueError:
                continue
    if len(ticks) < 2:
        return body
    (ka, ta), (kb, tb) = ticks[0], ticks[-1]
    per_row = (tb - ta) / (kb - ka)  # primary value per text row

    def row_of(value: float) -> int:
        return round(ka + (float(found.to_primary(np.array([value]))[0]) - ta) / per_row)

    s_top = found.to_secondary(ta + (top + 1 - ka) * per_row)
    s_bottom = found.to_secondary(ta + (bottom - 1 - ka) * per_row)
    lo, hi = sorted((s_top, s_bottom))
    values = scale.ticks(lo, hi, max(len(ticks) + 1, 3))
    texts = scale.labels(values)
    used: set[int] = set()
    for value, text in zip(values, texts, strict=True):
        k = row_of(value)
        if top < k < bottom and k not in used and lines[k].plain.endswith("│"):
            used.add(k)
            line = lines[k]
            lines[k] = line[: len(line) - 1] + Text("├" + text, style=style)
    return Text("\n").join(lines)


def label_width(found: Mapping) -> int:
    """The cells the right-hand ticks take: the widest label of the secondary span, and
    the tick mark."""
    values = scale.ticks(found.lo2, found.hi2, 6)
    return max((cell_len(t) for t in scale.labels(values)), default=1) + 1
