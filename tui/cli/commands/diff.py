"""``resim-tui diff A B``: what changed between two runs, for CI and code review."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tui.formats import load, locate
from tui.model import Document, LoadError
from tui.model.compare import Comparison, compare
from tui.text.diff_report import Side, github_lines, json_document, markdown, text_lines
from tui.text.plural import plural
from tui.text.safe import printable
from tui.validate import validate

HELP = "compare two runs: which metrics changed, got worse, appeared or disappeared"

DESCRIPTION = """\
Compare two metrics files (or outputs directories holding one): A, the
baseline (main, yesterday), and B, the run to judge (the branch, today).
Metrics pair by name within their event (ids change on every run), events
and data by name. For each pair it says what differs: status (better or
worse: FAIL_BLOCK > FAIL_WARN, ERROR > PASSED), values with absolute and relative
deltas, series (length, min/max/mean, where they first differ, failing
points), time per state, text, Plotly figures and images (changed, and
where), and metadata. Identical content is never reported, whatever its ids.

exit status:
  0  nothing got worse (with --fail-on any: nothing changed at all)
  1  a status got worse or a metric disappeared (--fail-on any: anything changed)
  2  A or B cannot be read (stderr says which and why)

formats:
  text      compiler-style lines, PATH: metric "X": worse: status: PASSED → FAIL_WARN
  json      one JSON document, for scripts
  github    GitHub Actions annotations (::error for what got worse)
  markdown  a GitHub-flavoured table to paste into a pull request

examples:
  resim-tui diff main/outputs branch/outputs
  resim-tui diff old.binproto new.binproto --format markdown >> "$GITHUB_STEP_SUMMARY"
  resim-tui diff main/ branch/ --format github --fail-on any
"""

FORMATS = ("text", "json", "github", "markdown")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", type=Path, metavar="A", help="the baseline: a file or directory")
    parser.add_argument("b", type=Path, metavar="B", help="the run to judge: a file or directory")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--fail-on",
        choices=("worse", "any"),
        default="worse",
        help="exit 1 when something got worse (default), or on any change",
    )


def open_side(label: str, path: Path) -> tuple[Side, Document | None]:
    """Load one side; a file that cannot be read says why, one that the validator rejects
    is still compared, with a note."""
    try:
        shown = str(locate(path))
    except LoadError:
        shown = str(path)
    try:
        doc = load(path)
    except LoadError as exc:
        return Side(label, shown, error=str(exc)), None
    errors = validate(doc).errors
    invalid = None
    if errors:
        first = errors[0]
        invalid = f"{plural(len(errors), 'error')} by ReSim's validator; first: {first.message}"
    counts = f"{plural(len(doc.metrics), 'metric')}, {plural(len(doc.events), 'event')}"
    summary = f"{counts}, job {doc.status.label}"
    return Side(label, shown, invalid=invalid, summary=summary), doc


def exit_status(result: Comparison | None, fail_on: str) -> int:
    if result is None:
        return 2
    if fail_on == "any":
        return 1 if result.differs else 0
    return 1 if result.worse else 0


def run(args: argparse.Namespace) -> int:
    side_a, doc_a = open_side("A", args.a)
    side_b, doc_b = open_side("B", args.b)
    result = compare(doc_a, doc_b) if doc_a is not None and doc_b is not None else None
    status = exit_status(result, args.fail_on)
    for side in (side_a, side_b):
        if side.error:
            sys.stderr.write(
                printable(f"resim-tui diff: {side.label} cannot be read: {side.error}") + "\n"
            )
    try:
        _write(args.format, result, side_a, side_b, status)
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return status


def _write(fmt: str, result: Comparison | None, a: Side, b: Side, status: int) -> None:
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(json_document(result, a, b, status), indent=2, allow_nan=False))
        out.write("\n")
    elif fmt == "markdown":
        out.write(markdown(result, a, b))
    elif fmt == "github":
        out.writelines(line + "\n" for line in github_lines(result, a, b))
    else:
        out.writelines(line + "\n" for line in text_lines(result, a, b))
