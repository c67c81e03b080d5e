"""Overlaid charts in compare mode, for every chart type that overlays: A's marks faded,
B's bright, both named (legend or band label); bars and states paired. Drawn without a
terminal, on files written by the official SDK."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from tests.compare_jobs import write_run
from tui.charts.overlay import overlay_palette
from tui.charts.render import render
from tui.charts.types import Palette
from tui.formats import load
from tui.model.compare.overlay import overlay, split

BRIGHT = Palette.for_background(True)
_BRAILLE = "".join(chr(c) for c in range(0x2801, 0x2900))


def _overlaid(tmp_path: Path, name: str, **changes: object):
    a = load(write_run(tmp_path / "a"))
    b = load(write_run(tmp_path / "b", **changes))
    pair = [next(m for m in doc.metrics if m.name == name) for doc in (a, b)]
    merged = overlay(*pair)
    assert merged is not None
    return merged


def _colours(text: Text, row: int | None = None, glyphs: str = "█▓▒░•⣿") -> set[str]:
    """Colours of the drawn marks (on one row, or anywhere)."""
    found = set()
    for i, line in enumerate(text.split()):
        if row is not None and i != row:
            continue
        for span in line.spans:
            if any(ch in glyphs for ch in line.plain[span.start : span.end]):
                found.add(str(span.style).lower())
    return found


def _lower(colours) -> set[str]:
    return {c.lower() for c in colours}


def test_states_bands_of_a_are_faded_and_paired_with_b(tmp_path: Path) -> None:
    gear = _overlaid(tmp_path, "Gear", gear=["P", "D", "R", "R", "D", "P"])
    palette = overlay_palette(BRIGHT, *split(gear), dark=True, bands=True)
    assert palette.series == BRIGHT.series  # states keep their colours: only A's fade
    body = render(gear, 80, 12, color="truecolor", palette=palette).body
    rows = body.plain.splitlines()
    row_a = next(i for i, r in enumerate(rows) if r.startswith("A · gear"))
    row_b = next(i for i, r in enumerate(rows) if r.startswith("B · gear"))
    assert row_b > row_a  # A's band, then B's: one pair
    bright = _lower([*BRIGHT.series, BRIGHT.fail])
    faded_a, shown_b = _colours(body, row_a), _colours(body, row_b)
    assert shown_b and shown_b <= bright
    assert faded_a and not faded_a & bright
    # Faded: each state's own colour toward the background, not other colours.
    assert palette.faded is not None
    assert faded_a <= _lower([*palette.faded.series, palette.faded.fail])
    # Without mixable colours (16-colour names) A's bands take the terminal's dim.
    basic = overlay_palette(Palette.basic(), *split(gear), dark=True, bands=True)
    body = render(gear, 80, 12, color="16", palette=basic).body
    assert all(style.startswith("dim") for style in _colours(body, row_a))


def test_bars_of_a_are_dimmed_beside_b_and_never_stacked_on_them(tmp_path: Path) -> None:
    counts = _overlaid(tmp_path, "Counts", counts=[1.0, 5.0, 3.0])
    assert counts.values.legend == ["A · n", "B · n"] and counts.values.stack is False
    palette = overlay_palette(BRIGHT, *split(counts), dark=True)
    chart = render(counts, 80, 16, color="truecolor", palette=palette)
    assert "A · n" in chart.body.plain and "B · n" in chart.body.plain
    drawn = _colours(chart.body)
    assert palette.series[0] != palette.series[1] == BRIGHT.color(0)
    assert _lower(palette.series[:2]) <= {s.split()[-1] for s in drawn}


def test_lines_of_a_are_dimmed_and_both_in_the_legend(tmp_path: Path) -> None:
    speed = _overlaid(tmp_path, "Speed", speed=[1.0, 2.0, 3.0, 14.0, 5.0, 6.0])
    palette = overlay_palette(BRIGHT, *split(speed), dark=True)
    chart = render(speed, 80, 16, color="truecolor", palette=palette)
    assert "A · ego" in chart.body.plain and "B · ego" in chart.body.plain
    assert palette.series[1] == BRIGHT.color(0) and palette.series[0] != BRIGHT.color(0)
    drawn = {s.split()[-1] for s in _colours(chart.body, glyphs=_BRAILLE)}
    assert _lower(palette.series[:2]) <= drawn  # A's line and B's both drawn
