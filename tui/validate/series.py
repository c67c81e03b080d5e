"""Series content the official validator does not look at: NaN and infinities in double
series, and data that nothing refers to.

Values come decoded with numpy by the model (Data.column), which keeps them for the
views that will draw them; nothing here loops over elements in Python.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from tui.text.plural import plural
from tui.validate import access
from tui.validate.context import Context, quote


def parts(ctx: Context, position: int) -> Iterator[tuple[str, str, str | None]]:
    """(field path, label, category) for each series of a MetricsData."""
    data = ctx.data_messages[position]
    kind = data.WhichOneof("data")
    if kind == "series":
        yield "series", "", None
    elif kind == "series_per_category":
        mapping = access.keys(ctx, position)
        listed = [n for n in dict.fromkeys(data.category_names) if n in mapping]
        for key in listed + sorted(set(mapping) - set(listed)):
            field = f"series_per_category.category_to_series[{quote(key, 40)}]"
            yield field, f" in category {quote(key, 40)}", key


def non_finite(ctx: Context) -> None:
    for position in range(len(ctx.data_messages)):
        for field, label, category in parts(ctx, position):
            if access.member(ctx, position, category) != "doubles":
                continue
            values = access.values(ctx, position, category)
            counts = _count(values) if values is not None else ""
            if counts and values is not None:
                ctx.warn(
                    ctx.data(position, field),
                    f"{counts}{label} among {plural(values.size, 'value')}",
                    "series-non-finite",
                    "charts leave gaps at NaN and cannot place ±Inf; the official validator "
                    "accepts both except in a scalar",
                )


def _count(values: np.ndarray) -> str:
    nan = int(np.count_nonzero(np.isnan(values)))
    pos = int(np.count_nonzero(np.isposinf(values)))
    neg = int(np.count_nonzero(np.isneginf(values)))
    found = [f"{n} {what}" for n, what in ((nan, "NaN"), (pos, "+Inf"), (neg, "-Inf")) if n]
    if not found:
        return ""
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


def unreferenced(ctx: Context) -> None:
    for data in ctx.doc.unreferenced_data:
        ctx.warn(
            ctx.data(data.position),
            "no metric refers to this data, and it indexes none",
            "data-unreferenced",
            "ReSim stores it but shows it nowhere: reference it from a metric or drop it",
        )
