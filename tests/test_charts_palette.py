"""The chart palette, measured rather than eyeballed (issue 11).

Contrast is WCAG 2's ratio of relative luminances; colour distance is CIELAB
ΔE (1976); colour-vision deficiencies are simulated with Machado, Oliveira and
Fernandes (2009) at full severity. Backgrounds and status colours are the
themes' own, as Textual generates them.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from rich.color import Color
from textual.theme import BUILTIN_THEMES

from tui.app.widgets.chart_view import palette_for
from tui.charts.states import state_looks
from tui.charts.types import Palette

THEMES = ["textual-dark", "textual-light"]
# Machado et al. 2009, severity 1.0, on linear RGB.
DEFICIENCIES = {
    "protanopia": [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ],
    "deuteranopia": [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ],
    "tritanopia": [
        [1.255528, -0.076749, -0.178779],
        [-0.078411, 0.930809, 0.147602],
        [0.004733, 0.691367, 0.303900],
    ],
}
MIN_CONTRAST = 3.0
MIN_FROM_STATUS = 25.0  # ΔE: a series must not read as pass, warn or fail
MIN_APART = 12.0  # ΔE between any two series, for every vision


def _linear(colour: str) -> np.ndarray:
    r, g, b = Color.parse(colour).get_truecolor()
    c = np.array([r, g, b]) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminance(colour: str) -> float:
    return float(np.dot([0.2126, 0.7152, 0.0722], _linear(colour)))


def contrast(a: str, b: str) -> float:
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def lab(colour: str, vision: str | None = None) -> np.ndarray:
    rgb = _linear(colour)
    if vision is not None:
        rgb = np.clip(np.array(DEFICIENCIES[vision]) @ rgb, 0, 1)
    xyz = (
        np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
        @ rgb
        / np.array([0.95047, 1.0, 1.08883])
    )
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str | None = None) -> float:
    return float(np.linalg.norm(lab(a, vision) - lab(b, vision)))


def _theme(name: str) -> tuple[dict[str, str], Palette]:
    theme = BUILTIN_THEMES[name]
    variables = theme.to_color_system().generate()
    return variables, palette_for(variables, theme.dark)


@pytest.mark.parametrize("name", THEMES)
def test_every_series_colour_holds_3_to_1_on_the_theme(name: str) -> None:
    variables, palette = _theme(name)
    for where in ("background", "surface"):
        ground = variables[where]
        for colour in palette.series:
            ratio = contrast(colour, ground)
            assert ratio >= MIN_CONTRAST, f"{colour} on {where} {ground}: {ratio:.2f}:1"


@pytest.mark.parametrize("name", THEMES)
def test_no_series_colour_reads_as_a_status(name: str) -> None:
    _, palette = _theme(name)
    default = Palette()
    statuses = {palette.passed, palette.warn, palette.fail}
    statuses |= {default.passed, default.warn, default.fail}
    for colour, status in itertools.product(palette.series, statuses):
        assert colour.lower() != status.lower()
        assert delta_e(colour, status) >= MIN_FROM_STATUS, (colour, status)


@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize("vision", [None, *DEFICIENCIES])
def test_series_colours_stay_apart_with_colour_vision_deficiencies(
    name: str, vision: str | None
) -> None:
    _, palette = _theme(name)
    assert len(set(palette.series)) == len(palette.series) >= 5
    for a, b in itertools.combinations(palette.series, 2):
        assert delta_e(a, b, vision) >= MIN_APART, (a, b, vision)


def test_the_default_palette_is_the_dark_one() -> None:
    assert Palette().series == Palette.for_background(True).series


@pytest.mark.parametrize("color", ["truecolor", "none"])
def test_every_state_has_its_own_look_and_failures_differ(color: str) -> None:
    states = ["ABORT", "COLLISION", "IDLE", "LANE_FOLLOW", "MERGE", "STOP", "YIELD"]
    failing = {"ABORT", "COLLISION", "STOP"}
    palette = Palette()
    looks = state_looks(states, failing, color, palette)  # type: ignore[arg-type]
    assert len(set(looks)) == len(states)
    fails = [look for st, look in zip(states, looks, strict=True) if st in failing]
    assert len({fill for fill, _ in fails}) == len(fails)  # told apart without colour
    assert all(colour == palette.fail for _, colour in fails)  # and read as failing
    normal = [look for st, look in zip(states, looks, strict=True) if st not in failing]
    if color == "none":
        assert len({fill for fill, _ in looks}) == len(states)
    else:
        assert len({colour for _, colour in normal}) == len(normal)
        assert all(colour != palette.fail for _, colour in normal)


@pytest.mark.parametrize("name", THEMES)
def test_failure_states_are_red_bands_on_the_theme_not_gaps(name: str) -> None:
    """A light texture (░) in the failure colour left the dark background showing: the
    third failure state of the sample read as missing data (screenshot review)."""
    from rich.style import Style

    variables, palette = _theme(name)
    states, failing = ["A", "B", "C", "D"], {"A", "B", "C"}
    looks = state_looks(states, failing, "truecolor", palette)
    fails = looks[:3]
    assert len({fill for fill, _ in fails}) == 3  # still told apart by texture
    for _, spec in fails:
        style = Style.parse(spec)
        assert style.color is not None and style.bgcolor is not None, spec
        fore = style.color.get_truecolor().hex.upper()
        back = style.bgcolor.get_truecolor().hex
        assert fore == palette.fail.upper()  # read as failing
        # The tint lies between the failure colour and the background, and the glyph
        # still stands out on it.
        assert delta_e(back, variables["background"]) >= 15, (back, spec)
        assert contrast(fore, back) >= 1.5, spec
    assert looks[3][1] == palette.color(0)  # a normal state is untouched
    for mode in ("16", "none"):  # no tint where colours are few: the textures must show
        assert all(" on " not in c for _, c in state_looks(states, failing, mode, palette))


def test_a_legend_names_its_series_in_the_text_colour_and_colours_only_the_glyph() -> None:
    """A file's own pale state colours (Plotly's timeline) must not colour the names:
    yellow on the light theme's background cannot be read (seen in a screenshot)."""
    from tui.charts.plotly import draw_figure
    from tui.charts.types import Palette as P

    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "base": [0],
                "x": [5],
                "y": ["planner"],
                "name": "TRACKING",
                "marker": {"color": "#ffff99"},
            },
            {
                "type": "bar",
                "orientation": "h",
                "base": [5],
                "x": [5],
                "y": ["planner"],
                "name": "CRUISE",
                "marker": {"color": "#ccffcc"},
            },
        ],
        "layout": {},
    }
    chart = draw_figure(figure, 80, 12, "truecolor", P())
    body = chart.body
    for name in ("TRACKING", "CRUISE"):
        at = body.plain.index(name)
        styles = [str(span.style) for span in body.spans if span.start <= at < span.end]
        assert not any("ffff99" in s or "ccffcc" in s for s in styles), (name, styles)
        glyph = body.plain.rindex("█", 0, at)
        tints = [str(span.style) for span in body.spans if span.start <= glyph < span.end]
        assert any("ffff99" in s or "ccffcc" in s for s in tints), tints


