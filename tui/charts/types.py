"""What a renderer returns and what it is given: Chart, SeriesSummary, Palette, ColorMode.

Nothing here knows about Textual: the widget fills a Palette from the app
theme, ``show`` uses the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from rich.color import Color, ColorParseError, ColorSystem
from rich.text import Text

from tui.charts.view import Marks, XView

ColorMode = Literal["truecolor", "256", "16", "none"]
COLOR_MODES: tuple[ColorMode, ...] = ("truecolor", "256", "16", "none")
# Series colours for 16-colour terminals: no red or yellow, which mean fail and warn.
SAFE_16 = (
    "blue",
    "cyan",
    "magenta",
    "green",
    "bright_blue",
    "bright_cyan",
    "bright_magenta",
    "white",
)
_RED_YELLOW = {1, 3, 9, 11}  # red, yellow, bright red, bright yellow


def _ansi(colour: str) -> int | None:
    """The 16-colour number ``colour`` shows as; None when Rich cannot read it."""
    try:
        parsed = Color.parse(colour)
    except ColorParseError:
        return None
    return None if parsed.is_default else parsed.downgrade(ColorSystem.STANDARD).number


# Series colours, designed rather than taken from a theme (a theme's accent is often its
# warning colour, and its secondary a darker primary): chosen mostly from published colour
# blind safe sets (Okabe & Ito; Paul Tol's; IBM's) for at least 3:1 contrast with the
# theme's background and surface, a clear distance (CIELAB) from the pass/warn/fail
# colours, and from each other under protanopia, deuteranopia and tritanopia
# (tests/test_charts_palette.py computes all three). One set per background. The light
# grey of a light theme leaves few such colours: five, the olive and the magenta found by
# a search under those constraints, once the theme's status colours were darkened to be
# seen there (contrast.py): the brown and green used before then read as warn and pass.
DARK_SERIES = ("#56B4E9", "#FE6100", "#785EF0", "#EEDD88", "#AA4499", "#FFAABB")
LIGHT_SERIES = ("#0077BB", "#667700", "#785EF0", "#DD0088", "#332288")


@dataclass(frozen=True, slots=True)
class Palette:
    """Colours a chart may use (any colour Rich parses: names, ``#rrggbb``).

    ``series`` cycles for the series of a chart; ``passed``/``warn``/``fail``
    mark statuses; ``axis`` is for frames, ticks and labels.
    """

    series: tuple[str, ...] = DARK_SERIES
    passed: str = "#3fb950"
    warn: str = "#d29922"
    fail: str = "#f85149"
    axis: str = "#8b949e"
    text: str = "default"
    background: str | None = None  # the theme's, when known: what a tint is mixed with
    # A compare overlay of states (tui.charts.overlay): which bands are the baseline's
    # (side A's), and the colours they take, faded; None where colours cannot be mixed.
    baseline: tuple[bool, ...] = ()
    faded: Palette | None = None

    @classmethod
    def for_background(cls, dark: bool, **colours: str) -> Palette:
        """The designed series for a dark or light background, with status and axis
        colours (``passed``, ``warn``, ``fail``, ``axis``, ``background``) from the theme
        when given."""
        # Any: only the colour fields are str; mypy cannot tell them from the others.
        picked: dict[str, Any] = dict(colours)
        return cls(series=DARK_SERIES if dark else LIGHT_SERIES, **picked)

    @classmethod
    def basic(cls) -> Palette:
        """A palette of the 16 ANSI colours, for terminals that have no more.

        Series never take red or yellow: with 16 colours those say FAIL and WARN."""
        return cls(
            series=SAFE_16,
            passed="green",
            warn="yellow",
            fail="red",
            axis="bright_black",
        )

    def for_16(self) -> Palette:
        """This palette for a 16-colour terminal: series colours that would become red or
        yellow there (a theme's orange accent turns bright red), or the same colour as an
        earlier series, are left out; the safe basic colours follow."""
        kept: dict[int, str] = {}
        for colour in self.series + SAFE_16:
            number = _ansi(colour)
            if number is not None and number not in _RED_YELLOW:
                kept.setdefault(number, colour)
        return replace(self, series=tuple(kept.values()))

    def color(self, index: int) -> str:
        return self.series[index % len(self.series)]


@dataclass(slots=True)
class SeriesSummary:
    """The numbers under a chart, one row per series.

    ``count`` is every value; ``min``, ``max`` and ``mean`` are over the finite
    ones, and ``nan``, ``pos_inf`` and ``neg_inf`` count the others, so that a
    reader can tell why ``last`` may be ∞ while ``max`` is not.
    """

    name: str
    count: int
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    last: float | str | None = None
    failing: int = 0
    unit: str = ""
    nan: int = 0
    pos_inf: int = 0
    neg_inf: int = 0

    @property
    def not_finite(self) -> str:
        """The non-finite values in words ('419 +∞, 3 NaN'), '' when there are none."""
        parts = [(self.pos_inf, "+∞"), (self.neg_inf, "-∞"), (self.nan, "NaN")]
        return ", ".join(f"{n} {what}" for n, what in parts if n)


@dataclass(slots=True)
class Chart:
    """A drawing at most ``width`` cells wide and ``height`` lines tall, and its facts.

    ``notes`` are short sentences for the user ("no data", "trace type
    'sankey' not drawn"); ``categories`` lists the groups of grouped data
    (empty otherwise) and ``category`` the one drawn. ``view`` says where the
    plot area of an x/y chart is, for a cursor and a zoom (None for others);
    ``marks`` where the bars or boxes of a chart without an x axis are, for a cursor.
    """

    body: Text
    summary: list[SeriesSummary] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    category: str | None = None
    view: XView | None = None
    marks: Marks | None = None
    # Subplots: every panel's view, placed in the whole drawing (``view`` is one of them).
    views: tuple[XView, ...] = ()

    @classmethod
    def message(cls, note: str, width: int, **fields: object) -> Chart:
        """A chart that is only a sentence (``note`` must already be safe)."""
        from tui.charts._text import fit

        chart = cls(Text(fit(note, width)), **fields)  # type: ignore[arg-type]
        chart.notes.append(note)
        return chart
