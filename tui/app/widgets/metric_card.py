"""The right-hand pane: the card of whatever the tree has highlighted."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Select, Static

from tui.app.hanging import Hanging
from tui.app.inert import inert
from tui.app.screens.problems import MARKS
from tui.app.widgets import card_fields as fields
from tui.app.widgets.chart_cursor import Place
from tui.app.widgets.chart_view import ChartView
from tui.app.widgets.choice import Choice
from tui.app.widgets.file_markdown import file_markdown
from tui.app.widgets.image_view import ImageView
from tui.app.widgets.json_tree import JsonTree
from tui.app.widgets.series_table import SeriesTable
from tui.app.widgets.table_view import TablePlace, TableView
from tui.app.widgets.value_views import ScalarView, SummaryView, TextView
from tui.model import Data, Document, Event, Metric
from tui.model import values as v
from tui.model.problems import Problem, Severity
from tui.model.tables import categories, data_table, metric_tables
from tui.text.glyphs import status_look
from tui.text.plural import plural
from tui.text.safe import printable

_NUMBER_TYPES = (v.ScalarValues, v.DoubleSummaryValues, v.TextValues)

_KEPT = 1000  # keys whose place is kept: a session's worth, bounded at 20k metrics


@dataclass(frozen=True, slots=True)
class Kept:
    """Where the user was on one key's card: back there when it is shown again."""

    category: str | None
    place: Place | None
    table: TablePlace | None