@pytest.mark.parametrize("sample", ["all_types", "plotly", "grouped"])
def test_no_legend_writes_words_in_a_series_colour(sample: str) -> None:
    """Every legend (line, bar, double over time, states, Plotly) agrees with the Plotly
    one: the glyph in the series colour, the name in the text colour. Line and bar
    legends once coloured the whole entry, so a pale series colour hid the name."""
    import re
    from pathlib import Path

    from tui.charts import render
    from tui.formats import load

    palette = Palette()
    series = {c.lower() for c in palette.series}
    words = []
    for metric in load(Path("samples") / sample).metrics:
        body = render(metric, 100, 20, color="truecolor", palette=palette).body
        for span in body.spans:
            text = body.plain[span.start : span.end]
            if any(c in str(span.style).lower() for c in series) and re.search(
                r"[A-Za-z]{2}", text
            ):
                words.append((metric.name, text))
    assert words == []


@pytest.mark.parametrize("name", THEMES)
def test_every_status_and_axis_colour_holds_3_to_1_on_the_theme(name: str) -> None:
    """A failure mark is one cell ("!" beside a bar, a failing point): the light theme's
    own warning orange held 1.5:1 on its background and its green 1.8:1."""
    variables, palette = _theme(name)
    for where in ("background", "surface"):
        for colour in (palette.passed, palette.warn, palette.fail, palette.axis):
            ratio = contrast(colour, variables[where])
            assert ratio >= MIN_CONTRAST, f"{colour} on {where}: {ratio:.2f}:1"


def test_a_readable_colour_keeps_a_colour_that_already_is() -> None:
    from tui.charts.contrast import readable

    assert readable("#FEA62B", "#121212") == "#FEA62B"
    darker = readable("#FEA62B", "#E0E0E0")
    assert darker != "#FEA62B" and contrast(darker, "#E0E0E0") >= MIN_CONTRAST
    assert readable("not a colour", "#E0E0E0") == "not a colour"


def test_a_scalar_verdict_writes_its_thresholds_in_the_muted_text_colour() -> None:
    """Seen in the screenshot review: "(fails above 2.5)" was the failure red dimmed,
    about 2:1 on the dark background."""
    from rich.style import Style

    from tui.app.widgets.value_views import verdict
    from tui.model.values import FailureDefinition

    variables, _ = _theme("textual-dark")
    colours = {"error": "#B93C5B", "success": "#4EBF71", "foreground-muted": "#8D8D8D"}

    def style(name: str, *, bold: bool | None = None) -> Style:
        return Style(color=colours.get(name), bold=bold)

    text = verdict(2.9, FailureDefinition(fails_above=2.5), style)
    at = text.plain.index("(fails above")
    found = [str(s.style) for s in text.spans if s.start <= at < s.end]
    assert found and all("#8d8d8d" in s.lower() for s in found), found
    assert contrast("#8D8D8D", variables["background"]) >= MIN_CONTRAST
