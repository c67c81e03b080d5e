"""A picture of the viewer without a terminal: the app runs headless and saves an SVG."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.model import Document
from tui.text.safe import printable

if TYPE_CHECKING:
    from textual.pilot import Pilot


def save_svg(
    doc: Document, target: Path, width: int, height: int, metrics: list[str], err: TextIO
) -> int:
    """Run the viewer headless on ``doc`` at ``width`` x ``height``, select the first of
    ``metrics`` (if any), wait until it is drawn, and write the screen to ``target``."""
    # Without a terminal Textual would pick 16 colours; a picture should have them all.
    # Textual reads this when first imported, which is below.
    os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "truecolor")
    from tui.app.viewer import Options, ResimApp

    wanted = metrics[0] if metrics else None
    if wanted is not None and not any(m.name == wanted for m in doc.metrics):
        print(f"resim-tui show: no metric named {printable(wanted, 80)!r}", file=err)
        return 2
    app = ResimApp(doc.path, doc, Options(watch=False))

    async def pilot_script(pilot: Pilot[object]) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        if wanted is not None:
            app.jump_to(next(m for m in doc.metrics if m.name == wanted))
        for _ in range(3):  # the card, then its chart worker, then the paint
            await pilot.pause(0.05)
            await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        app.save_screenshot(filename=target.name, path=str(target.parent.resolve()))
        app.exit(0)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        app.run(headless=True, size=(max(width, 40), max(height, 12)), auto_pilot=pilot_script)
    except OSError as exc:
        print(f"resim-tui show: cannot write {target}: {exc.strerror or exc}", file=err)
        return 1
    if not target.exists():
        print(f"resim-tui show: the picture was not written to {target}", file=err)
        return 1
    return 0
