"""``resim-tui export``: write every metric's data as CSV files or one JSON document."""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from tui.export import (
    FORMAT,
    JSON_NAME,
    Entry,
    ExportError,
    UnknownMetric,
    export_csv,
    export_json,
    export_order,
    pick,
    write_json,
)
from tui.formats import load
from tui.model import Document, LoadError
from tui.text.safe import printable

HELP = "write every metric's data as CSV or JSON"

DESCRIPTION = f"""\
Write the data of a metrics file (metrics.binproto, or an outputs directory
holding one) to files a spreadsheet or a script can read. Every metric is
exported, in ReSim's display order (event metrics after the job's), unless
--metric names some.

CSV (the default) writes into DIR, which is created if missing:
  metrics.csv                one row per metric: position, name, type, status,
                             importance, value (scalar, summary, image), unit,
                             the files it became, description
  series.csv                 one row per series file: metric, series, rows,
                             data name, unit, index name
  NN-<metric>.csv            the series of a metric with one (images: paths)
  NN-<metric>--<series>.csv  each series of a metric with several
  NN-<metric>--buckets.csv   histogram buckets: lower, upper, count
  NN-<metric>--selected.csv  the values a grouped double summary selects
  NN-<metric>.md, .json      a text metric (Markdown), a Plotly figure
NN is the metric's display position. Series columns: index or t_seconds
(plus time_utc, ISO-8601, for wall-clock timestamps), value (x, y for line
plots), status as a name (PASSED, FAIL_WARN, ...); grouped data adds a
leading category column. NaN and infinities are written NaN, Infinity,
-Infinity. Text cells that a spreadsheet would run as a formula (starting
with = + - @) get a leading apostrophe.

JSON writes DIR/{JSON_NAME}, or the file itself when --to names a .json file
(or stdout with --to -): the whole file with
every reference resolved and every series inlined, marked
"format": "{FORMAT}". docs/export-format.md documents both formats.

An export never writes outside DIR, and never overwrites a file that no
earlier export wrote unless --force is given: exporting into the same DIR
again simply updates the files.

exit status:
  0  exported
  1  a file could not be written, or DIR holds files export did not write
  2  the metrics file could not be read, or a --metric name is not in it

examples:
  resim-tui export /tmp/resim/outputs --to metrics-csv
  resim-tui export out --to out/csv --metric "Ego speed" --metric "Lane state"
  resim-tui export out --format json --to - | jq '.metrics[] | {{name, status}}'
  resim-tui export out/metrics.binproto --format json --to exported --force
"""

FORMATS = ("csv", "json")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", type=Path, metavar="PATH", help="metrics.binproto or outputs directory"
    )
    parser.add_argument(
        "--to",
        required=True,
        metavar="DIR",
        help="directory to write into (created if missing); - for stdout (JSON only)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="csv", help="csv files or one JSON (default: csv)"
    )
    parser.add_argument(
        "--metric",
        action="append",
        default=[],
        metavar="NAME",
        help="export only this metric (repeatable)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite files that export did not write"
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    err = err or sys.stderr
    if not args.to.strip():
        # Path("") is the current directory: never write there without being told to.
        return _fail(err, "--to is empty: name the directory to write into (--to . for here)", 2)
    if args.to == "-" and args.format != "json":
        return _fail(err, "--to - (stdout) needs --format json; CSV export writes a directory", 2)
    try:
        doc = load(args.path)
    except LoadError as exc:
        return _fail(err, str(exc), 2)
    entries = export_order(doc)
    try:
        picked = pick(entries, args.metric)
    except UnknownMetric as exc:
        return _fail(err, str(exc), 2)
    if args.to == "-":
        return _to_stdout(doc, picked, out, err)
    root = Path(args.to)
    started = time.perf_counter()
    if args.format == "json" and root.suffix.lower() == ".json" and not root.is_dir():
        # --to j.json names the file itself, as users expect; not a directory called j.json.
        return _to_file(doc, picked, root, args.force, out, err, started)
    try:
        if args.format == "json":
            report = export_json(doc, picked, root, args.force)
        else:
            report = export_csv(entries, picked, root, args.force)
    except ExportError as exc:
        return _fail(err, str(exc), 1)
    seconds = time.perf_counter() - started
    rows = f", {report.rows:,} series rows" if report.files and args.format == "csv" else ""
    print(
        printable(
            f"wrote {_count(len(report.files), 'file')} "
            f"({_count(report.metrics, 'metric')}{rows}) "
            f"to {root} in {seconds:.1f} s"
        ),
        file=out or sys.stdout,
    )
    return 0


def _to_file(
    doc: Document,
    picked: list[Entry],
    path: Path,
    force: bool,
    out: TextIO | None,
    err: TextIO,
    started: float,
) -> int:
    """The JSON export into the file ``path`` (written whole, then moved into place)."""
    if path.exists() and not force and not _our_export(path):
        return _fail(err, f"{path} exists and is not an earlier export; --force overwrites it", 1)
    temp = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "w", encoding="utf-8", errors="backslashreplace", newline="") as handle:
            write_json(doc, picked, handle.write)
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        return _fail(err, f"cannot write {path} ({exc.strerror or exc})", 1)
    seconds = time.perf_counter() - started
    message = f"wrote {path} ({_count(len(picked), 'metric')}) in {seconds:.1f} s"
    print(printable(message), file=out or sys.stdout)
    return 0


def _our_export(path: Path) -> bool:
    """Whether ``path`` is a file an earlier JSON export wrote (it may be updated)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(200)
    except OSError:
        return False
    return f'"format": "{FORMAT}"'.encode() in head


def _to_stdout(doc: Document, picked: list[Entry], out: TextIO | None, err: TextIO) -> int:
    if out is not None:
        write_json(doc, picked, out.write)
        return 0
    # UTF-8 whatever the locale; a string the file holds that is not valid
    # Unicode is written as an escape instead of failing the export.
    stream = io.TextIOWrapper(
        sys.stdout.buffer, encoding="utf-8", errors="backslashreplace", newline=""
    )
    try:
        write_json(doc, picked, stream.write)
        stream.flush()
    except BrokenPipeError:
        # The reader went away (| head): nothing more to say to it.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except OSError as exc:
        return _fail(err, f"cannot write to stdout ({exc.strerror or exc})", 1)
    finally:
        stream.detach()
    return 0


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _fail(err: TextIO, message: str, status: int) -> int:
    print(f"resim-tui export: {printable(message)}", file=err)
    return status
