"""Whether a status move is better or worse: FAIL_BLOCK > FAIL_WARN, ERROR > the rest."""

from __future__ import annotations

from enum import StrEnum

from tui.model.enums import MetricStatus


class Move(StrEnum):
    SAME = "same"
    BETTER = "better"
    WORSE = "worse"
    # Between two statuses of equal weight (PASSED → RAW, NOT_APPLICABLE → PASSED): neither.
    CHANGED = "changed"


def severity(status: MetricStatus) -> int:
    """2 for FAIL_BLOCK; 1 for FAIL_WARN and for ERROR (not computed: it may have failed,
    so PASSED → ERROR is worse); 0 for every other status (passing or not graded)."""
    if status == MetricStatus.FAIL_BLOCK_METRIC_STATUS:
        return 2
    if status in (MetricStatus.FAIL_WARN_METRIC_STATUS, MetricStatus.ERROR_METRIC_STATUS):
        return 1
    return 0


def status_move(before: MetricStatus, after: MetricStatus) -> Move:
    if before == after:
        return Move.SAME
    a, b = severity(before), severity(after)
    if b > a:
        return Move.WORSE
    if b < a:
        return Move.BETTER
    return Move.CHANGED
