"""Reading a metric's series for drawing: columns by reference, and their summaries."""

from __future__ import annotations

import numpy as np

from tui.charts._text import label
from tui.charts.decimate import nonfinite, stats
from tui.charts.types import SeriesSummary
from tui.model.columns import Column
from tui.model.values import Ref
from tui.text.plural import plural

FAILING = (2, 5)  # FAIL_WARN, FAIL_BLOCK


def nth(refs: list[Ref], i: int) -> Ref | None:
    """Reference ``i`` of a list that may be shorter than the metric's series (statuses, xs)."""
    return refs[i] if i < len(refs) else None


def column(ref: Ref | None, category: str | None, kind: str | None = None) -> Column | None:
    """The converted series a reference names, or None when missing or of another kind."""
    if ref is None or ref.data is None:
        return None
    col = ref.data.column(category)
    if kind is not None and col.kind != kind:
        return None
    return col


def index(ref: Ref | None, category: str | None) -> Column | None:
    """The index column of a referenced series, if it is indexed."""
    if ref is None or ref.data is None:
        return None
    return ref.data.index_column(category)


def unit(ref: Ref | None) -> str:
    """The unit of a referenced series, as written ('' when there is no data)."""
    return ref.data.unit if ref is not None and ref.data is not None else ""


def statuses(ref: Ref | None, category: str | None) -> np.ndarray | None:
    col = column(ref, category, "status")
    return col.values if col is not None else None


def failing_count(status: np.ndarray | None, paired: int | None = None) -> int:
    """FAIL_WARN and FAIL_BLOCK statuses among the first ``paired`` (default: all).

    A status counts only when it pairs with a point: a file may write more
    statuses than values, and "7 failing" of 5 points reads as nonsense.
    """
    if status is None or not len(status):
        return 0
    status = status[:paired] if paired is not None else status
    if not len(status) or int(status.max()) < FAILING[0]:  # the usual case: one cheap pass
        return 0
    return int(np.count_nonzero((status == FAILING[0]) | (status == FAILING[1])))


def pairing_note(name: str, points: int, status: np.ndarray | None, what: str = "values") -> str:
    """A note when a series has a different number of statuses than ``points``; else ''."""
    if status is None or len(status) == points:
        return ""
    counted = min(points, len(status))
    return (
        f"{name}: {plural(len(status), 'status')} for {points} {what}; "
        f"failing counts the {counted} that pair with one"
    )


def summarize(
    name: str,
    values: np.ndarray,
    status: np.ndarray | None = None,
    unit: str = "",
    failing: int | None = None,
    notes: list[str] | None = None,
) -> SeriesSummary:
    """Count, min, max, mean (finite values only), the non-finite counts and the last
    value of a double series.

    ``failing`` is the number of failing points when the caller counted them already;
    otherwise the statuses that pair with a value are counted, and when there are more
    or fewer statuses than values, ``notes`` (if given) gets a sentence saying so.
    """
    values = np.asarray(values, dtype=np.float64)
    summary = SeriesSummary(label(name, 60), len(values), unit=label(unit, 20))
    if len(values):
        low, high, mean, all_finite = stats(values)
        if np.isfinite(mean):
            summary.min, summary.max, summary.mean = low, high, mean
        if not all_finite:
            summary.nan, summary.pos_inf, summary.neg_inf = nonfinite(values)
        summary.last = float(values[-1])
    if failing is None:
        failing = failing_count(status, len(values))
        if notes is not None and (note := pairing_note(summary.name, len(values), status)):
            notes.append(note)
    summary.failing = failing
    return summary


def categories(refs: list[Ref]) -> list[str]:
    """The categories of the first grouped series among ``refs`` (empty when none is)."""
    for ref in refs:
        if ref.data is not None and ref.data.shape == "grouped":
            return ref.data.categories
    return []


def pick_category(refs: list[Ref], category: str | None) -> tuple[list[str], str | None]:
    """All categories and the one to draw (the asked one if it exists, else the first)."""
    names = categories(refs)
    if not names:
        return [], None
    return names, category if category in names else names[0]


def name_of(legend: list[str], i: int, ref: Ref | None) -> str:
    """A series name: its legend entry, else its data's name."""
    if i < len(legend) and legend[i]:
        return label(legend[i], 60)
    if ref is not None and ref.data is not None and ref.data.name:
        return label(ref.data.name, 60)
    return f"series {i + 1}"
