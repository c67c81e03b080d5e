"""No key means two things in one place, and every key is in the footer or in ``?``.

A *place* is what has the focus (a widget, or a screen with nothing focused);
the keys that work there are the bindings of the focused widget, its
containers, its screen and the app. Inside one screen a widget may not give a
key its screen or the app already uses another meaning (``p`` was "previous
image" in the card and Problems everywhere else). A screen does replace the
app's keys (Esc on the jobs screen clears its filter, ``q`` in a panel closes
it): each screen has its own footer that says so. The walk visits every
focusable widget the viewer shows (every metric's, event's and data's card,
the filter, the panels) and the batch screens, so a binding added anywhere is
checked here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from tests.batch_fixture import shared_batch
from tests.conftest import ROOT
from tui import formats
from tui.app.batch_viewer import BatchViewer
from tui.app.screens.help import JOBS_KEYS, KEYS
from tui.app.viewer import Options, ResimApp
from tui.model import Metric

# Pilot apps: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo" / "metrics.binproto"

# Moving inside the focused thing (a table's cursor, the next image) wins over its
# container scrolling by the same key: that is one meaning, "move", not two.
_MOVES = re.compile(r"(scroll|page|cursor)_")
# Ctrl+C copies the selected text, and when nothing is selected it quits: one key,
# the terminal's habit, Textual's copy first.
_COPY_ELSE_QUIT = {"copy", "screen.copy_text", "help_quit"}
# "/" finds in what has the focus: it filters the tree and searches a table's rows.
_FIND_HERE = {"filter", "search"}

# How ``?`` writes a key.
_SHOWN = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "slash": "/",
    "colon": ":",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "less_than_sign": "<",
    "greater_than_sign": ">",
}


def _written(key: str) -> str:
    """``ctrl+pagedown`` as ``?`` writes it: ``Ctrl+PgDn``."""
    *mods, last = key.split("+")
    name = _SHOWN.get(last, last.upper() if mods else last if len(last) == 1 else last.title())
    return "+".join([*(m.capitalize() for m in mods), name])


def _help_keys() -> set[str]:
    words = set()
    for keys, _ in [*KEYS, *JOBS_KEYS]:
        tokens = [w for w in keys.split() if w != "or"]
        # "/" separates keys ("c / o"), unless it is the key ("/" filters).
        words.update(w for w in tokens if w != "/" or len(tokens) == 1)
    return words


def _chain(place: DOMNode) -> list[DOMNode]:
    return list(place.ancestors_with_self)


def _active(node: DOMNode, binding: Binding) -> bool:
    action = binding.action.split("(")[0].removeprefix("app.").removeprefix("screen.")
    return node.check_action(action, ()) is not False


def _meanings(place: DOMNode) -> dict[str, list[tuple[DOMNode, Binding]]]:
    """Each key and what binds it here, innermost first (priority bindings included)."""
    found: dict[str, list[tuple[DOMNode, Binding]]] = defaultdict(list)
    for node in _chain(place):
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                if _active(node, binding):
                    found[key].append((node, binding))
    if isinstance(place, Input):  # a text box takes the printable keys as text
        found = defaultdict(list, {k: v for k, v in found.items() if len(k) > 1})
    return found


def _conflicts(where: str, place: DOMNode) -> list[str]:
    wrong = []
    for key, bound in _meanings(place).items():
        actions = {b.action for _, b in bound}
        if actions <= _COPY_ELSE_QUIT or actions <= _FIND_HERE:
            continue
        # What the focused widget and its containers make of the key, then its screen's.
        widgets = [(n, b) for n, b in bound if isinstance(n, Widget) and not isinstance(n, Screen)]
        if not widgets:
            continue
        inner = next((b for _, b in bound if b.priority), widgets[0][1])
        others = {
            b.action
            for _, b in bound
            if b.action != inner.action and not _MOVES.match(b.action.split(".")[-1])
        }
        if others:
            names = ", ".join(f"{type(n).__name__}: {b.action}" for n, b in bound)
            wrong.append(f"{where}: {key} means {names}")
    return wrong


def _undocumented(where: str, place: DOMNode, footer: set[str], help_keys: set[str]) -> list[str]:
    wrong = []
    for key, bound in _meanings(place).items():
        binding = bound[0][1]
        if binding.show and binding.description and key in footer:
            continue
        if isinstance(bound[0][0], Input):
            continue  # a text box's editing keys: ? names them as a group
        if _written(key) not in help_keys:
            wrong.append(f"{where}: {key} ({binding.action}) is in neither the footer nor ?")
    return wrong


def _footer_keys(screen: Screen) -> set[str]:
    """The keys of the footer the user sees on this screen, each drawn whole."""
    footers = screen.query(Footer)
    assert footers, f"{type(screen).__name__} has no footer: its keys are not shown"
    shown = set()
    width = screen.size.width
    for item in footers.first().query(FooterKey):
        if item.region.width and item.region.right <= width:
            shown.add(item.key)
    return shown


def _footer_cut(screen: Screen) -> list[str]:
    """Keys the footer draws only in part, or past the edge of the screen."""
    width = screen.size.width
    keys = screen.query(Footer).first().query(FooterKey)
    return [
        f"{type(screen).__name__}: the footer is cut at {k.key}"
        for k in keys
        if k.region.right > width
    ]


def _places(screen: Screen) -> Iterator[Widget | Screen]:
    yield from screen.focus_chain or [screen]


async def _settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _check_screen(app, pilot, seen: set, label: str) -> list[str]:
    wrong: list[str] = []
    help_keys = _help_keys()
    for place in list(_places(app.screen)):
        signature = tuple(type(n).__name__ for n in _chain(place))
        if signature in seen:
            continue
        seen.add(signature)
        if isinstance(place, Widget):
            place.focus()
            await pilot.pause()
        where = f"{label} / {' < '.join(signature[:-1])}"
        wrong += _conflicts(where, place)
        wrong += _undocumented(where, place, _footer_keys(app.screen), help_keys)
    return wrong


async def test_one_meaning_per_key_and_every_key_shown_in_the_viewer() -> None:
    app = ResimApp(DEMO)
    seen: set = set()
    wrong: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        doc = app.document
        items = [*doc.display_order, *doc.events, *doc.data]
        for item in items:
            app.jump_to(item)
            await _settle(app, pilot)
            name = item.name if isinstance(item, Metric) else type(item).__name__
            wrong += await _check_screen(app, pilot, seen, name)
        app.jump_to(doc.display_order[0])
        await _settle(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        wrong += await _check_screen(app, pilot, seen, "filter")
        await pilot.press("escape")
        for key in ("p", "question_mark"):
            await pilot.press(key)
            await _settle(app, pilot)
            wrong += await _check_screen(app, pilot, seen, type(app.screen).__name__)
            await pilot.press("escape")
            await pilot.pause()
    assert not wrong, "\n".join(wrong)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_batch(tmp_path_factory)


async def test_one_meaning_per_key_and_every_key_shown_on_the_jobs_screens(
    batch_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats.pool, "workers", lambda: 1)
    app = BatchViewer(batch_dir, Options(watch=False))
    seen: set = set()
    wrong: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.pause(0.2)
        wrong += await _check_screen(app, pilot, seen, "jobs")
        await pilot.press("slash")
        await pilot.pause()
        wrong += await _check_screen(app, pilot, seen, "jobs filter")
        await pilot.press("escape", "escape")
        await pilot.press("m")
        await _settle(app, pilot)
        wrong += await _check_screen(app, pilot, seen, type(app.screen).__name__)
        await pilot.press("escape")
        await _settle(app, pilot)
        wrong += _footer_cut(app.jobs)  # the jobs screen's own keys fit 80 columns
    assert not wrong, "\n".join(wrong)


async def test_ctrl_c_quits_when_nothing_is_selected() -> None:
    app = ResimApp(DEMO)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running
