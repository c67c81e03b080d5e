"""``show`` fixes from a user's review, run in-process on files written with the SDK."""

from __future__ import annotations

import argparse
import io
import uuid
from pathlib import Path

from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from rich.cells import cell_len

from tui.commands import show

PASSED = MetricStatus.PASSED_METRIC_STATUS
MEDIUM = MetricImportance.MEDIUM_IMPORTANCE


def _run(*argv: str) -> str:
    parser = argparse.ArgumentParser()
    show.configure(parser)
    out, err = io.StringIO(), io.StringIO()
    code = show.run(parser.parse_args(argv), out, err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def _scalar(folder: Path, name: str, description: str = "") -> Path:
    writer = ResimMetricsWriter(uuid.uuid4())
    metric = writer.add_scalar_metric(name).with_value(1.5).with_status(PASSED)
    metric.with_importance(MEDIUM).with_description(description)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return folder


def test_a_narrow_show_keeps_the_name_and_wraps_the_rest(tmp_path: Path) -> None:
    folder = _scalar(tmp_path, "Ego speed")
    for width in (20, 30, 40):
        out = _run(str(folder), "--width", str(width), "--no-color")
        lines = out.splitlines()
        head = next(i for i, line in enumerate(lines) if line.startswith("Ego speed"))
        card = "\n".join(lines[head : head + 4])
        assert "[SCALAR]" in card and "✔ PASSED" in card and "importance MEDIUM" in card
        assert all(cell_len(line) <= width for line in lines)
