"""Work per byte is bounded: pathological Markdown costs what plain text costs.

Times are asserted loosely (a shared CI machine); the real numbers are in
benchmarks/bench_budgets.py.
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from textual.widgets import Markdown, Static

from tests.sdk_jobs import MEDIUM, PASSED
from tui.app.viewer import ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.charts.markdown import plain

# Each was quadratic (or worse) in a backtracking regex: 120 KB of "[a](" took 84 s.
PATHOLOGICAL = {
    "open links": "[a](" * 30_000,
    "open images": "![a](" * 24_000,
    "open autolinks": "<http:" * 20_000,
    "open bold": "**a" * 40_000,
    "open italics": "*a" * 60_000,
    "open strike": "~~a" * 40_000,
    "open code": "`a" * 60_000,
    "spaced heading": "# " + " " * 120_000 + "x",
    "link titles": '[a](b "' * 17_000,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_markdown_is_linear(text: str) -> None:
    started = time.perf_counter()
    shown = plain(text)
    assert time.perf_counter() - started < 3.0
    assert shown.plain  # drawn, as text


def test_markdown_still_reads() -> None:
    text = plain("# Title ##\n**b** *i* `c` [l](http://x) ![a](p.png) <http://y> ~~s~~").plain
    assert text.splitlines()[0] == "Title"
    assert "b i c l (http://x) [image: a] http://y s" in text


@pytest.mark.slow
async def test_a_huge_markdown_list_is_shown_as_plain_text(tmp_path: Path) -> None:
    writer = ResimMetricsWriter(uuid.uuid4())
    writer.add_text_metric("Log").with_text("- item\n" * 60_000).with_status(
        PASSED
    ).with_importance(MEDIUM)
    writer.add_text_metric("Short").with_text("# fine").with_status(PASSED).with_importance(MEDIUM)
    (tmp_path / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    app = ResimApp(tmp_path / "metrics.binproto")
    started = time.perf_counter()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        card = app.query_one(MetricCard)
        assert card.item is not None and card.item.name == "Log"
        assert not card.query(Markdown)
        assert any("shown as plain text" in str(s.render()) for s in card.query(Static))
        assert time.perf_counter() - started < 20
