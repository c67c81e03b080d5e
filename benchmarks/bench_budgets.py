"""Work per byte on hostile files: pathological Markdown, and `check` on small files of
many empty metrics, with the official SDK's parse + validate in the same run.

Usage: python benchmarks/bench_budgets.py [COUNT ...]   (default 50000 and 1000000)
Target (issue 10): any 2 MB file checked in under 5 s and 500 MiB.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from resim.metrics.proto import metrics_pb2 as sdk_pb2
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics

from tui.charts.markdown import plain

MARKDOWN = {
    "120 KB of '[a]('": "[a](" * 30_000,
    "150 KB of '![a]('": "![a](" * 30_000,
    "90 KB of '**a'": "**a" * 30_000,
    "400 KB list": "- item\n" * 57_000,
}
TIMEOUT = 120


def _varint(n: int) -> bytes:
    out = b""
    while True:
        low, n = n & 0x7F, n >> 7
        if not n:
            return out + bytes([low])
        out += bytes([low | 0x80])


def empty_metrics(folder: Path, count: int) -> Path:
    """``count`` empty Metric messages: two bytes each."""
    inner = b"\x0a\x00" * count
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(b"\x12" + _varint(len(inner)) + inner)
    return folder


def check(folder: Path) -> str:
    started = time.perf_counter()
    try:
        subprocess.run(
            [sys.executable, "-m", "tui", "check", str(folder)],
            capture_output=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"over {TIMEOUT} s (stopped)"
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return f"{time.perf_counter() - started:.1f} s, peak of children so far {peak:.0f} MiB"


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


def main(counts: list[int]) -> None:
    for name, text in MARKDOWN.items():
        started = time.perf_counter()
        plain(text)
        print(f"markdown {name}: {time.perf_counter() - started:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for count in counts:
            folder = empty_metrics(Path(tmp) / str(count), count)
            size = (folder / "metrics.binproto").stat().st_size
            print(f"{count:,} empty metrics ({size:,} bytes): resim-tui check {check(folder)}")
            print(f"  official SDK: {official(folder)}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50_000, 1_000_000])
