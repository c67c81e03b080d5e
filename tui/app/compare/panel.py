"""Above the card in compare mode: the selected metric's A and B side by side, and how
they differ."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tui.app.compare.state import CompareState
from tui.model.compare import MetricDiff, Move
from tui.model.summary import select
from tui.model.values import DoubleSummaryValues, ScalarValues
from tui.text.glyphs import status_look
from tui.text.safe import printable

_MAX_LINES = 8


class ComparePanel(Static):
    """Hidden unless the changes view is on."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.theme_colors: dict[str, str] = {}
        self.shown: RenderableType = ""

    def show_diff(self, state: CompareState, key: str | None) -> None:
        self.set_class(state.showing, "visible")
        if not state.showing:
            return
        self.shown = self._view(state, key)
        self.update(self.shown)

    def _style(
        self, variable: str, *, bold: bool | None = None, italic: bool | None = None
    ) -> Style:
        return Style(color=self.theme_colors.get(variable) or None, bold=bold, italic=italic)

    def _view(self, state: CompareState, key: str | None) -> RenderableType:
        result = state.result
        heading = Text.assemble(("Compared with ", Style(dim=True)), printable(state.against()))
        if state.a_error:
            return Group(
                heading,
                Text(f"A cannot be read: {printable(state.a_error)}", style=self._style("error")),
            )
        if result is None:
            if state.comparing:
                note = "comparing…"
            elif state.two_sides:
                note = "waiting for A…"
            else:
                note = "no change yet: reload to compare"
            return Group(heading, Text(note, style=Style(dim=True)))
        heading.append(f"  {printable(result.summary())}", Style(dim=True))
        keys = "d changed only · o worst first"
        if not state.two_sides:
            keys = "c changed only · o worst first · " + ("b unpin" if state.pinned else "b pin")
        heading.append(f"  ({keys})", Style(dim=True, italic=True))
        notes = []
        if result.repeats:
            names = sorted({printable(name, 40) for _, _, name in result.repeats})
            shown = ", ".join(f"“{n}”" for n in names[:3]) + (" …" if len(names) > 3 else "")
            notes.append(
                Text(
                    f"names repeat ({shown}): paired by position among equals",
                    style=self._style("warning"),
                )
            )
        diff = state.diff_for(key)
        if diff is None:
            return Group(heading, *notes)
        return Group(
            heading, *notes, self._sides(diff, state.sides), *self._changes(diff, state.sides)
        )

    def _sides(self, diff: MetricDiff, sides: tuple[str, str]) -> RenderableType:
        value_a, value_b = _value(diff.a), _value(diff.b)
        one_line = diff.a is not None and diff.b is not None and diff.a.status == diff.b.status
        if one_line and not (value_a or value_b):  # the same status, no value: one line
            same = self._status(diff.b)
            dim = Style(dim=True)
            return Text.assemble(("status ", dim), same, (f", same {_both(sides)}", dim))
        table = Table.grid(padding=(0, 2))
        table.add_column(style=Style(dim=True))
        table.add_column()
        table.add_column()
        bold = Style(bold=True)
        table.add_row("", Text(sides[0], style=bold), Text(sides[1], style=bold))
        table.add_row("status", self._status(diff.a), self._status(diff.b))
        if value_a or value_b:
            # Text, never a str: a unit from the file must not be read as Rich markup.
            table.add_row("value", Text(value_a or "—"), Text(value_b or "—"))
        return table

    def _status(self, metric: object) -> Text:
        if metric is None:
            return Text("— (not in this run)", style=Style(dim=True))
        look = status_look(metric.status)  # type: ignore[attr-defined]
        return Text(f"{look.glyph} {look.word}", style=self._style(look.color))

    def _changes(self, diff: MetricDiff, sides: tuple[str, str]) -> list[Text]:
        then, now = sides
        if diff.state == "same":
            return [Text(f"same {_both(sides)}", style=Style(dim=True))]
        if diff.state in ("added", "removed"):
            word = f"new ({now})" if diff.state == "added" else f"removed: only {then} has it"
            return [Text(word, style=self._style("accent" if diff.state == "added" else "error"))]
        color = {Move.WORSE: "error", Move.BETTER: "success"}.get(diff.move, "warning")
        lines = [
            Text(f"• {printable(c.line(), 400)}", style=self._style(color))
            for c in diff.changes[:_MAX_LINES]
        ]
        if len(diff.changes) > _MAX_LINES:
            more = len(diff.changes) - _MAX_LINES
            lines.append(Text(f"  … {more} more", style=Style(dim=True)))
        return lines


def _both(sides: tuple[str, str]) -> str:
    return "in A and B" if sides == ("A", "B") else f"{sides[0]} and {sides[1]}"


def _value(metric: object) -> str:
    values = getattr(metric, "values", None)
    if isinstance(values, ScalarValues) and values.value is not None:
        unit = f" {printable(values.unit, 12)}" if values.unit else ""
        return f"{values.value:.6g}{unit}"
    if isinstance(values, DoubleSummaryValues):
        rows = [r for r in select(values) if r.value is not None]
        return ", ".join(f"{r.value:.6g}" for r in rows[:3]) if rows else ""
    return ""
