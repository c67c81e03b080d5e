"""Waiting in pilot tests without timing assumptions: poll app state with a deadline,
and prove a watcher is up by seeing it report a probe file before the test writes.

The deadline only bounds a test that would otherwise hang; no assertion depends on
how fast the machine is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tui.live.messages import FilesChanged

DEADLINE = 60.0  # seconds: generous, since a loaded machine runs 8 suites at once


class Changes:
    """A ``message_hook``: every path the app's watchers reported, in order."""

    def __init__(self) -> None:
        self.paths: list[Path] = []

    def __call__(self, message: object) -> None:
        if isinstance(message, FilesChanged):
            self.paths.extend(message.paths)


async def until(pilot, condition: Callable[[], bool], timeout: float = DEADLINE) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


async def watching(pilot, changes: Changes, *folders: Path) -> None:
    """Return once a watcher reported a change in each folder: a probe file is written
    again and again until it is seen (a watch starts a moment after the app does)."""
    for folder in folders:
        probe = (folder / ".watch-probe").resolve()
        deadline = time.monotonic() + DEADLINE
        while not any(p.resolve() == probe for p in changes.paths):
            if time.monotonic() > deadline:
                raise AssertionError(f"no watcher reported {folder}")
            probe.write_text(str(time.monotonic()))
            await pilot.pause(0.1)
