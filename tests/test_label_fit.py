"""Tree labels fit their width: the name gives way, then notes; marks always show."""

from __future__ import annotations

import pytest
from rich.style import Style
from rich.text import Text

from tui.app.widgets.label_fit import NOTE, TAIL, fit_label

PREFIX = "●✔ # "


def _label(name: str, note: str = "", marks: str = "", badge: str = "") -> Text:
    text = Text.assemble(PREFIX, name)
    if marks:
        text.append(marks, Style(dim=True) + TAIL)
    if note:
        text.append(note, Style(dim=True) + NOTE)
    if badge:
        text.append(badge, Style(bold=True) + TAIL)
    return text


CASES = [
    ("Minimum distance to lead vehicle", "  Δ -2.75 (-57.9%)", "", " !1"),
    ("series over time 04", "  series over time 0 → 3", "", ""),
    ("Localization error", "", " hidden", " !12"),
    ("A", "  PASSED → FAIL_WARN", "", " !3"),
    ("Active track", "", " unreferenced", " !1"),
]


@pytest.mark.parametrize("room", [12, 18, 24, 29, 40])
@pytest.mark.parametrize(("name", "note", "marks", "badge"), CASES)
def test_fits_keeps_marks_and_says_where_it_cut(room, name, note, marks, badge) -> None:
    whole = _label(name, note, marks, badge)
    fitted = fit_label(whole, len(PREFIX), room)
    assert fitted.cell_len <= room, fitted.plain
    if whole.cell_len <= room:
        assert fitted.plain == whole.plain
        return
    assert "…" in fitted.plain, f"cut without an ellipsis: {fitted.plain!r}"
    tail = marks + badge
    if len(PREFIX) + 2 + len(tail) <= room:
        assert fitted.plain.endswith(tail), fitted.plain  # marks and badge always show
        assert fitted.plain.startswith(PREFIX + name[0]), fitted.plain


def test_the_name_keeps_a_few_letters_before_the_note_gives_way() -> None:
    fitted = fit_label(_label("Minimum distance", "  Δ -2.75 (-57.9%)", badge=" !1"), 5, 29)
    assert fitted.plain.startswith(PREFIX + "Minimu…"), fitted.plain
    assert fitted.plain.endswith("…  !1") or fitted.plain.endswith("… !1"), fitted.plain


def test_a_note_too_small_to_say_anything_leaves_its_ellipsis() -> None:
    fitted = fit_label(_label("Speed", "  Δ -2.75", badge=" !1"), 5, 12)
    assert "Δ" not in fitted.plain and fitted.plain.endswith(" … !1"), fitted.plain
