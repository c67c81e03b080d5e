"""MetricsData: the series, grouped series and files that metrics point at."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tui.model.columns import Column, SeriesCodec
from tui.model.enums import MetricsDataType
from tui.model.ids import Id
from tui.model.paths import ExternalFile


@dataclass(frozen=True, slots=True)
class Referrer:
    """What a Data keeps of a metric that points at it: its place and name, not the metric.

    Holding the Metric would close a cycle (metric, values, ref, data, metric) in every
    metric with data, and a document of cycles is freed only by a full collection: once
    frozen (tui/live/heap.py), never, so each reload kept the replaced document alive.
    """

    position: int
    name: str


# Conversions wait on one of a few locks, not one lock per Data: 30,000 data need not
# hold 30,000 locks, and two conversions rarely share one.
_LOCKS = tuple(threading.Lock() for _ in range(64))
_NO_GROUPS: Mapping[str, object] = MappingProxyType({})


@dataclass(eq=False, slots=True)
class Data:
    """One MetricsData, with its index resolved and its series converted lazily.

    ``shape`` is ``series`` (one Series), ``grouped`` (a Series per category),
    ``file`` (an external file) or ``none`` (nothing set).
    """

    position: int
    id: Id
    name: str
    unit: str
    data_type: MetricsDataType
    index_type: MetricsDataType
    is_indexed: bool
    is_per_category: bool
    category_names: list[str]
    index_id: Id | None
    shape: str
    file: ExternalFile | None = None
    index: Data | None = None
    referenced_by: list[Referrer] = field(default_factory=list)
    # The series in the reader's encoding, decoded through ``codec`` on first use.
    codec: SeriesCodec | None = field(default=None, repr=False)
    _series: object | None = field(default=None, repr=False)
    # Shared and read-only until a reader gives grouped data its own (30,000 empty dicts).
    _grouped: Mapping[str, object] = field(default_factory=lambda: _NO_GROUPS, repr=False)
    # What is known of each series (by category; None for a plain series), made on first
    # use: a file of 30,000 data would otherwise hold 90,000 empty dicts.
    _cache: dict[str | None, Column] | None = field(default=None, repr=False)
    _lengths: dict[str | None, int] | None = field(default=None, repr=False)
    # The validator asks a series' kind many times per file; it is read off its bytes once.
    _kinds: dict[str | None, str] | None = field(default=None, repr=False)

    @property
    def categories(self) -> list[str]:
        """Categories to show, in ``category_names`` order, then any the map adds."""
        extra = [name for name in self._grouped if name not in self.category_names]
        present = [name for name in self.category_names if name in self._grouped]
        return present + sorted(extra)

    @property
    def map_keys(self) -> list[str]:
        return list(self._grouped)

    def length(self, category: str | None = None) -> int:
        """Element count of the series (or of one category's), decoding as little as it can."""
        key = category if self.shape == "grouped" else None
        cached = self._cached(key)
        if cached is not None:
            return len(cached)
        if self._lengths is None:
            self._lengths = {}
        if key not in self._lengths:
            series = self._pick(category)
            self._lengths[key] = self._codec().length(series) if series is not None else 0
        return self._lengths[key]

    def series_error(self, category: str | None = None) -> str | None:
        """Why the series (of ``category``) cannot be decoded, or None when it can."""
        series = self._pick(category)
        if series is None or self.element_kind(category) != "corrupt":
            column = self._cached(category if self.shape == "grouped" else None)
            return column.error if column is not None else None
        return self.column(category).error

    def element_kind(self, category: str | None = None) -> str:
        """What the series holds on the wire: double, timestamp, uuid, string, status, empty."""
        key = category if self.shape == "grouped" else None
        if self._kinds is None:
            self._kinds = {}
        kind = self._kinds.get(key)
        if kind is None:
            series = self._pick(category)
            kind = self._codec().kind(series) if series is not None else "empty"
            self._kinds[key] = kind
        return kind

    def column(self, category: str | None = None) -> Column:
        """The converted series (of ``category`` for grouped data); cached."""
        key = category if self.shape == "grouped" else None
        cached = self._cached(key)
        if cached is not None:
            return cached
        # Views, the validator and the exporter may ask from different threads at once:
        # one converts, the others wait for its result instead of converting again.
        with _LOCKS[id(self) % len(_LOCKS)]:
            cached = self._cached(key)
            if cached is None:
                series = self._pick(category)
                cached = (
                    self._codec().convert(series)
                    if series is not None
                    else Column("empty", Column.empty())
                )
                if self._cache is None:
                    self._cache = {}
                self._cache[key] = cached
        return cached

    def _cached(self, key: str | None) -> Column | None:
        return self._cache.get(key) if self._cache is not None else None

    def index_column(self, category: str | None = None) -> Column | None:
        """The index series paired element by element with this one, if indexed."""
        if self.index is None or self.index is self:
            return None
        return self.index.column(category)

    def _codec(self) -> SeriesCodec:
        assert self.codec is not None, "a Data with a series needs the codec of its reader"
        return self.codec

    def digests(self) -> list[tuple[str | None, bytes | memoryview]]:
        """(category, content bytes) of every series, in a stable order."""
        if self._series is not None:
            return [(None, self._codec().digest(self._series))]
        return [(name, self._codec().digest(self._grouped[name])) for name in sorted(self._grouped)]

    def _pick(self, category: str | None) -> object | None:
        if self.shape == "series":
            return self._series
        if self.shape == "grouped":
            if category is None:
                names = self.categories
                category = names[0] if names else None
            return self._grouped.get(category) if category is not None else None
        return None

    @property
    def converted(self) -> bool:
        """Whether a column of this data has been converted already."""
        return bool(self._cache)  # None or empty: nothing converted

    @property
    def total_length(self) -> int:
        """Elements over all categories (grouped) or of the one series."""
        if self.shape == "grouped":
            return sum(self.length(name) for name in self._grouped)
        return self.length()

    def __repr__(self) -> str:
        return f"Data({self.name!r}, {self.data_type.label}, {self.shape})"
