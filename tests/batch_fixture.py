"""A generated batch folder, shared by the batch tests (written once per session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.sdk_batch import write_batch

JOBS = 36  # SDK-written jobs; plus the broken, empty and foreign files below


def make_batch(root: Path, jobs: int = JOBS) -> Path:
    """``jobs`` good jobs (varied statuses, some nested), and bad input beside them."""
    write_batch(root, jobs)
    (root / "broken").mkdir()
    good = (root / "job-000" / "metrics.binproto").read_bytes()
    (root / "broken" / "metrics.binproto").write_bytes(good[: len(good) // 2])
    (root / "empty").mkdir()
    (root / "empty" / "metrics.binproto").write_bytes(b"")
    (root / "loose").mkdir()
    (root / "loose" / "notes.binproto").write_bytes(b"just some text\n")
    (root / "loose" / "README.txt").write_text("not a metrics file, not listed")
    os.symlink(root, root / "group-0" / "loop")  # a symlink loop
    os.symlink("/etc", root / "outside")  # leads out: never followed
    return root


_made: dict[str, Path] = {}


def shared_batch(factory: pytest.TempPathFactory) -> Path:
    """One batch for the whole session, whichever test module asks first.

    Tests that change files make their own (``make_batch``) instead.
    """
    if "batch" not in _made:
        _made["batch"] = make_batch(factory.mktemp("batch"))
    return _made["batch"]
