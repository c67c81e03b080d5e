"""The viewer itself under a ``--run`` command that floods: it answers keys, and ``q`` quits
promptly, cleanly and leaves no process behind.

``test_run_robust`` holds the runner to this on its own; here the whole app is driven,
once by the pilot and once as a user runs it (the real CLI on a pseudo-terminal, where
a shutdown that leaks the loop prints ``Event loop is closed``). Real subprocesses:
slow tier. Every wait is a deadline on what the app reports, never a sleep.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_terminal import Term
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.run_log import RunLog
from tui.text.safe import UNSAFE_CHARS

pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"
# Generous: a loaded CI machine is slow, never wrong; a wedged quit takes minutes.
QUIT_LIMIT = 20.0


def _processes_with(marker: str) -> list[int]:
    """Pids whose command line holds ``marker`` (the flood and its shell)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in cmdline:
            found.append(int(entry.name))
    return found


def _gone(marker: str, limit: float = 10.0) -> list[int]:
    """Wait (a deadline, not a sleep) for every process holding ``marker`` to end;
    what is still there is returned, after being killed so no test leaks it."""
    deadline = time.monotonic() + limit
    while (left := _processes_with(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


def _outputs(tmp_path: Path) -> Path:
    folder = tmp_path / "outputs"
    folder.mkdir()
    shutil.copy(DEMO, folder / "metrics.binproto")
    return folder


async def _until(pilot, check: Callable[[], bool], limit: float = 30.0) -> None:
    deadline = time.monotonic() + limit
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def test_the_app_answers_keys_under_a_binary_flood_and_leaves_no_child(
    tmp_path: Path,
) -> None:
    marker = f"flood-{uuid.uuid4().hex}"
    # Megabytes a second of everything a byte can be: escapes, C1, NUL, broken UTF-8,
    # lines far longer than a screen. The marker rides in a variable the shell keeps.
    command = f"MARK={marker}; while :; do head -c 1000000 /dev/urandom; done"
    folder = _outputs(tmp_path)
    app = ResimApp(folder / "metrics.binproto", None, Options(watch=True, run=command))
    async with app.run_test(size=(120, 40)) as pilot:
        log = app.query_one(RunLog)
        await _until(pilot, lambda: app.document is not None and len(log.lines) > 50)
        assert _processes_with(marker), "the flood never started"
        card = app.query_one(MetricCard)
        await _until(pilot, lambda: card.item is not None)
        first = card.item
        await pilot.press("down")
        await _until(pilot, lambda: card.item is not first)
        # What the log holds is inert text: no byte a terminal would act on.
        unsafe = re.compile(f"[{UNSAFE_CHARS}]")
        assert not [line for line in log.lines if unsafe.search(line)]
        # Cut to 2,000 characters before escaping: at most six characters each after.
        assert all(len(line) <= 6 * 2000 for line in log.lines)
        assert len(log.lines) <= (log.max_lines or 0) + 1
        started = time.monotonic()
        await pilot.press("q")
    assert time.monotonic() - started < QUIT_LIMIT
    assert _gone(marker) == []


def _drain_until_exit(term: Term, limit: float) -> tuple[int | None, bytes]:
    """Keep reading the terminal while the app quits: a flooded app that cannot write
    its last frames would otherwise block on a full pseudo-terminal. Reading ends when
    the app closes the terminal (EIO); its exit is then still waited for."""
    out = b""
    deadline = time.monotonic() + limit
    while term.proc.poll() is None and time.monotonic() < deadline:
        ready, _, _ = select.select([term.leader], [], [], 0.05)
        if ready:
            try:
                out += os.read(term.leader, 65536)
            except OSError:
                break
    with contextlib.suppress(subprocess.TimeoutExpired):
        term.proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
    return term.proc.poll(), out


def test_q_quits_the_cli_promptly_under_a_flood_with_exit_zero(tmp_path: Path) -> None:
    marker = f"flood-{uuid.uuid4().hex}"
    folder = _outputs(tmp_path)
    term = Term(str(folder), "--run", f"yes {marker}", rows=40, columns=120)
    try:
        shown = b""
        deadline = time.monotonic() + 90
        while marker.encode() not in shown and time.monotonic() < deadline:
            shown += term.read(0.5)
        assert marker.encode() in shown, "the flood never reached the log"
        assert b"running" in shown
        # Still answering: the help screen opens over the flood.
        os.write(term.leader, b"?")
        shown = b""
        deadline = time.monotonic() + 30
        while b"Keys" not in shown and time.monotonic() < deadline:
            shown += term.read(0.2)
        assert b"Keys" in shown, "the help screen never opened"
        os.write(term.leader, b"\x1b")  # close it, then quit from the viewer
        term.read(0.5)
        started = time.monotonic()
        os.write(term.leader, b"q")
        status, tail = _drain_until_exit(term, QUIT_LIMIT)
        took = time.monotonic() - started
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
            term.proc.wait()
        os.close(term.leader)
    assert status == 0, f"exit {status}: {tail[-500:]!r}"
    assert took < QUIT_LIMIT
    assert b"Event loop is closed" not in tail and b"Traceback" not in tail
    assert _gone(marker) == []
