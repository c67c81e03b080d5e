"""A chart drawn under its legend starts its spans where the legend ends: the Text is the
one a legend with the chart appended gives, without copying every span of the chart."""

from __future__ import annotations

import numpy as np

from tui.charts import xy
from tui.charts._plotext import Figure
from tui.charts.legend import LegendItem, header_lines, header_text, share, with_header
from tui.charts.types import Palette


def test_a_figure_after_its_header_is_the_header_with_the_figure_appended() -> None:
    items = [LegendItem("━", f"series {i}", Palette().color(i)) for i in range(4)]
    layout = share(30, header_lines(items, 80, "y", "grey50"), True)
    fig = Figure(80, 30 - layout.header_rows, "truecolor", layout.frame)
    fig.axes(60, 20, [(0, "0"), (59, "9")], [(0, "a"), (19, "b")], "x", "grey50")
    fig.glyphs(np.arange(40), np.arange(40) % 20, "⣿", "#ff8800")
    fig.glyphs(np.arange(10, 50), np.arange(40) % 7, "⣀", "#0088ff")
    head = header_text(layout, 80, "truecolor")
    assert head.plain.endswith("\n") and head.spans
    fig_again = Figure(80, 30 - layout.header_rows, "truecolor", layout.frame)
    fig_again.axes(60, 20, [(0, "0"), (59, "9")], [(0, "a"), (19, "b")], "x", "grey50")
    fig_again.glyphs(np.arange(40), np.arange(40) % 20, "⣿", "#ff8800")
    fig_again.glyphs(np.arange(10, 50), np.arange(40) % 7, "⣀", "#0088ff")
    joined = with_header(layout, fig_again.to_text(), 80, "truecolor")
    drawn = fig.to_text(head)
    assert drawn.plain == joined.plain
    assert drawn.spans == joined.spans
    assert drawn.markup == joined.markup


def test_an_xy_chart_has_one_span_list_built_once() -> None:
    x = np.arange(5_000, dtype=np.float64)
    lines = [xy.Line(f"s{i}", x, np.sin(x / (50 + i))) for i in range(3)]
    body = xy.draw(xy.XYPlot(lines, y_title="v"), 100, 30, "truecolor", Palette())
    starts = [s.start for s in body.spans]
    assert starts == sorted(starts)  # legend first, then the chart row by row
    assert all(0 <= s.start < s.end <= len(body.plain) for s in body.spans)
