"""Many small metrics: ``show``, ``check`` and loading, beside the official SDK.

Run from the repository root::

    .venv/bin/python benchmarks/bench_many.py [PATH]

(default: ``benchmarks/data/many``, 20,000 small metrics from ``make_big_files.py``).
Every row runs as its own process, ours and the SDK's in the same run, so the ratio
holds on whatever machine this is:

- ``show`` against the SDK's ``unpack_metrics`` (parse + unpack): target within 3x;
- ``check`` against the official ``validate_job_metrics`` (parse + validate): target
  within 2x;
- loading (parse + resolve, in our process) and its peak memory: target within
  4.5x the file size + 50 MiB.

Times are the median of ``--runs`` runs, wall clock from process start (imports
included, as a user waits for them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"

SDK_UNPACK = """
import sys
from resim.metrics.proto import metrics_pb2 as mp
from resim.metrics.python.unpack_metrics import unpack_metrics
job = mp.JobMetrics.FromString(open(sys.argv[1], 'rb').read())
unpack_metrics(metrics=list(job.job_level_metrics.metrics), metrics_data=list(job.metrics_data),
               events=list(job.events))
"""
SDK_VALIDATE = """
import sys
from resim.metrics.proto import metrics_pb2 as mp
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics
validate_job_metrics(mp.JobMetrics.FromString(open(sys.argv[1], 'rb').read()))
"""
OUR_LOAD = """
import resource, sys, time
from tui.formats import load
start = time.perf_counter()
doc = load(sys.argv[1])
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{took:.3f} {peak:.1f} {len(doc.metrics)}")
"""


def timed(argv: list[str], keep: bool = True) -> tuple[float, str]:
    """Wall time and (when ``keep``) stdout. ``show``'s output is thrown away: held here,
    its tens of MB would make this process big, and a child forked from it starts with
    that ru_maxrss, so the load row would report this process's size, not its own."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    start = time.perf_counter()
    done = subprocess.run(
        argv,
        stdout=subprocess.PIPE if keep else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return took, done.stdout or ""


def median(argv: list[str], runs: int) -> float:
    return statistics.median(timed(argv, keep=False)[0] for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DATA / "many")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    file = args.path / "metrics.binproto" if args.path.is_dir() else args.path
    if not file.is_file():
        sys.exit(f"{file} missing: run python benchmarks/make_big_files.py many")
    py = sys.executable
    size_mib = file.stat().st_size / 2**20
    print(f"{file} ({size_mib:.1f} MiB)")
    rows = [
        ("show", [py, "-m", "tui", "show", str(file)], [py, "-c", SDK_UNPACK, str(file)], 3.0),
        ("check", [py, "-m", "tui", "check", str(file)], [py, "-c", SDK_VALIDATE, str(file)], 2.0),
    ]
    for name, ours, peer, target in rows:
        mine, theirs = median(ours, args.runs), median(peer, args.runs)
        ratio = mine / theirs
        verdict = "OK" if ratio <= target else "OVER TARGET"
        print(
            f"  {name:6} {mine:6.2f} s   SDK {theirs:6.2f} s   ratio {ratio:5.2f}x "
            f"(target {target:.0f}x: {verdict})"
        )
    loads = [timed([py, "-c", OUR_LOAD, str(file)])[1].split() for _ in range(args.runs)]
    seconds = statistics.median(float(row[0]) for row in loads)
    peak = max(float(row[1]) for row in loads)
    budget = 4.5 * size_mib + 50
    print(
        f"  load   {seconds:6.2f} s for {loads[0][2]} metrics; peak memory {peak:.0f} MiB "
        f"(budget {budget:.0f} MiB: {'OK' if peak <= budget else 'OVER'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
