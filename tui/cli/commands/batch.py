"""``show DIR`` and ``check DIR`` for a folder of many jobs' outputs.

``show`` prints the jobs table (and, with ``--metric``, that metric in every
job); ``check`` validates every job in worker processes and prints one line
per job as results arrive, with the exit codes of ``check`` on one file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len

from tui.formats import locate
from tui.formats.batch import read_batch
from tui.formats.scan import Found, is_batch, job_name, scan
from tui.live.checks import check_files
from tui.model import LoadError
from tui.model.batch import Across, JobRow, across, histogram, sort_rows, totals
from tui.text.ascii import to_ascii
from tui.text.formatting import number
from tui.text.jobs import COLUMNS, metric_status_text, value_text
from tui.text.plural import plural
from tui.text.safe import printable
from tui.validate import ignore_file
from tui.validate.formats import (
    FileResult,
    github_lines,
    json_document,
    junit_xml,
    total_line,
    verdict,
)

# show's columns: "problems" needs the validator, which is check's job.
_SHOWN = [c for c in COLUMNS if c[0] != "problems"]


def any_batch(paths: Sequence[Path]) -> bool:
    return any(is_batch(p) for p in paths)


# --- show -----------------------------------------------------------------------


def show_batch(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    root: Path = args.path
    if args.svg is not None:
        print("resim-tui show: --svg draws one job; give one job's folder", file=err)
        return 2
    found, rows = read_batch(root)
    lines = [summary_line(root, rows)]
    lines += [f"  skipped {printable(note)}" for note in found.notes]
    rows = sort_rows(rows, "name")
    names = args.metric
    if names:
        known = {c.name for r in rows for c in r.metrics}
        for name in names:
            if name not in known:
                print(f"resim-tui show: no job has a metric named {name!r}", file=err)
                return 2
            lines.append("")
            lines += across_lines(across(rows, name))
    else:
        lines.append("")
        lines += table_lines([(h, [f(r) for r in rows]) for _, h, f in _SHOWN])
    text = "\n".join(lines) + "\n"
    out.write(to_ascii(text) if args.ascii else text)
    return 0


def summary_line(root: Path, rows: Sequence[JobRow]) -> str:
    counts = totals(rows)
    parts = ", ".join(f"{n} {label}" for label, n in sorted(counts.items()))
    jobs = f"{len(rows)} job{'' if len(rows) == 1 else 's'}"
    return f"{printable(str(root))}: {jobs}" + (f" ({parts})" if parts else "")


def table_lines(columns: list[tuple[str, list[str]]]) -> list[str]:
    """Columns padded to their widest cell; the last column is not padded."""
    widths = [max([cell_len(h), *(cell_len(c) for c in cells)]) for h, cells in columns]
    height = len(columns[0][1]) if columns else 0

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - cell_len(c)) for c, w in zip(cells[:-1], widths, strict=False)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    out = [line([h for h, _ in columns]), line(["-" * w for w in widths])]
    out += [line([cells[i] for _, cells in columns]) for i in range(height)]
    return out


def across_lines(view: Across) -> list[str]:
    """One metric in every job: a table, the count by status, a histogram of values."""
    lines = [f"metric {printable(view.name)!s} across {plural(len(view.rows), 'job')}"]
    counts = ", ".join(f"{n} {s.label}" for s, n in view.status_counts())
    lines.append(f"  by status: {counts or 'in no job'}")
    if view.missing:
        lines.append(f"  not in {len(view.missing)} job(s)")
    values = view.values
    if values:
        unit = f" {printable(view.unit, 12)}" if view.unit else ""
        lines.append(
            f"  values: min {number(min(values))}, max {number(max(values))}, "
            f"mean {number(sum(values) / len(values))}{unit} over {len(values)} jobs"
        )
        bins = histogram(values)
        peak = max(b.count for b in bins)
        for b in bins:
            bar = "█" * max(1 if b.count else 0, round(24 * b.count / peak))
            lines.append(f"  {number(b.low, 4):>10} – {number(b.high, 4):<10} {bar} {b.count}")
    failing = view.failing
    lines.append(f"  failing in {len(failing)} job(s)")
    rows = [(r, c) for r, c in view.rows if r.error is None]
    lines.append("")
    lines += table_lines(
        [
            ("job", [printable(r.name, 60) for r, _ in rows]),
            ("status", [metric_status_text(c) for _, c in rows]),
            ("value", [value_text(c) for _, c in rows]),
        ]
    )
    return lines


# --- check ----------------------------------------------------------------------


def _expand(paths: Sequence[Path]) -> tuple[list[tuple[str, Path]], list[str]]:
    """(name, file) for every job under the paths given, and what the walk skipped."""
    jobs: list[tuple[str, Path]] = []
    notes: list[str] = []
    for path in paths:
        if is_batch(path):
            found: Found = scan(path)
            jobs += [(job_name(path, f), f) for f in found.files]
            notes += [f"{printable(str(path))}: skipped {printable(n)}" for n in found.notes]
        else:
            try:
                file = locate(path)
            except LoadError:
                file = path
            jobs.append((str(path), file))
    return jobs, notes


def check_batch(args: argparse.Namespace) -> int:
    """Every job checked; text output streams one verdict line per job."""
    jobs, notes = _expand(args.paths)
    out = sys.stdout
    for note in notes:
        sys.stderr.write(note + "\n")
    try:
        project = _project_ignores([file for _, file in jobs])
    except ignore_file.BadIgnoreFile as exc:
        sys.stderr.write(printable(f"resim-tui check: {exc}") + "\n")
        return 2
    results: list[FileResult] = []
    try:
        for chunk in check_files([file for _, file in jobs]):
            for found in chunk:
                name = jobs[len(results)][0]
                result = found.ignoring([*args.ignore, *project[len(results)]])
                results.append(result)
                if args.format == "text":
                    out.write(job_line(name, result, args.strict) + "\n")
            if args.format == "text":
                out.flush()
        status = _status(results, args.strict)
        if args.format == "text":
            out.write(total_line(results, args.strict) + "\n")
        elif args.format == "json":
            document = json_document(results, strict=args.strict, status=status)
            out.write(json.dumps(document, indent=2) + "\n")
        elif args.format == "junit":
            out.write(junit_xml(results, strict=args.strict) + "\n")
        else:
            for result in results:
                for line in github_lines(result):
                    out.write(line + "\n")
            out.write(total_line(results, args.strict) + "\n")
        out.flush()
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _status(results, args.strict)
    return status


def _project_ignores(files: Sequence[Path]) -> list[tuple[str, ...]]:
    """Each job's rules from its nearest .resim-tui-ignore; each file announced once,
    with how many jobs it covers, so a batch's stderr does not grow with its size."""
    nearest = ignore_file.Nearest()
    taken = [nearest(file) for file in files]
    covers: dict[Path, int] = {}
    for found in taken:
        if found is not None and found.rules:
            covers[found.path] = covers.get(found.path, 0) + 1
    for path, count in covers.items():
        rules = ", ".join(next(f for f in taken if f is not None and f.path == path).rules)
        jobs = plural(count, "job")
        sys.stderr.write(printable(f"resim-tui check: ignoring {rules} in {jobs} ({path})") + "\n")
    return [found.rules if found is not None else () for found in taken]


def job_line(name: str, result: FileResult, strict: bool) -> str:
    """``NAME: valid (0 errors, 3 warnings)``, or why the job's file cannot be read."""
    if result.report is None:
        reason = (result.load_error or "cannot be read").removeprefix(f"{result.path}: ")
        return f"{printable(name)}: unreadable: {printable(reason)}"
    return f"{printable(name)}: {verdict(result, strict)}"


def _status(results: Sequence[FileResult], strict: bool) -> int:
    if any(r.report is None for r in results):
        return 2
    return 1 if any(r.failed(strict) for r in results) else 0
