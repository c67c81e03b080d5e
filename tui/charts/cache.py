"""Charts already drawn, by (metric, size, options): an unchanged redraw draws nothing.

A card redraws on every resize, theme change and revisit; the model never changes
under a metric (a reload makes new Metric objects), so a chart drawn once for a
metric at a size and with the same options is the chart to show again. Entries
hold the metric weakly: a closed document's charts are never returned for new
metrics that happen to reuse an id.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict

from tui.charts.render import render
from tui.charts.types import Chart, ColorMode, Palette
from tui.charts.view import Range
from tui.model.metric import Metric

Key = tuple[int, int, int, str, str | None, Palette | None, Range | None, int]


class RenderCache:
    """The last ``size`` charts drawn; safe to use from a worker thread."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._entries: OrderedDict[Key, tuple[weakref.ref[Metric], Chart]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self,
        metric: Metric,
        width: int,
        height: int,
        *,
        color: ColorMode,
        category: str | None = None,
        palette: Palette | None = None,
        window: Range | None = None,
        panel: int = 0,
    ) -> Chart | None:
        """The chart drawn before with exactly these arguments, else None."""
        return self._lookup(
            metric, (id(metric), width, height, color, category, palette, window, panel)
        )

    def _lookup(self, metric: Metric, key: Key) -> Chart | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0]() is not metric:  # the metric died and its id was reused
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def render(
        self,
        metric: Metric,
        width: int,
        height: int,
        *,
        color: ColorMode,
        category: str | None = None,
        palette: Palette | None = None,
        window: Range | None = None,
        panel: int = 0,
    ) -> Chart:
        """``tui.charts.render`` with the same arguments, drawn only when not drawn before."""
        key = (id(metric), width, height, color, category, palette, window, panel)
        chart = self._lookup(metric, key)
        if chart is not None:
            return chart
        chart = render(
            metric,
            width,
            height,
            color=color,
            category=category,
            palette=palette,
            window=window,
            panel=panel,
        )
        with self._lock:
            self._entries[key] = (weakref.ref(metric), chart)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return chart

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# The viewer's charts: every card shares it, so coming back to a metric is free.
CHARTS = RenderCache()
