"""The watch loop's command: run it, stream its output, stop it for a newer run.

Lives in the app's event loop (asyncio subprocess), reports through
callbacks, knows nothing of widgets. The command runs in its own process
group so that stopping it also stops whatever it started.

Two things a command can do to the loop, and why the shape here:

- A child that outlives it (``setsid daemon &``) keeps the write end of the
  output pipe open, so the pipe never reaches end of file. The pipe is ours
  (``os.pipe``), not asyncio's: asyncio's ``Process.wait()`` waits for its
  pipes to close as well as for the exit, and would wait for good. Here the
  exit alone ends the run; what is still buffered is read for a short
  while, then our end is closed.
- A flood (``yes``) must cost the UI a bounded amount: output is kept as the
  bytes of its last lines (counting newlines is C-speed), cut into lines
  only when delivered, a batch per tick, with a count of what was dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

from tui.live.env import command_env

STOP_GRACE = 2.0  # seconds between SIGTERM and SIGKILL
KILL_WAIT = 2.0  # seconds to wait for a killed command to be reaped
DRAIN = 0.5  # seconds to read what is left after the command exited
TICK = 0.1  # seconds between deliveries of output
MAX_LINES = 1000  # lines delivered per tick at most; older ones are counted as dropped
MAX_LINE = 2000  # characters of one line kept
_READ = 1 << 16
_KEEP = MAX_LINES * 200  # bytes of not yet delivered output kept


class OutputTail:
    """The not yet delivered end of a command's output, bounded in bytes and lines."""

    def __init__(self, keep: int = _KEEP) -> None:
        self._buf = bytearray()
        self._keep = keep
        self.dropped = 0  # lines thrown away since the last take()

    def feed(self, data: bytes) -> None:
        self._buf += data
        if len(self._buf) > 2 * self._keep:
            cut = self._buf.find(b"\n", len(self._buf) - self._keep)
            cut = len(self._buf) - self._keep if cut < 0 else cut + 1
            self.dropped += self._buf.count(b"\n", 0, cut) or 1
            del self._buf[:cut]

    def take(self, final: bool = False) -> tuple[list[str], int]:
        """Complete lines so far (every byte when ``final``) and how many were dropped."""
        end = len(self._buf) if final else self._buf.rfind(b"\n") + 1
        if not end and len(self._buf) > MAX_LINE * 4:
            end = len(self._buf)  # one endless line: deliver it in pieces
        text = bytes(self._buf[:end]).decode("utf-8", "replace")
        del self._buf[:end]
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        dropped, self.dropped = self.dropped, 0
        if len(lines) > MAX_LINES:
            dropped += len(lines) - MAX_LINES
            lines = lines[-MAX_LINES:]
        return [line[:MAX_LINE] for line in lines], dropped


class CommandRunner:
    """Runs one shell command at a time; ``run()`` stops a run still going first."""

    def __init__(
        self,
        command: str,
        # What they return is ignored (post_message's bool, say).
        on_output: Callable[[list[str], int], object],
        on_start: Callable[[], object],
        on_exit: Callable[[int, float], object],
        cwd: Path | None = None,
    ) -> None:
        self.command = command
        self._on_output = on_output
        self._on_start = on_start
        self._on_exit = on_exit
        self._cwd = cwd
        self._process: asyncio.subprocess.Process | None = None
        self._pipe: asyncio.ReadTransport | None = None
        self._task: asyncio.Task[None] | None = None
        self._quiet = False

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def run(self) -> None:
        await self.stop()
        self._quiet = False
        self._on_start()
        started = time.monotonic()
        read_fd, write_fd = os.pipe()
        try:
            self._process = await asyncio.create_subprocess_shell(
                self.command,
                stdout=write_fd,
                stderr=write_fd,
                stdin=asyncio.subprocess.DEVNULL,
                cwd=self._cwd,
                start_new_session=True,
                env=command_env(),
            )
        except BaseException:
            os.close(read_fd)
            raise
        finally:
            os.close(write_fd)
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=_READ * 4)
        self._pipe, _ = await loop.connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(read_fd, "rb", buffering=0)
        )
        self._task = asyncio.create_task(self._follow(self._process, reader, started))

    async def _follow(
        self, process: asyncio.subprocess.Process, reader: asyncio.StreamReader, started: float
    ) -> None:
        tail = OutputTail()
        reading = asyncio.create_task(self._read(reader, tail))
        exited = asyncio.create_task(process.wait())
        try:
            while not exited.done():
                await asyncio.wait({exited}, timeout=TICK)
                self._deliver(tail)
            # Whatever the command left in its group goes with it; a setsid child is
            # out of reach, so our end of the pipe is closed instead of waited on.
            _signal_group(process.pid, signal.SIGKILL)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(reading), DRAIN)
        finally:
            self._close_pipe()
            reading.cancel()
            exited.cancel()
        self._deliver(tail, final=True)
        if not self._quiet:
            self._on_exit(exited.result(), time.monotonic() - started)

    async def _read(self, reader: asyncio.StreamReader, tail: OutputTail) -> None:
        while data := await reader.read(_READ):
            tail.feed(data)

    def _deliver(self, tail: OutputTail, final: bool = False) -> None:
        lines, dropped = tail.take(final)
        if (lines or dropped) and not self._quiet:
            self._on_output(lines, dropped)

    def _close_pipe(self) -> None:
        if self._pipe is not None:
            self._pipe.close()
            self._pipe = None

    async def stop(self, quiet: bool = False) -> None:
        """Stop a run still going; ``quiet`` drops its output and exit report.

        Bounded: a command that ignores SIGTERM is killed, and one that cannot be
        reaped (stuck in the kernel) is left behind rather than waited on."""
        self._quiet = quiet
        process, task = self._process, self._task
        if process is None or task is None:
            return
        if process.returncode is None:
            _signal_group(process.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(asyncio.shield(task), STOP_GRACE)
            except TimeoutError:
                _signal_group(process.pid, signal.SIGKILL)
        try:
            await asyncio.wait_for(asyncio.shield(task), KILL_WAIT + DRAIN)
        except TimeoutError:
            task.cancel()
            self._close_pipe()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
