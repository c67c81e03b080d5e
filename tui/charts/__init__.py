"""Metric → text charts, with no Textual in sight.

``render(metric, width, height, color=...)`` draws any metric as a rich Text
of at most ``width`` x ``height`` cells, with a per-series summary and notes.
One module per chart family; plotly/ translates Plotly figures.

May import: tui.model, tui.text, tui.validate; Rich, plotext (through
_plotext.py only), numpy. Never Textual, and never a reader.
"""

from __future__ import annotations

from tui.charts.render import render
from tui.charts.types import COLOR_MODES, Chart, ColorMode, Palette, SeriesSummary

__all__ = ["COLOR_MODES", "Chart", "ColorMode", "Palette", "SeriesSummary", "render"]
