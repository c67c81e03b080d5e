"""A metric: a name, tags with keys and values, and values of the member its type names.

The official validator reads the type→member table as an if/elif chain whose last branch
is "image": a type number it does not list (and NO_METRIC_TYPE) must therefore hold
``image_metric_values``. We keep that quirk so the verdicts stay equal.
"""

from __future__ import annotations

from typing import Any

from tui.model.enums import MetricType
from tui.validate import charts, singles
from tui.validate.context import Context, quote

MEMBER_OF_TYPE = {
    1: "double_metric_values",
    2: "double_over_time_metric_values",
    3: "line_plot_metric_values",
    4: "bar_chart_metric_values",
    5: "states_over_time_metric_values",
    6: "histogram_metric_values",
    7: "scalar_metric_values",
    8: "plotly_metric_values",
    10: "batchwise_bar_chart_metric_values",
    11: "text_metric_values",
    12: "image_list_metric_values",
}
_FALLBACK_MEMBER = "image_metric_values"

CHECKS = {
    "double_metric_values": singles.double_summary,
    "double_over_time_metric_values": charts.double_over_time,
    "line_plot_metric_values": charts.line_plot,
    "bar_chart_metric_values": charts.bar_chart,
    "batchwise_bar_chart_metric_values": charts.batchwise_bar_chart,
    "states_over_time_metric_values": charts.states_over_time,
    "histogram_metric_values": singles.histogram,
    "scalar_metric_values": singles.scalar,
    "plotly_metric_values": singles.plotly,
    "text_metric_values": singles.text,
    "image_metric_values": singles.image,
    "image_list_metric_values": singles.image_list,
}

# Types ReSim's dashboard treats as legacy; Plotly draws both and more. The SDK (1.6)
# still writes them with its standard API and the official validator accepts them: a note.
_LEGACY_TYPES = {4: "bar chart", 2: "double over time"}


def check(ctx: Context) -> None:
    for position, metric in enumerate(ctx.metric_messages):
        if not metric.name:
            ctx.error(
                ctx.metric(position, "name"),
                "the metric has no name",
                "metric-name",
                "give every metric a name (it is how ReSim shows and compares it)",
            )
        _values(ctx, position, metric)
        _tags(ctx, position, metric)
        _deprecated(ctx, position, metric)


def _values(ctx: Context, position: int, metric: Any) -> None:
    member = metric.metric_values.WhichOneof("metric_values")
    wanted = MEMBER_OF_TYPE.get(metric.type, _FALLBACK_MEMBER)
    if member is None:
        ctx.error(
            ctx.metric(position, "metric_values"),
            "the metric has no values (metric_values is not set)",
            "metric-values-set",
            "give the metric its values before writing (e.g. with_values_data / with_value)",
        )
    else:
        CHECKS[member](ctx, position, getattr(metric.metric_values, member))
    if member is not None and member != wanted:
        ctx.error(
            ctx.metric(position, f"metric_values.{member}"),
            f"the type is {MetricType(metric.type).name} but the values are {member}"
            f" (that type needs {wanted})",
            "metric-values-match-type",
            "set the type that matches the values, or write the values the type needs",
        )


def _tags(ctx: Context, position: int, metric: Any) -> None:
    for i, tag in enumerate(metric.tags):
        empty = [part for part, text in (("key", tag.key), ("value", tag.value)) if not text]
        if empty:
            ctx.error(
                ctx.metric(position, f"tags[{i}]"),
                f"tag {quote(tag.key or tag.value, 40)} has an empty {' and '.join(empty)}",
                "tag-not-empty",
                "every tag needs both a key and a value",
            )


def _deprecated(ctx: Context, position: int, metric: Any) -> None:
    legacy = _LEGACY_TYPES.get(metric.type)
    if legacy:
        ctx.note(
            ctx.metric(position, "type"),
            f"{legacy} is a legacy metric type",
            "deprecated-type",
            "it still validates; a Plotly metric (PlotlyMetric) draws the same chart",
        )
    # The SDK writes blocking=false on every metric; only a true one means something.
    if metric.blocking:
        ctx.warn(
            ctx.metric(position, "blocking"),
            "blocking is set; the field is deprecated",
            "deprecated-field",
            "use status FAIL_BLOCK_METRIC_STATUS to block, and drop blocking",
        )
