"""Metrics with one value series or none: double summary, histogram, scalar, plotly, text,
image and image list."""

from __future__ import annotations

import math
from typing import Any

from tui.validate.context import Context, quote
from tui.validate.pairs import (
    ALL_SERIES,
    DOUBLES,
    INDEXED_DOUBLES,
    STRINGS,
    TIMESTAMPS,
    UUIDS,
    check_pair,
    resolve,
    type_label,
)

EXTERNAL_FILE = 11

# How a double summary selects its element decides what the values must be indexed by.
_SUMMARY_INDEX = {
    "timestamp_index": (INDEXED_DOUBLES, TIMESTAMPS),
    "uuid_index": (INDEXED_DOUBLES, UUIDS),
    "string_index": (INDEXED_DOUBLES, STRINGS),
}


def double_summary(ctx: Context, position: int, v: Any) -> None:
    f = "double_metric_values"
    values, index = _SUMMARY_INDEX.get(v.WhichOneof("index") or "", (DOUBLES, ALL_SERIES))
    check_pair(
        ctx,
        position,
        f"{f}.value_data_id",
        v.value_data_id,
        f"{f}.status_data_id",
        v.status_data_id,
        values=values,
        index=index,
        what="a double summary" + _selected_by(v),
    )


def _selected_by(v: Any) -> str:
    which = v.WhichOneof("index")
    if which in _SUMMARY_INDEX:
        return f" selected by {which.removesuffix('_index')}"
    return ""


def histogram(ctx: Context, position: int, v: Any) -> None:
    f = "histogram_metric_values"
    check_pair(
        ctx,
        position,
        f"{f}.values_data_id",
        v.values_data_id,
        f"{f}.statuses_data_id",
        v.statuses_data_id,
        values=DOUBLES,
        index=ALL_SERIES,
        what="a histogram",
    )
    hint = "buckets must be contiguous, each lower < upper, from lower_bound to upper_bound"
    last_upper: float | None = None
    for i, bucket in enumerate(v.buckets):
        where = ctx.metric(position, f"{f}.buckets[{i}]")
        if last_upper is None and bucket.lower != v.lower_bound:
            ctx.error(
                where,
                f"the first bucket starts at {bucket.lower!r} but lower_bound is "
                f"{_bound(v, 'lower_bound')}",
                "histogram-buckets",
                hint,
            )
        if last_upper is not None and last_upper != bucket.lower:
            ctx.error(
                where,
                f"bucket {i} starts at {bucket.lower!r} but bucket {i - 1} ends at {last_upper!r}",
                "histogram-buckets",
                hint,
            )
        if not bucket.lower < bucket.upper:
            ctx.error(
                where,
                f"bucket {i} runs from {bucket.lower!r} to {bucket.upper!r}: lower must be "
                "less than upper",
                "histogram-buckets",
                hint,
            )
        last_upper = bucket.upper
    if last_upper is None:
        ctx.error(
            ctx.metric(position, f"{f}.buckets"),
            "the histogram has no buckets",
            "histogram-buckets",
            hint,
        )
    elif last_upper != v.upper_bound:
        ctx.error(
            ctx.metric(position, f"{f}.buckets[{len(v.buckets) - 1}]"),
            f"the last bucket ends at {last_upper!r} but upper_bound is {_bound(v, 'upper_bound')}",
            "histogram-buckets",
            hint,
        )


def _bound(v: Any, name: str) -> str:
    value = getattr(v, name)
    return repr(value) if v.HasField(name) else f"not set (reads as {value!r})"


def scalar(ctx: Context, position: int, v: Any) -> None:
    where = ctx.metric(position, "scalar_metric_values.value")
    if not v.HasField("value"):
        ctx.error(where, "the scalar has no value", "scalar-value", "set the value (with_value)")
    elif math.isnan(v.value):
        ctx.error(
            where,
            "the scalar's value is NaN",
            "scalar-value",
            "write a number; use status NOT_APPLICABLE_METRIC_STATUS when there is none",
        )


def plotly(ctx: Context, position: int, v: Any) -> None:
    if not v.HasField("json"):
        ctx.error(
            ctx.metric(position, "plotly_metric_values.json"),
            "the plotly metric has no figure (json is not set)",
            "plotly-json",
            "give the figure (with_plotly_data(fig))",
        )


def text(ctx: Context, position: int, v: Any) -> None:
    if not v.text:
        ctx.error(
            ctx.metric(position, "text_metric_values.text"),
            "the text metric's text is empty",
            "text-not-empty",
            "write the Markdown to show (with_text)",
        )


def image(ctx: Context, position: int, v: Any) -> None:
    field = "image_metric_values.image_data_id"
    if not v.HasField("image_data_id"):
        ctx.error(
            ctx.metric(position, field),
            "no image is given (image_data_id is not set)",
            "image-data",
            "point the metric at an ExternalFileMetricsData (with_image_data)",
        )
        return
    _image_ref(ctx, position, field, v.image_data_id)


def image_list(ctx: Context, position: int, v: Any) -> None:
    field = "image_list_metric_values.image_data_ids"
    if not v.image_data_ids:
        ctx.error(
            ctx.metric(position, field),
            "the image list is empty",
            "image-list-not-empty",
            "give at least one ExternalFileMetricsData (with_image_list_data)",
        )
    for i, ref in enumerate(v.image_data_ids):
        _image_ref(ctx, position, f"{field}[{i}]", ref)


def _image_ref(ctx: Context, position: int, field: str, ref: Any) -> None:
    found = resolve(ctx, position, field, ref, "image")
    data = found[1] if found else None
    if data is not None and data.data_type != EXTERNAL_FILE:
        ctx.error(
            ctx.metric(position, field),
            f"image data {quote(data.name)} is {type_label(data.data_type)}, not EXTERNAL_FILE",
            "image-data-type",
            "images are ExternalFileMetricsData naming a file in the outputs directory",
        )
