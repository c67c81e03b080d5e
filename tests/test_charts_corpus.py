"""Every metric of every conformance case and every bad case that loads renders, at any size.

Nothing may raise, the drawing must fit the size asked for, and no control
character from the file may reach the output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import BAD, bad_cases, conformance_cases, needs, sample_dirs
from tui.charts import render
from tui.formats import load
from tui.model import LoadError

SIZES = [(10, 4), (200, 60), (80, 24), (1, 1), (33, 9)]
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _loadable_bad() -> list[Path]:
    return [BAD / c["path"] for c in bad_cases() if (BAD / c["path"]).is_dir()]


def _check(folder: Path | None) -> None:
    if folder is None:
        return
    try:
        doc = load(folder)
    except LoadError:
        return
    for metric in doc.metrics:
        for width, height in SIZES:
            for color in ("none", "truecolor", "16"):
                if color == "16" and (width, height) != (80, 24):
                    continue
                chart = render(metric, width, height, color=color)
                plain = chart.body.plain
                lines = plain.split("\n")
                where = f"{folder.name}/{metric.name[:40]!r} at {width}x{height} {color}"
                assert len(lines) <= height, where
                assert max(cell_len(line) for line in lines) <= width, where
                assert not CONTROL.search(plain), where
                failed = [n for n in chart.notes if n.startswith("could not draw")]
                assert not failed, (where, failed)
                if color == "none":
                    assert not chart.body.spans, where


@pytest.mark.slow
@pytest.mark.parametrize("folder", needs(conformance_cases(), "conformance corpus"))
def test_conformance_metrics_render(folder: Path | None) -> None:
    _check(folder)


@pytest.mark.slow
@pytest.mark.parametrize("folder", needs(_loadable_bad(), "bad-input corpus"))
def test_bad_case_metrics_render(folder: Path | None) -> None:
    _check(folder)


@pytest.mark.slow
@pytest.mark.parametrize("folder", needs(sample_dirs(), "samples"))
def test_sample_metrics_render(folder: Path | None) -> None:
    _check(folder)
