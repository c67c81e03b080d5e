"""What the view compares against, and how the tree arranges itself for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui.model import Document, Metric
from tui.model.compare import Comparison, MetricDiff, compare, file_digests

_NOTE_MAX = 26


@dataclass
class TreeView:
    """For the tree: notes after names, the changed-only filter, worst-first order, and the
    metrics that only side A has (shown with −). Keys are MetricDiff keys."""

    result: Comparison
    changed_only: bool = False
    worst_first: bool = False
    _diffs: dict[str, MetricDiff] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._diffs = self.result.by_key()

    def keep(self, key: str) -> bool:
        diff = self._diffs.get(key)
        return not self.changed_only or (diff is not None and diff.state != "same")

    def arrange(
        self, metrics: list[Metric], keys: dict[int, str], removed: list[tuple[str, Metric]]
    ) -> list[tuple[str, Metric, bool]]:
        """(tree key, metric, only in A) to show: B's metrics, then A's removed ones; only the
        changed ones if asked; worst change first if asked."""
        rows = [(keys[id(m)], m, False) for m in metrics]
        rows += [(f"metric:{key}", m, True) for key, m in removed]
        rows = [r for r in rows if self.keep(r[0].removeprefix("metric:"))]
        if not self.worst_first:
            return rows

        def rank(row: tuple[str, Metric, bool]) -> tuple[int, float]:
            diff = self._diffs.get(row[0].removeprefix("metric:"))
            return diff.rank if diff is not None else (0, 0.0)

        return sorted(rows, key=rank, reverse=True)

    def note(self, key: str) -> str:
        diff = self._diffs.get(key)
        if diff is None or diff.state == "same":
            return ""
        text = diff.summary()
        return text if len(text) <= _NOTE_MAX else text[: _NOTE_MAX - 1] + "…"

    def removed(self) -> list[tuple[str, Metric]]:
        """Job-level metrics only A has (event ones show under their event in A only)."""
        return [
            (d.key, d.a)
            for d in self.result.metrics
            if d.state == "removed" and d.a is not None and not d.a.in_event
        ]


@dataclass
class CompareState:
    """The baseline and the comparison with the document on screen.

    With ``side_a`` (``resim-tui A B``) the baseline is always A's latest load. Else it is
    the previous version of the one file, moved on at each reload unless ``pinned``.
    """

    side_a: Path | None = None
    baseline: Document | None = None
    pinned: bool = False
    showing: bool = False  # the changes view: notes, panel, overlays
    changed_only: bool = False
    worst_first: bool = False
    result: Comparison | None = None
    a_error: str | None = None  # side A cannot be read: why
    _files: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.side_a is not None:
            self.showing = True

    @property
    def two_sides(self) -> bool:
        return self.side_a is not None

    def loaded(
        self, doc: Document, old: Document | None, *, reloaded: bool, track: bool
    ) -> Comparison | None:
        """``doc`` is now on screen; returns the comparison a reload should announce."""
        if self.two_sides:
            self.result = compare(self.baseline, doc) if self.baseline is not None else None
            return self.result if reloaded else None
        if old is None or not reloaded or self.baseline is None:
            self.result = None
            self.baseline = doc
        else:
            self.result = compare(self.baseline, doc, files_a=self._files)
            if not self.pinned:
                self.baseline = doc
        if not self.pinned or old is None:
            self._files = file_digests(doc) if track or reloaded else {}
        return self.result

    def baseline_loaded(self, doc: Document, current: Document | None) -> None:
        """Side A (re)loaded."""
        self.baseline = doc
        self.a_error = None
        self.result = compare(doc, current) if current is not None else None

    def pin(self, current: Document | None) -> str:
        """Toggle the pin; returns what to tell the user."""
        if self.two_sides:
            return "comparing with A: its file is the baseline"
        if current is None:
            return "nothing loaded yet"
        if self.pinned:
            self.pinned = False
            self.baseline = current
            self.result = None
            return "baseline unpinned: changes are shown against the previous version"
        self.pinned = True
        self.baseline = current
        self._files = file_digests(current)
        self.result = compare(current, current)
        return "baseline pinned: changes are shown against this version from now on"

    def marks(self) -> dict[str, str]:
        if self.result is None:
            return {}
        return {d.key: d.mark for d in self.result.metrics if d.state in ("changed", "added")}

    def tree_view(self) -> TreeView | None:
        if self.result is None or not self.showing:
            return None
        return TreeView(self.result, self.changed_only, self.worst_first)

    def diff_for(self, key: str | None) -> MetricDiff | None:
        if self.result is None or key is None or not key.startswith("metric:"):
            return None
        return self.result.by_key().get(key.removeprefix("metric:"))

    @property
    def sides(self) -> tuple[str, str]:
        """What the two sides are called: A and B, or, for one file, then and now."""
        return ("A", "B") if self.two_sides else ("then", "now")

    def against(self) -> str:
        """What B is compared with, for the panel's heading."""
        if self.two_sides:
            return f"A = {self.side_a}"
        return "the pinned version" if self.pinned else "the previous version"
