"""Work per byte on hostile files: pathological Markdown, and `check` / `show` on 2 MB
files of a million tiny messages in every shape the schema allows (empty metrics, data,
events, category names, event metric ids, tags, buckets, map entries), with the official
SDK's parse + validate of the same file in the same run.

And what the budget costs a normal file: the cut (``budget.trim``) on files of 2,000
and 20,000 small metrics of mixed types (``make_big_files.make_many``), beside the
parse it follows. Target: nothing measurable beside the rest of a load.

Usage: python benchmarks/bench_budgets.py [SHAPE ...]   (default: every shape)
Target (issue 10): any 2 MB file checked in under 5 s and 500 MiB.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from resim.metrics.proto import metrics_pb2 as sdk_pb2
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_big_files import make_many  # noqa: E402
from tests.hostile_jobs import shape  # noqa: E402
from tui.charts.markdown import plain  # noqa: E402
from tui.formats.metrics1.budget import trim  # noqa: E402
from tui.formats.metrics1.decode import parse  # noqa: E402

MARKDOWN = {
    "120 KB of '[a]('": "[a](" * 30_000,
    "150 KB of '![a]('": "![a](" * 30_000,
    "90 KB of '**a'": "**a" * 30_000,
    "400 KB list": "- item\n" * 57_000,
}
TIMEOUT = 60


SHAPES = (
    "metrics",
    "data",
    "events",
    "category names",
    "event metric ids",
    "metric tags",
    "histogram buckets",
    "category map",
)


def command(verb: str, folder: Path) -> str:
    """``resim-tui VERB FOLDER``: wall time and peak memory, by GNU time.

    Not this process's RUSAGE_CHILDREN: ru_maxrss survives fork and exec, so a child
    of this (big) process would report at least our own size.
    """
    started = time.perf_counter()
    try:
        done = subprocess.run(
            ["/usr/bin/time", "-f", "PEAK %M", sys.executable, "-m", "tui", verb, str(folder)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"over {TIMEOUT} s (stopped)"
    took = time.perf_counter() - started
    peak = next((ln.split()[1] for ln in done.stderr.splitlines() if ln.startswith("PEAK")), "")
    memory = f"{int(peak) // 1024} MiB" if peak.isdigit() else "? MiB"
    return f"{took:.1f} s, {memory}"


def official(folder: Path) -> str:
    started = time.perf_counter()
    message = sdk_pb2.JobMetrics()
    message.ParseFromString((folder / "metrics.binproto").read_bytes())
    try:
        validate_job_metrics(message)
        verdict = "valid"
    except Exception:
        verdict = "invalid"
    return f"{time.perf_counter() - started:.2f} s ({verdict}, stops at the first problem)"


def normal_files() -> None:
    for count in (2_000, 20_000):
        raw = make_many(count).SerializeToString()
        parses, trims = [], []
        for _ in range(5):
            started = time.perf_counter()
            message = parse(raw, "bench")
            parsed = time.perf_counter()
            trim(message, len(raw))
            parses.append(parsed - started)
            trims.append(time.perf_counter() - parsed)
        print(
            f"normal file, {count:,} metrics ({len(raw) / 1e6:.1f} MB): budget.trim "
            f"{min(trims) * 1000:.1f} ms (parse {min(parses) * 1000:.1f} ms; best of 5)",
            flush=True,
        )


def main(names: list[str]) -> None:
    normal_files()
    for name, text in MARKDOWN.items():
        started = time.perf_counter()
        plain(text)
        print(f"markdown {name}: {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            folder = Path(tmp) / name.replace(" ", "-")
            folder.mkdir()
            (folder / "metrics.binproto").write_bytes(shape(name).SerializeToString())
            size = (folder / "metrics.binproto").stat().st_size
            print(f"{name} ({size / 1e6:.1f} MB):", flush=True)
            print(f"  resim-tui check {command('check', folder)}", flush=True)
            print(f"  resim-tui show  {command('show', folder)}", flush=True)
            print(f"  official SDK parse + validate: {official(folder)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(SHAPES))
