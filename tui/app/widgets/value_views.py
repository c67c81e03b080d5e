"""Bodies of cards whose value is a number or text: scalar, double summary, text."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Digits, Static

from tui.app.widgets.file_markdown import file_markdown
from tui.charts.simple import full_precision
from tui.model import values as v
from tui.model.summary import describe_index, select
from tui.text.formatting import number
from tui.text.glyphs import status_look
from tui.text.safe import printable

Styler = Callable[..., Style]
_DIGITS = set("0123456789+-.,() ")


def verdict(
    value: float | None,
    failure: v.FailureDefinition | None,
    style: Styler,
    compact: bool = False,
) -> Text:
    """Pass/fail of a value against its failure definition, in words and a glyph."""
    if value is None or failure is None:
        return Text("")
    fails = failure.fails(value)
    if fails is None:
        return Text("no thresholds", style=Style(dim=True))
    look = status_look(5 if fails else 1)
    word = ("fails" if fails else "ok") if compact else ("fails" if fails else "within limits")
    text = Text()
    text.append(f"{look.glyph} {word}", style(look.color, bold=True))
    if not compact:  # in the muted text colour: a dimmed red held 2:1 on the dark theme
        text.append(f"  ({failure.describe()})", style("foreground-muted"))
    return text


def big_number(value: float | None) -> Digits | Static:
    text = number(value) if value is not None else "—"
    if value is not None and set(text) <= _DIGITS and len(text) <= 16:
        return Digits(text, classes="big-number")
    return Static(Text(text, style=Style(bold=True)), classes="big-number")


class ScalarView(Vertical):
    def __init__(self, values: v.ScalarValues, style: Styler) -> None:
        super().__init__(classes="value-view")
        self._values = values
        self._style = style

    def compose(self) -> ComposeResult:
        values = self._values
        yield big_number(values.value)
        unit = printable(values.unit, 60) if values.unit else ""
        if values.value is not None and (exact := full_precision(values.value)):
            yield Static(Text(f"exactly {exact} {unit}".rstrip(), style=Style(dim=True)))
        if values.value is None:
            yield Static(Text("no value written", style=self._style("warning")))
        yield Static(
            Text.assemble(
                (unit, Style(bold=True)), "  ", verdict(values.value, values.failure, self._style)
            )
        )


class SummaryView(Vertical):
    """The selected element, large; grouped data as a table by category."""

    def __init__(self, values: v.DoubleSummaryValues, style: Styler) -> None:
        super().__init__(classes="value-view")
        self._values = values
        self._style = style

    def compose(self) -> ComposeResult:
        values = self._values
        rows = select(values)
        data = values.value.data
        unit = printable(data.unit, 40) if data is not None and data.unit else ""
        index = printable(describe_index(values.index), 120)
        where = f"{index} of “{printable(values.value.name, 80)}”"
        if len(rows) == 1 and rows[0].category is None:
            row = rows[0]
            yield big_number(row.value)
            line = Text.assemble((unit, Style(bold=True)), "  ")
            if row.status is not None:
                look = status_look(row.status)
                line.append(f"{look.glyph} {look.word}", self._style(look.color, bold=True))
                line.append("  ")
            line.append_text(verdict(row.value, values.failure, self._style))
            yield Static(line)
            if row.note:
                note = printable(row.note, 300)
                yield Static(Text(note, style=self._style("warning", bold=True)))
            yield Static(Text(where, style=Style(dim=True)))
            return
        limits = f"; {values.failure.describe()}" if values.failure is not None else ""
        yield Static(Text(f"{where} — one row per category{limits}", style=Style(dim=True)))
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns(
            "category", "position", f"value [{unit}]" if unit else "value", "status", "check"
        )
        for row in rows:
            row_look = status_look(row.status) if row.status is not None else None
            table.add_row(
                Text(printable(row.category or "", 60)),
                Text(str(row.position) if row.position is not None else "—"),
                Text(
                    number(row.value) if row.value is not None else printable(row.note or "—", 300)
                ),
                Text(f"{row_look.glyph} {row_look.word}", style=self._style(row_look.color))
                if row_look
                else Text("—"),
                verdict(row.value, values.failure, self._style, compact=True),
            )
        yield table


class TextView(Vertical):
    """Markdown from the file; links are not followed when clicked."""

    def __init__(self, values: v.TextValues) -> None:
        super().__init__(classes="value-view")
        self._values = values

    def compose(self) -> ComposeResult:
        text = self._values.text
        if not text.strip():
            yield Static(Text("(empty text)", style=Style(dim=True)))
            return
        yield file_markdown(text)
