"""The Metrics 2.0 corpus and small Metrics 2.0 folders, for the tests that need either.

``CORPUS`` is ``../shared/corpus/m2`` as CI lays it out; ``CASES`` lists its cases by
reading the folder (empty without it, so tests skip cleanly). ``write_case`` makes an
outputs folder the way a real test run does: the config under ``.resim/metrics/`` and
emissions appended by the official SDK's ``Emitter``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "m2"
CASES: list[str] = (
    sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file())
    if CORPUS.is_dir()
    else []
)
GOOD = [c for c in CASES if c.startswith("g")]
BAD = [c for c in CASES if not c.startswith("g")]

# (topic, data, timestamp in ns)
Row = tuple[str, dict[str, Any], int]


def write_config(folder: Path, config: str) -> Path:
    """``config`` as the folder's ``.resim/metrics/config.resim.yml``; its path."""
    path = folder / ".resim" / "metrics" / "config.resim.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config)
    return path


def emit(config: Path, output: Path, rows: Iterable[Row]) -> None:
    """Append ``rows`` to ``output`` with the official Emitter, checked against ``config``."""
    from resim.sdk.metrics.emissions import Emitter

    emitter = Emitter(config_path=config, output_path=output)
    for topic, data, timestamp in rows:
        emitter.emit(topic, data, timestamp)
    emitter.close()


def write_case(folder: Path, config: str, rows: Iterable[Row]) -> Path:
    """An outputs folder: ``config`` and ``rows`` in ``emissions.resim.jsonl``; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    emit(write_config(folder, config), folder / "emissions.resim.jsonl", rows)
    return folder
