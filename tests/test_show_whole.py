"""``show`` never drops content silently (issue 11): text metrics print whole, anything
cut says so and how to see the rest, events print every field."""

from __future__ import annotations

import argparse
import io

from tests.conftest import ROOT
from tui.charts import render
from tui.cli.commands import show
from tui.formats import load

SAMPLES = ROOT / "samples"


def _show(*argv: str) -> str:
    parser = argparse.ArgumentParser()
    show.configure(parser)
    out, err = io.StringIO(), io.StringIO()
    assert show.run(parser.parse_args(list(argv)), out, err) == 0, err.getvalue()
    return out.getvalue()


def test_a_text_metric_prints_whole_whatever_the_height() -> None:
    text = _show(
        str(SAMPLES / "all_types"), "--metric", "Test report", "--height", "5", "--no-color"
    )
    for line in ("| Min headway | 0.9 s |", "python -m my_metrics", "│ Inline code works too"):
        assert line in text, line
    assert "more lines not shown" not in text


def test_a_cut_text_says_how_much_is_left() -> None:
    doc = load(SAMPLES / "all_types")
    metric = next(doc.metrics_named("Test report"))
    lines = render(metric, 80, 6, color="none").body.plain.split("\n")
    assert len(lines) == 6
    assert lines[-1].startswith("… ") and "more lines not shown" in lines[-1]


def test_events_print_every_field() -> None:
    doc = load(SAMPLES / "events")
    text = _show(str(SAMPLES / "events"), "--no-color", "--width", "200")
    for event in doc.events:
        head = next(line for line in text.split("\n") if f"▶ event {event.name}" in line)
        assert f"importance {event.importance.label}" in head
        assert event.timestamp_type.label.lower() in head
        if event.tags:
            assert "tags: " + ", ".join(event.tags) in text
        if event.description.strip():  # as readable text: Markdown marks are dropped
            first = event.description.strip().split("\n")[0].replace("**", "")
            assert first[:30] in text


def test_a_scalar_keeps_every_digit_somewhere(tmp_path) -> None:
    import uuid

    from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus
    from resim.metrics.python.metrics_writer import ResimMetricsWriter

    writer = ResimMetricsWriter(uuid.uuid4())
    writer.add_scalar_metric("Bytes").with_value(2131700000000.5).with_unit("B").with_status(
        MetricStatus.PASSED_METRIC_STATUS
    ).with_importance(MetricImportance.MEDIUM_IMPORTANCE)
    (tmp_path / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    text = _show(str(tmp_path), "--no-color")
    assert "2.1317e+12 B" in text and "exactly 2131700000000.5 B" in text
