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


def load(path: Path | str | None) -> Document:
    """Read and resolve a metrics file; raises LoadError (one clear sentence) only."""
    file = locate(Path(path) if path is not None else None)
    message, size = read_message(file)
    return resolve(message, file.absolute(), size)


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
