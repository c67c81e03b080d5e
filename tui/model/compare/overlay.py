"""One metric holding both sides' series, so that one chart overlays run A and run B.

A's series come first, then B's; legends say which side each is ("A · speed").
States become paired bands and bar charts paired bars the same way (never
stacked: A's bars on B's would add the runs up). Metrics
whose values do not stack this way (scalars, summaries, histograms, text,
Plotly, images) have no overlay: the card shows B, and the changes say how A
differed.
"""

from __future__ import annotations

import dataclasses
import weakref
from typing import Any, cast

from tui.model.metric import Metric
from tui.model.values import (
    BarChartValues,
    DoubleOverTimeValues,
    LinePlotValues,
    Ref,
    StatesOverTimeValues,
)

# Overlays made here → (A's series count, B's), for the colours that dim A.
_SPLITS: weakref.WeakKeyDictionary[Metric, tuple[int, int]] = weakref.WeakKeyDictionary()

_LISTS = {
    DoubleOverTimeValues: ("values", "statuses", "failures"),
    LinePlotValues: ("xs", "ys", "statuses"),
    BarChartValues: ("values", "statuses"),
    StatesOverTimeValues: ("states", "statuses"),
}


def overlay(a: Metric, b: Metric, sides: tuple[str, str] = ("A", "B")) -> Metric | None:
    """B with A's series drawn beside its own, or None when the type has no overlay;
    ``sides`` name the two in legends."""
    va, vb = a.values, b.values
    fields = _LISTS.get(type(vb))
    if vb is None or fields is None or type(va) is not type(vb):
        return None
    merged: dict[str, Any] = {name: [*getattr(va, name), *getattr(vb, name)] for name in fields}
    merged["legend"] = _legend(va, sides[0]) + _legend(vb, sides[1])
    if isinstance(vb, BarChartValues):
        merged["stack"] = False  # A's bars stacked on B's would add the two runs up
    if isinstance(vb, StatesOverTimeValues) and isinstance(va, StatesOverTimeValues):
        merged["states_set"] = list(dict.fromkeys([*va.states_set, *vb.states_set]))
        merged["failure_states"] = list(dict.fromkeys([*va.failure_states, *vb.failure_states]))
    # Any: the fields come from _LISTS by type, which mypy cannot follow through a union.
    values = dataclasses.replace(cast(Any, vb), **merged)
    metric = dataclasses.replace(b, values=values, events=list(b.events))
    first = fields[1] if isinstance(vb, LinePlotValues) else fields[0]
    _SPLITS[metric] = (len(getattr(va, first)), len(getattr(vb, first)))
    return metric


def split(metric: Metric) -> tuple[int, int] | None:
    """For an overlay: how many of its series are A's and how many B's; else None."""
    return _SPLITS.get(metric)


def _legend(values: object, side: str) -> list[str]:
    refs = getattr(values, "ys", None) or getattr(values, "values", None)
    if refs is None:
        refs = getattr(values, "states", [])
    legend = list(getattr(values, "legend", []))
    names = []
    for i, ref in enumerate(refs):
        name = legend[i] if i < len(legend) and legend[i] else _name(ref)
        names.append(f"{side} · {name}")
    return names


def _name(ref: object) -> str:
    return ref.name if isinstance(ref, Ref) else "series"
