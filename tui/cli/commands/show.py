"""``resim-tui show``: draw metrics to stdout, no interactive terminal needed."""

from __future__ import annotations

import argparse
import difflib
import functools
import io
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tui.app.inert import InertConsole
from tui.charts import Chart, ColorMode, markdown, render
from tui.charts._text import label
from tui.charts.simple import status_glyph, status_style
from tui.charts.summary_table import NOT_FINITE, summary_cells, summary_table
from tui.charts.types import Palette
from tui.formats import load
from tui.live import heap
from tui.model import Document, LoadError, Metric
from tui.model.enums import TimestampType
from tui.model.metric import Event
from tui.model.values import (
    DoubleOverTimeValues,
    DoubleSummaryValues,
    ScalarValues,
    TextValues,
)
from tui.text.ascii import to_ascii
from tui.text.formatting import timestamp
from tui.text.safe import defuse, printable

HELP = "draw metrics to stdout, no terminal UI needed (CI logs, ssh)"

DESCRIPTION = """\
Print a job summary (path, job id, status, counts) and then every metric in
ReSim's display order (event metrics under their events), or only the ones
named with --metric: its card (name, type, status, importance, description,
tags, failure definitions), its chart and a summary of each series.

Works without a terminal (piped, CI logs, ssh host resim-tui show ...).
Colour is used only on a terminal, and never with NO_COLOR set or --no-color.

exit status:
  0  the file was read and drawn
  2  the file could not be read, or a --metric name is not in it

examples:
  resim-tui show /tmp/resim/outputs
  resim-tui show out --metric "Ego speed" --metric "Lane state" --width 100
  resim-tui show out --no-color > metrics.txt
  resim-tui show out --ascii | less        # for terminals without Unicode
  resim-tui show out --svg job.svg --metric "Ego speed"   # a picture of the viewer
"""

