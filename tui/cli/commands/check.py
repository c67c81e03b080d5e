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
from tui.model import LoadError
from tui.text.safe import printable
from tui.validate import validate
from tui.validate.formats import (
    FileResult,
    github_lines,
    json_document,
    junit_xml,
    text_lines,
    total_line,
)

HELP = "validate a file like the official validator, naming every problem"

DESCRIPTION = """\
Check metrics files (metrics.binproto, or outputs directories holding one) against
every rule of ReSim's official validator (validate_job_metrics), and report every
problem with where it is, the rule and how to fix it. The verdict (valid or
invalid) is the official validator's. Warnings flag what it lets through but is
likely wrong: missing or non-image files, NaN in series, statuses that contradict
their failure definition, data nothing refers to, legacy metric types.

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
  resim-tui check out --format github          in a GitHub Actions step
  resim-tui check out --format junit > metrics-check.xml
  resim-tui check runs/*/ --format json | jq '.files[] | select(.valid == false)'
"""

FORMATS = ("text", "json", "github", "junit")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="metrics.binproto or outputs directory"
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="also fail (exit 1) when there are warnings"
    )


def check_path(path: Path) -> FileResult:
    """Load and validate one path; a file that cannot be read becomes a load error."""
    try:
        shown = str(locate(path))
    except LoadError:
        shown = str(path)
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


def run(args: argparse.Namespace) -> int:
    from tui.cli.commands.batch import any_batch, check_batch

    if any_batch(args.paths):
        return check_batch(args)
    results = [check_path(path) for path in args.paths]
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
