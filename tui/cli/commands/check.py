"""``resim-tui check``: validate metrics files like ReSim's validator, naming every problem."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.formats import load, locate
from tui.live import heap
from tui.model import LoadError
from tui.text.safe import printable
from tui.validate import ignore_file, validate
from tui.validate.formats import (
    FileResult,
    github_lines,
    json_document,
    junit_xml,
    text_lines,
    total_line,
)
from tui.validate.ignore_file import bad_ignores
from tui.validate.rules import RULES

HELP = "validate a file like the official validator, naming every problem"

DESCRIPTION = """\
Check metrics files (metrics.binproto, or outputs directories holding one) against
every rule of ReSim's official validator (validate_job_metrics), and report every
problem with where it is, the rule and how to fix it. The verdict (valid or
invalid) is the official validator's. Warnings flag what it lets through but is
likely wrong: missing or non-image files, NaN in series, statuses that contradict
their failure definition, data nothing refers to. Notes (info) need no action
(legacy metric types the SDK still writes): they never count as warnings and
never fail --strict. --list-rules prints every rule id; --ignore RULE drops
one (a warning or a note: errors are the official verdict and stay). A project
names the rules it always ignores in a .resim-tui-ignore file (one rule id a
line, # comments) beside its outputs or in any folder above; the nearest one
counts (for each job of a batch too), and check says on stderr which rules it
took from which file; the viewer honours the same file.

exit status:
  0  every file is valid (and, with --strict, has no warnings)
  1  a file is invalid (or, with --strict, has warnings)
  2  a file cannot be read (missing, empty, not a metrics file)

formats:
  text    compiler-style lines: PATH: metric "X": field: error: message [rule]
  json    one JSON document with every problem, for scripts
  github  GitHub Actions annotations (::error file=...::...)
  junit   JUnit XML, one test case per metric/data/event with problems

examples:
  resim-tui check /tmp/resim/outputs
  resim-tui check out/metrics.binproto --strict
  resim-tui check out --strict --ignore data-unreferenced
  resim-tui check --list-rules
  resim-tui check out --format github          in a GitHub Actions step
  resim-tui check out --format junit > metrics-check.xml
  resim-tui check runs/*/ --format json | jq '.files[] | select(.valid == false)'
"""

FORMATS = ("text", "json", "github", "junit")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="metrics.binproto or outputs directory"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="also fail (exit 1) when there are warnings"
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULE",
        help="leave out the warnings or notes of RULE (repeatable; see --list-rules)",
    )
    parser.add_argument(
        "--list-rules", action="store_true", help="print every rule id with its severity and exit"
    )


def check_path(path: Path) -> FileResult:
    """Load and validate one path; a file that cannot be read becomes a load error."""
    try:
        shown = str(locate(path))
    except LoadError:
        shown = str(path)
    # The collector kept off the load and the check, which make hundreds of thousands of
    # long-lived objects for a big file (a third of the load's time went to collections
    # that found nothing); what they made ends frozen, unfrozen by the next path's.
    with heap.loading():
        try:
            doc = load(path)
        except LoadError as exc:
            return FileResult(shown, load_error=str(exc))
        return FileResult(shown, report=validate(doc))


def exit_status(results: Sequence[FileResult], strict: bool) -> int:
    if any(r.report is None for r in results):
        return 2
    return 1 if any(r.failed(strict) for r in results) else 0


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def rules_table() -> str:
    """``RULE  SEVERITY  what it checks``, one line per rule."""
    width = max(len(rule) for rule in RULES)
    return "\n".join(
        f"{rule:<{width}}  {severity.value:<7}  {about}"
        for rule, (severity, about) in RULES.items()
    )


def _project_ignores(path: Path) -> tuple[str, ...]:
    """The rules the nearest .resim-tui-ignore names, announced on stderr."""
    where = ignore_file.find(path)
    found = ignore_file.checked(where) if where is not None else None
    if found is None or not found.rules:
        return ()
    names = ", ".join(found.rules)
    sys.stderr.write(printable(f"resim-tui check: {path}: ignoring {names} ({found.path})") + "\n")
    return found.rules


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands.batch import any_batch, check_batch

    if args.list_rules:
        sys.stdout.write(rules_table() + "\n")
        return 0
    if not args.paths:
        sys.stderr.write("resim-tui check: give a PATH to check (or --list-rules)\n")
        return 2
    if why := bad_ignores(args.ignore):
        sys.stderr.write(f"resim-tui check: --ignore: {why}\n")
        return 2
    if any_batch(args.paths):
        return check_batch(args)
    results = []
    for path in args.paths:
        try:
            project = _project_ignores(path)
        except ignore_file.BadIgnoreFile as exc:
            sys.stderr.write(printable(f"resim-tui check: {exc}") + "\n")
            return 2
        results.append(check_path(path).ignoring([*args.ignore, *project]))
    status = exit_status(results, args.strict)
    try:
        _write(results, args.format, args.strict, status)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (| head); the exit status still tells the verdict.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return status


def _write(results: list[FileResult], fmt: str, strict: bool, status: int) -> None:
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(json_document(results, strict=strict, status=status), indent=2))
        out.write("\n")
    elif fmt == "junit":
        out.write(junit_xml(results, strict=strict) + "\n")
    elif fmt == "github":
        for result in results:
            for line in github_lines(result):
                out.write(line + "\n")
        out.write(total_line(results, strict) + "\n")
    else:
        color = use_color(out)
        for result in results:
            if result.report is None:
                # Unreadable: one sentence on stderr, like a compiler's fatal error.
                sys.stderr.write(printable(f"resim-tui check: {result.load_error}") + "\n")
                continue
            for line in text_lines(result, color=color, strict=strict):
                out.write(line + "\n")
        if len(results) > 1:
            out.write(total_line(results, strict) + "\n")