# Types whose drawing already is the number: a summary table would repeat it.
_NO_SUMMARY = {"scalar_metric_values", "double_metric_values", "text_metric_values"}
DEFAULT_WIDTH = 100
DEFAULT_HEIGHT = 20
WHOLE_TEXT = 1_000_000  # lines: a text metric is never cut by --height


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", type=Path, metavar="PATH", help="metrics.binproto or outputs directory"
    )
    parser.add_argument(
        "--metric",
        action="append",
        default=[],
        metavar="NAME",
        help="draw only this metric (repeatable)",
    )
    parser.add_argument(
        "--width", type=int, help="width in columns (default: the terminal's, else 100)"
    )
    parser.add_argument(
        "--height", type=int, help="chart height in lines (default 20; with --svg, 40 rows)"
    )
    parser.add_argument("--no-color", action="store_true", help="no colour, whatever the terminal")
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="ASCII only: no box drawing, Braille or glyphs (old terminals, log viewers)",
    )
    parser.add_argument(
        "--svg",
        metavar="OUT.svg",
        type=Path,
        help="instead of text, save an SVG picture of the viewer showing the job (with the "
        "first --metric selected), at --width x --height (default 120x40)",
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from tui.cli.commands.batch import any_batch, show_batch

    if any_batch([args.path]):
        return show_batch(args, out, err)
    try:
        with heap.loading():  # no collections while it loads, and frozen after it
            doc = load(args.path)
    except LoadError as exc:
        print(f"resim-tui show: {printable(str(exc))}", file=err)
        return 2
    if args.svg is not None:
        from tui.cli.commands.screenshot import save_svg

        return save_svg(doc, args.svg, args.width or 120, args.height or 40, args.metric, err)
    no_color = args.no_color or "NO_COLOR" in os.environ
    if args.ascii:
        # Draw into a buffer, then write it out transliterated: no byte above 127.
        buffer = io.StringIO()
        code = _draw(doc, args, buffer, err, no_color, Console(file=out).is_terminal)
        out.write(to_ascii(buffer.getvalue()))
        return code
    return _draw(doc, args, out, err, no_color, None)


def _draw(
    doc: Document,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    no_color: bool,
    terminal: bool | None,
) -> int:
    console = _console(out, args.width, no_color, terminal)
    mode = _mode(console)
    picked = _pick(doc, args.metric, err)
    if picked is None:
        return 2
    width, height = console.width, max(args.height or DEFAULT_HEIGHT, 3)
    palette = Palette.basic() if mode == "16" else Palette()
    writer = Writer(console)
    try:
        writer.text(_job(doc, mode, palette))
        for heading, metrics in picked:
            if heading is not None:
                writer.text(heading)
            for metric in metrics:
                _metric(writer, metric, width, height, mode, palette, args.ascii)
    finally:
        writer.close()
    return 0


Piece = tuple[str, str]  # our own (already safe) text and its Rich style, "" for none
_CHUNK = 4096  # pieces gathered before one write


class Writer:
    """Prints ``show``'s pieces through ``console``, or straight to its file when that is
    the same: without colour (a pipe, NO_COLOR, --no-color) a piece whose lines fit the
    width is printed by Rich as its characters, and Rich's measuring and wrapping of it
    costs as much as drawing a small chart. A file of 20,000 metrics prints 100,000
    pieces: they are gathered as plain strings and written in chunks, each defused once,
    so no piece pays for a Rich ``Text`` or a pass of its own. ``fast=False`` sends every
    piece through Rich (the tests compare the two). ``close()`` writes what is gathered.
    """

    def __init__(self, console: Console, fast: bool = True) -> None:
        self.console = console
        self.width = console.width
        self.direct = fast and console.color_system is None
        self._file = console.file
        self._chunk: list[str] = []

    def text(self, text: Text | str, style: str = "") -> None:
        """One piece: a Text, or a plain string of ours (file text already made safe)."""
        if self.direct:
            plain = text.plain if isinstance(text, Text) else text
            if self._fits(plain):
                # console.print ends a Text with "\n", whatever the Text's own end.
                self._gather(plain + "\n")
                return
        self._print(text if isinstance(text, Text) else Text(text, style=style))

    def pieces(self, pieces: list[Piece], style: str = "") -> None:
        """One piece made of differently styled parts (``style`` is under them all)."""
        if self.direct:
            self.text("".join(part for part, _ in pieces))
            return
        text = Text(style=style)
        for part, part_style in pieces:
            text.append(part, style=part_style)
        self._print(text)

    def summary(self, chart: Chart, glyphs: Callable[[str], str]) -> None:
        cells = summary_cells(chart, glyphs) if self.direct else None
        lines = _columns(*cells) if cells is not None else None
        if lines is not None and all(self._fits(line) for line in lines):
            self._gather("\n".join(lines) + "\n")
            return
        table = summary_table(chart, glyphs=glyphs)
        if table is not None:
            self._print(table)

    def close(self) -> None:
        """Write what is gathered (defused: the one pass over every piece's characters)."""
        if self._chunk:
            self._file.write(defuse("".join(self._chunk)))
            self._chunk.clear()

    def _fits(self, plain: str) -> bool:
        """True when Rich would print ``plain`` as it is: no tab, no line over the width."""
        if "\t" in plain:
            return False
        width = self.width
        if len(plain) <= width and plain.isascii():
            return True  # most pieces: one short line of ASCII
        return all(
            len(line) <= width if line.isascii() else cell_len(line) <= width
            for line in plain.split("\n")
        )

    def _gather(self, plain: str) -> None:
        self._chunk.append(plain)
        if len(self._chunk) >= _CHUNK:
            self.close()

    def _print(self, renderable: Text | Table) -> None:
        self.close()  # in order: what is gathered goes first
        self.console.print(renderable)


def _columns(columns: tuple[str, ...], rows: list[list[str]]) -> list[str] | None:
    """The summary as Rich lays out its table (no box, two spaces between columns, the
    first column to the left and the rest to the right) when nothing in it needs Rich:
    None for a caption or a cell of more than one line."""
    if NOT_FINITE in columns or any("\n" in c for r in rows for c in r):
        return None  # the caption of "not finite" is laid out by Rich
    widths = [max(cell_len(c) for c in column) for column in zip(columns, *rows, strict=True)]
    lines = []
    for row in (columns, *rows):
        cells = [
            c + " " * (w - cell_len(c)) if i == 0 else " " * (w - cell_len(c)) + c
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
    return lines


def _console(out: TextIO, width: int | None, no_color: bool, terminal: bool | None) -> Console:
    probe = Console(file=out, force_terminal=terminal)
    if width is None:
        width = probe.width if probe.is_terminal else DEFAULT_WIDTH
    return InertConsole(
        file=out,
        force_terminal=terminal,
        width=max(width, 20),
        color_system=None if no_color else probe.color_system and "auto",  # type: ignore[arg-type]
        no_color=no_color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def _mode(console: Console) -> ColorMode:
    system = console.color_system
    if console.no_color or system is None:
        return "none"
    return {"truecolor": "truecolor", "256": "256"}.get(system, "16")  # type: ignore[return-value]


def _pick(
    doc: Document, names: list[str], err: TextIO
) -> list[tuple[Text | None, list[Metric]]] | None:
    """Sections to print: (heading, metrics); None when a name is unknown."""
    sections: list[tuple[Text | None, list[Metric]]] = [(None, doc.display_order)]
    for event in doc.events:
        sections.append((_event(event), [m for m in event.metrics if m is not None]))
    if not names:
        return sections
    known = {m.name for m in doc.metrics}
    missing = [n for n in names if n not in known]
    if missing:
        for name in missing:
            close = difflib.get_close_matches(name, list(known), n=5, cutoff=0.5)
            hint = (
                f"; close matches: {', '.join(repr(printable(c, 60)) for c in close)}"
                if close
                else ""
            )
            print(f"resim-tui show: no metric named {printable(name, 80)!r}{hint}", file=err)
        return None
    wanted = set(names)
    return [
        (h, [m for m in ms if m.name in wanted])
        for h, ms in sections
        if any(m.name in wanted for m in ms)
    ]


def _event(event: Event) -> Text:
    """An event's heading and every field it has: time (and its kind), status,
    importance, tags, description and how many metrics it lists."""
    when = ""
    if event.timestamp_ns is not None:
        absolute = event.timestamp_type == TimestampType.ABSOLUTE_TIMESTAMP
        when = f" at {timestamp(event.timestamp_ns, absolute=absolute)}"
        when += f" ({event.timestamp_type.label.lower()})"
    glyph = status_glyph(event.status)
    head = Text(f"\n▶ event {label(event.name, 400)}{when}  {glyph} {event.status.label}")
    head.append(f"  importance {event.importance.label}")
    head.append(f"  metrics {len(event.metric_ids)}")
    if event.tags:
        head.append("\ntags: " + ", ".join(label(t, 60) for t in event.tags))
    if event.description.strip():
        head.append("\n")
        head.append_text(markdown.plain(event.description, 50_000))
    return head


def _job(doc: Document, mode: ColorMode, palette: Palette) -> Text:
    failing = len(doc.failing)
    text = Text(f"{printable(str(doc.path))}\n")
    text.append(f"job {doc.job_id or '–'}  ")
    text.append(
        f"{status_glyph(doc.status)} {doc.status.label}",
        style=status_style(doc.status, palette, mode),
    )
    broken = len(doc.not_computed)
    computed = f", {broken} not computed" if broken else ""
    text.append(f"  metrics {len(doc.metrics)} ({failing} failing{computed})")
    text.append(f"  events {len(doc.events)}  data {len(doc.data)}")
    if doc.problems:
        text.append(f"  problems {len(doc.problems)} (resim-tui check lists them)")
    if doc.scope:
        text.append(f"\n{printable(doc.scope)}")
    return text


def _metric(
    out: Writer,
    metric: Metric,
    width: int,
    height: int,
    mode: ColorMode,
    palette: Palette,
    ascii_only: bool = False,
) -> None:
    out.text(_rule(width), style="" if mode == "none" else palette.axis)
    out.pieces(_head(metric, width, mode, palette), style="" if mode == "none" else "bold")
    if metric.description:
        out.text(markdown.plain(metric.description, 50_000))
    if metric.tags:
        out.text("tags: " + ", ".join(f"{label(k, 40)}={label(v, 40)}" for k, v in metric.tags))
    for line in _failures(metric):
        out.text(f"failure: {line}")
    # The first drawing says which categories there are: each metric is drawn once per
    # category, never an extra time to ask.
    if isinstance(metric.values, TextValues):
        height = WHOLE_TEXT  # a text metric prints whole: it is the report itself
    chart = render(metric, width, height, color=mode, palette=palette)
    categories = chart.categories
    for place, category in enumerate(categories or [None]):
        if place:
            chart = render(metric, width, height, color=mode, category=category, palette=palette)
        if category is not None:
            out.text(f"category: {label(category, 60)}  ({place + 1}/{len(categories)})")
        out.text(chart.body)
        if metric.values_kind not in _NO_SUMMARY:
            out.summary(chart, to_ascii if ascii_only else str)
        for note in chart.notes:
            out.text(f"note: {label(note, 200)}")
        if any(_CUT in note for note in chart.notes for _CUT in ("not shown", "showing the")):
            out.text(f"note: --height {height * 2} or --width shows more")


@functools.cache
def _rule(width: int) -> str:
    return "\n" + "─" * width


def _head(metric: Metric, width: int, mode: ColorMode, palette: Palette) -> list[Piece]:
    """The metric's name, then its type, status and importance: on the name's line while
    they fit, else on the lines below. The name is never cut for them (a name wider than
    the line is wrapped by the console). Printed in bold (with colour)."""
    name = label(metric.name, 400)
    status = metric.status
    parts: list[Piece] = [
        (f"[{metric.type.label}]", ""),
        (f"{status_glyph(status)} {status.label}", status_style(status, palette, mode) or ""),
        (f"importance {metric.importance.label}", ""),
    ]
    if metric.hidden:
        parts.append(("(hidden: should_display false)", ""))
    head: list[Piece] = [(name, "")]
    # A name wider than the line wraps where the console likes: the rest starts below it.
    used = min(cell_len(name), width)
    for part in parts:  # whole parts only: "✔" never ends a line with "PASSED" on the next
        size = cell_len(part[0])
        if used and used + 2 + size > width:
            head.append(("\n", ""))
            used = 0
        elif used:
            head.append(("  ", ""))
            used += 2
        head.append(part)
        used += size
    return head


def _failures(metric: Metric) -> Iterable[str]:
    values = metric.values
    if isinstance(values, ScalarValues | DoubleSummaryValues) and values.failure is not None:
        yield values.failure.describe()
    if isinstance(values, DoubleOverTimeValues):
        for i, failure in enumerate(values.failures):
            if failure.fails_above is not None or failure.fails_below is not None:
                yield f"series {i + 1}: {failure.describe()}"
