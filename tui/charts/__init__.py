"""Metric → text charts, with no Textual in sight.

``render(metric, width, height, color=...)`` draws any metric as a rich Text
of at most ``width`` x ``height`` cells, with a per-series summary and notes.
One module per chart family; this package must never import Textual.
"""

from __future__ import annotations

from tui.charts.render import render
from tui.charts.types import COLOR_MODES, Chart, ColorMode, Palette, SeriesSummary

__all__ = ["COLOR_MODES", "Chart", "ColorMode", "Palette", "SeriesSummary", "render"]
