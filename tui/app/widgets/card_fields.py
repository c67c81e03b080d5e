"""The fields at the top of a card, as Rich Text (literal, never markup)."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text

from tui.app.hanging import Hanging
from tui.charts import markdown
from tui.model import Data, Event, Metric
from tui.model import values as v
from tui.model.enums import TimestampType
from tui.text.formatting import timestamp
from tui.text.glyphs import status_look, type_name
from tui.text.plural import plural
from tui.text.safe import printable

Styler = Callable[..., Style]
LABEL = Style(dim=True)


Row = tuple[Text, int]  # a line and the column its wrapped part continues at


def _row(label: str, value: Text | str) -> Row:
    """``label  value``; a long value wraps under itself, not under the label."""
    text = Text(f"{label}  ", style=LABEL)
    text.append_text(value if isinstance(value, Text) else Text(value))
    return text, len(label) + 2


def status_text(status: int, style: Styler) -> Text:
    look = status_look(status)
    return Text(f"{look.glyph} {look.word}", style=style(look.color, bold=True))


def metric_title(metric: Metric, style: Styler) -> Text:
    title = Text(printable(metric.name, 300) or "(no name)", style=Style(bold=True))
    title.append("  ")
    title.append_text(status_text(metric.status, style))
    return title


def metric_fields(metric: Metric, style: Styler) -> Hanging:
    """The card's fields, compact: a pane 80 columns wide still shows the chart below."""
    facts = [type_name(metric.type) or metric.type.name, f"importance {metric.importance.label}"]
    if metric.order is not None:
        facts.append(f"order {metric.order:g}")
    rows: list[Row] = [(Text("  ·  ".join(facts)), 0)]
    if metric.hidden:
        rows.append(_row("display", Text("hidden (should_display = false)", style=LABEL)))
    if metric.tags:
        tags = ", ".join(f"{printable(k, 60)}={printable(val, 60)}" for k, val in metric.tags)
        rows.append(_row("tags", tags))
    if metric.events:
        names = ", ".join(printable(e.name, 60) for e in metric.events)
        rows.append(_row("events", names))
    elif metric.in_event:
        rows.append(
            _row("events", Text("event metric, but no event lists it", style=style("warning")))
        )
    for label, failure in failures(metric):
        rows.append(_row(label, failure.describe()))
    if metric.values is None:
        rows.append(_row("values", Text("none written (no metric_values)", style=style("warning"))))
    rows.append((Text(f"id {printable(metric.id.raw, 80) or '(none)'}", style=LABEL), 3))
    return Hanging(rows)


def metric_brief(metric: Metric, style: Styler, problems: int = 0) -> Text:
    """The card folded to two lines, so that the chart is on screen under them at 80x24:
    the facts (type, importance, failure limits, how many tags and events), then the
    description's first line; ``i`` shows every field."""
    facts = [type_name(metric.type) or metric.type.name, f"importance {metric.importance.label}"]
    facts += [f"{label} {failure.describe()}" for label, failure in failures(metric)]
    if metric.hidden:
        facts.append("hidden")
    if metric.tags:
        facts.append(plural(len(metric.tags), "tag"))
    if metric.events:
        facts.append(plural(len(metric.events), "event"))
    if metric.values is None:
        facts.append("no values")
    first = Text("  ·  ".join(facts), no_wrap=True, overflow="ellipsis")
    lines = metric.description.strip().splitlines()
    second = Text(no_wrap=True, overflow="ellipsis")
    if problems:
        second.append(f"{plural(problems, 'problem')}  ", style("warning"))
    if lines:
        more = "…" if len(lines) > 1 else ""
        # As read, not as written: "**target speed**" shows as "target speed".
        second.append(markdown.plain(lines[0], 300).plain + more, LABEL)
    if second.plain:
        second.append("  (i details)", LABEL)
    else:
        first.append("  (i details)", LABEL)
    brief = Text("\n").join([first, second]) if second.plain else first
    brief.no_wrap, brief.overflow = True, "ellipsis"  # each fact line stays one line
    return brief


def failures(metric: Metric) -> list[tuple[str, v.FailureDefinition]]:
    """(label, definition) per distinct failure definition; series that share one, one row."""
    values = metric.values
    if isinstance(values, v.ScalarValues | v.DoubleSummaryValues) and values.failure:
        return [("limit", values.failure)]
    if not isinstance(values, v.DoubleOverTimeValues):
        return []
    groups: dict[v.FailureDefinition, list[str]] = {}
    for i, failure in enumerate(values.failures):
        if failure.fails_above is None and failure.fails_below is None:
            continue
        name = values.legend[i] if i < len(values.legend) and values.legend[i] else ""
        groups.setdefault(failure, []).append(printable(name, 30) or f"series {i + 1}")
    rows = []
    for failure, names in groups.items():
        who = names[0] if len(names) == 1 else f"{len(names)} series"
        if len(names) == len(values.values) > 1:
            who = f"all {len(names)} series"
        rows.append((f"limit, {who}", failure))
    return rows


def event_fields(event: Event, style: Styler) -> Hanging:
    rows = [
        _row("status", status_text(event.status, style)),
        _row("importance", event.importance.label),
    ]
    if event.timestamp_ns is not None:
        absolute = event.timestamp_type == TimestampType.ABSOLUTE_TIMESTAMP
        when = timestamp(event.timestamp_ns, absolute=absolute)
        rows.append(_row("time", f"{when}  ({event.timestamp_type.label.lower()})"))
    if event.tags:
        rows.append(_row("tags", ", ".join(printable(t, 60) for t in event.tags)))
    rows.append(_row("metrics", str(len(event.metric_ids))))
    rows.append(_row("id", Text(printable(event.id.raw, 80), style=LABEL)))
    return Hanging(rows)


def data_fields(data: Data, style: Styler) -> Hanging:
    rows = [
        _row("type", data.data_type.name),
        _row("length", f"{data.total_length:,}" if data.shape != "file" else "external file"),
    ]
    if data.unit:
        rows.append(_row("unit", printable(data.unit, 60)))
    if data.is_indexed:
        index = data.index.name if data.index is not None else f"missing ({data.index_id})"
        rows.append(_row("index", f"{printable(index, 80)}  ({data.index_type.name})"))
    if data.shape == "grouped":
        rows.append(_row("categories", ", ".join(printable(c, 40) for c in data.categories)))
    if data.file is not None:
        state = "ok" if data.file.ok else data.file.problem or ""
        rows.append(_row("file", f"{printable(data.file.raw, 200)}  ({state})"))
    users = ", ".join(printable(m.name, 60) for m in data.referenced_by) or "nothing"
    rows.append(_row("used by", users))
    rows.append(_row("id", Text(printable(data.id.raw, 80), style=LABEL)))
    return Hanging(rows)
