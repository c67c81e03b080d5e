"""How fast the viewer opens a file, measured as a user sees it.

Runs ``resim-tui PATH`` on a pseudo-terminal (as a terminal would) and times,
from process start: the first paint, the moment the metric tree is on
screen, and the moment the first metric's card has its data (the file is
"fully usable"). Also reports the peak memory of the process, and the
model's own costs in-process: parse+resolve, and converting each metric's
series (what opening a card costs).

Usage: python benchmarks/bench_load.py [PATH ...]
(default: the files benchmarks/make_big_files.py writes into benchmarks/data/)
Targets (issue #2): paint within 0.7 s for any size; the tree of a ~5 MB
file within 0.7 s; a ~100 MB file usable within 1.5 s; peak memory at most
4.5x the file size + 50 MiB.
"""

from __future__ import annotations

import os
import pty
import re
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[\]P].*?(\x07|\x1b\\)|\x1b.")


def run_app(
    path: Path, marks: dict[str, tuple[bytes, ...]], timeout: float = 30.0
) -> dict[str, float]:
    """Seconds from spawn until each mark's text appears on the terminal, plus peak RSS."""
    leader, follower = pty.openpty()
    _set_size(follower, 40, 120)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", str(path)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    screen = b""
    found: dict[str, float] = {}
    peak_kib = 0
    while time.perf_counter() - start < timeout and len(found) < len(marks):
        ready, _, _ = select.select([leader], [], [], 0.01)
        if ready:
            try:
                chunk = os.read(leader, 1 << 20)
            except OSError:
                break
            if b"\x1b[c" in chunk:
                # Answer "what are you?" as a VT220-class terminal would (as tmux does);
                # a pseudo-terminal with nobody behind it would make the asker wait.
                os.write(leader, b"\x1b[?62;22c")
            screen += ANSI.sub(b"", chunk)
        for name, texts in marks.items():
            if name not in found and any(text in screen for text in texts):
                found[name] = time.perf_counter() - start
        peak_kib = max(peak_kib, _peak_kib(proc.pid))
    time.sleep(0.3)
    peak_kib = max(peak_kib, _peak_kib(proc.pid))
    os.write(leader, b"q")
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    os.close(leader)
    found["peak_mib"] = peak_kib / 1024
    return found


def _peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def in_process(path: Path) -> None:
    from tui.formats import load

    start = time.perf_counter()
    doc = load(path)
    loaded = time.perf_counter() - start
    print(f"  load (parse + resolve): {loaded * 1000:.0f} ms")
    for metric in doc.metrics:
        refs = [r.data for r in metric.refs() if r.data is not None]
        points = sum(d.total_length for d in refs)
        if points < 100_000:
            continue
        start = time.perf_counter()
        for data in refs:
            data.column()
            if data.index is not None:
                data.index.column()
        took = time.perf_counter() - start
        print(f"  open {metric.name!r}: {points:,} points converted in {took * 1000:.0f} ms")


def main(paths: list[Path]) -> None:
    for path in paths:
        file = path / "metrics.binproto" if path.is_dir() else path
        size_mib = file.stat().st_size / 2**20
        budget = 4.5 * size_mib + 50
        print(f"{file} ({size_mib:.1f} MiB)")
        in_process(file)
        runs = [
            run_app(
                file,
                # paint: the loading line (big files) or the tree (files read before start);
                # usable: the first card's chart is drawn (the ┘ of its frame).
                {
                    "paint": (b"loading", b"Metrics"),
                    "tree": (b"Metrics",),
                    "usable": ("┘".encode(),),
                },
            )
            for _ in range(3)
        ]
        for mark in ("paint", "tree", "usable"):
            values = [r[mark] for r in runs if mark in r]
            if values:
                print(
                    f"  app {mark:7}: median {statistics.median(values):.2f} s  (runs: "
                    + ", ".join(f"{v:.2f}" for v in values)
                    + ")"
                )
            else:
                print(f"  app {mark:7}: not seen")
        peak = max(r["peak_mib"] for r in runs)
        print(f"  peak memory: {peak:.0f} MiB (budget {budget:.0f} MiB)")


def _set_size(fd: int, rows: int, columns: int) -> None:
    """Give the pseudo-terminal a size, as a terminal emulator would."""
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, columns * 8, rows * 16))


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    if not args:
        args = [p for p in (DATA / "fifty", DATA / "big_dot", DATA / "wide") if p.exists()]
    if not args:
        sys.exit("no inputs: run python benchmarks/make_big_files.py first, or give paths")
    main(args)
