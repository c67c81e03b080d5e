"""Every Plotly figure ReSim users write draws (issue 11).

The figures are made the way users make them: by the official SDK's
``default_report_metrics.compute_metrics`` (with made-up batches, at 1, 4 and 30
of them) and its ``plotly_helpers``, and by Plotly Express. Each must draw with
no "not drawn" note and no error, with the right number of marks and the right
values on its axes.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import pytest

from tui.charts import render
from tui.charts.plotly import draw_figure
from tui.charts.types import Chart, Palette
from tui.formats import load

pytestmark = pytest.mark.slow  # Plotly Express and pandas take a second to import

WIDTH, HEIGHT = 120, 40


def _draw(figure: go.Figure, width: int = WIDTH, height: int = HEIGHT) -> Chart:
    chart = draw_figure(json.loads(figure.to_json()), width, height, "none", Palette())
    _drawn_whole(chart)
    return chart


def _drawn_whole(chart: Chart) -> None:
    for note in chart.notes:
        assert "not drawn" not in note and "could not draw" not in note, chart.notes


def _report(tmp_path: Path, batches: int) -> dict[str, Chart]:
    """The default report metrics of ``batches`` made-up batches, written by the SDK and
    drawn from the file."""
    from resim.metrics import default_report_metrics as report
    from resim.metrics.python.metrics_writer import ResimMetricsWriter
    from resim.sdk.client.models.conflated_job_status import ConflatedJobStatus
    from resim.sdk.client.models.metric_status import MetricStatus
    from resim.sdk.client.models.metric_type import MetricType

    rng = np.random.default_rng(batches)
    states = [ConflatedJobStatus.PASSED, ConflatedJobStatus.WARNING, ConflatedJobStatus.BLOCKER]
    start = pd.Timestamp("2025-03-01T09:00:00.123456789")
    builds = pd.DataFrame(
        {
            "build_id": [f"build-{b}" for b in range(batches)],
            "build_creation_timestamp": [start + pd.Timedelta(hours=7 * b) for b in range(batches)],
        }
    ).set_index("build_id")
    batches_frame = pd.DataFrame(
        {
            "batch_id": [f"{uuid.UUID(int=b + 1)}" for b in range(batches)],
            "build_id": list(builds.index),
            "status": [states[b % 3] for b in range(batches)],
        }
    ).set_index("batch_id")
    jobs = []
    for b, batch in enumerate(batches_frame.index):
        for e in range(5):
            jobs.append(
                (
                    f"job-{b}-{e}",
                    batch,
                    f"build-{b}",
                    f"exp-{e}",
                    f"Experience {e}",
                    states[(b + e) % 3],
                )
            )
    tests = pd.DataFrame(
        jobs,
        columns=["job_id", "batch_id", "build_id", "experience_id", "experience_name", "status"],
    ).set_index("job_id")
    job_metrics = pd.DataFrame(
        [
            (job, name, float(rng.normal(10, 2)), "m", MetricType.SCALAR, MetricStatus.PASSED)
            for job in tests.index
            for name in ("min_distance", "max_speed")
        ],
        columns=["job_id", "name", "value", "unit", "type", "status"],
    ).set_index(["name", "job_id"])
    batch_metrics = pd.DataFrame(
        [
            (
                batch,
                "mean_distance",
                float(rng.normal(10, 1)),
                "m",
                MetricType.SCALAR,
                MetricStatus.PASSED,
            )
            for batch in batches_frame.index
        ],
        columns=["batch_id", "name", "value", "unit", "type", "status"],
    ).set_index(["name", "batch_id"])
    writer = ResimMetricsWriter(uuid.uuid4())
    report.compute_metrics(
        writer=writer,
        project_id=uuid.uuid4(),
        batches_frame=batches_frame,
        tests_frame=tests,
        builds_frame=builds,
        tags_frame=pd.DataFrame(),
        job_metrics_frame=job_metrics,
        batch_metrics_frame=batch_metrics,
    )
    folder = tmp_path / f"report_{batches}"
    folder.mkdir()
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    doc = load(folder)
    return {m.name: render(m, WIDTH, HEIGHT, color="none") for m in doc.metrics}


@pytest.mark.parametrize("batches", [1, 4, 30])
def test_default_report_metrics_draw(tmp_path: Path, batches: int) -> None:
    charts = _report(tmp_path, batches)
    assert {
        "test_status_over_time",
        "high_level_totals",
        "experience_status_counts",
        "job_metric_status_counts",
        "batch_metric_status_counts",
        "min_distance_distribution",
        "max_speed_distribution",
        "mean_distance_over_time",
    } <= set(charts)
    for name, chart in charts.items():
        _drawn_whole(chart)
        assert chart.body.plain.strip(), name
    # Tables: the header, its rule, one row per row, and nothing after.
    totals = charts["high_level_totals"].body.plain.split("\n")
    assert totals[0].startswith("Name") and len(totals) == 2 + 6
    assert "Number of batches" in totals[2] and totals[2].rstrip().endswith(str(batches))
    experiences = charts["experience_status_counts"].body.plain.split("\n")
    assert len(experiences) == 2 + 5
    # Boxes: one per build, each labelled by its build's time.
    box = charts["min_distance_distribution"].body.plain
    assert box.count("━") >= min(batches, 30) and "┬" in box
    assert "min_distance (m)" in box
    if batches <= 4:
        for b in range(batches):
            hour = (9 + 7 * b) % 24
            assert f"{hour:02d}:00" in box, box
    # The batch metric over time: a line on a date axis.
    line = charts["mean_distance_over_time"].body.plain
    assert "(UTC" in line and "mean_distance (m)" in line


def test_the_sdk_state_timeline_lists_systems_as_plotly_does() -> None:
    from resim.metrics.python.plotly_helpers import create_state_timeline_chart

    figure = create_state_timeline_chart(
        {"Planner": ["IDLE", "DRIVE", "DRIVE", "STOP"], "Controller": ["OK", "OK", "SAT", "OK"]},
        [int(t * 1e9) for t in (0, 1, 2, 3)],
    )
    assert figure is not None
    lines = _draw(figure, 80, 16).body.plain.split("\n")
    planner = next(i for i, line in enumerate(lines) if "Planner" in line)
    controller = next(i for i, line in enumerate(lines) if "Controller" in line)
    assert controller < planner  # Plotly draws the first category at the bottom


def test_box_and_violin() -> None:
    frame = pd.DataFrame(
        {"lane": ["a"] * 8 + ["b"] * 8, "gap": [1, 2, 2, 3, 3, 3, 4, 30, *list(range(8))]}
    )
    box = _draw(px.box(frame, x="lane", y="gap"), 60, 20).body.plain
    assert box.count("━") >= 2 and "•" in box  # two medians and the outlier at 30
    assert "a" in box.split("\n")[-2] and "b" in box.split("\n")[-2]
    violin = _draw(px.violin(frame, x="lane", y="gap"), 60, 20)
    assert violin.body.plain.count("━") >= 2
    assert any("violin drawn as a box plot" in n for n in violin.notes)


def test_boxes_over_dates_are_in_time_order() -> None:
    """Plotly puts date strings on a date axis; the default report metrics write their
    builds newest first, and the boxes were drawn in that order (seen in the corpus)."""
    when = ["2025-03-04 10:00", "2025-03-01 01:00", "2025-03-03 14:00", "2025-03-02 04:00"]
    frame = pd.DataFrame({"when": [w for w in when for _ in range(3)], "v": range(12)})
    chart = _draw(px.box(frame, x="when", y="v"), 90, 16)
    assert chart.marks is not None
    assert [m.key for m in chart.marks.items] == sorted(m.key for m in chart.marks.items)
    assert [m.key[:5] for m in chart.marks.items] == ["03-01", "03-02", "03-03", "03-04"]


@pytest.mark.parametrize("kind", ["numbers", "categories", "dates"])
def test_scatter_and_lines(kind: str) -> None:
    x = {
        "numbers": [0.0, 1.0, 2.0, 3.0],
        "categories": ["north", "east", "south", "west"],
        "dates": pd.date_range("2025-01-01", periods=4, freq="6h"),
    }[kind]
    frame = pd.DataFrame({"x": x, "y": [1.0, 4.0, 2.0, 3.0], "who": ["a", "a", "b", "b"]})
    chart = _draw(px.line(frame, x="x", y="y", color="who", markers=True), 80, 20)
    text = chart.body.plain
    assert len(chart.summary) == 2  # one per colour group
    assert "━ a" in text and "b" in text
    if kind == "dates":
        assert "(UTC" in text and "06:00" in text


def _row_value(lines: list[str]) -> tuple[int, float]:
    """(line, value) of two y tick labels far apart, to read a row's value by."""
    ticks = [(n, float(line.split("┤")[0])) for n, line in enumerate(lines) if "┤" in line[:8]]
    return ticks[0][0], ticks[0][1], ticks[-1][0], ticks[-1][1]  # type: ignore[return-value]


