"""The layers stay apart: the model and validator never import Textual or plotext."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _imported(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return {name.split(".")[0] for name in out.stdout.split()}


@pytest.mark.parametrize("module", ["tui.model", "tui.model.tables", "tui.model.summary"])
def test_model_imports_no_ui(module: str) -> None:
    loaded = _imported(module)
    assert "textual" not in loaded
    assert "plotext" not in loaded
    assert "rich" not in loaded


def test_validator_imports_no_ui() -> None:
    pytest.importorskip("tui.validate")
    loaded = _imported("tui.validate")
    assert "textual" not in loaded
    assert "plotext" not in loaded


def test_charts_import_no_textual() -> None:
    pytest.importorskip("tui.charts")
    assert "textual" not in _imported("tui.charts")
