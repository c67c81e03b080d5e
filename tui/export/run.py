"""Export a Document: CSV files into a directory, or one JSON document.

metrics.csv has one row per metric (position, name, type, status, value when
there is one, the files it became); series.csv one row per series file (its
metric, series, row count, data name and unit). The per-metric files are
named by tui/export/files.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.export import cells
from tui.export.files import Planned, plan
from tui.export.jsondoc import document
from tui.export.jsonwrite import Write, dump
from tui.export.order import Entry
from tui.export.slugs import Namer
from tui.export.target import MANIFEST, Fill, Target
from tui.model import Document

SUMMARY = "metrics.csv"
SERIES = "series.csv"
JSON_NAME = "metrics.json"

_METRIC_HEADERS = [
    "position",
    "name",
    "type",
    "status",
    "importance",
    "events",
    "hidden",
    "blocking",
    "value",
    "unit",
    "note",
    "files",
    "description",
]
_SERIES_HEADERS = [
    "file",
    "position",
    "metric",
    "series",
    "rows",
    "categories",
    "value_name",
    "value_unit",
    "index_name",
]


@dataclass(frozen=True, slots=True)
class Report:
    """What an export wrote: file names (in order), series rows, metrics."""

    files: list[str]
    rows: int
    metrics: int


def plan_csv(entries: list[Entry], picked: list[Entry]) -> list[Planned]:
    """Name every file of ``picked``; positions are padded to the width of all ``entries``."""
    width = max(2, len(str(len(entries))))
    namer = Namer(reserved=(SUMMARY, SERIES, JSON_NAME, MANIFEST))
    return [plan(entry, namer, width) for entry in picked]


def export_csv(entries: list[Entry], picked: list[Entry], root: Path, force: bool) -> Report:
    """Write the CSV export of ``picked`` into ``root``; raises ExportError."""
    planned = plan_csv(entries, picked)
    target = Target(root, force)
    names = [out.name for p in planned for out in p.outputs]
    target.prepare([*names, SUMMARY, SERIES])
    rows = 0
    for p in planned:
        for out in p.outputs:
            target.write(out.name, _fill(out.body()))
            if out.table is not None:
                rows += out.table.rows
    target.write(SUMMARY, _fill(_summary(planned)))
    target.write(SERIES, _fill(_series(planned)))
    # A JSON export into the same folder is another export, not a stale CSV file.
    target.finish(prune=True, keep=frozenset({JSON_NAME}))
    return Report([n for n in target.written if n != MANIFEST], rows, len(picked))


def export_json(doc: Document, picked: list[Entry], root: Path, force: bool) -> Report:
    """Write ``root/metrics.json``; raises ExportError."""
    target = Target(root, force)
    target.prepare([JSON_NAME])
    target.write(JSON_NAME, lambda write: write_json(doc, picked, write))
    target.finish()
    return Report([JSON_NAME], 0, len(picked))


def write_json(doc: Document, picked: list[Entry], write: Write) -> None:
    """The JSON export, streamed through ``write`` (a file's or stdout's write)."""
    dump(document(doc, picked), write)


def _fill(chunks: Iterator[str]) -> Fill:
    def fill(write: Write) -> None:
        for chunk in chunks:
            write(chunk)

    return fill


def _summary(planned: list[Planned]) -> Iterator[str]:
    yield cells.row(list(_METRIC_HEADERS)) + "\n"
    for p in planned:
        m = p.entry.metric
        yield (
            cells.row(
                [
                    p.entry.position,
                    m.name,
                    m.type.label,
                    m.status.label,
                    m.importance.label,
                    "; ".join(p.entry.events) or None,
                    "true" if m.hidden else "false",
                    None if m.blocking is None else ("true" if m.blocking else "false"),
                    p.value,
                    p.unit or None,
                    p.note,
                    " ".join(out.name for out in p.outputs) or None,
                    m.description or None,
                ]
            )
            + "\n"
        )


def _series(planned: list[Planned]) -> Iterator[str]:
    yield cells.row(list(_SERIES_HEADERS)) + "\n"
    for p in planned:
        for out in p.outputs:
            table = out.table
            if table is None:
                continue
            data = table.value_data
            index = data.index if data is not None and data.index is not data else None
            yield (
                cells.row(
                    [
                        out.name,
                        p.entry.position,
                        p.entry.metric.name,
                        table.title,
                        table.rows,
                        len(table.parts) if table.grouped else None,
                        data.name if data is not None else None,
                        (data.unit or None) if data is not None else None,
                        index.name if index is not None else None,
                    ]
                )
                + "\n"
            )
