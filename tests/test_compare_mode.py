"""Compare mode in the viewer (pilot): tree marks, filter, sort, overlay legend, A and B
reloading, and the after-reload view with a pinned baseline."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compare_jobs import WARN, write_run
from tests.pilot_waits import Changes, until, watching
from tui.app.compare.panel import ComparePanel
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.browser import Browser
from tui.app.widgets.chart_view import ChartArea, ChartView, palette_for
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.status_line import StatusLine
from tui.formats import load

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow


def _metric_keys(app: ResimApp) -> list[str]:
    tree = app.query_one(MetricTree)
    section = tree.root.children[0]  # Metrics
    return [n.data.key.removeprefix("metric:") for n in section.children if n.data]


def _labels(app: ResimApp) -> dict[str, str]:
    tree = app.query_one(MetricTree)
    section = tree.root.children[0]
    return {n.data.key.removeprefix("metric:"): str(n.label) for n in section.children if n.data}


def _compare_app(a: Path, b: Path, *, watch: bool = False) -> ResimApp:
    return ResimApp(b, load(b), Options(watch=watch, side_a=a, side_a_document=load(a)))


@pytest.fixture
def sides(tmp_path: Path) -> tuple[Path, Path]:
    a = write_run(tmp_path / "a")
    b = write_run(
        tmp_path / "b",
        speed=[1.0, 2.0, 3.0, 14.0, 5.0, 6.0],
        speed_status=WARN,
        distance=13.0,
        drop_histogram=True,
        extra_metric=True,
    )
    return a, b


def _compared(app: ResimApp) -> bool:
    return app.query_one(Browser).compare.result is not None


def _differs(app: ResimApp) -> bool | None:
    """Whether the comparison on screen finds a difference; None while it is computed."""
    result = app.query_one(Browser).compare.result
    return None if result is None else result.differs


async def test_tree_marks_notes_and_removed(sides) -> None:
    app = _compare_app(*sides)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        await pilot.pause()
        labels = _labels(app)
        assert labels["Speed"].startswith("▲") and "PASSED → FAIL_WARN" in labels["Speed"]
        assert labels["Brand new"].startswith("+")
        assert labels["Spread"].startswith("−")  # only A has it
        assert "Δ +0.5 (+4.0%)" in labels["Distance"]
        assert labels["Notes"].startswith(" ") and "  " not in labels["Notes"].strip()
        assert app.query_one(ComparePanel).has_class("visible")


async def test_changed_only_and_worst_first(sides) -> None:
    app = _compare_app(*sides)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        everything = _metric_keys(app)
        assert "Notes" in everything
        changed = ["Brand new", "Distance", "Speed", "Spread"]
        await pilot.press("d")
        await until(pilot, lambda: sorted(_metric_keys(app)) == changed)
        await pilot.press("o")
        # Worse status first, then removed.
        await until(pilot, lambda: _metric_keys(app)[:2] == ["Speed", "Spread"])
        await pilot.press("d")
        await until(pilot, lambda: set(_metric_keys(app)) == set(everything))


async def test_overlay_legend_and_side_by_side(sides) -> None:
    app = _compare_app(*sides)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        doc = app.document
        app.jump_to(next(m for m in doc.metrics if m.name == "Speed"))
        await until(pilot, lambda: getattr(app.query_one(MetricCard).item, "name", "") == "Speed")
        await until(pilot, lambda: "A · ego" in _chart_text(app))
        assert "B · ego" in _chart_text(app)
        # A's line is B's hue, dimmed: the same colour family, not the same colour.
        view = app.query_one(ChartView)
        series = view.palette().series
        bright = palette_for(app.get_css_variables(), app.current_theme.dark).color(0)
        assert series[1] == bright and series[0] != bright and len(series) == 2
        assert "first differs at t = 3 s" in _panel_text(app)
        app.jump_to(next(m for m in doc.metrics if m.name == "Distance"))
        await until(pilot, lambda: "13 m" in _panel_text(app))
        assert "12.5 m" in _panel_text(app)


def _chart_text(app: ResimApp) -> str:
    return "\n".join(area.body.plain for area in app.query(ChartArea))


def _panel_text(app: ResimApp) -> str:
    panel = app.query_one(ComparePanel)
    lines = app.console.render_lines(panel.shown, app.console.options.update(width=100))
    return "\n".join("".join(seg.text for seg in line) for line in lines)


@pytest.mark.slow
async def test_both_sides_reload(sides) -> None:
    a, b = sides
    app = _compare_app(a, b, watch=True)
    changes = Changes()
    async with app.run_test(size=(120, 40), message_hook=changes) as pilot:
        await until(pilot, lambda: _compared(app))
        await watching(pilot, changes, a.parent, b.parent)
        write_run(b.parent)  # B now has A's content
        await until(pilot, lambda: _differs(app) is False)
        assert app.query_one(MetricTree).marks == {}
        write_run(a.parent, distance=1.5)  # A moves: B differs again, in Distance only
        await until(pilot, lambda: _differs(app) is True)
        assert app.query_one(MetricTree).marks == {"Distance": "●"}
        line = app.query_one(StatusLine)
        await until(pilot, lambda: line.outcome.startswith("A reloaded: 1 changed"))


async def test_a_broken_side_says_which_and_shows_the_other(sides, tmp_path: Path) -> None:
    a, b = sides
    broken = tmp_path / "broken" / "metrics.binproto"
    broken.parent.mkdir()
    broken.write_bytes(a.read_bytes()[:57])
    app = ResimApp(b, load(b), Options(watch=False, side_a=broken))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "A cannot be read" in app.query_one(StatusLine).outcome)
        assert app.document is not None and "A cannot be read" in _panel_text(app)
    app = ResimApp(broken, None, Options(watch=False, side_a=a, side_a_document=load(a)))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: "B cannot be read" in app.query_one(StatusLine).outcome)
        assert "showing A" in app.query_one(StatusLine).outcome
        assert app.query_one(Browser).document is not None  # A's metrics on screen
        assert "Speed" in _metric_keys(app)


@pytest.mark.slow
async def test_after_reload_view_and_pinned_baseline(tmp_path: Path) -> None:
    file = write_run(tmp_path / "out")
    app = ResimApp(file, load(file), Options(watch=True))
    changes = Changes()
    async with app.run_test(size=(120, 40), message_hook=changes) as pilot:
        await until(pilot, lambda: app.document is not None)
        await watching(pilot, changes, file.parent)
        await pilot.press("b")  # pin this first version
        await until(pilot, lambda: _differs(app) is False)  # itself: nothing differs
        write_run(tmp_path / "out", distance=14.0)
        await until(pilot, lambda: _differs(app) is True)
        await pilot.press("d")  # the changes view: notes in the tree, the panel
        await pilot.pause()
        assert app.query_one(ComparePanel).has_class("visible")
        assert "Δ +1.5" in _labels(app)["Distance"]
        assert "the pinned version" in _panel_text(app)
        write_run(tmp_path / "out", distance=14.0, speed_status=WARN)
        await until(pilot, lambda: "Speed" in app.query_one(MetricTree).marks)
        # Pinned: Distance still differs from the first version, though not from the last.
        assert app.query_one(MetricTree).marks == {"Distance": "●", "Speed": "▲"}
        await pilot.press("b")  # unpin: the next reload compares with the previous version
        write_run(tmp_path / "out", distance=14.0, speed_status=WARN, text="new notes")
        await until(pilot, lambda: app.query_one(MetricTree).marks == {"Notes": "●"})
        assert "the previous version" in _panel_text(app)


async def test_file_text_in_the_panel_and_tree_is_inert(tmp_path: Path) -> None:
    from tui.schema import metrics_pb2

    a = write_run(tmp_path / "a")
    b = write_run(tmp_path / "b", distance=13.0)
    job = metrics_pb2.JobMetrics.FromString(b.read_bytes())
    distance = next(m for m in job.job_level_metrics.metrics if m.name == "Distance")
    distance.metric_values.scalar_metric_values.unit = "[red]m\x1b"
    distance.name = "[link=http://x]D[/link]"
    b.write_bytes(job.SerializeToString())
    app = _compare_app(a, b)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        hostile = next(m for m in app.document.metrics if m.name.startswith("[link"))
        app.jump_to(hostile)
        await until(pilot, lambda: "13 [red]m\\x1b" in _panel_text(app))
        assert "\x1b" not in _panel_text(app)
        label = _labels(app)["[link=http://x]D[/link]"]
        assert label.startswith("+") and "[link=http://x]D[/link]" in label


async def test_repeated_names_are_said(tmp_path: Path) -> None:
    from tui.schema import metrics_pb2

    files = []
    for side, value in (("a", 1.0), ("b", 2.0)):
        file = write_run(tmp_path / side)
        job = metrics_pb2.JobMetrics.FromString(file.read_bytes())
        twin = job.job_level_metrics.metrics.add()
        twin.CopyFrom(next(m for m in job.job_level_metrics.metrics if m.name == "Distance"))
        twin.metric_values.scalar_metric_values.value = value
        file.write_bytes(job.SerializeToString())
        files.append(file)
    app = _compare_app(*files)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        await until(pilot, lambda: "names repeat (“Distance”)" in _panel_text(app))
        assert _labels(app)["Distance#2"].startswith("●")
        assert _labels(app)["Distance"].startswith(" ")


def _event_labels(app: ResimApp) -> dict[str, list[str]]:
    """Event label → its metrics' labels, from the tree's rows (built or not yet)."""
    events = app.query_one(MetricTree)._rows.by_key["section:events"]
    assert isinstance(events.children, list)
    return {
        row.label().plain: [leaf.label().plain for leaf in row.children or []]
        for row in events.children
        if isinstance(row.children, list | None)
    }


async def test_event_marks_changed_removed_and_added(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a")
    moved = write_run(tmp_path / "moved", stop_at=4, stop_value=1.0)
    app = _compare_app(a, moved)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        await until(pilot, lambda: app.query_one(MetricTree).event_marks == {"Stop": "●"})
        ((event, members),) = _event_labels(app).items()
        assert event.startswith("●") and "timestamp" in event
        assert members[0].startswith("●") and "Speed at stop" in members[0]
        await pilot.press("d")  # changed only: the event stays, it changed
        await until(pilot, lambda: len(_event_labels(app)) == 1)

    gone = write_run(tmp_path / "gone", drop_event=True)
    app = _compare_app(a, gone)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        await until(pilot, lambda: len(_event_labels(app)) == 1)
        ((event, members),) = _event_labels(app).items()
        assert event.startswith("−") and "Stop" in event  # only A has it, struck through
        assert members[0].startswith("−") and "Speed at stop" in members[0]

    app = _compare_app(gone, a)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: _compared(app))
        await until(pilot, lambda: app.query_one(MetricTree).event_marks == {"Stop": "+"})
        ((event, members),) = _event_labels(app).items()
        assert event.startswith("+") and members[0].startswith("+")
