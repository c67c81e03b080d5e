"""``show`` fixes from a user's review, run in-process on files written with the SDK."""

from __future__ import annotations

import argparse
import io
import uuid
from pathlib import Path

from resim.metrics.python.metrics import SeriesMetricsData
from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus, Timestamp
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from rich.cells import cell_len

from tests.sdk_jobs import objects
from tui.ascii import to_ascii
from tui.charts import bars, raster, states
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


def test_ascii_fills_and_markers_stay_distinct() -> None:
    for glyphs in (states.FILLS, bars.FILLS, ("━", *raster.MARKERS)):
        assert len({to_ascii(g) for g in glyphs}) == len(glyphs), glyphs
        assert all(to_ascii(g).isascii() for g in glyphs)


def test_show_ascii_gives_each_state_its_own_character(tmp_path: Path) -> None:
    names = ["CENTERED", "DRIFTING_LEFT", "DRIFTING_RIGHT", "LANE_DEPARTURE", "OFF", "UNKNOWN"]
    writer = ResimMetricsWriter(uuid.uuid4())
    times = SeriesMetricsData(
        "t", series=objects([Timestamp(secs=i, nanos=0) for i in range(len(names))])
    )
    lane = SeriesMetricsData("lane", series=objects(names), index_data=times)
    writer.add_states_over_time_metric("Lane").with_states_over_time_data([lane]).with_states_set(
        set(names)
    ).with_failure_states({"LANE_DEPARTURE"}).with_legend_series_names(["lane"]).with_status(
        PASSED
    ).with_importance(MEDIUM)
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    out = _run(str(tmp_path), "--ascii", "--no-color", "--width", "100")
    assert out.isascii()
    legend = next(line for line in out.splitlines() if "CENTERED" in line)
    fills = {name: legend[legend.index(name) - 2] for name in names}
    assert len(set(fills.values())) == len(names), legend
