"""A document's objects and the garbage collector: kept apart.

A document of 20,000 metrics is millions of long-lived objects. Left to the collector,
every full collection walks them all (0.6-1 s with 20k metrics, every few seconds of
use), and collections during a load run on the loading thread while it holds the GIL,
so the UI stalls with them. While a document loads, automatic collection is off; once
it is loaded, everything is frozen (moved out of the collector's sight).

What is frozen is never collected, only freed by reference counting. A document holds
no reference cycle (tests/test_reload_frees.py), but the screens that showed it do (tree rows
and their nodes, finished workers and their contexts), and they were alive, and so
frozen, when the next load ended: each reload kept the replaced document. ``release``
collects them: the viewer calls it once a reload is on screen and input has paused, as a
full collection walks the whole document (140 ms with 20,000 metrics).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Around a load: no collection during it, and what it made frozen after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def release() -> None:
    """Collect what the frozen heap holds that nothing reaches (replaced documents, the
    cycles of the screens that showed them), then freeze what is left again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