def _bar_tops(text: str, fills: str) -> dict[str, list[float]]:
    """For each fill character, the value at the top of its cells around each x tick
    (the middle of a bar group), read through the y tick labels."""
    lines = text.split("\n")
    r0, v0, r1, v1 = _row_value(lines)  # type: ignore[misc]
    per_row = (v0 - v1) / (r1 - r0)
    axis = next(n for n, line in enumerate(lines) if "└" in line)
    centres = [c for c, ch in enumerate(lines[axis]) if ch == "┬"]
    half = (centres[1] - centres[0]) // 2 if len(centres) > 1 else 10
    left = lines[axis].index("└")
    plot = [n for n in range(axis) if lines[n][left : left + 1] in ("│", "┤")]
    out: dict[str, list[float]] = {f: [] for f in fills}
    for col in centres:
        for fill in fills:
            cells = fill + ("▁▂▃▄▅▆▇" if fill == "█" else "")  # a solid bar's partial top
            rows = [
                n
                for n in plot
                if any(ch in cells for ch in lines[n][max(col - half + 1, left + 1) : col + half])
            ]
            # The top cell holds the value: a row is worth ``per_row``.
            out[fill].append(v0 + (r0 - min(rows)) * per_row if rows else float("nan"))
    return out


@pytest.mark.parametrize("mode", ["group", "stack", "relative", "overlay"])
def test_bars_in_every_barmode(mode: str) -> None:
    """Each trace's bars reach their value (their running sum when stacked), and
    overlaid bars share one place, the longest behind, so that every top is seen."""
    frame = pd.DataFrame({"k": ["p", "q", "p", "q"], "v": [3.0, 5.0, 2.0, 1.0], "s": list("aabb")})
    chart = _draw(px.bar(frame, x="k", y="v", color="s", barmode=mode), 60, 24)
    assert len(chart.summary) == 2
    assert not chart.notes
    text = chart.body.plain
    tops = _bar_tops(text, "█▒")
    a, b = [3.0, 5.0], [2.0, 1.0]
    if mode in ("stack", "relative"):
        b = [x + y for x, y in zip(a, b, strict=True)]
    lines = text.split("\n")
    r0, v0, r1, v1 = _row_value(lines)  # type: ignore[misc]
    row = (v0 - v1) / (r1 - r0)
    for fill, expected in (("█", a), ("▒", b)):
        for got, want in zip(tops[fill], expected, strict=True):
            assert want - row <= got <= want + row, (mode, fill, tops, "\n" + text)
    plot = [line for line in lines if "│" in line[:6] or "┤" in line[:6]]
    a_cols, b_cols = ({c for line in plot for c, ch in enumerate(line) if ch == f} for f in "█▒")
    shared = a_cols & b_cols
    assert bool(shared) == (mode != "group"), text


