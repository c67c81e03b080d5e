"""Colours for a chart that overlays two runs: A's series dimmed, B's bright, each pair
in one hue (the metric itself is built by tui.model.compare.overlay: A's series first).

States take their colours by state, not by series: there A's bands are drawn in the
same colours faded, and the palette says which bands are A's."""

from __future__ import annotations

import dataclasses
import re

from tui.charts.types import Palette

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
_DIM = 0.55  # how far A's colours go toward the background


def overlay_palette(
    palette: Palette, count_a: int, count_b: int, *, dark: bool, bands: bool = False
) -> Palette:
    """Series colours [dim c0 … dim c(n-1), c0 … c(n-1)]: A's k-th series is a dimmed B's k-th.
    With ``bands`` (states), the series colours stay and A's bands are marked as faded.

    Colours that are not ``#rrggbb`` (16-colour names) cannot be dimmed: the palette
    is returned as it is, and the legends' "A ·" / "B ·" still tell the sides apart
    (faded bands fall back to the terminal's dim attribute).
    """
    background = (0x0D, 0x11, 0x17) if dark else (0xFF, 0xFF, 0xFF)
    if bands:
        return dataclasses.replace(
            palette,
            baseline=(True,) * count_a + (False,) * count_b,
            faded=_faded(palette, background),
        )
    count = max(count_a, count_b)
    bright = [palette.color(k) for k in range(count)]
    if count == 0 or not all(_HEX.match(c) for c in bright):
        return palette
    dimmed = [_toward(c, background) for c in bright]
    return dataclasses.replace(palette, series=tuple(dimmed[:count_a] + bright[:count_b]))


def _faded(palette: Palette, background: tuple[int, int, int]) -> Palette | None:
    """Every colour of ``palette`` (series and statuses) dimmed toward the background."""
    colours = (*palette.series, palette.passed, palette.warn, palette.fail)
    if not all(_HEX.match(c) for c in colours):
        return None
    return dataclasses.replace(
        palette,
        series=tuple(_toward(c, background) for c in palette.series),
        passed=_toward(palette.passed, background),
        warn=_toward(palette.warn, background),
        fail=_toward(palette.fail, background),
    )


def _toward(colour: str, background: tuple[int, int, int]) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (b - c) * _DIM) for c, b in zip(rgb, background, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in mixed)
