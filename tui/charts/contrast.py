"""Colours made readable on a background: WCAG 2's contrast ratio, and a colour moved
towards black or white until it holds one.

A theme's status colours are chosen for its own widgets; on a chart they mark single
cells (a "!" beside a bar, a failing point), where Textual's light theme's warning
orange holds 1.5:1 against its background and vanishes.
"""

from __future__ import annotations

from rich.color import Color, ColorParseError

MIN_CONTRAST = 3.0  # WCAG 2's minimum for graphics and large text


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def readable(colour: str, background: str, least: float = MIN_CONTRAST) -> str:
    """``colour``, or the nearest mix of it with black (on a light background) or white
    (on a dark one) that holds ``least``:1 against ``background``; as given when either
    cannot be read as a colour."""
    try:
        fore = Color.parse(colour).get_truecolor()
        ground = Color.parse(background).get_truecolor()
    except ColorParseError:
        return colour
    if ratio(fore, ground) >= least:
        return colour
    towards = 0 if luminance(ground) > 0.18 else 255
    for step in range(1, 21):
        t = step / 20
        mixed = tuple(round(c + (towards - c) * t) for c in fore)
        if ratio(mixed, ground) >= least:  # type: ignore[arg-type]
            return "#{:02X}{:02X}{:02X}".format(*mixed)
    return colour


def mix(colour: str, other: str, share: float) -> str | None:
    """``colour`` moved ``share`` of the way to ``other`` (None when either is not a
    colour Rich can read as RGB)."""
    try:
        a = Color.parse(colour).get_truecolor()
        b = Color.parse(other).get_truecolor()
    except ColorParseError:
        return None
    return "#{:02X}{:02X}{:02X}".format(
        *(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))
    )
