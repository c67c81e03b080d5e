"""The model of a metrics file: decoding and resolution, with no UI in sight.

``load(path)`` turns a metrics.binproto (or an outputs directory) into a
Document whose references are all followed. This package must never import
Textual or plotext; tests/test_layers.py checks that.
"""

from __future__ import annotations

from pathlib import Path

from tui.model.columns import Column
from tui.model.data import Data
from tui.model.decode import FILE_NAME, LoadError, locate, parse, read_message
from tui.model.document import Document, display_key
from tui.model.enums import (
    MetricImportance,
    MetricsDataType,
    MetricStatus,
    MetricType,
    TimestampType,
)
from tui.model.ids import Id
from tui.model.metric import Event, Metric
from tui.model.paths import ExternalFile, read_external
from tui.model.problems import Location, Problem, Severity
from tui.model.resolve import resolve
from tui.model.values import FailureDefinition, Ref


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
    "Column",
    "Data",
    "Document",
    "Event",
    "ExternalFile",
    "FailureDefinition",
    "Id",
    "LoadError",
    "Location",
    "Metric",
    "MetricImportance",
    "MetricStatus",
    "MetricType",
    "MetricsDataType",
    "Problem",
    "Ref",
    "Severity",
    "TimestampType",
    "display_key",
    "load",
    "locate",
    "parse",
    "read_external",
    "read_message",
    "resolve",
]
