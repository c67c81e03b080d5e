"""--run survives commands that fight the loop: a setsid child holding the pipe, a flood.

Real subprocesses (slow tier). Waits are deadlines on what the runner reports, never
sleeps that assume a speed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from pathlib import Path

import pytest

from tui.live.runner import MAX_LINES, CommandRunner, OutputTail


class Seen:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.dropped = 0
        self.batches = 0
        self.exits: list[int] = []

    def output(self, lines: list[str], dropped: int) -> None:
        self.batches += 1
        assert len(lines) <= MAX_LINES
        self.lines += lines
        self.dropped += dropped

    def runner(self, command: str, cwd: Path) -> CommandRunner:
        return CommandRunner(
            command,
            on_output=self.output,
            on_start=lambda: None,
            on_exit=lambda code, _: self.exits.append(code),
            cwd=cwd,
        )


async def _until(check, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


def _kill(pid_file: Path) -> None:
    with contextlib.suppress(OSError, ValueError):
        os.kill(int(pid_file.read_text()), signal.SIGKILL)


@pytest.mark.slow
async def test_a_setsid_child_holding_the_pipe_does_not_wedge_the_loop(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    seen = Seen()
    # The grandchild is in its own session: out of reach of the group kill, and it
    # keeps stdout open for 60 s. The run must still end when the command does.
    runner = seen.runner("setsid sh -c 'echo $$ > child.pid; exec sleep 60' & echo built", tmp_path)
    try:
        await runner.run()
        await _until(lambda: seen.exits == [0])
        assert "built" in seen.lines
        assert not runner.running
        await runner.run()  # and the next run starts and ends too
        await _until(lambda: seen.exits == [0, 0])
        await runner.stop(quiet=True)
    finally:
        _kill(pid_file)


@pytest.mark.slow
async def test_a_flood_is_bounded_and_stops_promptly(tmp_path: Path) -> None:
    seen = Seen()
    runner = seen.runner("yes flood", tmp_path)
    await runner.run()
    await _until(lambda: seen.dropped > 0)  # more than a tick holds: older lines go
    started = time.monotonic()
    await runner.stop(quiet=True)
    assert time.monotonic() - started < 10
    assert not runner.running
    assert seen.lines and set(seen.lines) == {"flood"}


@pytest.mark.slow
async def test_stop_kills_a_command_that_ignores_sigterm(tmp_path: Path) -> None:
    seen = Seen()
    runner = seen.runner("trap '' TERM; echo ready; while :; do sleep 0.1; done", tmp_path)
    await runner.run()
    await _until(lambda: "ready" in seen.lines)
    await runner.stop()
    assert not runner.running
    assert seen.exits and seen.exits[0] < 0


def test_the_tail_keeps_the_newest_lines_and_counts_the_rest() -> None:
    tail = OutputTail(keep=1000)
    for i in range(10_000):
        tail.feed(f"line {i}\n".encode())
    lines, dropped = tail.take()
    assert lines[-1] == "line 9999"
    assert len(lines) + dropped == 10_000
    assert len(lines) <= MAX_LINES


def test_an_endless_line_is_delivered_in_pieces() -> None:
    tail = OutputTail(keep=50_000)
    for _ in range(100):
        tail.feed(b"x" * 1000)
    lines, _ = tail.take()
    assert lines and all(len(line) <= 2000 for line in lines)
    assert tail.take(final=True) == ([], 0)
