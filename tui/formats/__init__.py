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

from pathlib import Path

from tui.formats.metrics1.decode import FILE_NAME, file_signature, locate, parse, read_message
from tui.formats.metrics1.resolve import resolve
from tui.model import Document, LoadError


def load(path: Path | str | None, *, measure: bool = False) -> Document:
    """Read and resolve a metrics file; raises LoadError (one clear sentence) only.

    With ``measure``, every series' length is counted now (timestamps need a pass over
    their bytes), so that a caller off the UI thread spares the views that work.
    """
    file = locate(Path(path) if path is not None else None)
    message, size = read_message(file)
    document = resolve(message, file.absolute(), size)
    if measure:
        for data in document.data:
            data.total_length  # noqa: B018 - counted and cached
    return document


__all__ = [
    "FILE_NAME",
    "LoadError",
    "file_signature",
    "load",
    "locate",
    "parse",
    "read_message",
    "resolve",
]
