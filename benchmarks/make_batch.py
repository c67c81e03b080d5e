"""Generate batch folders for benchmarks/bench_batch.py (not committed).

Run from the repository root::

    .venv/bin/python benchmarks/make_batch.py          # batch100 and batch1000

Writes ``benchmarks/data/batch100/`` and ``benchmarks/data/batch1000/``: that many
outputs directories of 50 metrics each (scalars, a double summary, doubles over
time, histograms and states of 100 points; statuses vary by job), written by the
official SDK's ``ResimMetricsWriter`` (tests/sdk_batch.py), every fourth job nested
one folder deeper.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.sdk_batch import write_batch  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
METRICS = 50
POINTS = 100


def main(sizes: list[int]) -> None:
    for jobs in sizes:
        folder = DATA / f"batch{jobs}"
        if folder.is_dir() and len(list(folder.rglob("metrics.binproto"))) == jobs:
            print(f"{folder}: already there")
            continue
        start = time.perf_counter()
        write_batch(folder, jobs, metrics=METRICS, points=POINTS)
        print(f"{folder}: {jobs} jobs in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
