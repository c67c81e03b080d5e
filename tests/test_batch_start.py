"""What a batch's jobs table imports before its first paint: only what the table needs.

The one-job viewer's views (the card, its charts, tables and images, and plotext and
Pillow under them) cost about as much to import as Textual itself; the jobs table
shows none of them, so they are imported when a job is first opened.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

# What ``resim-tui DIR`` imports before the jobs table is on screen (tui/cli/launch.py).
_START = "tui.cli.launch, tui.formats.batch, tui.formats.pool, tui.app.batch_viewer"
# The viewer's views, and the libraries only they use.
_VIEWS = (
    "tui.app.widgets.metric_card",
    "tui.app.widgets.chart_view",
    "tui.app.widgets.card_copy",
    "tui.charts",
    "tui.export",
    "plotext",
)


def _loaded(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_the_jobs_table_starts_without_the_viewers_views() -> None:
    loaded = _loaded(f"import {_START}")
    assert "tui.app.batch_viewer" in loaded
    assert sorted(m for m in _VIEWS if m in loaded) == []


def test_metrics1_opens_without_the_metrics2_config_reader() -> None:
    # tui.formats asks the Metrics 2.0 package whether a path is a Metrics 2.0 folder;
    # that must not import PyYAML, which only reading a config needs.
    loaded = _loaded(f"import {_START}, tui.formats")
    assert "tui.formats.metrics2.reader" in loaded
    assert sorted(m for m in loaded if m == "yaml" or m.startswith("yaml.")) == []
