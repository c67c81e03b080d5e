"""The first view of a large outputs directory, before its rows are checked and loaded.

Reading a million emission lines, checking each against its schema, loading the
tables and running every metric takes seconds. The tree can show what the user
came for long before that: the config's topics with their schema, how many lines
each has and the time they span, and the config's metrics waiting for their values.
The first and the last bytes of each file answer that: the topics seen there, their
share of the lines there (times the file's size, an estimate) and the time from the
first to the last line seen. That costs milliseconds whatever the size; a scan of
every line's envelope by DuckDB took 1.6-1.8 s of CPU at a million lines, on the
cores the interface's imports and then the full read need. The full read replaces the
outline, and every row of the outline says it is not the final word.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from tui.formats.metrics2.config import Config, find
from tui.formats.metrics2.config import load as load_config
from tui.formats.metrics2.jobs import Job, discover

# Below this many bytes of emissions the full read is quick: no outline first.
MIN_BYTES = 16 * 1024 * 1024
SAMPLE = 512 * 1024  # bytes read from each end of a file; a smaller file is read whole


@dataclass(frozen=True)
class TopicSpan:
    """Lines of one topic in one job: how many, and their first and last timestamp.
    ``estimated``: counted in the file's ends and scaled to its size."""

    lines: int
    start: int | None
    end: int | None
    estimated: bool = False


@dataclass
class Outline:
    directory: Path
    config: Config
    jobs: list[Job]
    spans: dict[str, dict[str, TopicSpan]]  # job id → topic → span
    size: int


def emissions_size(jobs: list[Job]) -> int:
    total = 0
    for job in jobs:
        for f in job.files:
            try:
                total += f.stat().st_size
            except OSError:
                continue
    return total


def outline(
    directory: Path, config_paths: list[Path] | None = None, *, min_bytes: int | None = None
) -> Outline | None:
    """The outline of ``directory``; None when its emissions are small enough to read
    in full at once."""
    directory = directory.absolute()
    jobs = discover(directory)
    size = emissions_size(jobs)
    if size < (MIN_BYTES if min_bytes is None else min_bytes):
        return None
    root = directory if directory.is_dir() else directory.parent
    config = load_config(find(root, config_paths), root)
    spans = {job.job_id: scan(job.files) for job in jobs}
    return Outline(directory, config, jobs, spans, size)


def scan(files: list[Path]) -> dict[str, TopicSpan]:
    """Lines per topic over ``files`` and their time span: counted exactly in a file of
    up to two samples, estimated from its two ends in a bigger one."""
    found: dict[str, _Tally] = {}
    estimated = False
    for path in files:
        try:
            with path.open("rb") as handle:
                size = handle.seek(0, 2)
                handle.seek(0)
                if size <= 2 * SAMPLE:
                    ends = [_lines(handle.read(size), whole_start=True)]
                else:
                    estimated = True
                    first = _lines(handle.read(SAMPLE), whole_start=True)
                    handle.seek(size - SAMPLE)
                    ends = [first, _lines(handle.read(SAMPLE), whole_start=False)]
        except OSError:
            continue  # the full read says why
        tallies = [_tally(lines) for lines in ends]
        sampled = sum(n for _, n in tallies)
        scale = 1.0
        if len(ends) > 1 and sampled:
            seen = sum(sum(len(line) + 1 for line in lines) for lines in ends)
            scale = size / seen if seen else 1.0
        for tally, _ in tallies:
            for topic, (count, lo, hi) in tally.items():
                into = found.setdefault(topic, _Tally())
                into.add(count * scale, lo, hi)
    return {
        t: TopicSpan(max(1, round(v.lines)) if estimated else int(v.lines), v.lo, v.hi, estimated)
        for t, v in found.items()
    }


class _Tally:
    def __init__(self) -> None:
        self.lines = 0.0
        self.lo: int | None = None
        self.hi: int | None = None

    def add(self, lines: float, lo: int | None, hi: int | None) -> None:
        self.lines += lines
        if lo is not None:
            self.lo = lo if self.lo is None else min(self.lo, lo)
        if hi is not None:
            self.hi = hi if self.hi is None else max(self.hi, hi)


def _lines(data: bytes, *, whole_start: bool) -> list[bytes]:
    """The complete lines of ``data``: not the one still being written at the end, nor,
    in a tail read from the middle of a file, the one cut at its start."""
    lines = data.split(b"\n")[:-1]  # the last piece has no newline yet
    return lines if whole_start else lines[1:]


def _tally(lines: list[bytes]) -> tuple[dict[str, tuple[int, int | None, int | None]], int]:
    """topic → (lines, first and last timestamp) over ``lines``, and how many were read.
    A line that is not an emission counts under no topic."""
    out: dict[str, tuple[int, int | None, int | None]] = {}
    for raw in lines:
        meta = _metadata(raw)
        if meta is None:
            continue
        topic, ts = meta
        count, lo, hi = out.get(topic, (0, None, None))
        if ts is not None:
            lo = ts if lo is None else min(lo, ts)
            hi = ts if hi is None else max(hi, ts)
        out[topic] = (count + 1, lo, hi)
    return out, len(lines)


def _metadata(raw: bytes) -> tuple[str, int | None] | None:
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    meta = obj.get("$metadata") if isinstance(obj, dict) else None
    if not isinstance(meta, dict):
        return None
    topic = meta.get("topic")
    if not isinstance(topic, str) or not topic:
        return None
    ts = meta.get("timestamp")
    if isinstance(ts, bool) or not isinstance(ts, int | float) or not math.isfinite(ts):
        return topic, None
    return topic, int(ts)
