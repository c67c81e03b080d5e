"""The format's enums as Python enums that survive values they do not know.

A file from a newer writer (or a hostile one) may carry an enum number we have
never heard of. Such a value becomes a pseudo-member named ``UNKNOWN(42)``
instead of raising, so the model can show it and the validator can flag it.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Self


class _OpenEnum(IntEnum):
    """An IntEnum that turns unknown integers into ``UNKNOWN(n)`` members."""

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, int):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN({value})"
        member._value_ = value
        return member

    @classmethod
    def of(cls, value: int) -> Self:
        """``cls(value)`` by one dict look-up for a known value (Enum's call costs a
        microsecond, and a file of 20,000 metrics asks 60,000 times)."""
        member = cls._value2member_map_.get(value)
        return member if member is not None else cls(value)  # type: ignore[return-value]

    @property
    def known(self) -> bool:
        return self._name_ in type(self)._member_map_

    @property
    def label(self) -> str:
        """Short human name: ``FAIL_WARN`` for ``FAIL_WARN_METRIC_STATUS``."""
        name = self._name_
        if self.value == 0:  # NO_METRIC_STATUS reads better whole than as "NO"
            return name
        for suffix in _SUFFIXES.get(type(self).__name__, ()):
            if name.endswith(suffix):
                return name.removesuffix(suffix)
        return name


class MetricStatus(_OpenEnum):
    NO_METRIC_STATUS = 0
    PASSED_METRIC_STATUS = 1
    FAIL_WARN_METRIC_STATUS = 2
    NOT_APPLICABLE_METRIC_STATUS = 3
    RAW_METRIC_STATUS = 4
    FAIL_BLOCK_METRIC_STATUS = 5
    # Not a value of the Metrics 1.0 format, and none of its files can hold it (its
    # enums are int32): a metric whose value could not be computed (a Metrics 2.0 query,
    # status check or template that failed: ReSim's ERROR, QUERY_ERROR, RENDER_ERROR),
    # and a job holding one (ReSim's conflated ERROR). Shown as an error, never a pass.
    ERROR_METRIC_STATUS = 2**31

    @property
    def failing(self) -> bool:
        return self in (MetricStatus.FAIL_WARN_METRIC_STATUS, MetricStatus.FAIL_BLOCK_METRIC_STATUS)


class MetricImportance(_OpenEnum):
    NO_SPECIFIED_IMPORTANCE = 0
    ZERO_IMPORTANCE = 1
    LOW_IMPORTANCE = 2
    MEDIUM_IMPORTANCE = 3
    HIGH_IMPORTANCE = 4
    CRITICAL_IMPORTANCE = 5


class MetricType(_OpenEnum):
    NO_METRIC_TYPE = 0
    DOUBLE_SUMMARY_METRIC_TYPE = 1
    DOUBLE_OVER_TIME_METRIC_TYPE = 2
    LINE_PLOT_METRIC_TYPE = 3
    BAR_CHART_METRIC_TYPE = 4
    STATES_OVER_TIME_METRIC_TYPE = 5
    HISTOGRAM_METRIC_TYPE = 6
    SCALAR_METRIC_TYPE = 7
    PLOTLY_METRIC_TYPE = 8
    IMAGE_METRIC_TYPE = 9
    BATCHWISE_BAR_CHART_METRIC_TYPE = 10
    TEXT_METRIC_TYPE = 11
    IMAGE_LIST_METRIC_TYPE = 12


class MetricsDataType(_OpenEnum):
    NO_DATA_TYPE = 0
    DOUBLE_SERIES_DATA_TYPE = 1
    TIMESTAMP_SERIES_DATA_TYPE = 2
    UUID_SERIES_DATA_TYPE = 3
    STRING_SERIES_DATA_TYPE = 4
    METRIC_STATUS_SERIES_DATA_TYPE = 5
    INDEXED_DOUBLE_SERIES_DATA_TYPE = 6
    INDEXED_TIMESTAMP_SERIES_DATA_TYPE = 7
    INDEXED_UUID_SERIES_DATA_TYPE = 8
    INDEXED_STRING_SERIES_DATA_TYPE = 9
    INDEXED_METRIC_STATUS_SERIES_DATA_TYPE = 10
    EXTERNAL_FILE_DATA_TYPE = 11


class TimestampType(_OpenEnum):
    NO_TYPE = 0
    ABSOLUTE_TIMESTAMP = 1
    RELATIVE_TIMESTAMP = 2


# Suffixes dropped for display: FAIL_WARN, DOUBLE_OVER_TIME, INDEXED_DOUBLE, ...
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "MetricStatus": ("_METRIC_STATUS",),
    "MetricImportance": ("_IMPORTANCE",),
    "MetricType": ("_METRIC_TYPE",),
    "MetricsDataType": ("_SERIES_DATA_TYPE", "_DATA_TYPE"),
}
