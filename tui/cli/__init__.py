"""The command line: parse, pick the file, run the app or a subcommand.

``resim-tui [PATH]`` opens the interactive viewer; ``resim-tui COMMAND ...``
runs a subcommand from commands/. launch.py starts the viewer, web_server.py
serves it to a browser (``serve``). Exit statuses: 0 fine, 1 the file is
invalid (check), 2 the file or the arguments could not be used.

May import: tui.model, tui.text, tui.formats, tui.validate, tui.charts,
tui.export, tui.live, tui.app, tui.demo; any library. Nothing imports it but
``python -m tui`` and the ``resim-tui`` script.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from tui import __version__

COMMANDS = ("show", "check", "diff", "export", "serve")

DESCRIPTION = """\
Open a ReSim metrics file (metrics.binproto) or an outputs directory and
browse every metric: a tree of metrics, events and data on the left, the
selected metric drawn on the right.

With no PATH, opens ./metrics.binproto, else /tmp/resim/outputs.

Subcommands (each has its own --help):
  show     draw metrics to stdout, no terminal UI needed (CI logs, ssh)
  check    validate a file like the official validator, naming every problem
  diff     compare two runs: what changed, what got worse (exit 1), for CI
  export   write every metric's data as CSV or JSON
  serve    serve the viewer to a web browser
"""

EPILOG = """\
how live reload works:
  The file is watched (its directory, so rewrites, renames and recreation are
  all seen) and redrawn when it changes; the selection, expanded nodes, filter
  and category stay. While a writer is mid-write the status line says "being
  written…" and the last good view stays; a failed read says why.

exit status:
  0  quit normally
  2  the file cannot be used (missing, a directory without metrics.binproto,
     empty, not a JobMetrics), with one sentence on stderr saying why

examples:
  resim-tui --demo                     open the bundled demo job
  resim-tui /tmp/resim/outputs         open an outputs directory
  resim-tui out/metrics.binproto       open a file
  resim-tui out/ --run "python my_metrics.py"
                                       re-run your metrics build on every save
  resim-tui out/ --poll                on a network mount without file events
  resim-tui main/out branch/out        compare two runs (d: changed only, o: worst first)
  resim-tui show out --metric "Ego speed" --width 100
  resim-tui check out --format github  annotate a CI run
  resim-tui diff main/out branch/out   what the change did to the metrics
  resim-tui export out --to csv/       every series as CSV
  resim-tui serve out                  the viewer in a browser, on 127.0.0.1

keys in the viewer: ? lists them all; / filters; p problems; t chart/table;
r reloads; s saves a screenshot; Ctrl+P or : jumps; q quits; d shows what
changed since the last reload (or, comparing A B, only changed metrics), c only
changed ones, o worst change first, b pins the baseline.
"""


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resim-tui",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", type=Path, help="metrics.binproto or outputs directory")
    parser.add_argument(
        "other",
        nargs="?",
        type=Path,
        metavar="B",
        help="a second run: compare PATH (A, the baseline) with B, both watched",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the demo job shipped with resim-tui"
    )
    _config_option(parser)
    live = parser.add_argument_group("watching and the watch loop")
    live.add_argument(
        "--no-watch", action="store_true", help="do not follow changes to the file (r reloads)"
    )
    live.add_argument(
        "--poll",
        action="store_true",
        help="poll for changes instead of waiting for file-system events "
        "(network mounts, some containers)",
    )
    live.add_argument(
        "--run",
        metavar="CMD",
        help="watch loop: run CMD (a shell command) now and again whenever the sources change; "
        "its output shows in a log panel (l toggles it). On a batch folder the jobs table "
        "picks up every job CMD writes. CMD runs with this tool's own "
        "environment's bin directory first on PATH, so `python` there is the Python "
        "resim-tui runs in (with its resim SDK), activated or not",
    )
    live.add_argument(
        "--watch-src",
        metavar="GLOB",
        action="append",
        default=None,
        help="sources that re-run CMD when they change (repeatable; default: **/*.py under "
        "the current directory)",
    )
    parser.add_argument("--version", action="version", version=f"resim-tui {__version__}")
    return parser


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="YAML",
        type=Path,
        action="append",
        default=None,
        help="Metrics 2.0 config file(s) to use (repeatable; default: "
        ".resim/metrics/*.resim.yml found from the directory upwards)",
    )
    parser.add_argument(
        "--metrics-set",
        metavar="NAME",
        default=None,
        help="Metrics 2.0: compute only the metrics of this set under 'metrics sets', as a "
        "batch run with it would (default: every metric of the config)",
    )


def _use_config(options: argparse.Namespace) -> None:
    if not getattr(options, "config", None) and getattr(options, "metrics_set", None) is None:
        return
    from tui.formats.metrics2 import reader

    if getattr(options, "config", None):
        reader.CONFIG_OVERRIDE[:] = [p.absolute() for p in options.config]
    if getattr(options, "metrics_set", None) is not None:
        reader.METRICS_SET[:] = [options.metrics_set]


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    module = importlib.import_module(f"tui.cli.commands.{name}")
    parser = argparse.ArgumentParser(
        prog=f"resim-tui {name}",
        description=module.DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    module.configure(parser)
    if name in ("check", "show", "export"):
        _config_option(parser)
    return parser, module


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in COMMANDS:
        parser, module = _command_parser(args[0])
        parsed = parser.parse_args(args[1:])
        _use_config(parsed)
        return int(module.run(parsed))  # type: ignore[attr-defined]
    options = _app_parser().parse_args(args)
    _use_config(options)
    from tui.cli.launch import launch

    return launch(options)
