"""``resim-tui [PATH]``: check what can be checked at once, then run the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui.formats import load_early, locate, start_outline
from tui.formats.scan import is_batch
from tui.live import heap
from tui.model import Document, LoadError
from tui.text.safe import printable

# Files up to this size and this many objects are read before the UI starts (tens of
# milliseconds), so a bad file is one sentence on stderr with no flash of a screen;
# bigger ones, and small ones of many objects, load in the app's worker behind a
# first frame that says "loading…".
_READ_FIRST_BYTES = 16 * 1024 * 1024
_READ_FIRST_OBJECTS = 2_000


def _fail(message: str) -> int:
    print(f"resim-tui: {printable(message)}", file=sys.stderr)
    return 2


def _load_early(file: Path) -> Document | None:
    with heap.loading():  # frozen as the app's own loads are: full collections skip it
        return load_early(file, most_bytes=_READ_FIRST_BYTES, most_objects=_READ_FIRST_OBJECTS)


# The UI thread waits up to the switch interval for the GIL each time it takes it back
# from a worker running Python (a load, a check, a compare), several times a frame.
# With two such workers a frame of ten short waits took 18 ms on average at the default
# 5 ms (p99 150-220 ms), 4-6 ms at 1 ms (p99 50-73 ms), the workers as fast or faster.
SWITCH_INTERVAL = 0.001


def launch(options: argparse.Namespace) -> int:
    """Open the viewer; returns the exit status (2 when the file cannot be used)."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    path: Path | None = options.path
    if options.demo:
        from tui.demo import demo_dir

        path = demo_dir()
    if options.run and getattr(options, "other", None) is not None:
        return _fail("--run re-runs one build; to compare two runs drop --run: resim-tui A B")
    if options.run and path is not None and is_batch(path):
        return _batch(options, path)  # the command rewrites many jobs: the jobs screen
    if options.run:
        return _run_loop(options, path)
    if getattr(options, "other", None) is not None:
        return _compare(options, path)
    if path is not None and is_batch(path):
        return _batch(options, path)
    document: Document | None = None
    try:
        file = locate(path)
        size = file.stat().st_size if file.is_file() else 0
        if file.is_file() and size == 0 and options.no_watch:
            raise LoadError(f"{file}: the file is empty — still being written?", empty=True)
        # An empty file while watching: a writer has just truncated it; wait in the app.
        if size > 0:
            document = _load_early(file)
        if document is None and file.is_dir():
            start_outline(file)  # scanned while the interface imports

    except LoadError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{path}: {exc.strerror or exc}")
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        return _fail(
            "stdout is not an interactive terminal, so the viewer cannot draw here; "
            f"try: resim-tui show {_quote(str(path or file))}"
        )
    from tui.app.viewer import Options, ResimApp

    _probe_graphics(document)
    app = ResimApp(file, document, Options(watch=not options.no_watch, poll=options.poll))
    app.run()
    if app.document is None and app.load_error:
        return _fail(app.load_error)
    return int(app.return_code or 0)


def _compare(options: argparse.Namespace, side_a: Path | None) -> int:
    """``resim-tui A B``: B is the app's file, A the baseline; a broken side is shown as such
    (the app says which and why) as long as the other can be read."""
    sides: list[tuple[Path, Document | None, str | None]] = []
    for path in (side_a or Path.cwd(), options.other):
        try:
            file = locate(path)
            size = file.stat().st_size if file.is_file() else 0
            sides.append((file, _load_early(file) if size > 0 else None, None))
        except LoadError as exc:
            sides.append((path, None, str(exc)))
        except OSError as exc:
            sides.append((path, None, f"{path}: {exc.strerror or exc}"))
    (file_a, doc_a, error_a), (file_b, doc_b, error_b) = sides
    if error_a and error_b:
        return _fail(f"neither side can be read. A: {error_a}; B: {error_b}")
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        return _fail(
            "stdout is not an interactive terminal, so the viewer cannot draw here; "
            f"try: resim-tui diff {_quote(str(file_a))} {_quote(str(file_b))}"
        )
    from tui.app.viewer import Options, ResimApp

    _probe_graphics(doc_b)
    watch = not options.no_watch
    app = ResimApp(
        file_b,
        doc_b,
        Options(watch=watch, poll=options.poll, side_a=file_a, side_a_document=doc_a),
    )
    app.run()
    return int(app.return_code or 0)


def _run_loop(options: argparse.Namespace, path: Path | None) -> int:
    """The watch loop: the metrics file may not exist until the command writes it."""
    target = path or Path.cwd()
    file = target if target.suffix == ".binproto" else target / "metrics.binproto"
    try:
        # The command writes the file into this folder; watching it needs it to exist.
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _fail(f"{file.parent}: cannot create it ({exc.strerror or exc})")
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        return _fail("stdout is not an interactive terminal; the watch loop needs one")
    from tui.app.viewer import Options, ResimApp

    sources = options.watch_src or ["**/*.py"]
    _probe_graphics(None)
    app = ResimApp(
        file, None, Options(watch=True, poll=options.poll, run=options.run, watch_src=sources)
    )
    app.run()
    return int(app.return_code or 0)


def _batch(options: argparse.Namespace, root: Path) -> int:
    """A folder of many jobs: the jobs screen, each job opening in the viewer."""
    if not sys.stdout.isatty() or os.environ.get("TERM") == "dumb":
        return _fail(
            "stdout is not an interactive terminal, so the viewer cannot draw here; "
            f"try: resim-tui show {_quote(str(root))}"
        )
    from tui.formats.batch import start_reading
    from tui.formats.pool import Workers

    # Forked now, before Textual starts its threads, and given the jobs at once: the
    # workers read the rows while the interface is still importing.
    pool = Workers(preload=["tui.formats.batch", "tui.live.checks"])
    try:
        reading = start_reading(root, pool)
        from tui.app.batch_viewer import BatchViewer
        from tui.app.viewer import Options

        _probe_graphics(None)
        watch = not options.no_watch or bool(options.run)  # a run's jobs are picked up live
        batch_options = Options(
            watch=watch, poll=options.poll, run=options.run, watch_src=options.watch_src
        )
        app = BatchViewer(root, batch_options, pool, reading)
        app.run()
    finally:
        pool.close()
    return int(app.return_code or 0)


def _probe_graphics(document: Document | None) -> None:
    """Let textual-image ask the terminal about Kitty/Sixel, if pictures may be shown.

    The question costs a terminal round trip, so a file read before start with no
    image metrics skips it; a file not read yet (big, or still to be written) may have some.
    Keys typed while the app was starting are dropped first: the probe reads the
    terminal and cut such type-ahead into stray text and half escape sequences (a
    filter nobody saw, help opening), and nothing was yet on screen to aim them at.
    """
    _drop_typeahead()
    if document is not None and not any(
        m.values_kind in ("image_metric_values", "image_list_metric_values")
        for m in document.metrics
    ):
        return
    from tui.app.widgets.image_view import probe_terminal_graphics

    probe_terminal_graphics()


def _drop_typeahead() -> None:
    try:
        import termios

        if sys.stdin.isatty():
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):  # no termios (Windows), or no usable stdin
        pass


def _quote(text: str) -> str:
    return (
        text
        if text.replace("/", "").replace(".", "").replace("_", "").replace("-", "").isalnum()
        else repr(text)
    )
