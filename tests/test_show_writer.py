"""``show`` writes what Rich would print, without Rich where Rich changes nothing.

Without colour, a piece whose lines fit the width goes straight to the output (Rich's
measuring and wrapping cost as much as a small chart, for each of 100,000 pieces of a
file of 20,000 metrics). These tests print every file of the corpora both ways, at a
wide and a narrow width (where names, tags and tables wrap), plain and in ASCII, and
need the same bytes.
"""

from __future__ import annotations

import argparse
import io
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import BAD, CONFORMANCE
from tests.sdk_jobs import write_job
from tui.app.inert import InertConsole
from tui.cli.commands import show

FILES = sorted(
    p.parent for p in (*CONFORMANCE.rglob("metrics.binproto"), *BAD.glob("*/metrics.binproto"))
)


def _print(path: Path, width: int, ascii_only: bool, fast: bool) -> str:
    args = argparse.Namespace(
        path=path, metric=[], width=width, height=12, no_color=True, ascii=ascii_only, svg=None
    )
    out, err = io.StringIO(), io.StringIO()
    saved = show.Writer
    show.Writer = partial(saved, fast=fast)  # type: ignore[misc]
    try:
        show.run(args, out, err)
    finally:
        show.Writer = saved  # type: ignore[misc]
    return out.getvalue()


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("job")
    write_job(folder)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(("width", "ascii_only"), [(100, False), (34, True)])
def test_the_direct_writer_prints_what_rich_prints(job: Path, width: int, ascii_only: bool) -> None:
    assert len(FILES) > 20
    for path in [job, *FILES]:
        fast = _print(path, width, ascii_only, fast=True)
        assert fast == _print(path, width, ascii_only, fast=False), path


class _Counting(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


def test_many_metrics_are_written_in_a_few_chunks_without_rich(tmp_path: Path) -> None:
    """Per-metric cost: 2,000 metrics (10,000 pieces) reach the file in a few writes, and
    none goes through Rich (each print would measure, wrap and strip its piece)."""
    from tests.hostile_jobs import shape

    (tmp_path / "metrics.binproto").write_bytes(shape("metrics", 2_000).SerializeToString())
    args = argparse.Namespace(
        path=tmp_path, metric=[], width=100, height=12, no_color=True, ascii=False, svg=None
    )
    out = _Counting()
    printed: list[object] = []
    saved = InertConsole.print
    InertConsole.print = lambda self, *o, **k: printed.append(o)  # type: ignore[method-assign]
    try:
        assert show.run(args, out, io.StringIO()) == 0
    finally:
        InertConsole.print = saved  # type: ignore[method-assign]
    assert out.getvalue().count("[NO_METRIC_TYPE]") == 2_000
    assert printed == []
    assert out.writes <= 5


def test_defuse_finds_exactly_what_it_replaces() -> None:
    """defuse() skips its table when a search finds nothing: both must name the same
    characters, or a character the table replaces would slip through."""
    from tui.text import safe

    found = {c for c in range(0x10000) if safe._UNSAFE_MULTILINE.match(chr(c))}
    assert found == set(safe._PICTURES_BLOCK)
    assert safe.defuse("a\x1b[2Jb\u202e\tc\n") == "a␛[2Jb\ufffd\tc\n"
