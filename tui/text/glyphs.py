"""Status and type glyphs shared by the app and the text commands.

Status must read without colour (16-colour and no-colour terminals, log
files), so each status has its own glyph shape and a word; colour only
reinforces it. Colours are theme variable names, resolved by the views.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.enums import MetricStatus, MetricType


@dataclass(frozen=True, slots=True)
class StatusLook:
    glyph: str
    ascii: str
    word: str
    color: str  # a Textual theme variable: success, warning, error, ...


_STATUS = {
    MetricStatus.PASSED_METRIC_STATUS: StatusLook("✔", "+", "PASSED", "success"),
    MetricStatus.FAIL_WARN_METRIC_STATUS: StatusLook("▲", "!", "FAIL_WARN", "warning"),
    MetricStatus.FAIL_BLOCK_METRIC_STATUS: StatusLook("✖", "X", "FAIL_BLOCK", "error"),
    MetricStatus.NOT_APPLICABLE_METRIC_STATUS: StatusLook("–", "-", "N/A", "foreground-muted"),
    MetricStatus.RAW_METRIC_STATUS: StatusLook("·", ".", "RAW", "foreground-muted"),
    MetricStatus.NO_METRIC_STATUS: StatusLook("?", "?", "NO_STATUS", "foreground-muted"),
    # Could not be computed: an error, never muted like a status that was not asked for.
    MetricStatus.ERROR_METRIC_STATUS: StatusLook("⊘", "E", "ERROR", "error"),
}


def status_look(status: MetricStatus | int) -> StatusLook:
    status = MetricStatus(int(status))
    look = _STATUS.get(status)
    if look is None:
        return StatusLook("?", "?", status.name, "error")
    return look


_TYPE = {
    MetricType.SCALAR_METRIC_TYPE: ("#", "scalar"),
    MetricType.DOUBLE_SUMMARY_METRIC_TYPE: ("Σ", "double summary"),
    MetricType.DOUBLE_OVER_TIME_METRIC_TYPE: ("∿", "double over time"),
    MetricType.LINE_PLOT_METRIC_TYPE: ("╱", "line plot"),
    MetricType.BAR_CHART_METRIC_TYPE: ("▆", "bar chart"),
    MetricType.BATCHWISE_BAR_CHART_METRIC_TYPE: ("≡", "batchwise bar chart"),
    MetricType.STATES_OVER_TIME_METRIC_TYPE: ("═", "states over time"),
    MetricType.HISTOGRAM_METRIC_TYPE: ("▙", "histogram"),
    MetricType.PLOTLY_METRIC_TYPE: ("◈", "plotly"),
    MetricType.IMAGE_METRIC_TYPE: ("▣", "image"),
    MetricType.IMAGE_LIST_METRIC_TYPE: ("▦", "image list"),
    MetricType.TEXT_METRIC_TYPE: ("¶", "text"),
}


def type_glyph(metric_type: MetricType | int) -> str:
    return _TYPE.get(MetricType(int(metric_type)), ("?", ""))[0]


def type_name(metric_type: MetricType | int) -> str:
    metric_type = MetricType(int(metric_type))
    return _TYPE.get(metric_type, ("?", metric_type.name))[1]


def type_legend() -> list[tuple[str, str]]:
    """(glyph, type name) for every known type, for the help screen."""
    return list(_TYPE.values())


def status_legend() -> list[StatusLook]:
    return list(_STATUS.values())
