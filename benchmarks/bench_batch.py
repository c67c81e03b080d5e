"""How fast a batch folder opens and checks, with the official SDK in the same run.

For each batch folder (default: what benchmarks/make_batch.py writes, 100 and 1,000
jobs of 50 metrics), measures:

- the jobs table on screen: ``resim-tui DIR`` on a pseudo-terminal (120x40), from
  process start until the first rows show and until the header counts every job
  (all rows read and drawn); wall time, and CPU seconds of the app and its worker
  processes up to that moment (what a quiet machine would need, spread over its
  cores); the peak memory of the app's process;
- ``resim-tui check DIR``: wall and CPU time until it exits, and the peak memory of
  the largest of its processes (the command and its workers);
- the official SDK on the same files, serially in this process: parse every file
  with ``JobMetrics.ParseFromString`` and ``unpack_metrics`` it (what a script
  reading the batch with the SDK pays), and parse + ``validate_job_metrics``
  (the SDK's own check);
- the light read alone (in-process, serial), what the table's rows cost.

Wall times on a shared machine grow with its load (printed); CPU seconds do not.
Usage: python benchmarks/bench_batch.py [DIR ...]
Targets (issue 15), 1,000 jobs x 50 metrics on 2 cores: table under 2 s,
check under 10 s, peak memory under 500 MiB.
"""

from __future__ import annotations

import contextlib
import os
import pty
import resource
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import ANSI, _peak_kib, _set_size  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
TICKS = os.sysconf("SC_CLK_TCK")
# As an installed package runs: from compiled bytecode (kept outside the tree), not
# compiling every module at each start as PYTHONDONTWRITEBYTECODE=1 would.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "PYTHONPATH": str(ROOT),
    "PYTHONPYCACHEPREFIX": os.path.join(tempfile.gettempdir(), "resim-tui-bench-pycache"),
}


def table(folder: Path, jobs: int, timeout: float = 120.0) -> dict[str, float]:
    """Wall and CPU seconds until the first rows show, and until every row has."""
    marks = {"first": b"PASSED", "every": f"{jobs:,} jobs".encode()}
    leader, follower = pty.openpty()
    _set_size(follower, 40, 120)
    env = {**ENV, "TERM": "xterm-256color"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", str(folder), "--no-watch"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    screen = b""
    found: dict[str, float] = {}
    peak = 0
    while time.perf_counter() - start < timeout and len(found) < 2 * len(marks):
        if select.select([leader], [], [], 0.01)[0]:
            try:
                chunk = os.read(leader, 1 << 20)
            except OSError:
                break
            if b"\x1b[c" in chunk:
                os.write(leader, b"\x1b[?62;22c")  # a VT220-class terminal's answer
            screen += ANSI.sub(b"", chunk)
        for name, text in marks.items():
            if name not in found and text in screen:
                found[name] = time.perf_counter() - start
                found[f"{name}_cpu"] = cpu_of_tree(proc.pid)
        peak = max(peak, _peak_kib(proc.pid))
    os.write(leader, b"q")
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    os.close(leader)
    found["peak_mib"] = peak / 1024
    return found


def cpu_of_tree(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its live descendants."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError, IndexError):
            continue
    return total / TICKS


def check(folder: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MiB of the largest process, exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=ENV,
        check=False,
    )
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak = max(before.ru_maxrss, after.ru_maxrss)
    return took, cpu, peak / 1024, proc.returncode


def official_unpack(files: list[Path]) -> float:
    from resim.metrics.proto import metrics_pb2
    from resim.metrics.python.unpack_metrics import unpack_metrics

    start = time.process_time()
    for file in files:
        # Made at import by protobuf's builder: the SDK ships no stubs mypy could read.
        message = metrics_pb2.JobMetrics()  # type: ignore[attr-defined]
        message.ParseFromString(file.read_bytes())
        unpack_metrics(
            metrics=list(message.job_level_metrics.metrics),
            metrics_data=list(message.metrics_data),
            events=list(message.events),
        )
    return time.process_time() - start


def official_validate(files: list[Path]) -> float:
    from resim.metrics.proto import metrics_pb2
    from resim.metrics.proto.validate_metrics_proto import validate_job_metrics

    start = time.process_time()
    for file in files:
        # Made at import by protobuf's builder: the SDK ships no stubs mypy could read.
        message = metrics_pb2.JobMetrics()  # type: ignore[attr-defined]
        message.ParseFromString(file.read_bytes())
        # A job the official validator rejects still counts as checked.
        with contextlib.suppress(Exception):
            validate_job_metrics(message)
    return time.process_time() - start


def light(folder: Path) -> float:
    from tui.formats.metrics1.rows import read_row
    from tui.formats.scan import job_name, scan

    start = time.process_time()
    for file in scan(folder).files:
        read_row(file, job_name(folder, file))
    return time.process_time() - start


def main(folders: list[Path]) -> None:
    from tui.formats.scan import scan

    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "tui")], env=ENV, check=True
    )
    for folder in folders:
        files = scan(folder).files
        jobs = len(files)
        print(f"{folder}: {jobs:,} jobs")
        print(f"  light read of every row, serial, in-process: {light(folder):.2f} s CPU")
        runs = [table(folder, jobs) for _ in range(3)]
        for mark, label in (("first", "first rows"), ("every", "every row")):
            shown = [r for r in runs if mark in r]
            if not shown:
                print(f"  jobs table, {label}: not within 120 s")
                continue
            wall = statistics.median(r[mark] for r in shown)
            cpu = statistics.median(r[f"{mark}_cpu"] for r in shown)
            print(
                f"  jobs table, {label} on screen: median {wall:.2f} s wall, "
                f"{cpu:.2f} s CPU (app + workers); runs: "
                + ", ".join(f"{r[mark]:.2f}" for r in shown)
            )
        print(f"  app peak memory {max(r['peak_mib'] for r in runs):.0f} MiB")
        took, cpu, peak, status = check(folder)
        print(
            f"  resim-tui check DIR: {took:.2f} s wall, {cpu:.2f} s CPU, exit {status}, "
            f"peak {peak:.0f} MiB"
        )
        print(f"  official SDK parse + unpack_metrics, serial: {official_unpack(files):.2f} s CPU")
        print(
            "  official SDK parse + validate_job_metrics, serial: "
            f"{official_validate(files):.2f} s CPU"
        )
        print(f"  load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or [DATA / "batch100", DATA / "batch1000"])
