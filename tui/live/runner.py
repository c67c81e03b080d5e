"""The watch loop's command: run it, stream its output, stop it for a newer run.

Lives in the app's event loop (asyncio subprocess), reports through
callbacks, knows nothing of widgets. The command runs in its own process
group so that stopping it also stops whatever it started.
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


class CommandRunner:
    """Runs one shell command at a time; ``run()`` stops a run still going first."""

    def __init__(
        self,
        command: str,
        # What they return is ignored (post_message's bool, say).
        on_output: Callable[[str], object],
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
        self._reader: asyncio.Task[None] | None = None
        self._quiet = False

    async def run(self) -> None:
        await self.stop()
        self._quiet = False
        self._on_start()
        started = time.monotonic()
        self._process = await asyncio.create_subprocess_shell(
            self.command,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            stdin=asyncio.subprocess.DEVNULL,
            cwd=self._cwd,
            start_new_session=True,
            env=command_env(),
        )
        self._reader = asyncio.create_task(self._pump(self._process, started))

    async def _pump(self, process: asyncio.subprocess.Process, started: float) -> None:
        assert process.stdout is not None
        while True:
            line = await process.stdout.readline()
            if not line:
                break
            if not self._quiet:
                self._on_output(line.decode("utf-8", "replace").rstrip("\n"))
        code = await process.wait()
        if not self._quiet:
            self._on_exit(code, time.monotonic() - started)

    async def stop(self, quiet: bool = False) -> None:
        """Stop a run still going; ``quiet`` drops its output and exit report."""
        self._quiet = quiet
        process = self._process
        if process is None or process.returncode is not None:
            return
        _signal_group(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), STOP_GRACE)
        except TimeoutError:
            _signal_group(process.pid, signal.SIGKILL)
            await process.wait()
        if self._reader is not None:
            await self._reader


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)
