"""The Metrics 2.0 reader's entry points, as ``tui.formats`` dispatches to them."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from tui.formats.metrics2.config import CONFIG_DIR, find
from tui.formats.metrics2.jobs import MANIFEST, discover, has_emissions
from tui.model import Document

# ``--config`` paths for this process (the CLI sets them once, before anything loads).
CONFIG_OVERRIDE: list[Path] = []
# ``--metrics-set``: run only that set's metrics, as a batch started with it would.
METRICS_SET: list[str] = []
SUFFIXES = (".resim.jsonl", ".ndjson", ".resim.yml", ".resim.yaml", ".liquid")
# Outlines started before the app (tui/cli/launch.py), by path: taken once.
_STARTED: dict[Path, Future[Document | None]] = {}


def is_metrics2(path: Path) -> bool:
    return has_emissions(path)


def load(
    path: Path,
    stop: Callable[[], bool] | None = None,
    early: Callable[[Document], None] | None = None,
) -> Document:
    """The Document of ``path``. After an append, ``early`` is first handed one with the
    new rows and the metrics' last values, marked as recomputing."""
    # Imported here: the engine (DuckDB, sqlglot, Liquid) costs most of a second to
    # import, and every command that opens a Metrics 1.0 file would pay it otherwise.
    from tui.formats.metrics2.build import build
    from tui.formats.metrics2.preview import Preview, preview

    def rows_first(rows: Preview) -> None:
        if early is not None and not (stop is not None and stop()):
            early(build(rows))

    chosen = METRICS_SET[0] if METRICS_SET else None
    return build(
        preview(
            path,
            CONFIG_OVERRIDE or None,
            stop=stop,
            metrics_set=chosen,
            rows_first=rows_first if early is not None else None,
        )
    )


def outline(path: Path) -> Document | None:
    """A first Document of a large directory (topics counted, metrics pending), quick to
    read; None when the emissions are small enough for ``load`` to be as quick."""
    started = _STARTED.pop(path, None)
    return started.result() if started is not None else _outline(path)


def _outline(path: Path) -> Document | None:
    from tui.formats.metrics2.build import build_outline
    from tui.formats.metrics2.outline import outline as read_outline

    found = read_outline(path, CONFIG_OVERRIDE or None)
    return build_outline(found) if found is not None else None


def start_outline(path: Path) -> None:
    """Read the outline in a thread now, for ``outline(path)`` to take: DuckDB scans
    the file while the interface imports (its scan does not hold the GIL)."""
    future: Future[Document | None] = Future()

    def run() -> None:
        try:
            future.set_result(_outline(path))
        except BaseException as exc:  # handed to whoever takes it
            future.set_exception(exc)

    _STARTED[path] = future
    threading.Thread(target=run, name="m2-outline", daemon=True).start()


def is_large(path: Path) -> bool:
    """Whether the emissions are big enough that ``load`` takes seconds."""
    from tui.formats.metrics2.outline import MIN_BYTES, emissions_size

    return emissions_size(discover(path)) >= MIN_BYTES


def inputs(path: Path) -> list[Path]:
    """Every file the document is read from: emissions, manifest, config, templates."""
    root = path if path.is_dir() else path.parent
    files = [f for job in discover(path) for f in job.files]
    if (root / MANIFEST).is_file():
        files.append(root / MANIFEST)
    configs = find(root, CONFIG_OVERRIDE or None)
    files += configs
    folder = configs[0].parent / "templates" if configs else root / CONFIG_DIR / "templates"
    if folder.is_dir():
        files += sorted(p for p in folder.iterdir() if p.name.lower().endswith(".liquid"))
    return files


def signature(path: Path) -> tuple[int, int] | None:
    """(total size, newest mtime) over every input; None when the directory is gone."""
    if not path.exists():
        return None
    size = mtime = 0
    for f in inputs(path):
        try:
            info = os.stat(f)
        except OSError:
            continue
        size += info.st_size
        mtime = max(mtime, info.st_mtime_ns)
    return size, mtime


def affects(source: Path, changed: Path) -> bool:
    """Whether a change to ``changed`` may change the document read from ``source``."""
    name = changed.name.lower()
    return name.endswith(SUFFIXES) or name == MANIFEST or changed in CONFIG_OVERRIDE
