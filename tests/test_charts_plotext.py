"""The plotext adapter: its layout arithmetic matches plotext's, figures share no state."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tui.charts._plotext import Figure


def _corners(width: int, height: int, x_title: str, label_w: int) -> tuple[list[str], int, int]:
    fig = Figure(width, height, "none")
    rows = fig.rows(x_labels=True, x_title=bool(x_title))
    cols = fig.cols(label_w)
    fig.axes(cols, rows, [(0, "a"), (cols - 1, "b")], [(0, "0".rjust(label_w))], x_title)
    fig.glyphs([0, cols - 1], [0, rows - 1], "#", None)
    return fig.to_text().plain.split("\n"), cols, rows


@pytest.mark.parametrize(
    ("width", "height", "x_title"), [(60, 15, "x"), (33, 9, ""), (120, 40, "t")]
)
def test_predicted_plot_area_is_plotexts(width: int, height: int, x_title: str) -> None:
    lines, cols, rows = _corners(width, height, x_title, 4)
    assert len(lines) == height
    # Glyphs at the predicted corners land just inside plotext's frame: the
    # first plot column is after 4 label cells and the axis.
    assert lines[1][5 + cols - 1] == "#" and lines[1][5 + cols] == "│"  # top right
    assert lines[rows][5] == "#" and lines[rows][4] == "┤"  # bottom left, at tick 0
    assert lines[rows + 1][4] == "└"


def test_figures_share_no_state_across_threads() -> None:
    def draw(n: int) -> str:
        fig = Figure(40, 10, "truecolor")
        rows, cols = fig.rows(x_labels=True, x_title=False), fig.cols(2)
        fig.hline(n % rows, "#ff0000")
        fig.axes(cols, rows, [(0, str(n))], [(0, "0")], "", "#808080")
        return fig.to_text().plain

    alone = [draw(n) for n in range(8)]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(draw, list(range(8)) * 4))
    assert together == alone * 4


def test_colours_map_back_to_the_palette() -> None:
    fig = Figure(20, 6, "truecolor")
    rows, cols = fig.rows(x_labels=False, x_title=False), fig.cols(0)
    fig.axes(cols, rows, [], [], "", "#8b949e")
    fig.glyphs([1], [0], "⣿", "#123456")
    styles = {str(span.style) for span in fig.to_text().spans}
    assert "#123456" in styles and "#8b949e" in styles
    assert Figure(20, 6, "none").key("#123456") == "default"


def test_a_long_x_axis_name_is_cut_not_dropped() -> None:
    fig = Figure(30, 8, "none")
    rows, cols = fig.rows(x_labels=True, x_title=True), fig.cols(2)
    name = "lateral acceleration at the rear axle (m/s²)"
    fig.axes(cols, rows, [(0, "0")], [(0, "0")], name)
    last = fig.to_text().plain.split("\n")[-1].strip()
    assert last.endswith("…") and name.startswith(last[:-1])
