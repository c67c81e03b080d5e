"""The resolved model of a metrics job, the same whichever format it was read from.

A Document holds metrics, events and data with every reference followed. The
readers in tui.formats build it; everything above (validate, charts, export,
the app) reads it. Comparisons and batches of documents belong here too.

May import: nothing of resim-tui (no other layer); the standard library, numpy
and protobuf's well-known types (a Plotly figure is a Struct). Never the
readers in formats nor the bindings in schema (readers depend on the model, not
the reverse), never Textual, Rich or plotext; tests/test_layers.py checks it.
"""

from __future__ import annotations

from tui.model.columns import Column
from tui.model.data import Data
from tui.model.document import Document, display_key
from tui.model.enums import (
    MetricImportance,
    MetricsDataType,
    MetricStatus,
    MetricType,
    TimestampType,
)
from tui.model.errors import LoadError
from tui.model.ids import Id
from tui.model.metric import Event, Metric
from tui.model.paths import ExternalFile, read_external
from tui.model.problems import Location, Problem, Severity
from tui.model.values import FailureDefinition, Ref

__all__ = [
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
    "read_external",
]
