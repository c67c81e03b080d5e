"""Loaded DuckDB engines are kept for a few directories and evicted past that. With three
or more Metrics 2.0 folders open in one process (compare, batch), a read of one folder
can evict the engine of another that is still computing: that engine must stay open
until its read is done, then be closed."""

from __future__ import annotations

from pathlib import Path

from tests.m2_corpus import write_case
from tui.formats.metrics2 import preview as preview_module
from tui.formats.metrics2.preview import preview

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
metrics:
  Top Speed:
    type: test
    query_string: SELECT MAX(v) FROM speed
    template_type: system
    template: scalar
  Samples:
    type: test
    query_string: SELECT COUNT(*) FROM speed
    template_type: system
    template: scalar
  Mean Speed:
    type: test
    query_string: SELECT AVG(v) FROM speed
    template_type: system
    template: scalar
"""


def _folder(root: Path, name: str, top: float) -> Path:
    rows = [("speed", {"v": v}, i * 1_000_000_000) for i, v in enumerate((1.0, top, 2.0))]
    return write_case(root / name, CONFIG, rows)


def _values(out: preview_module.Preview) -> dict[str, object]:
    return {o.metric.name: (o.status, o.error, o.rows) for o in out.outcomes}


def test_a_folder_still_computing_keeps_its_engine_when_others_evict_it(tmp_path: Path) -> None:
    a, b, c = (_folder(tmp_path, n, top) for n, top in (("a", 5.0), ("b", 6.0), ("c", 7.0)))
    others: list[preview_module.Preview] = []
    engines: list[object] = []

    def open_the_others() -> bool:
        # Called between A's metrics, with A's engine loaded and in use: B and C are read
        # now, as a compare or batch view reads its folders, and the third evicts A's.
        if not others:
            engines.append(preview_module._ENGINES[a.absolute()][1])
            others.extend(preview(folder) for folder in (b, c))
        return False

    out = preview(a, stop=open_the_others)
    assert len(others) == 2  # the interleaving happened
    assert a.absolute() not in preview_module._ENGINES  # A's engine was evicted...
    assert _values(out) == {  # ...and A's metrics were all computed on it all the same
        "Top Speed": (None, "", [(5.0,)]),
        "Samples": (None, "", [(3,)]),
        "Mean Speed": (None, "", [(8.0 / 3,)]),
    }
    for other, top in zip(others, (6.0, 7.0), strict=True):
        assert other.outcome("Top Speed") is not None
        assert other.outcome("Top Speed").rows == [(top,)]  # type: ignore[union-attr]
    assert _closed(engines[0])  # by A's read, once it was done with it
    # Read again, A loads a fresh engine: the evicted one was closed, not reused.
    again = preview(a)
    assert _values(again) == _values(out)


def test_an_evicted_engine_nobody_uses_is_closed(tmp_path: Path) -> None:
    folders = [_folder(tmp_path, n, float(i)) for i, n in enumerate("pqr")]
    engines = []
    for folder in folders:
        preview(folder)
        engines.append(preview_module._ENGINES[folder.absolute()][1])
    assert folders[0].absolute() not in preview_module._ENGINES
    assert _closed(engines[0])
    assert not _closed(engines[-1])


def _closed(engine: object) -> bool:
    import duckdb

    try:
        engine.con.execute("SELECT 1")  # type: ignore[attr-defined]
    except duckdb.ConnectionException:
        return True
    return False
