"""A document's objects and the garbage collector: kept apart.

A document of 20,000 metrics is millions of long-lived objects. Left to the collector,
every full collection walks them all (0.6-1 s with 20k metrics, every few seconds of
use), and collections during a load run on the loading thread while it holds the GIL,
so the UI stalls with them. While a document loads, automatic collection is off; once
it is loaded, everything is frozen (moved out of the collector's sight). Unfrozen
first, so the previous document's cycles can be collected once it is replaced.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Around a load: no collection during it, and what it made frozen after it."""
    gc.unfreeze()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
