"""``show --ascii`` and ``show --svg``: text for old terminals, a picture without one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BAD, ROOT, conformance_cases, needs
from tui.text.ascii import to_ascii

DEMO = ROOT / "tui" / "demo"


def _show(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "show", *args], capture_output=True, timeout=120, cwd=ROOT
    )


def test_to_ascii_keeps_shapes() -> None:
    assert to_ascii("┌─┐│└┘├┤") == "+-+|++++"
    assert to_ascii("✔ ▲ ✖ – ·") == "+ ! X - ."
    assert to_ascii("⠁⣀⣿⠀") == "'.: "
    assert to_ascii("Müller façade") == "Muller facade"
    assert to_ascii("日本") == "??"
    assert to_ascii("plain") == "plain"


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [DEMO, *needs(conformance_cases(), "conformance corpus")],
    ids=lambda p: p.name if p else "absent",
)
def test_ascii_output_has_no_byte_above_127(case: Path) -> None:
    result = _show(str(case), "--ascii", "--width", "100")
    assert result.returncode == 0, result.stderr
    assert result.stdout, "something was drawn"
    assert max(result.stdout) < 128


@pytest.mark.slow
@pytest.mark.skipif(not BAD.is_dir(), reason="bad corpus absent")
@pytest.mark.parametrize("case", ["ansi_escapes", "rich_textual_markup", "odd_paths"])
def test_ascii_output_of_hostile_files(case: str) -> None:
    result = _show(str(BAD / case), "--ascii")
    assert result.returncode == 0
    assert max(result.stdout) < 128
    assert b"\x1b" not in result.stdout  # not piped to a terminal: no escapes at all


@pytest.mark.slow
def test_svg_picture_of_the_viewer(tmp_path: Path) -> None:
    out = tmp_path / "pictures" / "job.svg"
    result = _show(str(DEMO), "--svg", str(out), "--metric", "Time to collision")
    assert result.returncode == 0, result.stderr
    svg = out.read_text()
    assert svg.startswith("<svg")
    assert "Time" in svg and "collision" in svg  # the selected metric's card is in the picture
    assert "FAIL_BLOCK" in svg  # the job header


@pytest.mark.slow
def test_svg_unknown_metric_is_status_2(tmp_path: Path) -> None:
    result = _show(str(DEMO), "--svg", str(tmp_path / "x.svg"), "--metric", "No such metric")
    assert result.returncode == 2
    assert b"no metric named" in result.stderr
