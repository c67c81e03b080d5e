"""The keys and mouse of an explorable chart: cursor, zoom, pan, next failure.

A chart without an x axis (bars, a histogram, boxes) has marks instead: the cursor
stands on one of them, ←/→ step, n/N go to the next failing one, a click picks one.

``ChartExplorer`` is the base of ``ChartView``: it holds where the user is (the
cursor's x and the zoom window, both in the axis' display units, so that they
mean the same after a resize or a reload) and turns keys into new state. The
arithmetic is in ``tui.charts.cursor`` and ``tui.charts.window``; drawing the
cursor over a finished chart needs no redraw, a new window does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Vertical

from tui.charts import Chart
from tui.charts import cursor as cur
from tui.charts import marks as mk
from tui.charts import window as win
from tui.charts.view import Marks, Range, XView


@dataclass(frozen=True, slots=True)
class Place:
    """Where the user is on a chart: kept across a reload while the metric is there."""

    cursor: float | None = None
    window: Range | None = None
    mark: str | None = None  # the bar or box under the cursor of a chart without x
    mark_at: int | None = None  # its place, for when no mark has that key any more
    panel: int = 0  # of a figure of subplots: the panel explored (the others whole)


class ChartExplorer(Vertical):
    """Cursor, zoom and failure keys for a chart that has an x axis (``chart.view``)."""

    BINDINGS = [
        Binding("left", "cursor(-1)", "Cursor", show=False),
        Binding("right", "cursor(1)", "Cursor", key_display="←→", id="chart-cursor"),
        Binding("shift+left", "cursor(-10)", "Cursor 10 left", show=False),
        Binding("shift+right", "cursor(10)", "Cursor 10 right", show=False),
        Binding("plus,equals_sign", "zoom(2)", "Zoom", key_display="+/-", id="chart-zoom"),
        Binding("minus", "zoom(0.5)", "Zoom out", show=False, id="chart-zoom-out"),
        Binding("H,less_than_sign", "pan(-1)", "Pan left", show=False, id="chart-pan-left"),
        Binding("L,greater_than_sign", "pan(1)", "Pan right", show=False, id="chart-pan-right"),
        Binding("0", "reset", "Reset zoom", show=False, id="chart-reset"),
        Binding("n", "failure(1)", "Failures", key_display="n/N", id="chart-failure"),
        Binding("N", "failure(-1)", "Previous failure", show=False, id="chart-failure-back"),
        Binding("right_curly_bracket", "panel(1)", "Next panel", show=False, id="chart-panel"),
        Binding("left_curly_bracket", "panel(-1)", "Previous panel", show=False),
    ]

    chart: Chart | None

    def __init__(self, *, id: str | None = None, place: Place | None = None) -> None:
        super().__init__(id=id)
        self.cursor: float | None = place.cursor if place else None
        self.window: Range | None = place.window if place else None
        self.mark: str | None = place.mark if place else None
        self.mark_at: int | None = place.mark_at if place else None
        self.panel: int = place.panel if place else 0

    @property
    def place(self) -> Place:
        return Place(self.cursor, self.window, self.mark, self.mark_at, self.panel)

    @property
    def view(self) -> XView | None:
        return self.chart.view if self.chart is not None else None

    @property
    def marks(self) -> Marks | None:
        """The bars or boxes of a chart that has no x axis (None for the others)."""
        chart = self.chart
        if chart is None or chart.view is not None or not chart.marks or not chart.marks.items:
            return None
        return chart.marks

    def mark_index(self) -> int | None:
        """Which mark the cursor stands on: the one with its key, else at its place."""
        marks = self.marks
        return None if marks is None else mk.index_of(marks, self.mark, self.mark_at)

    def stand_on(self, index: int) -> None:
        marks = self.marks
        if marks is None:
            return
        index = min(max(index, 0), len(marks.items) - 1)
        self.mark, self.mark_at = marks.items[index].key, index
        self.show_cursor()

    # Supplied by ChartView.
    def redraw(self) -> None:
        raise NotImplementedError

    def show_cursor(self) -> None:
        """Put the cursor and its readout on the chart as drawn."""
        raise NotImplementedError

    # --- keys --------------------------------------------------------------------

    def keys_kind(self) -> tuple[bool, bool, bool]:
        """What decides which keys act: an x axis, marks, more than one panel."""
        chart = self.chart
        panels = chart is not None and len(chart.views) > 1
        return self.view is not None, self.marks is not None, panels

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that act on this chart's kind: the footer leaves the others out,
        and their key goes on to the card (a bar chart does not zoom)."""
        x_axis, marks, panels = self.keys_kind()
        if action in ("zoom", "pan", "reset"):
            return x_axis
        if action in ("cursor", "failure"):
            return x_axis or marks
        if action == "panel":
            return panels
        return True

    def _need_view(self) -> XView:
        view = self.view
        if view is None:
            raise SkipAction()  # not an x chart: the key goes on (the card scrolls)
        return view

    def action_cursor(self, cols: int) -> None:
        if self.marks is not None:  # bar to bar (ten bars with shift)
            at = self.mark_index()
            self.stand_on(0 if at is None else at + cols)
            return
        view = self._need_view()
        if self.cursor is None:  # the first press puts it in the middle of the view
            self.move_to(cur.x_at(view, view.cols // 2))
        else:
            self.move_to(cur.shifted(view, self.cursor, cols))

    def action_zoom(self, factor: float) -> None:
        view = self._need_view()
        at = self.cursor if self.cursor is not None else (view.x0 + view.x1) / 2
        self.set_window(win.zoom(self.window, view.full, at, factor))

    def action_pan(self, steps: int) -> None:
        view = self._need_view()
        if self.window is None:
            self.app.notify("zoom in first (+): the whole chart is in view", timeout=3)
            return
        self.set_window(win.pan(self.window, view.full, steps))

    def action_reset(self) -> None:
        self._need_view()
        self.set_window(None)

    def action_panel(self, step: int) -> None:
        """Explore the next (previous) panel of a figure of subplots: cursor and zoom there."""
        views = self.chart.views if self.chart is not None else ()
        if len(views) < 2:
            raise SkipAction()
        self.switch_panel((self.panel + step) % len(views))
        self.app.notify(f"panel {self.panel + 1} of {len(views)}", timeout=2, markup=False)

    def switch_panel(self, panel: int, cursor: float | None = None) -> None:
        if panel == self.panel:
            return
        self.panel, self.cursor, self.window = panel, cursor, None
        self.redraw()

    def panel_at(self, x: int, y: int) -> XView | None:
        """The view of the subplot panel at cell (x, y), switched to when it is another."""
        views = self.chart.views if self.chart is not None else ()
        for k, view in enumerate(views):
            inside_x = view.col0 <= x < view.col0 + view.cols
            if inside_x and view.row0 <= y < view.row0 + view.rows:
                if k != self.panel:
                    self.switch_panel(k)
                return view
        return None

    def action_failure(self, step: int) -> None:
        if (marks := self.marks) is not None:
            at = self.mark_index()
            found_mark = mk.next_failing(marks, at, step)
            if found_mark is None:
                where = "after" if step > 0 else "before"
                what = f"this {marks.what}" if at is not None else "this chart"
                self.app.notify(f"no failing {marks.what} {where} {what}", timeout=3, markup=False)
            else:
                self.stand_on(found_mark)
            return
        view = self._need_view()
        start = self.cursor
        if start is None:  # from the edge of the data: the first (or last) failure
            start = -math.inf if step > 0 else math.inf
        found = cur.next_failure(view, start, step)
        if found is None:
            where = "after" if step > 0 else "before"
            what = "the cursor" if self.cursor is not None else "this"
            self.app.notify(f"no failing point {where} {what}", timeout=3, markup=False)
            return
        self.cursor = found
        self.set_window(win.follow(self.window, view.full, found))

    # --- state -------------------------------------------------------------------

    def move_to(self, x: float) -> None:
        self.cursor = x
        self.show_cursor()

    def set_window(self, window: Range | None) -> None:
        if window == self.window:
            self.show_cursor()
            return
        self.window = window
        self.redraw()

    def cursor_col(self) -> int | None:
        view = self.view
        if view is None or self.cursor is None:
            return None
        return cur.col_of(view, self.cursor)

    def decorated(self, body: Text, colour: str | None) -> Text:
        """``body`` with the cursor drawn on it (when there is one)."""
        marks, at = self.marks, self.mark_index()
        if marks is not None and at is not None:
            return mk.overlay(body, marks.items[at], colour)
        col = self.cursor_col()
        view = self.view
        if view is None or col is None:
            return body
        return cur.overlay(body, view, col, colour)

    def readout(self, series: tuple[str, ...]) -> Text:
        marks, at = self.marks, self.mark_index()
        if marks is not None and at is not None:
            return mk.readout(marks, at, series)
        view = self.view
        if view is None or self.cursor is None:
            return Text("")
        return cur.readout(view, self.cursor, series)

    # --- mouse (called by the chart area) ------------------------------------------

    def clicked(self, x: int, y: int = 0) -> None:
        if (marks := self.marks) is not None:
            for i, mark in enumerate(marks.items):
                if mark.cols[0] <= x < mark.cols[1] and mark.lines[0] <= y < mark.lines[1]:
                    self.focus()
                    self.stand_on(i)
                    return
            return
        view = self.panel_at(x, y) or self.view
        if view is None or not 0 <= x - view.col0 < view.cols:
            return
        self.focus()
        self.move_to(cur.x_at(view, x - view.col0))

    def wheel(self, x: int, factor: float, y: int = -1) -> bool:
        """Zoom at the column under the mouse (in the subplot panel under it); False when
        this chart has no x axis."""
        view = self.panel_at(x, y) or self.view
        if view is None:
            return False
        col = min(max(x - view.col0, 0), view.cols - 1)
        self.set_window(win.zoom(self.window, view.full, cur.x_at(view, col), factor))
        return True
