"""The plotext adapter: its layout arithmetic matches plotext's, figures share no state."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from tui.charts import _plotext
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


def _random_figure(rng: random.Random, color: str) -> Figure:
    width, height = rng.randint(12, 70), rng.randint(5, 24)
    fig = Figure(width, height, color, frame=rng.random() < 0.8)  # type: ignore[arg-type]
    rows = fig.rows(x_labels=True, x_title=rng.random() < 0.5)
    label_w = rng.randint(1, 5)
    cols = fig.cols(label_w)
    palette = ["#ff0000", "#00ff00", "#0000ff", None]
    for _ in range(rng.randint(0, 3)):
        fig.hline(rng.randint(-1, rows), rng.choice(palette))
    for _ in range(rng.randint(0, 4)):
        n = rng.randint(1, 8)
        draw = fig.columns if rng.random() < 0.5 else fig.bands
        span = cols if draw == fig.columns else rows
        reach = rows if draw == fig.columns else cols
        draw(
            [rng.randint(-2, span + 1) for _ in range(n)],
            [rng.randint(-3, reach + 2) for _ in range(n)],
            rng.randint(-2, reach + 1),
            rng.choice("█▄#x"),
            rng.choice(palette),
        )
    for _ in range(rng.randint(0, 3)):
        text = "\n".join("v" * rng.randint(1, 9) for _ in range(rng.randint(1, 3)))
        fig.text(rng.randint(-3, cols + 1), rng.randint(-1, rows + 1), text, rng.choice(palette))
    x_ticks = sorted({(rng.randint(0, max(cols - 1, 0)), f"t{i}") for i in range(3)})
    y_ticks = [(0, "0".rjust(label_w)), (max(rows - 1, 0), "9".rjust(label_w))]
    fig.axes(cols, rows, x_ticks, y_ticks, "name" if rng.random() < 0.5 else "", "#808080")
    return fig


@pytest.mark.parametrize("color", ["none", "256", "truecolor"])
def test_bars_and_text_over_a_kept_frame_are_what_plotext_draws(color: str) -> None:
    """The bars and text written over a copied frame equal plotext drawing them all,
    cell for cell and colour for colour (edges, bases off the axis, clipped text)."""
    rng = random.Random(color)
    for _ in range(150):
        fig = _random_figure(rng, color)
        whole, fast = fig._whole(), fig._over_frame()
        assert fast.marker == [list(r) for r in whole.marker]
        assert fast.ground == [list(r) for r in whole.ground]


def test_figures_of_one_frame_build_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_plotext, "_FRAMES", {})
    built = []
    real = _plotext._figure_class

    def counted() -> object:
        built.append(1)
        return real()

    monkeypatch.setattr(_plotext, "_figure_class", counted)
    texts = []
    for top in (2, 5, 7):  # other bars, one frame
        fig = Figure(40, 12, "256")
        rows, cols = fig.rows(x_labels=True, x_title=False), fig.cols(2)
        fig.columns([1, 4, 9], [top, top - 1, 1], 0, "█", "#ff0000")
        fig.text(12, top, f"{top}", "#00ff00")
        fig.axes(cols, rows, [(0, "a"), (cols - 1, "b")], [(0, " 0"), (rows - 1, " 9")])
        texts.append(fig.to_text())
    assert len(built) == 1
    assert len({t.plain for t in texts}) == 3  # each its own bars
    assert all("█" in t.plain for t in texts)
