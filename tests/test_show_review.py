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
from tui.charts import bars, markdown, raster, states
from tui.cli.commands import show
from tui.text.ascii import to_ascii

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


def test_descriptions_print_as_readable_text_never_as_hyperlinks(tmp_path: Path) -> None:
    description = (
        "# Target\n"
        "Ego speed against the planner's **target speed**, see [the spec](https://x.test/s).\n"
        "- `inf` while *nothing* closes in\n"
        "> snake_case_name stays\n"
        "\x1b]8;;https://evil.test\x1b\\click\x1b]8;;\x1b\\ [bold red]markup[/]"
    )
    out = _run(str(_scalar(tmp_path, "Speed", description)), "--width", "100")
    assert "Target\n" in out
    assert "planner's target speed, see the spec (https://x.test/s)." in out
    assert "• inf while nothing closes in" in out
    assert "│ snake_case_name stays" in out
    assert "**" not in out and "`" not in out
    assert "\x1b" not in out  # no OSC 8 hyperlink, no escape of any kind
    assert "\\x1b]8;;https://evil.test" in out and "[bold red]markup[/]" in out


def test_markdown_plain_keeps_code_literal_and_styles_only_as_text() -> None:
    text = markdown.plain("**a** _b_ `**c**` \\*d\\* ~~e~~ [f](g)\n```\n# not a heading\n```")
    assert text.plain == "a b **c** *d* e f (g)\n  # not a heading"
    styles = {str(span.style) for span in text.spans}
    assert styles <= {"bold", "italic", "dim", "strike"}  # never a link style
