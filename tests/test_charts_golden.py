"""Golden text of each chart type at a fixed size, without colour.

The goldens are reviewed by eye like code: each must read as the chart the
format describes. Regenerate after an intended change with
``UPDATE_GOLDENS=1 .venv/bin/python -m pytest tests/test_charts_golden.py``
and look at the diff.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.conftest import CONFORMANCE, ROOT
from tui.charts import render
from tui.formats import load

GOLDEN = ROOT / "tests" / "golden"
WIDTH, HEIGHT = 80, 20

# (conformance case, metric name): one or more of each type and variant.
CASES = [
    ("double_over_time", "Time to collision"),
    ("double_over_time", "Brake pressure ratio"),
    ("line_plot", "Precision vs recall"),
    ("bar_chart", "Detection latency (stacked)"),
    ("bar_chart", "Detection latency (side by side)"),
    ("batchwise_bar_chart", "Test status over time"),
    ("states_over_time", "Lane change state"),
    ("states_over_time", "Subsystem states"),
    ("histogram", "Detections per frame"),
    ("histogram", "Frame latency"),
    ("plotly", "Speed tracking"),
    ("plotly", "Residuals"),
    ("plotly", "Detections by class"),
    ("plotly", "Outcome share"),
    ("plotly", "Heading error distribution"),
    ("plotly", "Occupancy heatmap"),
    ("plotly", "System states"),
    ("plotly", "High level totals"),
    ("scalar", "Max speed"),
    ("double_summary", "Event counts"),
    ("text", "Run summary"),
    ("image_list", "Keyframes"),
]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _document(case: str):
    folder = CONFORMANCE / case
    if not folder.is_dir():
        pytest.skip("../shared/corpus/conformance not found")
    return load(folder)


def _drawn(case: str, name: str) -> str:
    doc = _document(case)
    metric = next(doc.metrics_named(name))
    chart = render(metric, WIDTH, HEIGHT, color="none")
    lines = [f"# {case} / {name} at {WIDTH}x{HEIGHT}, no colour", chart.body.plain]
    for row in chart.summary:
        lines.append(
            f"# series {row.name!r}: count={row.count} min={row.min} max={row.max} "
            f"mean={row.mean if row.mean is None else round(row.mean, 6)} last={row.last!r} "
            f"failing={row.failing}" + (f" not_finite={row.not_finite!r}" if row.not_finite else "")
        )
    lines += [f"# note: {n}" for n in chart.notes]
    if chart.categories:
        lines.append(f"# categories: {chart.categories} (drawn: {chart.category})")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("case", "name"), CASES, ids=[f"{c}-{_slug(n)}" for c, n in CASES])
def test_golden(case: str, name: str) -> None:
    drawn = _drawn(case, name)
    path = GOLDEN / f"{case}__{_slug(name)}.txt"
    if os.environ.get("UPDATE_GOLDENS"):
        path.write_text(drawn, encoding="utf-8")
    assert path.is_file(), f"no golden {path.name}; run with UPDATE_GOLDENS=1 and review it"
    assert drawn == path.read_text(encoding="utf-8")
