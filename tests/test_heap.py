"""A load keeps the garbage collector out: none runs during it, and what it made is frozen
(full collections then skip the document: 0.6-1 s each with 20,000 metrics)."""

from __future__ import annotations

import gc

from tui.live import heap


def test_a_load_is_not_collected_and_its_objects_end_frozen() -> None:
    gc.unfreeze()
    before = gc.get_freeze_count()
    try:
        with heap.loading():
            assert not gc.isenabled()
            made = [[i] for i in range(10_000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(made)
    finally:
        gc.unfreeze()


def test_a_failed_load_leaves_the_collector_on() -> None:
    try:
        with heap.loading():
            raise ValueError("cut file")
    except ValueError:
        pass
    assert gc.isenabled()
    gc.unfreeze()
