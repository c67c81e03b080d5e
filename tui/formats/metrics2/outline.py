"""The first view of a large outputs directory, before its rows are checked and loaded.

Reading a million emission lines, checking each against its schema, loading the
tables and running every metric takes seconds. The tree can show what the user
came for long before that: the config's topics with their schema, how many lines
each has and the time they span, and the config's metrics waiting for their values.
One DuckDB scan of the envelope (``$metadata`` only, types given, nothing detected)
answers that in a fraction of the full read. The full read replaces the outline.

The counts are of lines naming the topic: rows the full read rejects are still in
them, which is why every row of the outline says it is not the final word.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.formats.metrics2.config import Config, find
from tui.formats.metrics2.config import load as load_config
from tui.formats.metrics2.jobs import Job, discover

# Below this many bytes of emissions the full read is quick: no outline first.
MIN_BYTES = 16 * 1024 * 1024
MAX_LINE = 64 * 1024 * 1024  # longer lines are left out of the counts


@dataclass(frozen=True)
class TopicSpan:
    """Lines of one topic in one job: how many, and their first and last timestamp."""

    lines: int
    start: int | None
    end: int | None


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
    in full at once, or when the scan cannot read them (the full read will say why)."""
    directory = directory.absolute()
    jobs = discover(directory)
    size = emissions_size(jobs)
    if size < (MIN_BYTES if min_bytes is None else min_bytes):
        return None
    root = directory if directory.is_dir() else directory.parent
    config = load_config(find(root, config_paths), root)
    spans: dict[str, dict[str, TopicSpan]] = {}
    for job in jobs:
        counted = scan(job.files)
        if counted is None:
            return None
        spans[job.job_id] = counted
    return Outline(directory, config, jobs, spans, size)


def scan(files: list[Path]) -> dict[str, TopicSpan] | None:
    """Lines per topic over ``files`` and their time span; None when DuckDB fails."""
    import duckdb  # the engine's import: only a large directory pays it here

    if not files:
        return {}
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET enable_progress_bar = false")  # it would draw over the screen
        # Lines as text, then only the envelope typed ($data is not looked at): a line
        # that is not JSON counts under no topic, and one bad line cannot spoil its
        # neighbours (read_ndjson's ignore_errors nulls a whole batch after a bare array).
        rows = con.execute(
            f"""
            SELECT m.topic, count(*), min(m."timestamp"), max(m."timestamp")
            FROM (
                SELECT try(json_transform(line, '{{"$metadata":
                    {{"topic": "VARCHAR", "timestamp": "BIGINT"}}}}'))."$metadata" AS m
                FROM read_csv($files, columns = {{'line': 'VARCHAR'}}, delim = chr(1),
                    quote = '', escape = '', header = false, auto_detect = false,
                    new_line = '\\n', strict_mode = false, ignore_errors = true,
                    max_line_size = {MAX_LINE})
            )
            WHERE m.topic IS NOT NULL
            GROUP BY 1
            """,
            {"files": [str(f) for f in files]},
        ).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return {str(t): TopicSpan(int(n), _int(lo), _int(hi)) for t, n, lo, hi in rows}


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int) else None
