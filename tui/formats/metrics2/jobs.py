"""Which jobs an outputs directory holds, and where each one's emissions are.

``jobs.json`` (ReSim's export layout) first; else every subdirectory holding
emissions is a job named after it; else the directory is one job.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

PATTERN = "*.resim.jsonl"
OLD_NAME = "emissions.ndjson"
MANIFEST = "jobs.json"
PLACEHOLDER_JOB = "local-job"
_JOB_FILE = re.compile(r"^emissions_(.+)\.resim\.jsonl$")
# A job's conflated status from its test metrics' (spec §4.7), worst first. A metric that
# could not be computed is ERROR itself but does not move its job: the spec's rule, which
# the corpus's expected job statuses follow. Every surface still counts it as an error
# (the header, problems, check's exit code), so the job never reads as a clean pass.
CONFLATED = (("FAIL_BLOCK", "BLOCKER"), ("FAIL_WARN", "WARNING"))


@dataclass
class Job:
    job_id: str
    directory: Path
    files: list[Path]
    experience_name: str | None = None
    batch_id: str | None = None
    build_version: str | None = None
    project_id: str | None = None
    notes: list[str] = field(default_factory=list)
    # When the job ran, in epoch seconds: jobs.json's creation_timestamp (ISO 8601 or
    # epoch seconds, our optional key) when given, else its newest emissions file's mtime.
    # A dashboard's day_range counts back from the newest job's.
    created: float | None = None

    @property
    def time(self) -> tuple[float | None, str]:
        """(epoch seconds, where they came from)."""
        if self.created is not None:
            return self.created, "creation_timestamp"
        stamps = []
        for f in self.files:
            try:
                stamps.append(f.stat().st_mtime)
            except OSError:
                continue
        return (max(stamps), "file time") if stamps else (None, "no time")


def conflated(statuses: Iterable[str | None]) -> str:
    """BLOCKER, WARNING or PASSED for metric statuses (NO_DATA, SKIPPED, ERROR and none
    pass, as the spec's no-data table and job rule say)."""
    seen = set(statuses)
    return next((job for metric, job in CONFLATED if metric in seen), "PASSED")


def emission_files(directory: Path) -> list[Path]:
    files = sorted(p for p in directory.glob(PATTERN) if p.is_file())
    if not files and (directory / OLD_NAME).is_file():
        return [directory / OLD_NAME]
    return files


def has_emissions(directory: Path) -> bool:
    """Whether ``directory`` is a Metrics 2.0 outputs directory (or a batch of them)."""
    if not directory.is_dir():
        return directory.is_file() and directory.name.endswith((".resim.jsonl", OLD_NAME))
    if emission_files(directory) or (directory / MANIFEST).is_file():
        return bool(emission_files(directory)) or _manifest_jobs(directory) is not None
    return any(emission_files(sub) for sub in _subdirs(directory))


def discover(directory: Path) -> list[Job]:
    if directory.is_file():
        return [Job(_job_id([directory]), directory.parent, [directory])]
    manifest = _manifest_jobs(directory)
    if manifest is not None:
        return manifest
    own = emission_files(directory)
    if own:
        return [Job(_job_id(own), directory, own)]
    return [
        Job(sub.name, sub, emission_files(sub), experience_name=sub.name)
        for sub in _subdirs(directory)
        if emission_files(sub)
    ]


def _subdirs(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError:
        return []


def _job_id(files: list[Path]) -> str:
    for f in files:
        match = _JOB_FILE.match(f.name)
        if match:
            return match.group(1)
    return PLACEHOLDER_JOB


def _manifest_jobs(directory: Path) -> list[Job] | None:
    path = directory / MANIFEST
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_bytes()[: 16 * 1024 * 1024])
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("jobs"), list):
        return None
    jobs = []
    for i, entry in enumerate(doc["jobs"]):
        if not isinstance(entry, dict):
            continue
        where = PurePosixPath(str(entry.get("directory") or "."))
        if where.is_absolute() or ".." in where.parts:
            continue  # never read outside the outputs directory
        job_dir = directory / where
        names = entry.get("emissions")
        if isinstance(names, list):
            files = [
                job_dir / str(n)
                for n in names
                if "/" not in str(n) and ".." not in str(n) and (job_dir / str(n)).is_file()
            ]
        else:
            files = emission_files(job_dir)

        def pick(key: str, entry: dict[str, Any] = entry) -> str | None:
            value = entry.get(key, doc.get(key))
            return None if value is None else str(value)

        jobs.append(
            Job(
                str(entry.get("job_id") or f"job-{i + 1}"),
                job_dir,
                sorted(files),
                experience_name=pick("experience_name"),
                batch_id=pick("batch_id"),
                build_version=pick("build_version"),
                project_id=pick("project_id"),
                created=_epoch(entry.get("creation_timestamp")),
            )
        )
    return jobs


def _epoch(value: Any) -> float | None:
    """Epoch seconds from a number or an ISO 8601 text (``Z`` or an offset; UTC without)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            seconds = float(value)
        except OverflowError:
            return None
        return seconds if math.isfinite(seconds) else None
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC).timestamp()
    return when.timestamp()
