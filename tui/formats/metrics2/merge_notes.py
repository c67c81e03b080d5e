"""Warnings where emissions merge into one job and the result may not be what ran.

ReSim reads every ``*.resim.jsonl`` of a job, in name order, and every line of each
(the Emitter opens its file in append mode, so a second run adds to the first). Both
are legal and both can put the same moment in a topic twice: a topic whose rows in a
later file overlap an earlier file's in time, and a topic whose timestamps start over
inside one file. Each is said once, at the file and line where it shows.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tui.formats.metrics2.emissions import Emissions
from tui.formats.metrics2.jobs import OLD_NAME
from tui.formats.metrics2.problems import problem
from tui.model.problems import Problem

MAX_TOPICS_NAMED = 5


def notes(files: list[Emissions]) -> list[Problem]:
    """The warnings for one job's files (each file's own read, in merge order)."""
    out: list[Problem] = []
    seen: dict[str, list[tuple[str, float, float]]] = {}  # topic → (file, first, last)
    for read in files:
        if not read.files:
            continue
        name = read.files[0].name
        for topic, rows in read.rows.items():
            stamps = _stamps(rows.timestamps, rows.missing)
            if not len(stamps):
                continue
            lo, hi = float(stamps.min()), float(stamps.max())
            for earlier, a, b in seen.get(topic, []):
                if lo <= b and a <= hi:
                    out.append(_overlap(topic, earlier, (a, b), name, (lo, hi)))
                    break
            seen.setdefault(topic, []).append((name, lo, hi))
        restart = _restart(read)
        if restart is not None:
            out.append(restart)
    return out


def old_name(directory: Path, files: list[Path], root: Path) -> list[Problem]:
    """The SDK's old ``emissions.ndjson`` beside ``*.resim.jsonl`` files: not read (only
    the new name is, when there is one), which a user may not expect."""
    old = directory / OLD_NAME
    if not files or old in files or not old.is_file():
        return []
    shown = old.relative_to(root).as_posix() if old.is_relative_to(root) else OLD_NAME
    return [
        problem(
            "emissions_old_name",
            "emissions",
            shown,
            None,
            "",
            f"{shown} is not read: the folder has *.resim.jsonl files, and ReSim reads "
            "those (emissions.ndjson is the SDK's name before 2025-10-22)",
            "delete it, or rename it to a *.resim.jsonl name if its rows belong to this job",
            warning=True,
        )
    ]


def _stamps(stamps: np.ndarray, missing: np.ndarray) -> np.ndarray:
    return stamps[~missing] if missing.any() else stamps


def _overlap(
    topic: str, first: str, a: tuple[float, float], second: str, b: tuple[float, float]
) -> Problem:
    return problem(
        "emissions_overlap",
        "emissions",
        second,
        None,
        topic,
        f"topic '{topic}' has rows in {first} ({_span(a)}) and in {second} ({_span(b)}) "
        "whose times overlap: the files are merged in name order, as ReSim reads a job's "
        "files, so the same moments are in the topic twice",
        "one run per outputs directory; or, if the files are parts of one run, keep "
        "their times apart",
        warning=True,
    )


def _restart(read: Emissions) -> Problem | None:
    """The first line where a topic's time goes back to (or before) its first row's: a
    second run appended to the file. One warning per file, naming every such topic."""
    found: list[tuple[int, str, float, float]] = []  # line, topic, from, to
    for topic, rows in read.rows.items():
        missing = rows.missing
        stamps = _stamps(rows.timestamps, missing)
        if len(stamps) < 2:
            continue
        lines = rows.lines[~missing] if missing.any() else rows.lines
        back = np.flatnonzero((stamps[1:] < stamps[:-1]) & (stamps[1:] <= stamps[0]))
        if len(back):
            i = int(back[0]) + 1
            found.append((int(lines[i]), topic, float(stamps[i - 1]), float(stamps[i])))
    if not found:
        return None
    found.sort()
    line, topic, before, after = found[0]
    others = [t for _, t, _, _ in found[1:]]
    also = ""
    if others:
        named = ", ".join(others[:MAX_TOPICS_NAMED])
        more = len(others) - MAX_TOPICS_NAMED
        also = f" (so do {named}" + (f" and {more} more" if more > 0 else "") + ")"
    return problem(
        "emissions_restart",
        "emissions",
        read.files[0].name,
        line,
        topic,
        f"line {line}: topic '{topic}' starts over at {_seconds(after)} after "
        f"{_seconds(before)}{also}: did a second run append to this file? The Emitter "
        "appends, and ReSim reads every line, so both runs are in the metrics",
        "delete the emissions file before each run (or write each run to its own directory)",
        warning=True,
    )


def _span(ends: tuple[float, float]) -> str:
    return f"{_seconds(ends[0])} to {_seconds(ends[1])}"


def _seconds(ns: float) -> str:
    return f"{ns / 1e9:g} s"
