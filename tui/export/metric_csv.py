"""One metric's series as CSV, for the viewer: copied whole or written beside the user.

The same tables, headers and cells as ``resim-tui export`` (tui.export.series):
a file written here reads like the export's own ``NN-<slug>.csv``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from tui.export import cells
from tui.export.series import SeriesTable, series_tables
from tui.export.slugs import slug
from tui.model import Metric


def _chunks(table: SeriesTable) -> Iterator[str]:
    yield cells.row(list(table.headers)) + "\n"
    yield from table.lines()


def series_csv(metric: Metric, limit: int) -> str | None:
    """Every series of ``metric`` as CSV (a blank line between tables), or None when it
    would be longer than ``limit`` characters (found without building all of it)."""
    out: list[str] = []
    size = 0
    for n, table in enumerate(series_tables(metric)):
        if n:
            out.append("\n")
        for chunk in _chunks(table):
            size += len(chunk)
            if size > limit:
                return None
            out.append(chunk)
    return "".join(out) if out else None


def write_csv(metric: Metric, folder: Path) -> list[Path]:
    """Write ``metric``'s series into ``folder`` as ``<slug>.csv`` (``<slug>--<series>.csv``
    for each of several), never over an existing file (``-2``, ``-3``… instead)."""
    tables = series_tables(metric)
    stem = slug(metric.name)
    written = []
    for table in tables:
        name = stem if len(tables) == 1 else f"{stem}--{slug(table.title, 'series')}"
        path, handle = _new_file(folder, name)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            for chunk in _chunks(table):
                out.write(chunk)
        written.append(path)
    return written


def _new_file(folder: Path, name: str) -> tuple[Path, int]:
    for n in range(1, 1000):
        path = folder / (f"{name}.csv" if n == 1 else f"{name}-{n}.csv")
        try:  # O_EXCL: never over a file (or through a link) that is already there
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
    raise FileExistsError(f"{name}.csv and 998 more already exist in {folder}")
