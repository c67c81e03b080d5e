"""Deciding when a changing metrics file can be trusted (no Textual here).

Writers truncate and then write, or write a temporary file and rename it, so
a reader may see an empty file, a prefix, or the whole. A prefix cut at a
field boundary parses as a smaller, valid-looking file. Before trusting a
read we wait for the file to settle (same size and mtime over a short
interval) and then judge what we parsed: no job status, or data references
that lead nowhere, mean the file was probably cut.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tui.formats import file_signature
from tui.model import Document
from tui.model.enums import MetricStatus

SETTLE_INTERVAL = 0.03  # seconds the file must stay the same
SETTLE_TIMEOUT = 2.0  # give up waiting for quiet after this long, and read anyway


def wait_settled(
    path: Path,
    cancelled: Callable[[], bool] = lambda: False,
    interval: float = SETTLE_INTERVAL,
    timeout: float = SETTLE_TIMEOUT,
) -> tuple[int, int] | None:
    """Wait until ``path`` keeps its size and mtime for ``interval``; None if it is gone."""
    deadline = time.monotonic() + timeout
    before = file_signature(path)
    while before is not None and not cancelled():
        time.sleep(interval)
        now = file_signature(path)
        if now == before or time.monotonic() > deadline:
            return now
        before = now
    return before


def suspicion(doc: Document) -> str | None:
    """Why ``doc`` looks like a file cut mid-write, or None when it looks whole."""
    if doc.status == MetricStatus.NO_METRIC_STATUS and (doc.metrics or doc.data):
        return "no job status yet"
    dangling = sum(1 for p in doc.problems if p.rule == "data-exists")
    if dangling:
        return f"{dangling} data references lead nowhere yet"
    return None
