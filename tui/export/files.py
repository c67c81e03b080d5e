"""Which files one metric becomes in a CSV export, and what its metrics.csv row says.

``NN-<slug>.csv`` for a metric with one table; ``NN-<slug>--<series>.csv``
for each of several; a histogram adds ``NN-<slug>--buckets.csv``, a grouped
double summary ``NN-<slug>--selected.csv``; a text metric (Markdown) is ``NN-<slug>.md``,
a Plotly figure ``NN-<slug>.json``, images a list of paths ``NN-<slug>.csv``.
NN is the display position, zero-padded so files sort in display order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from tui.export import cells
from tui.export.jsondoc import plotly
from tui.export.jsonwrite import dump
from tui.export.order import Entry
from tui.export.series import SeriesTable, series_tables
from tui.export.slugs import Namer, slug
from tui.model import values as v
from tui.model.summary import select
from tui.model.tables import categories, histogram_counts
from tui.text.safe import printable_block

# A file's body, produced a chunk at a time.
Body = Callable[[], Iterator[str]]


@dataclass(slots=True)
class Output:
    """One file to write: its name and a generator of its text."""

    name: str
    body: Body
    table: SeriesTable | None = None


@dataclass(slots=True)
class Planned:
    """A metric's outputs and its metrics.csv row fields."""

    entry: Entry
    outputs: list[Output] = field(default_factory=list)
    value: float | str | None = None
    unit: str | None = None
    note: str | None = None


def plan(entry: Entry, namer: Namer, width: int) -> Planned:
    """Name and describe the files of one metric (nothing is read or written yet)."""
    m = entry.metric
    stem = f"{entry.position:0{width}d}-{slug(m.name)}"
    result = Planned(entry)
    tables = series_tables(m)
    for table in tables:
        name = stem if len(tables) == 1 else f"{stem}--{slug(table.title, 'series')}"
        out = namer.take(name, ".csv")
        result.outputs.append(Output(out, _table_body(table), table))
    units = {t.value_data.unit for t in tables if t.value_data is not None}
    result.unit = units.pop() if len(units) == 1 else None
    vals = m.values
    if isinstance(vals, v.ScalarValues):
        result.value, result.unit = vals.value, vals.unit
    elif isinstance(vals, v.DoubleSummaryValues):
        _summary(result, vals, stem, namer)
    elif isinstance(vals, v.HistogramValues):
        names = categories(m)
        body = _buckets_body(vals, names)
        result.outputs.append(Output(namer.take(f"{stem}--buckets", ".csv"), body))
    elif isinstance(vals, v.TextValues):
        # Control characters escaped, as in CSV cells: a .md file gets cat-ed too.
        text = printable_block(vals.text)
        result.outputs.append(Output(namer.take(stem, ".md"), lambda: iter([text])))
    elif isinstance(vals, v.PlotlyValues):
        figure = plotly(vals)
        if figure["error"]:
            result.note = f"figure not exported: {figure['error']}"
        else:
            result.outputs.append(Output(namer.take(stem, ".json"), _json_body(figure["figure"])))
    elif isinstance(vals, v.ImageValues | v.ImageListValues):
        refs = [vals.image] if isinstance(vals, v.ImageValues) else vals.images
        if isinstance(vals, v.ImageValues) and vals.image.data and vals.image.data.file:
            result.value = vals.image.data.file.raw
        result.outputs.append(Output(namer.take(stem, ".csv"), _images_body(refs)))
    elif vals is None:
        result.note = "no values"
    return result


def _summary(result: Planned, vals: v.DoubleSummaryValues, stem: str, namer: Namer) -> None:
    rows = select(vals)
    if vals.value.data is not None:
        result.unit = vals.value.data.unit or None
    if len(rows) == 1 and rows[0].category is None:
        result.value, result.note = rows[0].value, rows[0].note
        return

    def body() -> Iterator[str]:
        yield cells.row(["category", "position", "value", "status", "note"]) + "\n"
        for r in rows:
            status = r.status.label if r.status is not None else None
            yield cells.row([r.category, r.position, r.value, status, r.note]) + "\n"

    result.outputs.append(Output(namer.take(f"{stem}--selected", ".csv"), body))


def _table_body(table: SeriesTable) -> Body:
    def body() -> Iterator[str]:
        yield cells.row(list(table.headers)) + "\n"
        yield from table.lines()

    return body


def _buckets_body(vals: v.HistogramValues, names: list[str]) -> Body:
    def body() -> Iterator[str]:
        head = ["category"] if names else []
        yield cells.row([*head, "lower", "upper", "count"]) + "\n"
        every: list[str | None] = [*names] or [None]  # no categories: the one series
        for name in every:
            counts = histogram_counts(vals, name).tolist()
            for (lower, upper), count in zip(vals.buckets, counts, strict=False):
                prefix = [name] if names else []
                yield cells.row([*prefix, lower, upper, count]) + "\n"

    return body


def _images_body(refs: list[v.Ref]) -> Body:
    def body() -> Iterator[str]:
        yield cells.row(["position", "file", "found_at", "problem"]) + "\n"
        for i, ref in enumerate(refs):
            f = ref.data.file if ref.data is not None else None
            if f is None:
                problem = "data missing" if ref.data is None else "not an external file"
                yield cells.row([i, None, None, problem]) + "\n"
            else:
                found = str(f.path) if f.path is not None and f.ok else None
                yield cells.row([i, f.raw, found, f.problem]) + "\n"

    return body


def _json_body(figure: object) -> Body:
    def body() -> Iterator[str]:
        parts: list[str] = []
        dump(figure, parts.append)
        yield "".join(parts)

    return body
