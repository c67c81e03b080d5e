"""A Metrics 2.0 metric that could not be computed never looks like a pass: it is ERROR
on every surface that shows a status (the model, the header and tree, show, check,
export and compare). Its job keeps the spec's rule (§4.7: BLOCKER, WARNING or PASSED from
the test metrics that were computed, as the corpus's expected job statuses say), and
every surface that shows the job's status counts the metrics not computed beside it.
Folders are written by the official Emitter; Metrics 1.0 cannot carry ERROR at all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.m2_corpus import write_case
from tests.pilot_waits import until
from tui.app.viewer import Options, ResimApp
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.metric_tree import MetricTree
from tui.formats import load
from tui.formats.metrics2.jobs import conflated
from tui.model.compare import compare
from tui.model.enums import MetricStatus
from tui.schema import metrics_pb2

ERROR = MetricStatus.ERROR_METRIC_STATUS

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
metrics:
  Top Speed:
    type: test
    query_string: SELECT MAX(v) FROM speed
    template_type: system
    template: scalar
    status:
      query_string: SELECT 1 FROM speed WHERE v > ?
      warn: {WARN}
  Fastest Lap:
    type: test
    query_string: SELECT MAX({COLUMN}) FROM speed
    template_type: system
    template: scalar
"""
ROWS = [("speed", {"v": v}, i * 1_000_000_000) for i, v in enumerate((1.0, 4.0, 2.0))]


def _case(folder: Path, *, column: str = "v", warn: float = 10.0) -> Path:
    config = CONFIG.replace("{COLUMN}", column).replace("{WARN}", f"{warn:g}")
    return write_case(folder, config, ROWS)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """Fastest Lap reads a column that is not there: its query fails when it runs."""
    return _case(tmp_path / "broken", column="lap_time")


def _metric(doc, name: str):
    return next(m for m in doc.metrics if m.name == name)


def test_the_rule_a_block_wins_then_a_warning_and_errors_do_not_move_the_job() -> None:
    assert conflated([None, "PASSED", "NO_DATA", "SKIPPED", "ERROR"]) == "PASSED"
    assert conflated(["PASSED", "FAIL_WARN"]) == "WARNING"
    assert conflated(["FAIL_WARN", "ERROR"]) == "WARNING"
    assert conflated(["ERROR", "FAIL_BLOCK"]) == "BLOCKER"


def test_the_model_says_error_for_the_metric_and_counts_it(broken: Path, tmp_path: Path) -> None:
    doc = load(broken)
    assert _metric(doc, "Fastest Lap").status == ERROR
    assert _metric(doc, "Top Speed").status == MetricStatus.PASSED_METRIC_STATUS
    assert doc.status == MetricStatus.PASSED_METRIC_STATUS
    assert [m.name for m in doc.not_computed] == ["Fastest Lap"]
    fine = load(_case(tmp_path / "fine"))
    assert fine.status == MetricStatus.PASSED_METRIC_STATUS and not fine.not_computed
    warned = load(_case(tmp_path / "warned", column="lap_time", warn=3))
    assert warned.status == MetricStatus.FAIL_WARN_METRIC_STATUS


def test_a_custom_template_that_does_not_render_is_an_error(tmp_path: Path) -> None:
    config = CONFIG.replace("{COLUMN}", "v").replace("{WARN}", "10") + (
        "  Drawn:\n    type: test\n    query_string: SELECT v FROM speed\n"
        "    template_type: custom\n    template_file: drawn.liquid\n"
    )
    folder = write_case(tmp_path / "case", config, ROWS)
    (folder / ".resim" / "metrics" / "templates").mkdir()
    (folder / ".resim" / "metrics" / "templates" / "drawn.liquid").write_text("{ not json")
    doc = load(folder)
    drawn = _metric(doc, "Drawn")
    assert drawn.status == ERROR
    assert "did not print JSON" in drawn.description
    assert doc.not_computed == [drawn]