def test_overlaid_bars_keep_every_top_in_view() -> None:
    """Whichever trace is longer at a label, the shorter one is in front of it."""
    figure = go.Figure(
        [go.Bar(x=["p", "q"], y=[2.0, 6.0], name="a"), go.Bar(x=["p", "q"], y=[5.0, 1.0], name="b")]
    )
    figure.update_layout(barmode="overlay")
    tops = _bar_tops(_draw(figure, 50, 20).body.plain, "█▒")
    assert all(np.isfinite(v) for v in tops["█"] + tops["▒"]), tops
    assert tops["█"][0] < tops["▒"][0] and tops["█"][1] > tops["▒"][1]


def test_histogram_uses_round_bins_and_says_what_it_counts() -> None:
    values = pd.DataFrame({"err": [0.1, 0.4, 0.45, 1.2, 1.3, 1.35, 1.6, 2.2]})
    chart = _draw(px.histogram(values, x="err", nbins=3), 80, 20)
    text = chart.body.plain
    assert "err" in text and "count" in text
    assert "0–1" in text and "1–2" in text and "2–3" in text  # Plotly's bins of size 1


def test_every_pie_of_a_figure() -> None:
    from plotly.subplots import make_subplots

    figure = make_subplots(1, 2, specs=[[{"type": "domain"}, {"type": "domain"}]])
    figure.add_trace(go.Pie(labels=["a", "b"], values=[1, 3], name="left"), 1, 1)
    figure.add_trace(go.Pie(labels=["x", "y", "z"], values=[2, 2, 5], name="right"), 1, 2)
    text = _draw(figure, 80, 20).body.plain
    assert "left" in text and "right" in text
    assert "75.0%" in text and "55.6%" in text


