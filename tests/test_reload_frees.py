"""Reloads free what they replace: every replaced document is gone from the heap once
input pauses, though loads freeze the heap (tui/live/heap.py), and a document holds no
reference cycle of its own (a frozen cycle is never collected)."""

from __future__ import annotations

import gc
import shutil
import weakref
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.test_live_reload import Recorder, _until, _v1, _v2
from tui.app.viewer import RELEASE_AFTER_QUIET, Options, ResimApp
from tui.formats import load
from tui.live.messages import DocumentLoaded


@pytest.mark.parametrize("sample", ["all_types", "events", "plotly", "metrics2"])
def test_a_document_is_freed_without_the_collector(sample: str) -> None:
    load(SAMPLES / sample)  # imports and caches made once, outside the count
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc = load(SAMPLES / sample)
        gone = weakref.ref(doc)
        parts = [weakref.ref(m) for m in doc.metrics]
        del doc
        assert gone() is None and all(p() is None for p in parts)
    finally:
        if enabled:
            gc.enable()


class _Loads(Recorder):
    """Counts loads without keeping the messages (which hold their documents)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def __call__(self, message: object) -> None:
        if isinstance(message, DocumentLoaded):
            self.count += 1


@pytest.mark.slow
async def test_replaced_documents_leave_the_heap(tmp_path: Path) -> None:
    folder = tmp_path / "outputs"
    shutil.copytree(SAMPLES / "basic", folder)
    file = folder / "metrics.binproto"
    loads = _Loads()
    app = ResimApp(file, load(file), Options(watch=True))
    shown: list[weakref.ref[object]] = []
    try:
        async with app.run_test(size=(120, 40), message_hook=loads) as pilot:
            await _until(pilot, lambda: app.document is not None)
            await pilot.pause(0.3)  # the watcher starts
            shown.append(weakref.ref(app.document))
            for i in range(4):
                before = loads.count
                file.write_bytes(_v2() if i % 2 == 0 else _v1())
                await _until(pilot, lambda b=before: loads.count > b)
                await pilot.pause(0.3)
                shown.append(weakref.ref(app.document))
            await pilot.pause(RELEASE_AFTER_QUIET / 2)
            await _until(pilot, lambda: all(r() is None for r in shown[:-2]))
    finally:
        gc.unfreeze()