def test_metrics1_cannot_hold_the_status() -> None:
    # Every value of the format's enum keeps its name; ERROR is outside int32, where a
    # Metrics 1.0 file's enums live, so no file is read as ERROR.
    proto = {
        v.number: v.name for v in metrics_pb2.DESCRIPTOR.enum_types_by_name["MetricStatus"].values
    }
    assert {s.value: s.name for s in MetricStatus if s is not ERROR} == proto
    assert ERROR.value > 2**31 - 1
    message = metrics_pb2.JobMetrics()
    with pytest.raises(ValueError):
        message.metrics_status = ERROR.value


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=120
    )


def test_show_check_and_export_say_error(broken: Path, tmp_path: Path) -> None:
    shown = _run("show", str(broken), "--no-color")
    job_line = shown.stdout.splitlines()[1]
    assert "PASSED" in job_line and "(0 failing, 1 not computed)" in job_line, job_line
    assert "⊘ ERROR" in shown.stdout  # the metric's own line
    checked = _run("check", str(broken), "--format", "json")
    assert checked.returncode == 1
    assert json.loads(checked.stdout)["files"][0]["valid"] is False
    assert (
        _run("export", str(broken), "--to", str(tmp_path / "out"), "--format", "json").returncode
        == 0
    )
    exported = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert exported["job"]["status"] == "PASSED_METRIC_STATUS"
    by_name = {m["name"]: m["status"] for m in exported["metrics"]}
    assert by_name["Fastest Lap"] == "ERROR_METRIC_STATUS"


def test_compare_calls_passed_to_error_worse(broken: Path, tmp_path: Path) -> None:
    result = compare(load(_case(tmp_path / "fine")), load(broken))
    assert result.worse
    assert [d.name for d in result.metrics if d.worse] == ["Fastest Lap"]
    assert result.summary() == "1 changed, 1 worse"


@pytest.mark.slow
async def test_header_and_tree_say_error(broken: Path) -> None:
    app = ResimApp(broken.absolute(), load(broken), Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.document is not None and bool(app.query(MetricTree)))
        header = app.query_one(JobHeader).shown.plain
        assert "PASSED" in header and "1 not computed" in header, header
        tree = app.query_one(MetricTree)
        labels = {}
        stack = [tree.root]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            labels[str(node.label)] = node
        lap = next(label for label in labels if "Fastest Lap" in label)
        assert "⊘" in lap, lap


def _pointed_at(card: str) -> str:
    """What the caret under the card's SQL excerpt points at, to the excerpt's end."""
    excerpt, caret = card.split("```\n")[1].splitlines()[:2]
    return excerpt[caret.index("^") :]


def test_the_card_of_a_failed_query_points_at_the_place(broken: Path, tmp_path: Path) -> None:
    card = _metric(load(broken), "Fastest Lap").values.text
    assert card.startswith("Binder Error") and "SQL line 1, column 12" in card, card
    assert _pointed_at(card) == "lap_time) FROM speed", card
    # a status query that fails says so in its card too, where it used to say "error";
    # its excerpt starts late, so that the place shows in a narrow card
    config = CONFIG.replace("{COLUMN}", "v").replace("{WARN}", "10")
    config = config.replace("WHERE v > ?", "WHERE v_max > ? AND v > 0 AND v < 1000 AND v <> 7")
    status = _metric(load(write_case(tmp_path / "status", config, ROWS)), "Top Speed")
    assert status.status == ERROR
    assert "the status query failed" in status.values.text
    assert _pointed_at(status.values.text).startswith("v_max > ?")
    excerpt = status.values.text.split("```\n")[1].splitlines()[0]
    assert excerpt.startswith("…") and excerpt.endswith("…") and len(excerpt) <= 44


def test_about_this_preview_keeps_one_item_a_line(broken: Path) -> None:
    about = _metric(load(broken), "About this preview").values.text
    items = [line for line in about.splitlines() if line.startswith("- ")]
    assert [i.split(":")[0] for i in items] == ["- Engine", "- Config", "- Metrics", "- Jobs"]
