"""What a renderer returns and what it is given: Chart, SeriesSummary, Palette, ColorMode.

Nothing here knows about Textual: the widget fills a Palette from the app
theme, ``show`` uses the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rich.text import Text

ColorMode = Literal["truecolor", "256", "16", "none"]
COLOR_MODES: tuple[ColorMode, ...] = ("truecolor", "256", "16", "none")


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours a chart may use (any colour Rich parses: names, ``#rrggbb``).

    ``series`` cycles for the series of a chart; ``passed``/``warn``/``fail``
    mark statuses; ``axis`` is for frames, ticks and labels.
    """

    series: tuple[str, ...] = (
        "#4e9ff5",
        "#f5a742",
        "#57c785",
        "#d070e0",
        "#e8d44d",
        "#4dd0d8",
        "#f06e8a",
        "#a0a0ff",
    )
    passed: str = "#3fb950"
    warn: str = "#d29922"
    fail: str = "#f85149"
    axis: str = "#8b949e"
    text: str = "default"

    @classmethod
    def basic(cls) -> Palette:
        """A palette of the 16 ANSI colours, for terminals that have no more."""
        return cls(
            series=("blue", "yellow", "green", "magenta", "cyan", "red", "bright_blue", "white"),
            passed="green",
            warn="yellow",
            fail="red",
            axis="bright_black",
        )

    def color(self, index: int) -> str:
        return self.series[index % len(self.series)]


@dataclass(slots=True)
class SeriesSummary:
    """The numbers under a chart, one row per series."""

    name: str
    count: int
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    last: float | str | None = None
    failing: int = 0
    unit: str = ""


@dataclass(slots=True)
class Chart:
    """A drawing at most ``width`` cells wide and ``height`` lines tall, and its facts.

    ``notes`` are short sentences for the user ("no data", "trace type
    'sankey' not drawn"); ``categories`` lists the groups of grouped data
    (empty otherwise) and ``category`` the one drawn.
    """

    body: Text
    summary: list[SeriesSummary] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    category: str | None = None

    @classmethod
    def message(cls, note: str, width: int, **fields: object) -> Chart:
        """A chart that is only a sentence (``note`` must already be safe)."""
        from tui.charts._text import fit

        chart = cls(Text(fit(note, width)), **fields)  # type: ignore[arg-type]
        chart.notes.append(note)
        return chart
