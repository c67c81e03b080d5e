"""template_settings, one test per key the spec lists (§4.5), each on the drawn chart:
the axis labels, yaxis.min/max, display.legend (lines, bars, histograms, pies),
display.bins, display.text_info and series[].color (lines, bars, histograms, pie slices,
timeline states). Emissions are written by the official Emitter."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from tests.m2_corpus import write_case
from tui.charts import Chart, render
from tui.charts.types import ColorMode, Palette
from tui.formats.metrics2.build import build
from tui.formats.metrics2.preview import preview
from tui.model import Document

RED, BLUE = "#ff0000", "#0000ff"

CONFIG = """\
version: 1
topics:
  laps:
    schema:
      tyre: string
      lap: int
      seconds: float
metrics:
  Lap Times:
    type: test
    query_string: SELECT tyre, lap, seconds FROM laps ORDER BY tyre, lap
    template_type: system
    template: line
    template_settings: {LINE}
  Laps per Tyre:
    type: test
    query_string: SELECT 'Laps' AS g, tyre, COUNT(*) AS n FROM laps GROUP BY tyre ORDER BY tyre
    template_type: system
    template: bar
    template_settings: {BAR}
  Tyre Share:
    type: test
    query_string: SELECT tyre, COUNT(*) AS n FROM laps GROUP BY tyre ORDER BY tyre
    template_type: system
    template: pie
    template_settings: {PIE}
  Lap Spread:
    type: test
    query_string: SELECT tyre, seconds FROM laps ORDER BY tyre
    template_type: system
    template: histogram
    template_settings: {HIST}
  Tyre Timeline:
    type: test
    query_string: SELECT 'car' AS lane, timestamp, tyre FROM laps ORDER BY timestamp
    template_type: system
    template: state_timeline
    template_settings: {STATES}
