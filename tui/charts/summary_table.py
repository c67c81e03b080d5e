"""The table of numbers under a chart, the same in the app and in ``show``.

One row per series: count, min, max, mean, last, failing. min, max and mean
are over finite values; when a series has NaN or infinite values a "not
finite" column counts them and a caption says so, so that a last value of ∞
beside a max of 6.854 reads as what it is rather than as a contradiction.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text

from tui.charts.scale import stat
from tui.charts.types import Chart

COLUMNS = ("series", "count", "min", "max", "mean", "last", "failing")
NOT_FINITE = "not finite"
CAPTION = "min, max, mean: finite values only"


def summary_table(
    chart: Chart, header_style: str | None = None, glyphs: Callable[[str], str] = str
) -> Table | None:
    """The summary of ``chart``'s series, or None when it has none worth a table.

    ``glyphs`` rewrites every cell before the columns are measured (``show --ascii``
    passes ``to_ascii``, so that ∞ as "inf" still lines up).
    """
    cells = summary_cells(chart, glyphs)
    if cells is None:
        return None
    columns, rows = cells
    table = Table(
        box=None,
        pad_edge=False,
        show_edge=False,
        header_style=header_style,
        caption=CAPTION if NOT_FINITE in columns else None,
        caption_justify="left",
        caption_style="",
    )
    for name in columns:
        table.add_column(name, justify="left" if name == "series" else "right")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # Text: names are literal
    return table


def summary_cells(
    chart: Chart, glyphs: Callable[[str], str] = str
) -> tuple[tuple[str, ...], list[list[str]]] | None:
    """The summary's column names and the cells of its rows, or None when it has none.

    A column "not finite" (and the table's caption) appear when a series has NaN or
    infinite values.
    """
    rows = [s for s in chart.summary if s.count or s.min is not None]
    if not rows:
        return None
    odd = any(row.not_finite for row in rows)
    out = []
    for row in rows:
        last = row.last if isinstance(row.last, str) else stat(row.last)
        cells = [
            row.name,
            str(row.count),
            stat(row.min),
            stat(row.max),
            stat(row.mean),
            last,
            str(row.failing),
        ]
        if odd:
            cells.append(row.not_finite or "–")
        out.append([glyphs(cell) for cell in cells])
    return COLUMNS + ((NOT_FINITE,) if odd else ()), out
