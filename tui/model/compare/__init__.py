"""One comparison engine: what differs between two Documents (runs, or two loads of one file).

Ids change on every run, so nothing is paired by id: metrics by name within
their event, events by name, data by name, repeats by position among equals
(and reported). Equality is exact on content: a pair is reported only when
something in it differs, and each difference says how (status better or
worse, value deltas, where a series or a text first differs, ...).

``compare(a, b)`` is the entry point; the CLI's ``diff``, the viewer's
compare mode and the after-reload marks all read its ``Comparison``.
"""

from __future__ import annotations

from tui.model.compare.engine import compare
from tui.model.compare.result import Change, Comparison, DataDiff, EventDiff, MetricDiff
from tui.model.compare.series import file_digests
from tui.model.compare.status import Move, status_move

__all__ = [
    "Change",
    "Comparison",
    "DataDiff",
    "EventDiff",
    "MetricDiff",
    "Move",
    "compare",
    "file_digests",
    "status_move",
]
