"""A chart's Text is made without Rich's control-code strip where there is nothing to
strip, and is then the Text Rich's constructor makes; with a code in it, Rich strips."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.style import Style
from rich.text import Span, Text

from tui.charts import _plotext
from tui.charts._plotext import _as_text

CASES = [
    "",
    "plain ascii\nsecond line",
    "⠁⠂⠄⡀ ━━ │ ┼ 停止 ✗\n" * 20,
    "a bell \x07 here",
    "a carriage\rreturn",
    "form\x0cfeed and \x08back",
]


def _rendered(text: Text) -> str:
    out = io.StringIO()
    Console(file=out, width=60, color_system="truecolor", force_terminal=True).print(text)
    return out.getvalue()


@pytest.mark.parametrize("plain", CASES)
def test_as_text_is_richs_text(plain: str) -> None:
    spans = [Span(0, min(3, len(plain)), Style(color="red"))] if plain else []
    ours = _as_text(plain, list(spans))
    rich = Text(plain, spans=list(spans), no_wrap=True, overflow="crop", end="")
    assert ours.plain == rich.plain and len(ours) == len(rich)
    assert ours.spans == rich.spans
    assert (ours.no_wrap, ours.overflow, ours.end) == (rich.no_wrap, rich.overflow, rich.end)
    assert _rendered(ours) == _rendered(rich)


def test_the_strip_is_skipped_only_without_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    import rich.text

    calls: list[str] = []
    real = rich.text.strip_control_codes
    monkeypatch.setattr(rich.text, "strip_control_codes", lambda s: calls.append(s) or real(s))
    _as_text("⠁⠂⠄⡀\n" * 50, [])
    assert calls == [""]  # only the empty Text the characters are put into
    assert _as_text("bell \x07", []).plain == "bell "
    assert _plotext._SLOTS  # Rich 15 keeps the characters where _as_text puts them
