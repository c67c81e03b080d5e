"""The chart of a metric, drawn by tui.charts at the widget's size, with its summary.

A thin adapter: it asks ``tui.charts.render`` for a drawing whenever its
size, the metric, the category or the theme changes. Big metrics are drawn
in a thread worker (only the newest request counts) while "loading…" shows.
Grouped data gets a category switcher (``[`` / ``]`` and a Select); a change
is posted as ``ChartView.CategoryChanged`` so the card can show it. Charts with
an x axis take a cursor, a zoom and failure keys (``chart_cursor.ChartExplorer``).
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Select, Static

from tui.app.inert import inert
from tui.app.theme import theme_colors
from tui.app.widgets.chart_cursor import ChartExplorer, Place
from tui.app.widgets.choice import Choice
from tui.charts import Chart, ColorMode, Palette
from tui.charts.cache import CHARTS
from tui.charts.contrast import readable
from tui.charts.overlay import overlay_palette
from tui.charts.summary_table import summary_table
from tui.charts.view import Range
from tui.charts.window import clamp
from tui.model import Metric
from tui.model.compare.overlay import split as overlay_split
from tui.model.values import PlotlyValues, StatesOverTimeValues
from tui.text.safe import printable

# Above this many points (or Plotly bytes) a chart is drawn in a worker thread.
BIG = 100_000


class ChartArea(Widget):
    """Where the drawing goes; tells its ChartView when its size changes."""

    DEFAULT_CSS = """
    ChartArea { height: 60vh; min-height: 6; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self) -> None:
        super().__init__(classes="chart-area")
        self.body: Text = Text("loading…", style="dim")

    def render(self) -> Text:
        return self.body

    def room(self) -> int:
        """The height the stylesheet gives the area (60vh), whatever it shows now: charts
        are drawn for this much room, then the area shrinks to what they use."""
        height = self.styles.height
        if height is None or not self.app.size.height:
            return self.size.height
        floor = self.styles.min_height
        lowest = int(floor.resolve(self.size, self.app.size)) if floor is not None else 1
        return max(int(height.resolve(self.size, self.app.size)), lowest)

    def fit_to(self, body: Text) -> None:
        """Show ``body``, and be no taller than its lines (a one-band states chart, a note)."""
        self.body = body
        lines = body.plain.count("\n") + 1
        self.styles.max_height = lines if lines < self.room() else None
        self.refresh()

    def _view(self) -> ChartView | None:
        parent = self.parent
        while parent is not None and not isinstance(parent, ChartView):
            parent = parent.parent
        return parent if isinstance(parent, ChartView) else None

    def on_resize(self) -> None:
        if (owner := self._view()) is not None:
            owner.redraw()

    def on_click(self, event: events.Click) -> None:
        if (owner := self._view()) is not None:
            owner.clicked(event.x, event.y)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        owner = self._view()
        if owner is not None and owner.wheel(event.x, 2.0, event.y):
            event.stop()  # the wheel zooms the chart instead of scrolling the card

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        owner = self._view()
        if owner is not None and owner.wheel(event.x, 0.5, event.y):
            event.stop()


