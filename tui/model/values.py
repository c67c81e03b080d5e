"""The values of each metric type, with every data reference followed.

A reference that does not resolve keeps its id and has ``data = None``; the
model records a problem for it and views say "data missing".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.model.ids import Id

if TYPE_CHECKING:
    from tui.model.data import Data


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a MetricsData: the id as written and what it resolved to."""

    id: Id
    data: Data | None

    @property
    def name(self) -> str:
        return self.data.name if self.data is not None else f"<missing {self.id}>"


@dataclass(frozen=True, slots=True)
class FailureDefinition:
    fails_above: float | None = None
    fails_below: float | None = None

    def fails(self, value: float) -> bool | None:
        """True/False against the thresholds; None when there are none."""
        if self.fails_above is None and self.fails_below is None:
            return None
        return (self.fails_above is not None and value > self.fails_above) or (
            self.fails_below is not None and value < self.fails_below
        )

    def describe(self) -> str:
        parts = []
        if self.fails_below is not None:
            parts.append(f"fails below {self.fails_below:g}")
        if self.fails_above is not None:
            parts.append(f"fails above {self.fails_above:g}")
        return ", ".join(parts) or "no thresholds"


@dataclass(frozen=True, slots=True)
class SummaryIndex:
    """How a double summary picks its element: kind is series_index/timestamp/uuid/string."""

    kind: str
    value: Any  # int position; int nanoseconds; Id; str


@dataclass(frozen=True, slots=True)
class DoubleSummaryValues:
    value: Ref
    status: Ref
    index: SummaryIndex | None
    failure: FailureDefinition | None


@dataclass(frozen=True, slots=True)
class DoubleOverTimeValues:
    values: list[Ref]
    statuses: list[Ref]
    failures: list[FailureDefinition]
    start_ns: int | None
    end_ns: int | None
    y_axis_name: str | None
    legend: list[str]


@dataclass(frozen=True, slots=True)
class Look:
    """How a chart is to be drawn, where its format says so beside the data (a Metrics
    2.0 ``template_settings``); Metrics 1.0 has none of this."""

    colors: tuple[str | None, ...] = ()  # per series, in series order ("#RRGGBB")
    y_min: float | None = None  # the value axis reaches down to this at least
    y_max: float | None = None
    legend: str = "top"  # "top" (above, as every chart), "bottom" or "none"

    def color(self, index: int) -> str | None:
        return self.colors[index] if index < len(self.colors) else None

    @property
    def y_span(self) -> tuple[float, float] | None:
        """The range the value axis must take in (one end given: that value alone)."""
        ends = [v for v in (self.y_min, self.y_max) if v is not None]
        return (min(ends), max(ends)) if ends else None


@dataclass(frozen=True, slots=True)
class LinePlotValues:
    xs: list[Ref]
    ys: list[Ref]
    statuses: list[Ref]
    x_axis_name: str | None
    y_axis_name: str | None
    legend: list[str]
    look: Look | None = None


@dataclass(frozen=True, slots=True)
class BarChartValues:
    values: list[Ref]
    statuses: list[Ref]
    legend: list[str]
    x_axis_name: str | None
    y_axis_name: str | None
    stack: bool
    look: Look | None = None


@dataclass(frozen=True, slots=True)
class BatchwiseBarChartValues:
    times: list[Ref]
    values: list[Ref]
    statuses: list[Ref]
    categories: list[str]
    colors: list[str]
    x_axis_name: str | None
    y_axis_name: str | None
    stack: bool
    project_id: Id | None


@dataclass(frozen=True, slots=True)
class StatesOverTimeValues:
    states: list[Ref]
    statuses: list[Ref]
    states_set: list[str]
    failure_states: list[str]
    legend: list[str]
    look: Look | None = None  # its colors are the states', in states_set order


@dataclass(frozen=True, slots=True)
class HistogramValues:
    values: Ref
    statuses: Ref
    buckets: list[tuple[float, float]]
    lower_bound: float | None
    upper_bound: float | None
    x_axis_name: str | None


@dataclass(frozen=True, slots=True)
class ScalarValues:
    value: float | None
    failure: FailureDefinition | None
    unit: str | None


@dataclass(frozen=True, slots=True)
class PlotlyValues:
    """A Plotly figure; ``struct`` is the protobuf Struct, converted on demand."""

    struct: Any = field(repr=False)

    @property
    def size(self) -> int:
        return int(self.struct.ByteSize())


@dataclass(frozen=True, slots=True)
class ImageValues:
    image: Ref


@dataclass(frozen=True, slots=True)
class ImageListValues:
    images: list[Ref]


@dataclass(frozen=True, slots=True)
class TextValues:
    text: str


MetricValues = (
    DoubleSummaryValues
    | DoubleOverTimeValues
    | LinePlotValues
    | BarChartValues
    | BatchwiseBarChartValues
    | StatesOverTimeValues
    | HistogramValues
    | ScalarValues
    | PlotlyValues
    | ImageValues
    | ImageListValues
    | TextValues
)
