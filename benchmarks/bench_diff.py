"""How long comparing two runs takes, on top of loading them.

For each pair (A, and B = A with changed data, written beside it the first time):
load A and B (reported apart), then ``compare(A, B)`` (the work the issue
targets: under 0.5 s for two ~5 MB / 50-metric files, under 2 s for two
~100 MB / 5M-point files), then the whole ``resim-tui diff`` in-process
(loading, validating both sides, comparing and formatting). For reference in
the same run: the official SDK's own cost of just parsing both files
(``JobMetrics.FromString``); the SDK has no comparison of its own.

Last, the viewer's side: after a reload of a 20,000-metric file, the time the UI
thread spends before the comparison goes to a worker, and the worker's time.

Usage: python benchmarks/bench_diff.py [--repeat N]
(needs the files benchmarks/make_big_files.py writes into benchmarks/data/)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time
from pathlib import Path

from resim.metrics.proto import metrics_pb2 as sdk_pb2

from tui.app.compare.state import CompareState
from tui.cli import main as cli
from tui.formats import load
from tui.model.compare import compare

DATA = Path(__file__).resolve().parent / "data"


def make_b(a: Path, b: Path) -> None:
    """B: every double series of A with its last element moved, and every scalar moved:
    the worst case, since each differing pair is decoded to say how it differs."""
    if b.exists() and b.stat().st_mtime >= a.stat().st_mtime:
        return
    job = sdk_pb2.JobMetrics.FromString(a.read_bytes())
    for data in job.metrics_data:
        series = data.series if data.HasField("series") else None
        if series is not None and series.HasField("doubles") and len(series.doubles.series):
            series.doubles.series[-1] += 1.0
    for metric in job.job_level_metrics.metrics:
        values = metric.metric_values
        if values.HasField("scalar_metric_values"):
            values.scalar_metric_values.value += 1.0
    b.parent.mkdir(parents=True, exist_ok=True)
    b.write_bytes(job.SerializeToString())
    for extra in a.parent.iterdir():
        if extra.suffix == ".png":
            (b.parent / extra.name).write_bytes(extra.read_bytes())


def best(times: list[float]) -> str:
    return f"{min(times):6.3f} s (median {statistics.median(times):.3f})"


def bench(name: str, repeat: int) -> None:
    a = DATA / name / "metrics.binproto"
    if not a.exists():
        print(f"{name}: {a} missing; run benchmarks/make_big_files.py {name}")
        return
    b = DATA / f"{name}_b" / "metrics.binproto"
    make_b(a, b)
    load_a, load_b, work, whole, sdk = [], [], [], [], []
    changed = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc_a = load(a)
        t1 = time.perf_counter()
        doc_b = load(b)
        t2 = time.perf_counter()
        result = compare(doc_a, doc_b)
        t3 = time.perf_counter()
        changed = result.count("changed")
        with contextlib.redirect_stdout(io.StringIO()):
            cli(["diff", str(a), str(b), "--format", "json"])
        t4 = time.perf_counter()
        sdk_pb2.JobMetrics.FromString(a.read_bytes())
        sdk_pb2.JobMetrics.FromString(b.read_bytes())
        t5 = time.perf_counter()
        load_a.append(t1 - t0)
        load_b.append(t2 - t1)
        work.append(t3 - t2)
        whole.append(t4 - t3)
        sdk.append(t5 - t4)
    same, again = load(a), load(a)
    t0 = time.perf_counter()
    compare(same, again)
    identical = time.perf_counter() - t0
    size = a.stat().st_size / 1e6
    print(f"{name}: {size:.1f} MB, {len(doc_a.metrics)} metrics, {changed} changed")
    print(f"  load A          {best(load_a)}")
    print(f"  load B          {best(load_b)}")
    print(f"  compare A, B    {best(work)}   <- the work on top of loading")
    print(f"  compare A, A'   {identical:6.3f} s (same content: bytes compared, nothing decoded)")
    print(f"  resim-tui diff  {best(whole)}   (load, validate both, compare, JSON)")
    print(f"  SDK parse A+B   {best(sdk)}   (official SDK: JobMetrics.FromString, no compare)")


def bench_reload(name: str, repeat: int) -> None:
    """The viewer after a reload of a file with many metrics: what the UI thread spends
    planning the comparison (CompareState.loaded) against what the worker then runs."""
    a = DATA / name / "metrics.binproto"
    if not a.exists():
        print(f"{name}: {a} missing; run benchmarks/make_big_files.py {name}")
        return
    b = DATA / f"{name}_b" / "metrics.binproto"
    make_b(a, b)
    before, after = load(a), load(b)
    ui, worker = [], []
    for _ in range(repeat):
        state = CompareState()
        first = state.loaded(before, None, reloaded=False, track=True)
        assert first is not None
        state.finished(first, first.run())
        t0 = time.perf_counter()
        job = state.loaded(after, before, reloaded=True, track=True)
        t1 = time.perf_counter()
        assert job is not None
        result = job.run()
        t2 = time.perf_counter()
        ui.append(t1 - t0)
        worker.append(t2 - t1)
    assert result is not None
    print(f"{name} reload: {len(after.metrics):,} metrics, {result.count('changed'):,} changed")
    print(f"  UI thread       {best(ui)}   (planning the comparison)")
    print(f"  worker          {best(worker)}   (reading file digests, comparing)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for name in ("fifty", "big_dot"):
        bench(name, args.repeat)
    bench_reload("many", args.repeat)
