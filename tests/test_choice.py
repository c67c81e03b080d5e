"""Drop-downs removed while they mount don't take the app down (tui/app/widgets/choice.py)."""

from __future__ import annotations

import ast

from textual import events
from textual.app import App, ComposeResult
from textual.widgets._select import SelectOverlay

from tests.conftest import ROOT
from tui.app.widgets.choice import Choice


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Choice([("a", "a"), ("b", "b")], allow_blank=False, id="pick")


async def test_a_choice_whose_overlay_is_gone_ignores_its_late_mount() -> None:
    # The race, made deterministic: the children are pruned, then the mount
    # handler that was already queued runs. Textual's Select raises NoMatches.
    app = _Host()
    async with app.run_test() as pilot:
        choice = app.query_one("#pick", Choice)
        await choice.query_one(SelectOverlay).remove()
        await pilot.pause()
        choice._on_mount(events.Mount())
        choice.set_options([("c", "c")])
        await pilot.pause()
        assert app.is_running


async def test_a_choice_still_works_when_whole() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        choice = app.query_one("#pick", Choice)
        choice.set_options([("x", "x"), ("y", "y")])
        choice.value = "y"
        await pilot.pause()
        assert choice.value == "y"
        assert len(choice.query_one(SelectOverlay).options) == 2


def test_every_drop_down_in_the_app_is_a_choice() -> None:
    offenders = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path.name == "choice.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Subscript):
                    func = func.value
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name == "Select":
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "build drop-downs with tui.app.widgets.choice.Choice: " + ", ".join(
        offenders
    )
