"""Export a metrics file's data: CSV for spreadsheets, JSON for scripts.

Pure logic, no terminal UI: tui/cli/commands/export.py parses the command
line and calls these. docs/export-format.md documents both outputs.

May import: tui.model, tui.text, tui.validate, tui.charts; numpy. No
terminal-UI library, and never a reader.
"""

from __future__ import annotations

from tui.export.jsondoc import FORMAT
from tui.export.order import Entry, UnknownMetric, export_order, pick
from tui.export.run import JSON_NAME, SERIES, SUMMARY, Report, export_csv, export_json, write_json
from tui.export.target import MANIFEST, ExportError

__all__ = [
    "FORMAT",
    "JSON_NAME",
    "MANIFEST",
    "SERIES",
    "SUMMARY",
    "Entry",
    "ExportError",
    "Report",
    "UnknownMetric",
    "export_csv",
    "export_json",
    "export_order",
    "pick",
    "write_json",
]
