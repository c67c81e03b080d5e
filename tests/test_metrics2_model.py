"""Metrics 2.0 through the shared model: load(), the cards' value types, check, live reload."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.m2_corpus import CORPUS
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.metric_card import MetricCard
from tui.cli.commands.check import check_path
from tui.formats import affects, file_signature, load, locate
from tui.model.enums import MetricStatus, MetricType
from tui.validate import validate

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus/m2 here")


def _metric(doc, name):
    return next(m for m in doc.metrics if m.name == name)


def test_load_picks_metrics2_for_a_directory_of_emissions() -> None:
    case = CORPUS / "g01_scalar_basics"
    assert locate(case) == case.absolute()
    doc = load(case)
    assert doc.format == "metrics2"
    peak = _metric(doc, "Peak Speed")
    assert peak.type is MetricType.SCALAR_METRIC_TYPE
    assert peak.values.value == pytest.approx(2.896) and peak.values.unit == "m/s"
    assert peak.status is MetricStatus.FAIL_WARN_METRIC_STATUS
    assert doc.status is MetricStatus.FAIL_WARN_METRIC_STATUS  # job WARNING
    assert _metric(doc, "Wheel Summary").values.text == "2 groups; first: left"
    about = doc.display_order[0]
    assert about.name == "About this preview" and "local preview" in about.values.text
    assert "DuckDB" in about.values.text
    # Every topic field is charted over time.
    speed = _metric(doc, "wheel_speed.speed_mps")
    assert speed.type is MetricType.DOUBLE_OVER_TIME_METRIC_TYPE
    assert speed.values.values[0].data.column().values.shape == (40,)
    assert _metric(doc, "wheel_speed.wheel").type is MetricType.STATES_OVER_TIME_METRIC_TYPE


def test_system_templates_become_model_types() -> None:
    kinds = {
        "g02_line_series": ("Speed vs Target", MetricType.LINE_PLOT_METRIC_TYPE),
        "g05_state_timeline": (None, MetricType.STATES_OVER_TIME_METRIC_TYPE),
        "g06_images_and_video": (None, MetricType.IMAGE_LIST_METRIC_TYPE),
        "g07_custom_templates": ("Mean Error by Route", MetricType.PLOTLY_METRIC_TYPE),
        "g03_bar_and_table": (None, MetricType.BAR_CHART_METRIC_TYPE),
    }
    for case, (name, kind) in kinds.items():
        doc = load(CORPUS / case)
        config = [m for m in doc.metrics if ("metric type", "test") in m.tags]
        if name is not None:
            assert _metric(doc, name).type is kind, case
        else:
            assert any(m.type is kind for m in config), case
    line = _metric(load(CORPUS / "g02_line_series"), "Speed vs Target").values
    assert line.legend == ["Measured", "Target"]
    assert all(ref.data is not None for ref in line.xs + line.ys)


def test_skipped_metric_is_hidden_and_no_data_says_so() -> None:
    doc = load(CORPUS / "g14_empty_file")
    hidden = [m for m in doc.metrics if m.hidden]
    assert len(hidden) == 1
    texts = [m.values.text for m in doc.metrics if m.type is MetricType.TEXT_METRIC_TYPE]
    assert any("no data" in t for t in texts)


def test_check_reports_metrics2_problems_with_lines() -> None:
    result = check_path(CORPUS / "b03_wrong_type")
    assert result.report is not None and not result.report.valid
    lines = sorted(p.location.index for p in result.report.errors)
    assert lines == [2, 3, 4, 5, 6]
    good = check_path(CORPUS / "g01_scalar_basics")
    assert good.report is not None and good.report.valid
    assert validate(load(CORPUS / "b09_sql_syntax_error")).errors


def test_signature_and_affects_follow_every_input(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(CORPUS / "g07_custom_templates", case)
    before = file_signature(case)
    template = case / ".resim/metrics/templates/bars.liquid"
    template.chmod(0o644)
    template.write_text(template.read_text() + "\n")
    assert file_signature(case) != before
    assert affects(case, template)
    assert affects(case, case / "emissions.resim.jsonl")
    assert not affects(case, case / "notes.txt")


async def _until(pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)


@pytest.mark.slow
async def test_viewer_follows_appends_and_config_edits(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(CORPUS / "g13_half_written_last_line", case)
    for p in case.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    case.chmod(0o755)
    emissions = next(case.glob("*.resim.jsonl"))
    config = case / ".resim/metrics/config.resim.yml"
    app = ResimApp(case.absolute(), load(case), Options(watch=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: app.document is not None)
        await pilot.pause(0.4)
        names = {m.name for m in app.document.metrics}
        assert _metric(app.document, "Samples").values.value == 20  # the cut line waits
        app.jump_to(_metric(app.document, "Peak Speed"))
        await _until(pilot, lambda: _card(app) == "Peak Speed")
        # The writer finishes the half-written line and adds one more.
        with emissions.open("ab") as handle:
            handle.write(b'00000000}, "$data": {"v": 0.5}}\n')
            handle.write(b'{"$metadata": {"topic": "speed", "timestamp": 2100000000}, ')
            handle.write(b'"$data": {"v": 3.25}}\n')
        await _until(pilot, lambda: _metric(app.document, "Samples").values.value == 22)
        assert _metric(app.document, "Peak Speed").values.value == 3.25
        assert _card(app) == "Peak Speed"  # the place is kept
        # Break the query: the located error shows, the other metric still computes.
        config.write_text(config.read_text().replace("MAX(v)", "MAX(v", 1))
        await _until(pilot, lambda: any(p.rule == "sql-syntax" for p in app.document.problems))
        assert _metric(app.document, "Samples").values.value == 22
        assert names <= {m.name for m in app.document.metrics}
        assert _card(app) == "Peak Speed"


def _card(app: ResimApp) -> str:
    return getattr(app.query_one(MetricCard).item, "name", "")


def test_reload_reads_only_what_was_appended(tmp_path: Path) -> None:
    from tui.formats.metrics2.preview import preview

    case = tmp_path / "case"
    shutil.copytree(CORPUS / "b01_invalid_json_line", case)
    for p in case.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    emissions = case / "emissions.resim.jsonl"
    first = preview(case)
    assert [p.location.index for p in first.problems if p.rule == "invalid-json"] == [3]
    rows = len(first.emissions["local-job"].rows["speed"])
    with emissions.open("a") as handle:
        handle.write('{"$metadata": {"topic": "speed", "timestamp": 99}, "$data": {"v": 1.0')
    second = preview(case)  # a half-written line: waited for, not an error
    assert len(second.emissions["local-job"].rows["speed"]) == rows
    assert [p.rule for p in second.problems] == [p.rule for p in first.problems]
    with emissions.open("a") as handle:
        handle.write(', "seq": 9, "label": "x"}}\n{"bad json\n')
    third = preview(case)
    assert len(third.emissions["local-job"].rows["speed"]) == rows + 1
    lines = sorted(p.location.index for p in third.problems if p.rule == "invalid-json")
    total = len(emissions.read_bytes().splitlines())
    assert lines == [3, total]  # numbering continues across the append
    emissions.write_text(emissions.read_text().splitlines(keepends=True)[0])  # rewritten
    fourth = preview(case)
    assert len(fourth.emissions["local-job"].rows["speed"]) == 1
    assert not [p for p in fourth.problems if p.rule == "invalid-json"]


def test_a_long_query_is_cancelled_with_a_message() -> None:
    from tui.formats.metrics2.engine import DuckEngine, QueryError

    engine = DuckEngine()
    try:
        start = time.monotonic()
        with pytest.raises(QueryError, match=r"cancelled after 0\.2 s"):
            engine.run(
                "SELECT SUM(a.range * b.range) FROM range(200000) a, range(200000) b",
                job=None,
                timeout=0.2,
            )
        assert time.monotonic() - start < 5
        assert engine.run("SELECT 7 / 2, -7 / 2, 7 / 2.0", job=None, timeout=5).rows == [
            (3, -3, 3.5)
        ]  # Trino's integer division
        assert engine.run("SELECT is_finite(1.0), is_infinite(infinity())", job=None, timeout=5)
    finally:
        engine.close()


def test_translation_says_when_it_is_not_exact() -> None:
    from tui.formats.metrics2.sql import translate

    weighted = translate("SELECT APPROX_PERCENTILE(x, w, 0.5) FROM t")
    assert any("3 arguments" in c for c in weighted.caveats)
    assert any("format()" in c for c in translate("SELECT format('%.2f', x) FROM t").caveats)
    status = translate("SELECT 1 FROM t WHERE v > ?", threshold=2.5)
    assert status.placeholders == 1 and "2.5" in status.sql and "?" not in status.sql
    bad = translate("SELECT AVG(v AS value FROM speed")
    assert bad.error and (bad.error_line, bad.error_col) == (1, 15)
    tables = translate("WITH c AS (SELECT 1 FROM a) SELECT * FROM c JOIN b ON true").tables
    assert sorted(tables) == ["a", "b"]  # the CTE is not a table


def test_a_query_edit_reuses_the_loaded_tables(tmp_path: Path) -> None:
    from tui.formats.metrics2 import preview as module

    case = tmp_path / "case"
    shutil.copytree(CORPUS / "g13_half_written_last_line", case)
    for p in case.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    config = case / ".resim/metrics/config.resim.yml"
    module.preview(case)
    engine = module._ENGINES[case.absolute()][1]
    config.write_text(config.read_text().replace("MAX(v)", "MIN(v)"))
    again = module.preview(case)
    assert module._ENGINES[case.absolute()][1] is engine  # no table was loaded again
    assert again.outcome("Peak Speed").rows[0][0] < 0.5
    with next(case.glob("*.resim.jsonl")).open("ab") as handle:
        handle.write(b'00000000}, "$data": {"v": 0.01}}\n')
    third = module.preview(case)
    assert module._ENGINES[case.absolute()][1] is engine  # rows appended: inserted
    assert third.outcome("Peak Speed").rows[0][0] == 0.01


def test_an_append_is_inserted_and_a_rewrite_in_place_reloads(tmp_path: Path) -> None:
    """The engine takes appended rows without a reload; a file rewritten under the same
    inode (even when longer) is loaded again, never appended to."""
    from tui.formats.metrics2 import preview as module
    from tui.formats.metrics2.preview import preview

    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(
        "version: 1\ntopics:\n  speed:\n    schema:\n      v: float\nmetrics:\n  Total:\n"
        "    type: test\n    query_string: SELECT COUNT(*) AS n, SUM(v) AS s FROM speed\n"
        "    template_type: system\n    template: scalar\n"
    )

    def line(ts: int, v: float) -> str:
        return json.dumps({"$metadata": {"topic": "speed", "timestamp": ts}, "$data": {"v": v}})

    path = tmp_path / "emissions.resim.jsonl"
    path.write_text("".join(line(i, 1.0) + "\n" for i in range(3)))
    first = preview(tmp_path)
    assert first.outcome("Total").rows == [(3, 3.0)]
    engine = module._ENGINES[tmp_path.absolute()][1]
    with path.open("a") as handle:
        handle.write(line(3, 2.0) + "\n" + line(4, 2.0) + "\n")
    assert preview(tmp_path).outcome("Total").rows == [(5, 7.0)]
    assert module._ENGINES[tmp_path.absolute()][1] is engine  # appended, not reloaded
    with path.open("r+b") as handle:  # same inode, new and longer content
        handle.write("".join(line(i, 10.0) + "\n" for i in range(6)).encode())
    assert preview(tmp_path).outcome("Total").rows == [(6, 60.0)]


@pytest.mark.skipif(not (CORPUS / "b10_query_missing_topic").is_dir(), reason="no corpus")
def test_a_missing_topic_is_located_in_the_sql() -> None:
    from tui.formats.metrics2.preview import preview

    found = preview(CORPUS / "b10_query_missing_topic", use_cache=False)
    said = [p.message for p in found.problems if p.rule == "unknown-table"]
    assert any("speeds" in m and "(config line 14, SQL line 1, column 29)" in m for m in said)
    assert any("speed_limits" in m and "(config line 25, SQL line 1, column 28)" in m for m in said)


@pytest.mark.parametrize(
    "sql, where",
    [
        ("SELECT 1 FROM speeds", (1, 15)),
        ('SELECT 1\nFROM x JOIN "Speeds" s', (2, 13)),
        ("SELECT speeds_total FROM t, speeds", (1, 29)),
        ("SELECT 1 FROM other", None),
    ],
)
def test_locate_finds_the_table_not_a_longer_name(sql: str, where: object) -> None:
    from tui.formats.metrics2.sql import locate

    assert locate(sql, "speeds") == where


@pytest.mark.parametrize(
    "sql, where",
    [
        ("SELECT a,, b FROM t", (1, 9)),
        ("SELECT a,\n  b, FROM t", (2, 4)),
        ("SELECT f(a, ) FROM t", (1, 11)),
        ("SELECT a FROM t GROUP BY a,", (1, 27)),
    ],
)
def test_a_dangling_comma_does_not_parse_as_in_trino(sql: str, where: tuple[int, int]) -> None:
    from tui.formats.metrics2.sql import translate

    tr = translate(sql)
    assert "comma" in tr.error
    assert (tr.error_line, tr.error_col) == where


def test_commas_in_strings_and_lists_are_fine() -> None:
    from tui.formats.metrics2.sql import translate

    tr = translate("SELECT 'a,,b' AS s, ARRAY[1, 2] AS l, f(x, y) FROM t")
    assert not tr.error and tr.sql
