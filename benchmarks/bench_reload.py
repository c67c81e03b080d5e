"""Write → screen-updated latency of live reload, measured as a user sees it.

Runs ``resim-tui PATH`` on a pseudo-terminal, then rewrites the file in place
(``open(path, "wb")`` and one write, as the SDK's writer does) with the first
metric renamed, and times from the start of the write until the new name is
on the terminal. Repeats, and reports the median, with the CPU time the app's process
spent from the write to the new name (read from /proc: on a loaded machine wall time
says as much about the other processes as about this one).

Usage: python benchmarks/bench_reload.py [--rounds N] [PATH ...]
(default: benchmarks/data/fifty and benchmarks/data/big_dot from make_big_files.py)
Targets (issue #4): median under 150 ms for a ~50-metric file, under 1 s for 100 MB.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
CHECKED = re.compile(rb"\d errors?  ")  # the header's problem counts
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P].*?(\x07|\x1b\\)|\x1b.")


def variants(file: Path, count: int) -> list[tuple[str, bytes]]:
    """The file with its first displayed metric renamed, ``count`` ways."""
    from tui.formats import load
    from tui.schema import metrics_pb2

    first = load(file).display_order[0].name
    job = metrics_pb2.JobMetrics.FromString(file.read_bytes())
    metric = next(m for m in job.job_level_metrics.metrics if m.name == first)
    out = []
    for i in range(count):
        name = f"Renamed {i:02d} zq"
        metric.name = name
        out.append((name, job.SerializeToString()))
    return out


class Terminal:
    def __init__(
        self, file: Path, prefix: list[str] | None = None, cwd: Path | None = None
    ) -> None:
        self.leader, follower = pty.openpty()
        _set_size(follower, 40, 120)
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
        # This checkout's tui, whatever the directory the app runs in.
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
        self.proc = subprocess.Popen(
            [*(prefix or [sys.executable, "-m", "tui"]), str(file)],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            cwd=cwd,
        )
        os.close(follower)
        self.screen = b""

    def wait_for(self, text: bytes, timeout: float = 30.0) -> float:
        return self.wait_for_any(lambda _: text in self.screen, timeout, text)

    def wait_for_match(self, pattern: re.Pattern[bytes], timeout: float = 30.0) -> float:
        """When ``pattern`` is first found in what the app wrote (ANSI codes removed)."""
        return self.wait_for_any(lambda _: pattern.search(self.screen) is not None, timeout)

    def wait_for_any(
        self, seen: Callable[[bytes], bool], timeout: float = 30.0, what: object = None
    ) -> float:
        """When ``seen`` first holds of a chunk the app wrote (ANSI codes removed)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            chunk = self._read(0.002)
            if chunk and seen(chunk):
                return time.perf_counter()
        raise TimeoutError(what)

    def drain(self, seconds: float) -> None:
        """Read what the app writes for ``seconds`` (a terminal that is not read blocks it)."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self._read(0.01)

    def _read(self, wait: float) -> bytes:
        ready, _, _ = select.select([self.leader], [], [], wait)
        if not ready:
            return b""
        try:
            chunk = os.read(self.leader, 1 << 20)
        except OSError:  # the app exited: show what it printed
            sys.exit(f"the app exited: {self.screen[-2000:].decode(errors='replace')}")
        chunk = ANSI.sub(b"", chunk)
        self.screen += chunk
        return chunk

    def close(self) -> None:
        os.write(self.leader, b"q")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self.leader)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(source: Path, rounds: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "outputs"
        shutil.copytree(source.parent, folder)
        file = folder / source.name
        cases = variants(file, rounds)
        terminal = Terminal(file)
        try:
            terminal.wait_for(b"Metrics", timeout=180)
            # Checked (the header's counts): the first load's work is done, so that each
            # reload measured starts from an idle app.
            terminal.wait_for_match(CHECKED, timeout=180)
            time.sleep(1.0)  # the watcher is up, the first paint done
            latencies: list[float] = []
            cpu: list[float] = []
            for name, content in cases:
                terminal.screen = b""
                used = cpu_seconds(terminal.proc.pid)
                start = time.perf_counter()
                with open(file, "wb") as handle:
                    handle.write(content)
                seen = terminal.wait_for(name.encode(), timeout=120)
                latencies.append(seen - start)
                cpu.append(cpu_seconds(terminal.proc.pid) - used)
                print(
                    f"  {latencies[-1] * 1000:.0f} ms ({cpu[-1] * 1000:.0f} ms CPU), "
                    f"load average {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
                time.sleep(0.3)
            return latencies, cpu
        finally:
            terminal.close()


def main(paths: list[Path], rounds: int | None = None) -> None:
    for path in paths:
        file = path / "metrics.binproto" if path.is_dir() else path
        size = file.stat().st_size / 2**20
        latencies, cpu = measure(file, rounds or (15 if size < 20 else 5))
        print(
            f"{file} ({size:.1f} MiB): write → on screen median "
            f"{statistics.median(latencies) * 1000:.0f} ms, "
            f"min {min(latencies) * 1000:.0f}, max {max(latencies) * 1000:.0f} "
            f"({len(latencies)} rewrites); CPU median {statistics.median(cpu) * 1000:.0f} ms"
        )


def _set_size(fd: int, rows: int, columns: int) -> None:
    """Give the pseudo-terminal a size, as a terminal emulator would."""
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, columns * 8, rows * 16))


if __name__ == "__main__":
    argv = sys.argv[1:]
    rounds = None
    if "--rounds" in argv:
        at = argv.index("--rounds")
        rounds = int(argv[at + 1])
        del argv[at : at + 2]
    args = [Path(a) for a in argv]
    if not args:
        args = [p for p in (DATA / "fifty", DATA / "big_dot") if p.exists()]
    if not args:
        sys.exit("no inputs: run python benchmarks/make_big_files.py first, or give paths")
    main(args, rounds)