class ChartView(ChartExplorer):
    """One metric's chart, its category switcher, series summary and notes."""

    DEFAULT_CSS = """
    ChartView { height: auto; }
    ChartView > .chart-categories { display: none; width: 40; margin: 0 0 1 0; }
    ChartView.-grouped > .chart-categories { display: block; }
    ChartView > .chart-summary, ChartView > .chart-notes { height: auto; margin: 1 0 0 0; }
    ChartView > .chart-readout { height: auto; display: none; }
    """

    BINDINGS = [
        *ChartExplorer.BINDINGS,
        Binding("left_square_bracket", "category(-1)", "Prev category", show=False),
        Binding("right_square_bracket", "category(1)", "Next category", show=False),
    ]

    class CategoryChanged(Message):
        """The category drawn changed (by key, by the Select or by the chart's default)."""

        def __init__(self, view: ChartView, category: str | None) -> None:
            super().__init__()
            self.view = view
            self.category = category

        @property
        def control(self) -> ChartView:
            return self.view

    class _Drawn(Message):
        def __init__(self, ticket: int, chart: Chart) -> None:
            super().__init__()
            self.ticket = ticket
            self.chart = chart

    def __init__(
        self,
        metric: Metric,
        category: str | None = None,
        *,
        id: str | None = None,
        place: Place | None = None,
    ) -> None:
        super().__init__(id=id, place=place)
        self.can_focus = True
        self.metric = metric
        self.category = category
        self.categories: list[str] = []
        self.chart: Chart | None = None
        self._ticket = 0

    def compose(self) -> ComposeResult:
        yield Choice([], allow_blank=True, prompt="category", classes="chart-categories")
        yield ChartArea()
        yield Static("", classes="chart-readout")
        yield Static("", classes="chart-summary")
        yield Static("", classes="chart-notes")

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _: self.redraw(), init=False)

    # --- drawing ---------------------------------------------------------------

    def redraw(self) -> None:
        """Draw again at the current size; big metrics in a worker."""
        area = self.query_one(ChartArea)
        width, height = area.size.width, area.room()
        if width < 1 or height < 1:
            return
        color, palette = self.color_mode(), self.palette()
        self._ticket += 1
        window = self.window
        drawn = CHARTS.get(
            self.metric,
            width,
            height,
            color=color,
            category=self.category,
            palette=palette,
            window=window,
            panel=self.panel,
        )
        if drawn is not None:  # drawn before at this size and with these options
            if drawn is not self.chart:
                self._show(self._ticket, drawn)
            return
        args = (self._ticket, width, height, color, palette, self.category, window, self.panel)
        if _points(self.metric) > BIG:
            if self.chart is None:  # a zoom keeps the last picture until the new one is up
                area.body = Text("loading…", style="dim")
                area.refresh()
            self._draw_in_thread(*args)
        else:
            self._show(
                self._ticket,
                CHARTS.render(
                    self.metric,
                    width,
                    height,
                    color=color,
                    category=self.category,
                    palette=palette,
                    window=window,
                    panel=self.panel,
                ),
            )

    @work(thread=True, exclusive=True, group="chart", description="draw chart")
    def _draw_in_thread(
        self,
        ticket: int,
        width: int,
        height: int,
        color: ColorMode,
        palette: Palette,
        category: str | None,
        window: Range | None,
        panel: int,
    ) -> None:
        chart = CHARTS.render(
            self.metric,
            width,
            height,
            color=color,
            category=category,
            palette=palette,
            window=window,
            panel=panel,
        )
        self.post_message(self._Drawn(ticket, chart))

    @on(_Drawn)
    def _drawn(self, message: _Drawn) -> None:
        message.stop()
        self._show(message.ticket, message.chart)

    def _show(self, ticket: int, chart: Chart) -> None:
        if ticket != self._ticket or not self.is_attached:
            return  # an older request finished after a newer one started, or the card moved on
        before = self.keys_kind()
        self.chart = chart
        if self.keys_kind() != before:
            self.refresh_bindings()  # the footer shows the keys of the kind drawn (check_action)
        if self.panel and self.panel >= len(chart.views):  # a reload left fewer panels
            self.panel, self.cursor, self.window = 0, None, None
            self.redraw()
            return
        view = chart.view
        if self.window is not None and view is not None:
            kept = clamp(self.window, view.full)  # a reload may have shortened the data
            if kept != self.window:
                self.window = kept
                self.redraw()
                return
        self.show_cursor()
        table = summary_table(chart, header_style="bold")
        self.query_one(".chart-summary", Static).update(table if table is not None else "")
        notes = Text("\n".join(f"note: {printable(n, 300)}" for n in chart.notes), style="dim")
        self.query_one(".chart-notes", Static).update(notes)
        self._sync_categories(chart)

    def show_cursor(self) -> None:
        if self.chart is None or not self.is_attached:
            return
        palette = self.palette()
        self.query_one(ChartArea).fit_to(self.decorated(self.chart.body, palette.axis))
        readout = self.query_one(".chart-readout", Static)
        text = self.readout(palette.series)
        readout.display = bool(text.plain)  # no empty line under the chart without a cursor
        readout.update(text)

    def _sync_categories(self, chart: Chart) -> None:
        select = self.query_one(".chart-categories", Select)
        if chart.categories != self.categories:
            self.categories = list(chart.categories)
            with select.prevent(Select.Changed):
                select.set_options([(inert(c, 60), c) for c in self.categories])
        self.set_class(bool(self.categories), "-grouped")
        if chart.category != self.category or (chart.category and select.value != chart.category):
            changed = chart.category != self.category
            self.category = chart.category
            if chart.category is not None:
                with select.prevent(Select.Changed):
                    select.value = chart.category
            if changed:
                self.post_message(self.CategoryChanged(self, self.category))

    # --- categories ------------------------------------------------------------

    def action_category(self, step: int) -> None:
        self.cycle_category(step)

    def cycle_category(self, step: int) -> None:
        """Draw the next (``step`` = 1) or previous (-1) category."""
        if not self.categories:
            return
        index = self.categories.index(self.category) if self.category in self.categories else 0
        self.set_category(self.categories[(index + step) % len(self.categories)])

    def set_category(self, category: str | None) -> None:
        if category == self.category:
            return
        self.category = category
        self.post_message(self.CategoryChanged(self, category))
        self.redraw()

    @on(Select.Changed, ".chart-categories")
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.set_category(event.value)

    # --- theme -----------------------------------------------------------------

    def color_mode(self) -> ColorMode:
        """No colour with NO_COLOR; 16 colours for ANSI themes; else what the terminal has."""
        app = self.app
        if app.no_color:
            return "none"
        if app.native_ansi_color:
            return "16"
        system = app.console.color_system
        return {"truecolor": "truecolor", "256": "256"}.get(system or "", "16")  # type: ignore[return-value]

    def palette(self) -> Palette:
        """Designed series colours for the theme's background; status and axis colours
        from the theme."""
        dark = self.app.current_theme.dark
        palette = palette_for(self.app.get_css_variables(), dark)
        sides = overlay_split(self.metric)  # compare mode: A's series dimmed, B's bright
        if sides is None:
            return palette
        bands = isinstance(self.metric.values, StatesOverTimeValues)
        return overlay_palette(palette, *sides, dark=dark, bands=bands)


def palette_for(variables: dict[str, str], dark: bool) -> Palette:
    """The chart palette for a theme's CSS variables (its translucent colours made opaque)."""
    colours = theme_colors(variables)
    picked = {
        key: colours[name]
        for key, name in (
            ("passed", "success"),
            ("warn", "warning"),
            ("fail", "error"),
            ("axis", "foreground-muted"),
        )
        if name in colours
    }
    # Status marks are single cells on the chart's background: each must be seen there.
    for ground in (variables.get("background"), variables.get("surface")):
        if ground is not None:
            picked = {key: readable(value, ground) for key, value in picked.items()}
    if "background" in variables:
        picked["background"] = variables["background"]
    return Palette.for_background(dark, **picked)


def _points(metric: Metric) -> int:
    if isinstance(metric.values, PlotlyValues):
        return metric.values.size // 8
    return sum(r.data.total_length for r in metric.refs() if r.data is not None)
