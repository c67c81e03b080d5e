"""Work follows what is on screen: structural checks, never timings.

Each test counts the work a view does (renders, drawn items, tree nodes) on a real
file, so that a change making cost follow the data again fails here, whatever the
machine's speed.
"""

from __future__ import annotations

import argparse
import io
import uuid
from pathlib import Path

import numpy as np
import pytest
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics
from resim.metrics.python.metrics_utils import Timestamp
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from textual.app import App, ComposeResult

from tests.sdk_jobs import MEDIUM, PASSED, objects, write_job
from tui.app.widgets import chart_view
from tui.app.widgets.chart_view import ChartView
from tui.app.widgets.metric_tree import MetricTree
from tui.app.widgets.tree_rows import CHUNK
from tui.charts import Palette, bar_chart, batchwise, cache
from tui.charts import render as real_render
from tui.charts._text import label
from tui.charts.bars import most_shown
from tui.cli.commands import show
from tui.formats import load
from tui.model import Document


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("job")
    write_job(folder)
    return folder


def test_show_draws_each_metric_once_per_category(
    job: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str | None]] = []

    def counting(metric, width, height, **options):  # type: ignore[no-untyped-def]
        calls.append((metric.name, options.get("category")))
        return real_render(metric, width, height, **options)

    monkeypatch.setattr(show, "render", counting)
    parser = argparse.ArgumentParser()
    show.configure(parser)
    out = io.StringIO()
    assert show.run(parser.parse_args([str(job), "--no-color"]), out, io.StringIO()) == 0
    doc = load(job)
    drawn = [m for m in doc.display_order] + [m for e in doc.events for m in e.metrics if m]
    expected = 0
    for metric in drawn:
        categories = real_render(metric, 20, 4, color="none").categories
        expected += max(len(categories), 1)
        assert sum(name == metric.name for name, _ in calls) >= 1
    assert any(real_render(m, 20, 4, color="none").categories for m in drawn), "no grouped data"
    assert len(calls) == expected


def _write(folder: Path, writer: ResimMetricsWriter) -> Path:
    message = writer.write().metrics_msg
    validate_job_metrics(message)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(message.SerializeToString())
    return folder


BARS = 4_000


@pytest.fixture(scope="module")
def many_bars(tmp_path_factory: pytest.TempPathFactory) -> Document:
    writer = ResimMetricsWriter(uuid.uuid4())
    labels = writer.add_series_metrics_data("labels").with_series(
        objects([f"cell {k}" for k in range(BARS)])
    )
    for name in ("a", "b"):  # two series on the same labels, as the SDK writes them
        values = (
            writer.add_series_metrics_data(f"{name} values")
            .with_series(np.arange(BARS, dtype=np.float64))
            .with_index_data(labels)
        )
        statuses = (
            writer.add_series_metrics_data(f"{name} statuses")
            .with_series(objects([PASSED] * BARS))
            .with_index_data(labels)
        )
        if name == "a":
            chart = writer.add_bar_chart_metric("Cells").with_status(PASSED)
            chart.with_importance(MEDIUM)
        chart.append_values_data(values, name).append_statuses_data(statuses)
    ids = writer.add_series_metrics_data("batches").with_series(
        objects([uuid.UUID(int=k + 1) for k in range(BARS)])
    )
    times = (
        writer.add_series_metrics_data("times")
        .with_series(
            objects([Timestamp(secs=1_750_000_000 + 60 * k, nanos=0) for k in range(BARS)])
        )
        .with_index_data(ids)
    )
    values = (
        writer.add_series_metrics_data("rates")
        .with_series(np.linspace(0.0, 1.0, BARS))
        .with_index_data(ids)
    )
    statuses = (
        writer.add_series_metrics_data("rate statuses")
        .with_series(objects([PASSED] * BARS))
        .with_index_data(ids)
    )
    (
        writer.add_batchwise_bar_chart_metric("Rates")
        .with_status(PASSED)
        .with_importance(MEDIUM)
        .with_project_id(uuid.uuid4())
        .append_category_data("rate", times, values, statuses)
    )
    return load(_write(tmp_path_factory.mktemp("bars"), writer))