def test_heatmap_and_table() -> None:
    heat = _draw(px.imshow(np.arange(12.0).reshape(3, 4)), 60, 14)
    assert "0" in heat.body.plain and "11" in heat.body.plain  # the scale's ends
    figure = json.loads(px.imshow(np.arange(12.0).reshape(3, 4)).to_json())
    coloured = draw_figure(figure, 60, 14, "truecolor", Palette()).body
    key = coloured.plain.split("\n")[0]
    assert key.split() == ["█", "0", "█", "2.75", "█", "5.5", "█", "8.25", "█", "11"]
    assert len({str(span.style) for span in coloured.spans if span.end <= len(key)}) == 5
    table = go.Figure(go.Table(header={"values": ["k", "v"]}, cells={"values": [["a"], [1]]}))
    lines = _draw(table, 60, 30).body.plain.split("\n")
    assert len(lines) == 3  # header, rule, one row: no blank lines under it


def _panel_lines(text: str, title: str) -> list[str]:
    """The lines of the panel titled ``title``: from its title down to its x axis, cut to
    its columns (panels side by side share lines)."""
    lines = text.split("\n")
    top = next(n for n, line in enumerate(lines) if title in line)
    left = lines[top].index(title)
    right = lines[top].find("  ", left + len(title))
    others = [m.start() for m in re.finditer(r"\S+", lines[top]) if m.start() > left]
    end = next((o for o in others if o > right >= 0), None)
    out = []
    for line in lines[top:]:
        part = line[left:end]
        out.append(part)
        if "└" in part:
            break
    return out


def _y_labels(lines: list[str]) -> list[str]:
    return [line.split("┤")[0].strip() for line in lines if "┤" in line]


def test_facet_columns_side_by_side_with_their_titles_and_one_y_range() -> None:
    frame = pd.DataFrame(
        {"t": [0, 1, 2] * 3, "y": [1, 2, 3, 3, 2, 1, 7, 8, 9], "f": list("aaabbbccc")}
    )
    chart = _draw(px.line(frame, x="t", y="y", facet_col="f"), 120, 30)
    text = chart.body.plain
    assert not chart.notes
    assert [s.name for s in chart.summary] == ["f=a · trace 0", "f=b · trace 0", "f=c · trace 0"]
    heads = text.split("\n")[0]
    assert heads.index("f=a") < heads.index("f=b") < heads.index("f=c")  # one row of panels
    panels = [_panel_lines(text, f"f={k}") for k in "abc"]
    ticks = [_y_labels(p) for p in panels]
    # Shared: every panel's range is 1 .. 9 (the ticks are round values inside it).
    assert ticks[0] == ticks[1] == ticks[2] and ticks[0][0] in ("8", "9") and ticks[0][-1] == "2"
    for p in panels:  # every panel is named on both axes (Plotly names the outer ones)
        assert p[1].startswith("y"), p
    a = panels[0]
    assert any("⠁" <= ch <= "⣿" for line in a for ch in line)  # f=a has its line


