"""How fast a batch folder opens and checks, with the official SDK in the same run.

For each batch folder (default: what benchmarks/make_batch.py writes, 100 and 1,000
jobs of 50 metrics), measures:

- the jobs table on screen: ``resim-tui DIR`` on a pseudo-terminal, from process
  start until the header counts every job (all rows read and drawn), and the
  peak memory of the app's process;
- ``resim-tui check DIR``: wall time until it exits, and the peak memory of the
  largest of its processes (the command and its workers);
- the official SDK doing the same check: parse every file with
  ``resim.metrics.proto.metrics_pb2.JobMetrics`` and run ``validate_job_metrics``,
  one file after another, in this process;
- the light read alone (in-process), to show what the table's rows cost.

Usage: python benchmarks/bench_batch.py [DIR ...]
Targets (issue 15), 1,000 jobs x 50 metrics on 2 cores: table under 2 s,
check under 10 s, peak memory under 500 MiB.
"""

from __future__ import annotations

import contextlib
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_load import run_app  # noqa: E402

DATA = ROOT / "benchmarks" / "data"


def table(folder: Path, jobs: int) -> dict[str, float]:
    """Seconds until the first rows show (a status glyph's word), and until every row has."""
    every = f"{jobs:,} jobs".encode()
    return run_app(folder, {"first": (b"PASSED",), "table": (every,)}, timeout=120.0)


def check(folder: Path) -> tuple[float, float, int]:
    """Seconds, peak MiB of the largest process, exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    took = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return took, peak / 1024, proc.returncode


def official(files: list[Path]) -> float:
    from resim.metrics.proto import metrics_pb2
    from resim.metrics.proto.validate_metrics_proto import validate_job_metrics

    start = time.perf_counter()
    for file in files:
        message = metrics_pb2.JobMetrics()
        message.ParseFromString(file.read_bytes())
        # A job the official validator rejects still counts as checked.
        with contextlib.suppress(Exception):
            validate_job_metrics(message)
    return time.perf_counter() - start


def light(folder: Path) -> float:
    from tui.formats.batch import read_batch

    start = time.perf_counter()
    read_batch(folder)
    return time.perf_counter() - start


def main(folders: list[Path]) -> None:
    from tui.formats.scan import scan

    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start")
    for folder in folders:
        files = scan(folder).files
        jobs = len(files)
        print(f"{folder}: {jobs:,} jobs")
        print(f"  light read (rows, in-process): {light(folder):.2f} s")
        single = run_app(files[0], {"tree": (b"Metrics",)})
        print(f"  (for scale: one job's viewer shows its tree in {single['tree']:.2f} s)")
        runs = [table(folder, jobs) for _ in range(3)]
        peaks = [r["peak_mib"] for r in runs]
        for mark, label in (("first", "first rows"), ("table", "every row")):
            shown = [r[mark] for r in runs if mark in r]
            if shown:
                print(
                    f"  jobs table, {label} on screen: median {statistics.median(shown):.2f} s "
                    "(runs: " + ", ".join(f"{v:.2f}" for v in shown) + ")"
                )
            else:
                print(f"  jobs table, {label}: not within 120 s")
        print(f"  app peak memory {max(peaks):.0f} MiB")
        took, peak, status = check(folder)
        print(f"  resim-tui check DIR: {took:.2f} s, exit {status}, peak {peak:.0f} MiB")
        print(f"  official SDK parse + validate_job_metrics, serial: {official(files):.2f} s")
        print(f"  load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(args or [DATA / "batch100", DATA / "batch1000"])
