"""``resim-tui [PATH]``: check what can be checked at once, then run the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.model import LoadError, locate


def _fail(message: str) -> int:
    print(f"resim-tui: {message}", file=sys.stderr)
    return 2


def launch(options: argparse.Namespace) -> int:
    """Open the viewer; returns the exit status (2 when the file cannot be used)."""
    path: Path | None = options.path
    if options.demo:
        from tui.demo import demo_dir

        path = demo_dir()
    try:
        file = locate(path)
        if file.is_file() and file.stat().st_size == 0:
            raise LoadError(f"{file}: the file is empty — still being written?", empty=True)
    except LoadError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{path}: {exc.strerror or exc}")
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        return _fail(
            "stdout is not an interactive terminal, so the viewer cannot draw here; "
            f"try: resim-tui show {_quote(str(path or file))}"
        )
    from tui.app import ResimApp

    app = ResimApp(file)
    app.run()
    if app.document is None and app.load_error:
        return _fail(app.load_error)
    return int(app.return_code or 0)


def _quote(text: str) -> str:
    return (
        text
        if text.replace("/", "").replace(".", "").replace("_", "").replace("-", "").isalnum()
        else repr(text)
    )
