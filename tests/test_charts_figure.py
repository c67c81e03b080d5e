"""The figure grid: the plot area is where ``rows()``/``cols()`` say, marks land in their cells."""

from __future__ import annotations

import pytest

from tui.charts.figure import Figure


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
def test_predicted_plot_area_is_the_drawn_one(width: int, height: int, x_title: str) -> None:
    lines, cols, rows = _corners(width, height, x_title, 4)
    assert len(lines) == height
    # Glyphs at the predicted corners land just inside the frame: the first plot
    # column is after 4 label cells and the axis.
    assert lines[1][5 + cols - 1] == "#" and lines[1][5 + cols] == "│"  # top right
    assert lines[rows][5] == "#" and lines[rows][4] == "┤"  # bottom left, at tick 0
    assert lines[rows + 1][4] == "└"
    assert max(len(line) for line in lines) == width


def test_frame_ticks_labels_rules_and_fills() -> None:
    fig = Figure(30, 10, "none")
    rows, cols = fig.rows(x_labels=True, x_title=True), fig.cols(3)
    assert (rows, cols) == (6, 25)
    fig.hline(2, None)
    fig.columns([1, 2], [5, 6], 1, "█", None)  # from row 1 to the top, inclusive
    fig.bands([3], [10], 4, "▒", None)  # from column 4 to 10, inclusive
    fig.text(cols - 3, 4, "hello", None)  # clipped at the frame
    fig.axis_marks([5], "×", None)
    ticks = [(0, "a"), (4, "bb"), (5, "ccc"), (cols - 1, "zz")]
    fig.axes(cols, rows, ticks, [(0, "0"), (3, "10"), (rows - 1, "100")], "title x")
    assert fig.to_text().plain.split("\n") == [
        "   ┌─────────────────────────┐",
        "100┤ ██                      │",
        "   │ ██                   hel│",
        " 10┤ ██ ▒▒▒▒▒▒▒              │",
        "   ├─██──────────────────────┤",  # the rule meets the frame, under the bars
        "   │ ██                      │",
        "  0┤                         │",
        "   └┬───┬×──────────────────┬┘",  # "ccc" touched "bb": dropped with its tick
        "    a  bb                  zz",
        "             title x",
    ]


def test_a_long_x_title_is_cut_with_an_ellipsis_not_lost() -> None:
    fig = Figure(20, 6, "none")
    rows, cols = fig.rows(x_labels=True, x_title=True), fig.cols(0)
    fig.axes(cols, rows, [], [], "a very long axis name indeed")
    last = fig.to_text().plain.split("\n")[-1]
    assert last.strip() == "a very long axis …" and len(last) <= 20  # 18 plot columns


def test_colours_map_back_to_the_palette() -> None:
    fig = Figure(20, 6, "truecolor")
    rows, cols = fig.rows(x_labels=False, x_title=False), fig.cols(0)
    fig.axes(cols, rows, [], [], "", "#8b949e")
    fig.glyphs([1], [0], "⣿", "#123456")
    text = fig.to_text()
    styles = {str(span.style) for span in text.spans}
    assert "#123456" in styles and "#8b949e" in styles
    # Without colour nothing is styled, and an unreadable colour from a file is no colour.
    plain = Figure(20, 6, "none")
    plain.axes(20, 4, [], [], "", "#8b949e")
    plain.glyphs([1], [0], "⣿", "not a colour")
    assert plain.to_text().spans == []
