"""Readers: from a path on disk to a resolved ``tui.model.Document``.

One subpackage per input format (``metrics1`` reads ``metrics.binproto``, and
a second format gets a folder beside it);
``load`` picks the reader for a path. Readers know the bytes of their format
and nothing of how it is shown.

May import: tui.model, tui.text, tui.schema; protobuf, numpy. Never validate,
charts, export, live, app or cli, and never Textual, Rich or plotext. Only the
entry points (live, app, cli) import a reader: everything else sees the model.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.formats.metrics1 import decode as _m1
from tui.formats.metrics1 import outline as _outline
from tui.formats.metrics1.decode import FILE_NAME, parse, read_message
from tui.formats.metrics1.resolve import resolve
from tui.formats.metrics2 import reader as _m2
from tui.model import Document, LoadError


def locate(path: Path | None) -> Path:
    """The file (Metrics 1.0) or directory (Metrics 2.0 emissions) a path means."""
    if path is not None and _m2.is_metrics2(path):
        return path.absolute()
    return _m1.locate(path)


def file_signature(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of what ``path`` is read from, or None when it is not there."""
    if path.is_dir():
        return _m2.signature(path)
    return _m1.file_signature(path)


def affects(source: Path, changed: Path) -> bool:
    """Whether a change to the file ``changed`` may change the document of ``source``."""
    if source.is_dir():
        return _m2.affects(source, changed)
    return changed.name == source.name


def load(
    path: Path | str | None,
    *,
    measure: bool = False,
    stop: Callable[[], bool] | None = None,
    early: Callable[[Document], None] | None = None,
) -> Document:
    """Read and resolve a metrics file; raises LoadError (one clear sentence) only.

    With ``measure``, every series' length is counted now (timestamps need a pass over
    their bytes) and the failing metrics found, so that a caller off the UI thread
    spares the views that work.
    ``stop`` says when the caller no longer wants the result (a newer load replaced
    it): Metrics 2.0 then skips the metric queries left. ``early`` is handed a first
    Document to show while the rest is computed (Metrics 2.0 after an append: the new
    rows, with the metrics' last values marked as recomputing; Metrics 1.0 of many
    objects: the outline of names, types and statuses, tui/formats/metrics1/outline.py).
    """
    file = locate(Path(path) if path is not None else None)
    if file.is_dir() or file.name.endswith((".resim.jsonl", ".ndjson")):
        return _m2.load(file, stop, early)
    message, size, held = read_message(file)
    if early is not None and _outline.worth_it(message):
        early(_outline.outline(message, file.absolute(), size))
    document = resolve(message, file.absolute(), size, stop, held=held)
    if measure and not (stop is not None and stop()):
        for data in document.data:
            data.total_length  # noqa: B018 - counted and cached
        document.failing  # noqa: B018 - found once, here, for the header's every redraw
    return document


def load_outline(path: Path) -> Document | None:
    """A quick first Document of a large Metrics 2.0 directory, to show while ``load``
    reads it in full (which replaces it); None for anything ``load`` reads quickly."""
    file = locate(path)
    if file.is_dir() or file.name.endswith((".resim.jsonl", ".ndjson")):
        return _m2.outline(file)
    return None


def start_outline(path: Path) -> None:
    """Begin ``load_outline(path)`` in a thread (a large Metrics 2.0 directory only)."""
    file = locate(path)
    if file.is_dir() and _m2.is_large(file):
        _m2.start_outline(file)


def load_early(path: Path, *, most_bytes: int, most_objects: int) -> Document | None:
    """``load(path)`` when it is quick to resolve; None to leave it to the app's worker.

    Decoding is cheap (a fraction of a second for the biggest file this takes); the cost
    is in resolving every object, so a file of many objects (a small file can hold a
    million) waits for the app, whose first frame says "loading…". A file that cannot be
    read still raises LoadError here, one sentence before any screen.
    """
    file = locate(path)
    if file.is_dir() or file.name.endswith((".resim.jsonl", ".ndjson")):
        # A large directory is left to the app, which shows its outline first.
        return None if _m2.is_large(file) else _m2.load(file)
    size = file.stat().st_size
    if not 0 < size <= most_bytes:
        return None
    message, size, held = read_message(file)
    objects = len(message.job_level_metrics.metrics) + len(message.metrics_data)
    if objects + len(message.events) > most_objects:
        return None
    return resolve(message, file.absolute(), size, held=held)


__all__ = [
    "FILE_NAME",
    "LoadError",
    "affects",
    "file_signature",
    "load",
    "load_early",
    "load_outline",
    "locate",
    "parse",
    "read_message",
    "resolve",
    "start_outline",
]