def test_facet_grid_titles_each_panel_by_its_row_and_column() -> None:
    frame = pd.DataFrame(
        {
            "t": [0, 1] * 4,
            "y": [1, 2, 3, 4, 5, 6, 7, 8],
            "f": list("aabbaabb"),
            "g": list("xxxxyyyy"),
        }
    )
    figure = px.scatter(frame, x="t", y="y", facet_col="f", facet_row="g")
    chart = _draw(figure, 120, 40)
    text = chart.body.plain
    assert not chart.notes, chart.notes
    names = {s.name.split(" · trace")[0] for s in chart.summary}
    assert names == {"f=a · g=x", "f=b · g=x", "f=a · g=y", "f=b · g=y"}
    lines = text.split("\n")
    row_of = {n: next(i for i, line in enumerate(lines) if n in line) for n in names}
    assert row_of["f=a · g=x"] == row_of["f=b · g=x"] < row_of["f=a · g=y"]  # g=x on top


def test_subplots_stack_by_their_domains_with_their_titles() -> None:
    from plotly.subplots import make_subplots

    figure = make_subplots(rows=2, cols=1, subplot_titles=["speed", "counts"])
    figure.add_trace(go.Scatter(x=[0, 1, 2], y=[3.0, 1.0, 2.0], name="v"), 1, 1)
    figure.add_trace(go.Bar(x=["p", "q"], y=[4.0, 6.0], name="n"), 2, 1)
    figure.add_hline(y=2.5, row=1, col=1, annotation_text="limit")
    chart = _draw(figure, 80, 30)
    text = chart.body.plain
    assert not chart.notes, chart.notes
    speed, counts = _panel_lines(text, "speed"), _panel_lines(text, "counts")
    lines = text.split("\n")
    assert lines.index(next(x for x in lines if "speed" in x)) < lines.index(
        next(x for x in lines if "counts" in x)
    )
    assert any("limit" in line for line in speed) and not any("limit" in x for x in counts)
    assert any("█" in line for line in counts) and not any("█" in line for line in speed)
    assert _y_labels(counts)[0] == "6" and "p" in counts[-1] + lines[-1]


def test_panels_that_do_not_fit_are_counted_in_a_note() -> None:
    frame = pd.DataFrame({"t": [0, 1] * 12, "y": range(24), "f": [str(k // 2) for k in range(24)]})
    figure = px.line(frame, x="t", y="y", facet_col="f", facet_col_wrap=4)
    chart = draw_figure(json.loads(figure.to_json()), 80, 24, "none", Palette())
    assert any("of 12 panels not drawn: no room" in n for n in chart.notes), chart.notes
    assert chart.body.plain.count("┌") >= 4


def test_shapes_and_annotations_that_mark_thresholds() -> None:
    frame = pd.DataFrame({"t": [0.0, 1, 2, 3], "v": [1.0, 3, 2, 4]})
    figure = px.line(frame, x="t", y="v")
    figure.add_hline(y=2.5, annotation_text="limit 2.5")
    text = _draw(figure, 60, 16).body.plain
    assert "limit 2.5" in text.split("\n")[0]
    # The rule is a row of dots across the plot, between the 2 and 3 ticks.
    lines = text.split("\n")
    rule = next(i for i, line in enumerate(lines) if line.count("⠤") > 30)
    two = next(i for i, line in enumerate(lines) if line.startswith("2┤"))
    three = next(i for i, line in enumerate(lines) if line.startswith("3┤"))
    assert three < rule < two