class MetricCard(VerticalScroll):
    """Fields and body of one metric, event or data; rebuilt when the selection changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.theme_colors: dict[str, str] = {}
        self.item: Metric | Event | Data | Document | None = None
        self.key: str | None = None  # the tree key of the item: stable across reloads
        self.restore_scroll: float | None = None
        self.raw = False  # the raw-data table instead of the chart
        self.details = False  # every field and the whole description above the chart
        self.category: str | None = None
        self.place: Place | None = None  # the chart's cursor and zoom, kept across reloads
        self.table_place: TablePlace | None = None  # the table's row, search and filter
        self._kept: dict[str, Kept] = {}  # the same, of every key shown this session
        self.problems: dict[int, list[Problem]] = {}
        # What the card's metric waits for (it is a file's outline: a name, no values yet),
        # said in place of its body by every drawing of the card; None once it is whole.
        self.waiting: str | None = None
        self._refocus_pending = False  # id(item) → its problems

    def style(
        self, variable: str, *, bold: bool | None = None, italic: bool | None = None
    ) -> Style:
        return Style(color=self.theme_colors.get(variable) or None, bold=bold, italic=italic)

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading…", style=Style(dim=True)), id="card-empty")

    def show(self, item: Metric | Event | Data | Document | None, key: str | None = None) -> None:
        """Rebuild for ``item``; the category and toggles stay while ``key`` stays the same."""
        self._keep_place(key)
        self._note_focus()
        self.item = item
        self.key = key
        self.remove_children()
        widgets = list(self._widgets())
        # Tab goes straight to a chart or a table (their keys need the focus); the card
        # still scrolls with the keys, as their parent.
        self.can_focus = not any(isinstance(w, ChartView | TableView) for w in widgets)
        self.mount_all(widgets)
        if self._refocus_pending:
            self.call_after_refresh(self._refocus)
        scroll, self.restore_scroll = self.restore_scroll, None
        if scroll:
            self.call_after_refresh(self.scroll_to, y=scroll, animate=False)
        else:
            self.scroll_home(animate=False)

    def _keep_place(self, key: str | None) -> None:
        """The category, the chart's cursor and zoom and the table's row stay with their
        key for the session: across a reload, ``t``, and a visit to another metric."""
        if charts := self.query(ChartView):
            self.place = charts.first().place
        if tables := self.query(TableView):
            self.table_place = tables.first().place
        if self.key is not None:
            self._kept.pop(self.key, None)  # the newest last: the oldest go first
            self._kept[self.key] = Kept(self.category, self.place, self.table_place)
            while len(self._kept) > _KEPT:
                del self._kept[next(iter(self._kept))]
        if key != self.key:
            kept = self._kept.get(key) if key is not None else None
            self.category = kept.category if kept else None
            self.place = kept.place if kept else None
            self.table_place = kept.table if kept else None

    def _note_focus(self) -> None:
        # A reload rebuilds the chart or table the keys were going to (maybe twice: the
        # file, then its report; a big one after a placeholder): the focus goes to the
        # new one.
        focused = self.screen.focused if self.is_attached else None
        self._refocus_pending |= focused is not None and self in focused.ancestors_with_self

    def show_loading(self, item: Metric | Data, key: str | None = None) -> None:
        """A placeholder while a worker converts ``item``'s big series."""
        self._keep_place(key)
        self._note_focus()
        self.item = item
        self.key = key
        self.remove_children()
        points = (
            sum(r.data.total_length for r in item.refs() if r.data)
            if isinstance(item, Metric)
            else item.total_length
        )
        self.mount(
            Static(Text(printable(item.name, 300), style=Style(bold=True)), classes="card-title"),
            Static(
                Text(f"converting {plural(points, 'point')}…", style=Style(dim=True)),
                classes="card-fields",
            ),
        )

    def _widgets(self) -> list[Widget]:
        item = self.item
        if isinstance(item, Metric) and self.waiting is not None:
            return [
                Static(fields.metric_title(item, self.style), classes="card-title"),
                Static(Text(self.waiting, style=Style(dim=True)), classes="card-fields"),
            ]
        if isinstance(item, Metric):
            return self._metric(item)
        if isinstance(item, Event):
            return self._event(item)
        if isinstance(item, Data):
            return self._data(item)
        if isinstance(item, Document):
            return [Static(self._overview(item), classes="card-fields")]
        return [Static(Text("Nothing selected.", style=Style(dim=True)))]

    # --- metric ------------------------------------------------------------------

    def _metric(self, metric: Metric) -> list[Widget]:
        out: list[Widget] = [
            Static(fields.metric_title(metric, self.style), classes="card-title"),
        ]
        if not self.details:  # the chart first: fields fold to two lines
            # Notes (info) need no action: the brief counts what does, as the tree's badge.
            found = self.problems.get(id(metric), [])
            count = sum(1 for p in found if p.severity is not Severity.INFO)
            brief = fields.metric_brief(metric, self.style, count)
            out.append(Static(brief, classes="card-brief"))
            out.extend(self._body(metric))
            return out
        out.append(Static(fields.metric_fields(metric, self.style), classes="card-fields"))
        out.extend(self._problem_lines(metric))
        if metric.description.strip():
            out.append(file_markdown(metric.description, classes="card-description"))
        out.extend(self._body(metric))
        return out

    def _body(self, metric: Metric) -> list[Widget]:
        values = metric.values
        if values is None:
            return []
        if isinstance(values, v.ScalarValues):
            return [ScalarView(values, self.style)]
        if isinstance(values, v.DoubleSummaryValues):
            return [SummaryView(values, self.style)]
        if isinstance(values, v.TextValues):
            return [TextView(values)]
        if isinstance(values, v.ImageValues | v.ImageListValues):
            refs = [values.image] if isinstance(values, v.ImageValues) else values.images
            if self.raw:
                return [Static(self._files(refs), classes="card-fields")]
            return [ImageView(metric)]
        if not self.raw:
            return [ChartView(metric, self.category, place=self.place)]
        if isinstance(values, v.PlotlyValues):
            return [
                self._raw_note("JSON of the figure"),
                JsonTree(values.struct, classes="json-tree"),
            ]
        return [self._raw_note("raw data"), *self._table(metric)]

    def _raw_note(self, what: str) -> Static:
        return Static(
            Text(f"{what} — t shows the chart", style=Style(dim=True)), classes="raw-note"
        )

    def _refocus(self, tries: int = 8) -> None:
        target = self.focus_target()
        if not self.is_attached or not self._refocus_pending:
            return
        if target.has_focus:  # landed: until then a rebuild (the report) must refocus too
            self._refocus_pending = False
            return
        if target.is_attached and target.focusable:
            target.focus()  # takes effect later, hence the check after the refresh
        if tries:
            # A table is inside its TableView, composed a refresh or two after the card.
            self.call_after_refresh(self._refocus, tries - 1)
        else:
            self._refocus_pending = False

    def focus_target(self) -> Widget:
        """What takes the focus for the card: its chart or table when it has one."""
        charts = self.query(ChartView)
        if charts:
            return charts.first()
        tables = self.query(SeriesTable)
        return tables.first() if tables else self

    def toggle_details(self) -> None:
        """Every field and the whole description, or the two-line brief."""
        self.details = not self.details
        self.show(self.item, self.key)

    def on_chart_view_category_changed(self, message: ChartView.CategoryChanged) -> None:
        self.category = message.category

    def _table(self, metric: Metric) -> list[Widget]:
        out: list[Widget] = []
        names = categories(metric)
        if names:
            if self.category not in names:
                self.category = names[0]
            out.append(self._category_select(names))
        tables = metric_tables(metric, self.category)
        if not tables or all(t.rows == 0 for t in tables):
            out.append(Static(Text("no data", style=self.style("warning"))))
            return out
        out.append(TableView(tables, place=self.table_place))
        return out

    def _category_select(self, names: list[str]) -> Choice:
        options = [(inert(n, 60), n) for n in names]
        value = names[0] if self.category is None else self.category
        return Choice(options, value=value, allow_blank=False, classes="category-select")

    def on_select_changed(self, event: Select.Changed) -> None:
        value = event.value
        if (
            event.select.has_class("category-select")
            and isinstance(value, str)
            and value != self.category
        ):
            self.category = value
            self.call_after_refresh(self.show, self.item, self.key)

    def cycle_category(self, step: int) -> str | None:
        """Show the next (``step`` = 1) or previous category, or image of an image list.

        Returns why nothing happened, for the user, or None."""
        charts = self.query(ChartView)
        if charts and charts.first().categories:
            charts.first().cycle_category(step)
            return None
        images = self.query(ImageView)
        if images and len(images.first().refs) > 1:
            images.first().action_step(step)
            return None
        names = categories(self.item) if isinstance(self.item, Metric) else []
        if isinstance(self.item, Data) and self.item.shape == "grouped":
            names = list(self.item.categories)
        if len(names) < 2:
            return (
                "[ and ] step through the categories of grouped data and the images of an "
                "image list; this card has no others to step to"
            )
        index = names.index(self.category) if self.category in names else 0
        self.category = names[(index + step) % len(names)]
        self.show(self.item, self.key)
        return None

    def raw_toggle_why_not(self) -> str | None:
        """Why ``t`` (chart ⇄ raw data) does nothing for this card, or None when it works."""
        item = self.item
        values = item.values if isinstance(item, Metric) else None
        if values is None or isinstance(values, _NUMBER_TYPES):
            what = "this card" if values is None else "a " + type(values).__name__
            what = what.removesuffix("Values").replace("DoubleSummary", "summary")
            return f"t switches a chart to its raw data; {what.lower()} has no chart"
        return None

    def _files(self, refs: list[v.Ref]) -> Text:
        lines = []
        for ref in refs:
            data = ref.data
            if data is None or data.file is None:
                lines.append(Text(f"✖ {ref.name}: not an external file", style=self.style("error")))
                continue
            state = "ok" if data.file.ok else data.file.problem
            look = self.style("success") if data.file.ok else self.style("error")
            lines.append(
                Text.assemble(
                    (f"{printable(data.file.raw, 200)}", Style(bold=True)),
                    "  ",
                    (state or "", look),
                )
            )
        return Text("\n").join(lines)

    def _problem_lines(self, item: object) -> list[Widget]:
        problems = self.problems.get(id(item), [])
        if not problems:
            return []
        rows: list[tuple[Text, int]] = []
        for problem in problems:
            error = problem.severity is Severity.ERROR
            mark, variable = MARKS[problem.severity]
            field = f"{problem.location.field}: " if problem.location.field else ""
            line = Text.assemble(
                (mark, self.style(variable, bold=problem.severity is not Severity.INFO)),
                f"  {printable(field, 120)}{printable(problem.message, 400)}",
                (f"  [{problem.rule}]", Style(dim=True)),
            )
            rows.append((line, cell_len(mark) + 2))  # wrapped under the message, not the mark
            if problem.hint and error:  # warnings stay one line; p shows their hints
                hint = Text(f"  hint: {printable(problem.hint, 300)}", Style(dim=True))
                rows.append((hint, len("  hint: ")))
        return [Static(Hanging(rows), classes="card-problems")]

    # --- event, data, job --------------------------------------------------------

    def _event(self, event: Event) -> list[Widget]:
        out: list[Widget] = [
            Static(
                Text(f"⚑ {printable(event.name, 300)}", style=Style(bold=True)),
                classes="card-title",
            ),
            Static(fields.event_fields(event, self.style), classes="card-fields"),
        ]
        out.extend(self._problem_lines(event))
        if event.description.strip():
            out.append(file_markdown(event.description))
        members = Text("\n").join(
            Text(f"• {printable(m.name, 120)}")
            if m is not None
            else Text("• (missing metric)", style=self.style("error"))
            for m in event.metrics
        )
        out.append(Static(members, classes="card-fields"))
        return out

    def _data(self, data: Data) -> list[Widget]:
        out: list[Widget] = [
            Static(
                Text(printable(data.name, 300) or "(no name)", style=Style(bold=True)),
                classes="card-title",
            ),
            Static(fields.data_fields(data, self.style), classes="card-fields"),
        ]
        out.extend(self._problem_lines(data))
        if data.shape in ("series", "grouped"):
            if data.shape == "grouped":
                if self.category not in data.categories:
                    self.category = data.categories[0] if data.categories else None
                if data.categories:
                    out.append(self._category_select(data.categories))
            table = data_table(data, self.category)
            if table.rows:
                out.append(TableView([table], place=self.table_place))
        return out

    def _overview(self, doc: Document) -> Text:
        by_status: dict[str, int] = {}
        for metric in doc.metrics:
            word = status_look(metric.status).word
            by_status[word] = by_status.get(word, 0) + 1
        lines = [Text("Job overview", style=Style(bold=True))]
        if not doc.metrics:
            lines.append(Text("This job has no metrics.", style=Style(dim=True)))
        for word, count in sorted(by_status.items(), key=lambda kv: -kv[1]):
            lines.append(Text(f"{count:>6}  {word}"))
        return Text("\n").join(lines)