def test_bar_chart_labels_only_the_bars_it_can_draw(
    many_bars: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[object] = []

    def counting(raw: object, width: int | None = None) -> str:
        made.append(raw)
        return label(raw, width)

    monkeypatch.setattr(bar_chart, "label", counting)
    chart = real_render(next(many_bars.metrics_named("Cells")), 120, 40, color="truecolor")
    assert any(f"of {BARS:,} bars" in note for note in chart.notes)
    assert 0 < len(made) <= most_shown(120, 40) + 10


def test_batchwise_labels_only_the_batches_it_can_draw(
    many_bars: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[int] = []
    own = batchwise._Batches.label

    def counting(self: batchwise._Batches, j: int) -> str:
        made.append(j)
        return own(self, j)

    monkeypatch.setattr(batchwise._Batches, "label", counting)
    chart = real_render(next(many_bars.metrics_named("Rates")), 120, 40, color="truecolor")
    assert any(f"of {BARS:,} bars" in note for note in chart.notes)
    assert 0 < len(made) <= most_shown(120, 40)
    assert made == list(range(len(made)))  # the earliest batches, in time order


def test_a_chart_drawn_before_is_not_drawn_again(
    many_bars: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []

    def counting(metric, width, height, **options):  # type: ignore[no-untyped-def]
        drawn.append(metric.name)
        return real_render(metric, width, height, **options)

    monkeypatch.setattr(cache, "render", counting)
    charts = cache.RenderCache()
    metric = next(many_bars.metrics_named("Cells"))
    first = charts.render(metric, 100, 30, color="truecolor", palette=Palette())
    assert charts.render(metric, 100, 30, color="truecolor", palette=Palette()) is first
    assert drawn == ["Cells"]
    charts.render(metric, 100, 31, color="truecolor", palette=Palette())  # another size
    charts.render(metric, 100, 30, color="none", palette=Palette())  # other options
    assert drawn == ["Cells"] * 3


async def test_an_unchanged_chart_view_redraw_does_no_rendering_work(
    many_bars: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[tuple[int, int]] = []

    def counting(metric, width, height, **options):  # type: ignore[no-untyped-def]
        drawn.append((width, height))
        return real_render(metric, width, height, **options)

    monkeypatch.setattr(cache, "render", counting)
    monkeypatch.setattr(chart_view, "CHARTS", cache.RenderCache())

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield ChartView(next(many_bars.metrics_named("Cells")))

    app = Host()
    async with app.run_test(size=(100, 40)) as pilot:
        view = app.query_one(ChartView)
        await pilot.pause()
        assert view.chart is not None and drawn
        shown, count = view.chart, len(drawn)
        view.redraw()  # what a resize to the same size or an unchanged theme does
        view.redraw()
        await pilot.pause()
        assert len(drawn) == count and view.chart is shown
        await pilot.resize_terminal(90, 40)  # a real change draws again
        await pilot.pause()
        assert len(drawn) > count


METRICS = 3 * CHUNK + 50


@pytest.fixture(scope="module")
def many_metrics(tmp_path_factory: pytest.TempPathFactory) -> Document:
    writer = ResimMetricsWriter(uuid.uuid4())
    for k in range(METRICS):
        writer.add_scalar_metric(f"Check {k:05d}").with_value(float(k)).with_status(
            PASSED
        ).with_importance(MEDIUM)
        if k % 2:
            writer.add_series_metrics_data(f"series {k}").with_series(np.arange(3.0))
    return load(_write(tmp_path_factory.mktemp("many"), writer))


class TreeHost(App[None]):
    def compose(self) -> ComposeResult:
        yield MetricTree()


def _built(tree: MetricTree) -> int:
    return len(tree._all_nodes())


async def test_a_big_file_builds_only_the_tree_nodes_that_can_be_seen(
    many_metrics: Document,
) -> None:
    app = TreeHost()
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(MetricTree)
        tree.show(many_metrics)
        await pilot.pause()
        # Three sections, the first chunk of metrics and one "… more" line; no Data rows.
        assert _built(tree) == 3 + CHUNK + 1
        keys = tree.metric_keys_in_order()
        assert len(keys) == METRICS and tree.has_key(keys[-1])  # all reachable by key
        # A filter or a finished validation rebuilds no more than that.
        tree.show(many_metrics, needle="check 0")
        await pilot.pause()
        assert _built(tree) <= 3 + CHUNK + 1
        tree.show(many_metrics)
        await pilot.pause()
        # The cursor on "… more" brings the next chunk in its place.
        more = tree.root.children[0].children[-1]
        assert more.data is not None and more.data.kind == "more"
        tree.move_cursor(more)
        await pilot.pause()
        assert _built(tree) == 3 + 2 * CHUNK + 1
        assert tree.cursor_node is not None and tree.cursor_node.data.key == keys[CHUNK]
        # Asking for the last metric builds what leads to it, and selects it.
        assert tree.select_key(keys[-1])
        await pilot.pause()
        assert tree.cursor_key() == keys[-1]
        # Opening Data builds its first chunk.
        data = tree.root.children[2]
        assert not data.children
        data.expand()
        await pilot.pause()
        assert len(data.children) == CHUNK + 1


async def test_a_finished_check_relabels_the_built_nodes_and_rebuilds_none(
    many_metrics: Document,
) -> None:
    app = TreeHost()
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(MetricTree)
        tree.show(many_metrics)
        await pilot.pause()
        before = tree._all_nodes()
        first = many_metrics.display_order[0]
        tree.badges = {id(first): (2, True)}
        tree.refresh_labels()
        await pilot.pause()
        after = tree._all_nodes()
        assert [id(n) for n in after] == [id(n) for n in before]
        assert after[1].data is not None and after[1].data.item is first
        assert str(after[1].label).endswith(" !2")


async def test_filter_keystrokes_reuse_what_was_derived_from_the_document(
    many_metrics: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app.widgets import metric_tree

    needles = ("c", "ch", "check 0001", "passed", "")
    expected = {
        n: [m.name for m in many_metrics.display_order if metric_tree.metric_matches(m, n)]
        for n in needles
    }
    assert 0 < len(expected["check 0001"]) < METRICS
    looked: list[object] = []
    words = metric_tree._look_words
    monkeypatch.setattr(metric_tree, "_look_words", lambda m: looked.append(m) or words(m))
    sort = type(many_metrics).display_order
    sorts: list[object] = []
    monkeypatch.setattr(
        type(many_metrics), "display_order", property(lambda d: sorts.append(d) or sort.fget(d))
    )
    app = TreeHost()
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(MetricTree)
        tree.show(many_metrics)
        await pilot.pause()
        rows = {r.key: r for r in tree._rows.order if r.data.kind == "metric"}
        for needle in needles:
            tree.show(many_metrics, needle)
            await pilot.pause()
            shown = [k.removeprefix("metric:") for k in tree.metric_keys_in_order()]
            assert shown == expected[needle], needle
            # Rows only for the lines built: the rest of the match stays positions.
            assert len(tree._rows.order) <= 3 + CHUNK, needle
        # One sort per document, the type and status words once per (type, status), and
        # the same rows for the metrics each time (reset, never made again).
        assert len(sorts) == 1
        assert len(looked) == 1
        again = {r.key: r for r in tree._rows.order if r.data.kind == "metric"}
        assert all(again[k] is row for k, row in rows.items())


def _reference_numbers(arrays: list[tuple[np.ndarray, int]]) -> tuple[list[str], list[list[int]]]:
    from tui.model.ids import id_key

    seen: dict[str, int] = {}
    out = []
    for array, count in arrays:
        out.append([seen.setdefault(id_key(str(v)), len(seen)) for v in array[:count].tolist()])
    return list(seen), out


def _ids(values: list[str]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def test_batch_numbers_are_those_of_id_key_whatever_the_spelling(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = [str(uuid.uuid4()) for _ in range(50)]
    shared = _ids(made[:30] + made[:5])  # repeats within a category
    other = _ids(made[20:50])
    canonical = [(shared, 35), (other, 30), (shared, 35), (other, 12)]
    odd = _ids(
        [made[3].upper(), "{" + made[40] + "}", "not a uuid", made[7] + " ", made[8] + "\0", ""]
    )
    for arrays in (canonical, [*canonical, (odd, 6)], [(odd, 6), (shared, 35)]):
        keys, numbers = batchwise._numbers(arrays)
        want_keys, want = _reference_numbers(arrays)
        assert [k.decode() if isinstance(k, bytes) else k for k in keys.tolist()] == want_keys
        assert [n.tolist() for n in numbers] == want
    # Canonical spellings, as the SDK writes them, are numbered without a call per id.
    monkeypatch.setattr(batchwise, "id_key", lambda raw: pytest.fail("id_key called"))
    keys, _ = batchwise._numbers(canonical)
    assert len(keys) == 50
