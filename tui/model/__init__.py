"""The resolved model of a metrics job, the same whichever format it was read from.

A Document holds metrics, events and data with every reference followed. The
readers in tui.formats build it; everything above (validate, charts, export,
the app) reads it. Comparisons and batches of documents belong here too.

May import: tui.schema-free standard library, numpy. Never Textual, Rich or
plotext, and never tui.formats (readers depend on the model, not the reverse);
tests/test_layers.py checks both.
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