"""
PLAIN = {"LINE": "{}", "BAR": "{}", "PIE": "{}", "HIST": "{}", "STATES": "{}"}


def _case(folder: Path, **settings: str) -> Path:
    config = CONFIG
    for key, value in {**PLAIN, **settings}.items():
        config = config.replace("{" + key + "}", value)
    laps = [("soft", 90.0 + i % 3) for i in range(6)] + [("hard", 92.0 + i % 2) for i in range(4)]
    rows = [
        ("laps", {"tyre": tyre, "lap": i, "seconds": seconds}, i * 1_000_000_000)
        for i, (tyre, seconds) in enumerate(laps)
    ]
    return write_case(folder, config, rows)


def _doc(folder: Path, **settings: str) -> Document:
    return build(preview(_case(folder, **settings), use_cache=False))


def _chart(doc: Document, name: str, color: ColorMode = "none") -> Chart:
    metric = next(m for m in doc.metrics if m.name == name)
    return render(metric, 80, 20, color=color, palette=Palette())


def _lines(chart: Chart) -> list[str]:
    body = chart.body
    return (body.plain if isinstance(body, Text) else str(body)).splitlines()


def _glyph_colour(chart: Chart, name: str) -> str | None:
    """The colour of the legend glyph written before `` name``."""
    body = chart.body
    assert isinstance(body, Text)
    at = body.plain.index(f" {name}") - 1
    for span in body.spans:
        colour = getattr(span.style, "color", None)
        if span.start <= at < span.end and colour is not None and colour.triplet is not None:
            return str(colour.triplet.hex)
    return None


def _styled(chart: Chart, colour: str) -> str:
    """The characters drawn in ``colour``."""
    body = chart.body
    assert isinstance(body, Text)
    return "".join(
        body.plain[span.start : span.end]
        for span in body.spans
        if span.style
        and getattr(span.style, "color", None) is not None
        and span.style.color.triplet is not None  # type: ignore[union-attr]
        and span.style.color.triplet.hex == colour  # type: ignore[union-attr]
    )


def test_xaxis_and_yaxis_label_name_the_axes(tmp_path: Path) -> None:
    labels = "{xaxis: {label: Lap number}, yaxis: {label: Lap time (s)}}"
    doc = _doc(tmp_path, LINE=labels, BAR=labels)
    for name in ("Lap Times", "Laps per Tyre"):
        text = "\n".join(_lines(_chart(doc, name)))
        assert "Lap number" in text and "Lap time (s)" in text, name


def test_yaxis_min_and_max_widen_the_value_axis(tmp_path: Path) -> None:
    plain = _doc(tmp_path / "a")
    ranged = _doc(
        tmp_path / "b",
        LINE="{yaxis: {min: 0, max: 150}}",
        BAR="{yaxis: {max: 20}}",
        HIST="{yaxis: {max: 30}}",
    )
    line = "\n".join(_lines(_chart(ranged, "Lap Times")))
    assert "150" in line and "\n  0" in "\n" + line.replace("│", " ")  # a tick at each end
    assert "150" not in "\n".join(_lines(_chart(plain, "Lap Times")))
    assert "20" in "\n".join(_lines(_chart(ranged, "Laps per Tyre")))
    assert "20" not in "\n".join(_lines(_chart(plain, "Laps per Tyre")))
    assert "30" in "\n".join(_lines(_chart(ranged, "Lap Spread")))
    assert "30" not in "\n".join(_lines(_chart(plain, "Lap Spread")))


def test_display_legend_bottom_puts_the_series_under_the_chart(tmp_path: Path) -> None:
    top = _lines(_chart(_doc(tmp_path / "a"), "Lap Times"))
    assert "soft" in top[0] and "soft" not in top[-1]
    doc = _doc(
        tmp_path / "b", LINE="{display: {legend: bottom}}", BAR="{display: {legend: bottom}}"
    )
    bottom = _lines(_chart(doc, "Lap Times"))
    assert "soft" in bottom[-1] and "hard" in bottom[-1]
    assert "soft" not in bottom[0]
    assert len(bottom) <= 20  # the legend's row came out of the plot's height
    assert "Laps" in _lines(_chart(doc, "Laps per Tyre"))[-1]


def test_display_legend_none_hides_it(tmp_path: Path) -> None:
    doc = _doc(tmp_path, LINE="{display: {legend: none}}")
    text = "\n".join(_lines(_chart(doc, "Lap Times")))
    assert "━ soft" not in text and "━ hard" not in text


def test_display_bins_sets_the_bin_count(tmp_path: Path) -> None:
    few = _chart(_doc(tmp_path / "a", HIST="{display: {bins: 2}}"), "Lap Spread")
    many = _chart(_doc(tmp_path / "b", HIST="{display: {bins: 8}}"), "Lap Spread")
    assert few.marks is not None and many.marks is not None
    assert len(few.marks.items) < len(many.marks.items)


def test_display_text_info_chooses_what_a_slice_says(tmp_path: Path) -> None:
    both = "\n".join(_lines(_chart(_doc(tmp_path / "a"), "Tyre Share")))
    assert "60.0% (6)" in both  # no setting: share and count
    percent = "\n".join(
        _lines(
            _chart(_doc(tmp_path / "b", PIE="{display: {text_info: label_percent}}"), "Tyre Share")
        )
    )
    assert "60.0%" in percent and "(6)" not in percent
    value = "\n".join(
        _lines(_chart(_doc(tmp_path / "c", PIE="{display: {text_info: value}}"), "Tyre Share"))
    )
    assert "%" not in value and " 6" in value


def test_series_color_colours_that_series(tmp_path: Path) -> None:
    colours = (
        f'{{series: [{{group_name: soft, color: "{RED}"}}, {{group_name: hard, color: "{BLUE}"}}]}}'
    )
    doc = _doc(
        tmp_path,
        LINE=colours,
        HIST=colours,
        BAR=f'{{series: [{{group_name: Laps, color: "{RED}"}}]}}',
    )
    # The legend glyph is in the series colour, the name in the text colour (as every
    # legend draws it, so that a pale colour leaves the name readable).
    line = _chart(doc, "Lap Times", "truecolor")
    assert _glyph_colour(line, "soft") == RED and _glyph_colour(line, "hard") == BLUE
    assert "soft" not in _styled(line, RED)
    assert "█" in _styled(_chart(doc, "Laps per Tyre", "truecolor"), RED)
    spread = _chart(doc, "Lap Spread", "truecolor")
    assert _glyph_colour(spread, "soft") == RED and _glyph_colour(spread, "hard") == BLUE
    plain = _doc(tmp_path / "plain")
    assert not _styled(_chart(plain, "Lap Times", "truecolor"), RED)


def test_display_legend_places_a_histograms_legend(tmp_path: Path) -> None:
    top = _lines(_chart(_doc(tmp_path / "a"), "Lap Spread"))
    assert "soft" in "".join(top[:2]) and "soft" not in top[-1]
    bottom = _lines(_chart(_doc(tmp_path / "b", HIST="{display: {legend: bottom}}"), "Lap Spread"))
    assert "soft" in bottom[-1] and "hard" in bottom[-1]
    assert "soft" not in "".join(bottom[:2])
    assert len(bottom) <= 20  # the legend's row came out of the plot's height
    hidden = _lines(_chart(_doc(tmp_path / "c", HIST="{display: {legend: none}}"), "Lap Spread"))
    assert not any("soft" in line or "hard" in line for line in hidden)


def test_display_legend_bottom_keys_a_pies_slices_under_it(tmp_path: Path) -> None:
    plain = _chart(_doc(tmp_path / "a"), "Tyre Share", "truecolor")
    keyed = _chart(
        _doc(tmp_path / "b", PIE="{display: {legend: bottom}}"), "Tyre Share", "truecolor"
    )
    last = _lines(keyed)[-1]
    assert "█ soft" in last and "█ hard" in last, last
    assert len(_lines(keyed)) <= 20 and len(_lines(plain)) < len(_lines(keyed)) + 2
    # with its key, each slice has a colour of its own; without, one colour for all
    assert len(_bar_colours(keyed)) == 2
    assert len(_bar_colours(plain)) == 1


def test_series_color_colours_pie_slices(tmp_path: Path) -> None:
    colours = (
        f'{{series: [{{group_name: soft, color: "{RED}"}}, {{group_name: hard, color: "{BLUE}"}}]}}'
    )
    pie = _chart(_doc(tmp_path, PIE=colours), "Tyre Share", "truecolor")
    assert "█" in _styled(pie, RED) and "█" in _styled(pie, BLUE)
    rows = _lines(pie)
    soft = next(i for i, line in enumerate(rows) if line.lstrip().startswith("soft"))
    assert _row_colour(pie, soft) == RED  # the slice named soft, not merely some slice
    monochrome = _chart(_doc(tmp_path / "plain", PIE=colours), "Tyre Share", "none")
    assert "60.0% (6)" in "\n".join(_lines(monochrome))


def test_series_color_colours_timeline_states(tmp_path: Path) -> None:
    colours = f'{{series: [{{group_name: soft, color: "{RED}"}}]}}'
    doc = _doc(tmp_path, STATES=colours)
    timeline = _chart(doc, "Tyre Timeline", "truecolor")
    rows = _lines(timeline)
    lane = next(i for i, line in enumerate(rows) if line.startswith("car"))
    assert _row_colour(timeline, lane) == RED  # soft's laps come first: the band opens red
    red = _styled(timeline, RED).count("█")
    assert 0 < red < sum(line.count("█") for line in rows)  # hard's run is not red
    key = rows[0]
    assert _row_colour(timeline, 0, key.index("█ soft")) == RED
    assert not _styled(_chart(_doc(tmp_path / "plain"), "Tyre Timeline", "truecolor"), RED)


def _bar_colours(chart: Chart) -> set[str]:
    """The colours the bars' full blocks are drawn in."""
    body = chart.body
    assert isinstance(body, Text)
    return {
        span.style.color.triplet.hex  # type: ignore[union-attr]
        for span in body.spans
        if "█" in body.plain[span.start : span.end]
        and span.style
        and getattr(span.style, "color", None) is not None
        and span.style.color.triplet is not None  # type: ignore[union-attr]
        and not body.plain[span.start : span.end].startswith("█ ")
    }


def _row_colour(chart: Chart, row: int, column: int = 0) -> str | None:
    """The colour of the first full block on line ``row`` from ``column`` on."""
    body = chart.body
    assert isinstance(body, Text)
    start = sum(len(line) + 1 for line in body.plain.split("\n")[:row])
    end = start + len(body.plain.split("\n")[row])
    block = body.plain.index("█", start + column, end)
    for span in body.spans:
        if span.start <= block < span.end and span.style and getattr(span.style, "color", None):
            return span.style.color.triplet.hex  # type: ignore[union-attr]
    return None
