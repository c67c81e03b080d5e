"""The Metrics 2.0 sample: written by the official Emitter, every system template and a
custom one, and it opens with no errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tui.formats import load
from tui.formats.metrics2.checks import SYSTEM_TEMPLATES
from tui.formats.metrics2.preview import preview
from tui.model.enums import MetricStatus

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "metrics2"


def test_sample_uses_every_template_and_computes_cleanly() -> None:
    result = preview(SAMPLE)
    metrics = result.config.metrics.values()
    assert {m.template for m in metrics if m.template_type == "system"} == set(SYSTEM_TEMPLATES)
    assert any(m.template_type == "custom" for m in metrics)
    assert not [p for p in result.problems if p.severity.value == "error"]
    assert all(o.status != "ERROR" for o in result.outcomes)
    assert all(o.figure is not None for o in result.outcomes if o.metric.template_type == "custom")
    doc = load(SAMPLE)
    assert doc.status is MetricStatus.FAIL_WARN_METRIC_STATUS  # Peak Speed warns
    assert len(doc.events) == 1


@pytest.mark.slow
def test_sample_is_what_the_sdk_writes(tmp_path: Path) -> None:
    pytest.importorskip("resim.sdk.metrics.emissions")
    copy = tmp_path / "metrics2"
    shutil.copytree(SAMPLE, copy)
    for p in copy.glob("*.png"):
        p.unlink()
    subprocess.run([sys.executable, str(copy / "write_emissions.py")], check=True, timeout=60)
    assert (copy / "emissions.resim.jsonl").read_bytes() == (
        SAMPLE / "emissions.resim.jsonl"
    ).read_bytes()


async def test_the_problems_panel_speaks_of_metrics_2_not_the_1_0_validator() -> None:
    from tui.app.screens.problems import ProblemsScreen
    from tui.app.viewer import ResimApp

    app = ResimApp(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(600):  # the sample's queries run in a worker: wait for its report
            await pilot.pause(0.05)
            if app.report is not None:
                break
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "emissions or the config" in app.screen._verdict
        assert "official validator" not in app.screen._verdict
