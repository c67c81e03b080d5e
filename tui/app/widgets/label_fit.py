"""Fitting a tree label to its width: what gives way first, and always with "…".

A label is a name (with details after it), then marks that must always show
(``hidden``, ``unreferenced``, the ``!n`` badge) and notes that may shrink (a
compare delta, an event's time). Too wide, the name gives way first, down to a
few characters; then the notes, cut with "…" (down to " …"); then the name again,
down to one character. Only when the marks alone are wider than the room is the
end of the line cut, and then too with "…": nothing is ever cut by the edge.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

TAIL = Style(meta={"tail": True})  # a mark after the name: always shown
NOTE = Style(meta={"tail": True, "note": True})  # after the name, and may shrink
_NAME_FIRST = 6  # characters of the name kept before the notes give way


def _meta(label: Text, key: str) -> list[tuple[int, int]]:
    return sorted(
        (span.start, span.end)
        for span in label.spans
        if not isinstance(span.style, str) and span.style.meta.get(key)
    )


def _shrink_name(label: Text, start: int, room: int, floor: int) -> Text:
    """The name (and its details, up to the first mark) cut to fit, keeping ``floor``."""
    end = min([s for s, _ in _meta(label, "tail")] + [len(label)])
    over = label.cell_len - room
    if over <= 0 or end - start <= floor:
        return label
    keep = max(min(floor, end - start), (end - start) - over - 1)
    if keep >= end - start:
        return label
    return Text.assemble(label[: start + keep], "…", label[end:])


def _shrink_notes(label: Text, room: int) -> Text:
    """Each note, last first, cut with "…" (or down to " …") until the label fits."""
    for note_start, note_end in reversed(_meta(label, "note")):
        over = label.cell_len - room
        if over <= 0:
            break
        note = label[note_start:note_end]
        width = note.cell_len - over
        if width >= 4:  # "  Δ…" still says something; less is only noise
            note.truncate(width, overflow="ellipsis")
        else:  # what is left says there was more (the name gives way next)
            note = Text(" …", Style(dim=True) + NOTE)
        label = Text.assemble(label[:note_start], note, label[note_end:])
    return label


def fit_label(label: Text, name_start: int, room: int) -> Text:
    """``label`` cut to ``room`` cells; the name starts at ``name_start`` (-1: no name)."""
    if room <= 0 or label.cell_len <= room:
        return label
    if name_start >= 0:
        label = _shrink_name(label, name_start, room, _NAME_FIRST)
    label = _shrink_notes(label, room)
    if name_start >= 0:
        label = _shrink_name(label, name_start, room, 1)
    if label.cell_len > room:
        label = label.copy()
        label.truncate(room, overflow="ellipsis")
    return label
