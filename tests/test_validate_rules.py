"""Each validator rule on a file the SDK wrote and a test then broke on purpose.

Every test also runs the official validator on the same bytes and checks that the
verdicts agree, so these double as hand-picked agreement cases.
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from resim.metrics.proto import metrics_pb2 as sdk_pb2

from tests.conftest import ROOT
from tests.sdk_jobs import write_job
from tests.verdicts import explain, official, ours
from tui.model.problems import Problem, Severity
from tui.validate import Report


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    folder = tmp_path_factory.mktemp("job")
    return folder, write_job(folder).SerializeToString()


def check(
    job: tuple[Path, bytes],
    folder: Path,
    change: Callable[[Any], None],
    *,
    image: bool = True,
) -> Report:
    """Apply ``change`` to a copy of the job, write it to ``folder``, validate both ways."""
    source, raw = job
    message = sdk_pb2.JobMetrics.FromString(raw)
    change(message)
    if image and not (folder / "plot.png").exists():
        shutil.copy(source / "plot.png", folder / "plot.png")
    data = message.SerializeToString()
    report = ours(data, folder)
    assert isinstance(report, Report), report
    accepted, where = official(data)
    assert report.valid == accepted, f"official: {accepted} {where}\n{explain(report)}"
    return report


def metric(message: Any, name: str) -> Any:
    return next(m for m in message.job_level_metrics.metrics if m.name == name)


def data(message: Any, name: str) -> Any:
    return next(d for d in message.metrics_data if d.name == name)


def only(report: Report, rule: str) -> list[Problem]:
    found = [p for p in report.problems if p.rule == rule]
    assert found, f"no {rule} in\n{explain(report)}"
    return found


def test_the_sdk_job_is_valid_with_only_legacy_type_notes(job, tmp_path):
    report = check(job, tmp_path, lambda m: None)
    assert report.valid and not report.warnings
    assert {p.rule for p in report.notes} == {"deprecated-type"}
    assert sorted(p.location.name for p in report.notes) == ["Counts", "Speed"]
    assert report.needs_action == []


def test_every_rule_the_checks_use_is_in_the_catalogue_with_its_severity():
    """``--list-rules`` and ``--ignore`` read tui.validate.rules: a new rule must be there."""
    import ast

    from tui.validate.rules import RULES

    calls = {"error": Severity.ERROR, "warn": Severity.WARNING, "note": Severity.INFO}
    used: dict[str, set[Severity]] = {}
    for path in (ROOT / "tui" / "validate").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in calls
                and len(node.args) >= 3
                and isinstance(node.args[2], ast.Constant)
            ):
                used.setdefault(node.args[2].value, set()).add(calls[node.func.attr])
    assert used, "found no rule ids: the checks' calls changed shape"
    assert set(used) <= set(RULES), set(used) - set(RULES)
    for rule, severities in used.items():
        assert severities == {RULES[rule][0]}, rule
    sources = "".join(
        p.read_text()
        for p in [
            *(ROOT / "tui").glob("validate/*.py"),
            *(ROOT / "tui").glob("formats/metrics1/*.py"),
            *(ROOT / "tui").glob("formats/metrics2/*.py"),
        ]
        if p.name != "rules.py"
    )
    # No rule listed that none use (Metrics 2.0's checks name theirs in snake_case, as
    # Python names: tui.formats.metrics2.problems prints them in kebab-case).
    unused = [
        r for r in RULES if f'"{r}"' not in sources and f'"{r.replace("-", "_")}"' not in sources
    ]
    assert unused == []


def test_unequal_status_series_names_both_lengths_and_the_field(job, tmp_path):
    def change(m):
        del data(m, "speed status").series.statuses.series[-1]

    report = check(job, tmp_path, change)
    (problem,) = only(report, "status-shape")
    assert problem.severity is Severity.ERROR
    assert problem.location.kind == "metric" and problem.location.name == "Speed"
    assert problem.location.field == "double_over_time_metric_values.statuses_over_time_data_id[0]"
    assert problem.message == (
        'status data "speed status" has 5 elements but value data "speed" has 6'
    )
    assert problem.hint
    # The index disagrees too: that is another problem, on the data.
    (index,) = only(report, "index-shape")
    assert index.location.kind == "data" and index.location.name == "speed status"


def test_every_problem_is_reported_not_just_the_first(job, tmp_path):
    def change(m):
        metric(m, "Distance").status = 0
        metric(m, "Notes").metric_values.text_metric_values.text = ""
        metric(m, "Spread").metric_values.histogram_metric_values.upper_bound = 9.0
        m.events[0].timestamp.nanos = -1

    report = check(job, tmp_path, change)
    rules = {p.rule for p in report.errors}
    assert {"enum-set", "text-not-empty", "histogram-buckets", "event-timestamp"} <= rules
    kinds = [p.location.kind for p in report.problems]
    order = {"job": 0, "metric": 1, "data": 2, "event": 3}
    assert kinds == sorted(kinds, key=order.__getitem__)


def test_dangling_reference_names_the_id(job, tmp_path):
    missing = "00000000-0000-4000-8000-00000000dead"

    def change(m):
        values = metric(m, "Peak").metric_values.double_metric_values
        values.value_data_id.id.data = missing

    (problem,) = only(check(job, tmp_path, change), "data-exists")
    assert missing in problem.message
    assert problem.location.field == "double_metric_values.value_data_id"


def test_a_reference_spelled_differently_does_not_resolve_officially(job, tmp_path):
    def change(m):
        ref = metric(m, "Peak").metric_values.double_metric_values.value_data_id
        ref.id.data = ref.id.data.upper()

    (problem,) = only(check(job, tmp_path, change), "data-exists")
    assert "written as" in problem.message


def test_same_uuid_written_twice_is_only_a_warning(job, tmp_path):
    def change(m):
        extra = m.metrics_data.add()
        extra.CopyFrom(data(m, "peak"))
        extra.name = "peak copy"
        extra.metrics_data_id.id.data = data(m, "peak").metrics_data_id.id.data.upper()

    report = check(job, tmp_path, change)
    assert report.valid
    (problem,) = only(report, "unique-data-ids")
    assert problem.severity is Severity.WARNING


def test_duplicate_event_ids_pass_officially_so_warn(job, tmp_path):
    def change(m):
        twin = m.events.add()
        twin.CopyFrom(m.events[0])
        twin.name = "Stop again"

    report = check(job, tmp_path, change)
    assert report.valid
    assert only(report, "unique-event-ids")[0].severity is Severity.WARNING


def test_zero_and_unknown_enums(job, tmp_path):
    def change(m):
        metric(m, "Distance").importance = 0
        metric(m, "Notes").status = 42

    report = check(job, tmp_path, change)
    (zero,) = only(report, "enum-set")
    assert (zero.location.name, zero.location.field) == ("Distance", "importance")
    (unknown,) = only(report, "known-enum-values")
    assert unknown.severity is Severity.WARNING and "42" in unknown.message


def test_unknown_metric_type_must_hold_image_values_like_the_official_chain(job, tmp_path):
    report = check(job, tmp_path, lambda m: setattr(metric(m, "Plot"), "type", 42))
    assert report.valid
    report = check(job, tmp_path, lambda m: setattr(metric(m, "Notes"), "type", 42))
    (problem,) = only(report, "metric-values-match-type")
    assert "image_metric_values" in problem.message


def test_events_timestamp_types_and_metric_lists(job, tmp_path):
    def change(m):
        late = m.events.add()
        late.CopyFrom(m.events[0])
        late.name = "Late"
        late.event_id.id.data = "5a1e7b0c-2b1d-4c3e-9f00-aaaaaaaaaaaa"
        late.timestamp_type = 2
        late.metrics.add().CopyFrom(late.metrics[0])

    report = check(job, tmp_path, change)
    assert only(report, "event-timestamp-types-match")[0].location.name == "Late"
    assert "listed twice" in only(report, "event-metric-names-unique")[0].message


def test_histogram_buckets(job, tmp_path):
    def change(m):
        values = metric(m, "Spread").metric_values.histogram_metric_values
        values.buckets[1].lower = 1.5

    (problem,) = only(check(job, tmp_path, change), "histogram-buckets")
    assert problem.message == "bucket 1 starts at 1.5 but bucket 0 ends at 1.0"
    assert problem.location.field == "histogram_metric_values.buckets[1]"


def test_scalar_nan_is_an_error_but_nan_in_a_series_a_warning(job, tmp_path):
    def change(m):
        metric(m, "Distance").metric_values.scalar_metric_values.value = math.nan
        data(m, "peak").series.doubles.series[0] = math.inf

    report = check(job, tmp_path, change)
    assert only(report, "scalar-value")[0].severity is Severity.ERROR
    (warning,) = only(report, "series-non-finite")
    assert warning.severity is Severity.WARNING and "+Inf" in warning.message


def test_states_outside_the_set(job, tmp_path):
    def change(m):
        data(m, "gear").series.strings.series[0] = "X"
        metric(m, "Gear").metric_values.states_over_time_metric_values.failure_states.append("Z")

    report = check(job, tmp_path, change)
    assert '"X"' in only(report, "state-in-set")[0].message
    assert '"Z"' in only(report, "failure-states-subset")[0].message


def test_hex_colours_follow_the_official_regex_quirk(job, tmp_path):
    def colours(value: str) -> Callable[[Any], None]:
        def change(m):
            values = metric(m, "Batches").metric_values.batchwise_bar_chart_metric_values
            values.colors[0] = value

        return change

    assert check(job, tmp_path, colours("#aabbcc\n")).valid  # re.search's "$" allows it
    assert only(check(job, tmp_path, colours("#abc")), "hex-color")


def test_batchwise_needs_a_project_id(job, tmp_path):
    def change(m):
        metric(m, "Batches").metric_values.batchwise_bar_chart_metric_values.ClearField(
            "project_id"
        )

    (problem,) = only(check(job, tmp_path, change), "valid-uuid")
    assert problem.location.field.endswith("project_id")


def test_grouped_categories_must_match(job, tmp_path):
    def change(m):
        data(m, "recall").category_names.append("truck")

    (problem,) = only(check(job, tmp_path, change), "category-names")
    assert '"truck"' in problem.message


def test_missing_values_and_job_id(job, tmp_path):
    def change(m):
        metric(m, "Notes").ClearField("metric_values")
        metric(m, "Plot").ClearField("job_id")

    report = check(job, tmp_path, change)
    assert only(report, "metric-values-set")[0].location.name == "Notes"
    assert only(report, "metric-job-id")[0].location.name == "Plot"


def test_a_file_that_is_not_an_image_is_a_warning(job, tmp_path):
    (tmp_path / "plot.png").write_text("not an image")
    report = check(job, tmp_path, lambda m: None)
    assert report.valid
    (problem,) = only(report, "external-file-not-image")
    assert problem.severity is Severity.WARNING
    assert "6e 6f 74 20" in problem.message  # the first bytes, "not "


def test_a_missing_file_is_a_warning(job, tmp_path):
    report = check(job, tmp_path, lambda m: None, image=False)
    assert report.valid
    (problem,) = only(report, "external-file-missing")
    assert problem.location.field == "external_file.path" and '"plot.png"' in problem.message


@pytest.mark.parametrize(
    "path", ["../plot.png", "/etc/passwd", "http://example.com/a.png", "link/plot.png"]
)
def test_files_outside_the_outputs_directory_are_refused(job, tmp_path, path):
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (tmp_path / "plot.png").write_text("secret")
    (outputs / "link").symlink_to(tmp_path)

    def change(m):
        data(m, "plot image").external_file.path = path

    (problem,) = only(check(job, outputs, change), "external-file-refused")
    assert problem.severity is Severity.WARNING


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_never_opened(job, tmp_path):
    os.mkfifo(tmp_path / "pipe.png")

    def change(m):
        data(m, "plot image").external_file.path = "pipe.png"

    assert only(check(job, tmp_path, change), "external-file-unreadable")


def test_orphan_event_metric_and_unreferenced_data(job, tmp_path):
    def change(m):
        metric(m, "Distance").event_metric = True
        extra = m.metrics_data.add()
        extra.CopyFrom(data(m, "peak"))
        extra.name = "leftover"
        extra.metrics_data_id.id.data = "5a1e7b0c-2b1d-4c3e-9f00-bbbbbbbbbbbb"

    report = check(job, tmp_path, change)
    assert only(report, "event-metric-orphan")[0].location.name == "Distance"
    assert only(report, "data-unreferenced")[0].location.name == "leftover"


def test_statuses_that_contradict_failure_definitions(job, tmp_path):
    def change(m):
        metric(m, "Distance").metric_values.scalar_metric_values.value = 25.0
        values = metric(m, "Speed").metric_values.double_over_time_metric_values
        values.failure_definition[0].fails_above = 5.0

    report = check(job, tmp_path, change)
    messages = [p.message for p in only(report, "status-vs-failure")]
    assert "the value 25 is above fails_above 20 but the status is PASSED" in messages
    assert any(m.startswith("3 of 6 points breach the failure band") for m in messages)
    assert "the status is PASSED but 3 points breach their failure band" in messages


def test_double_summary_selection_out_of_range(job, tmp_path):
    def change(m):
        metric(m, "Peak").metric_values.double_metric_values.series_index = 7

    (problem,) = only(check(job, tmp_path, change), "summary-selection")
    assert "7" in problem.message and problem.severity is Severity.WARNING


def test_blocking_is_deprecated(job, tmp_path):
    report = check(job, tmp_path, lambda m: setattr(metric(m, "Notes"), "blocking", True))
    assert only(report, "deprecated-field")[0].location.name == "Notes"


def test_report_groups_problems_by_object(job, tmp_path):
    def change(m):
        metric(m, "Distance").status = 0
        metric(m, "Distance").name = ""

    report = check(job, tmp_path, change)
    position = next(i for i, mm in enumerate(report.problems) if mm.location.field == "status")
    index = report.problems[position].location.index
    assert {p.rule for p in report.at("metric", index)} >= {"enum-set", "metric-name"}
    assert report.by_object()[("metric", index)] == report.at("metric", index)
    assert len(set(report.problems)) == len(report.problems)


@pytest.mark.parametrize(
    "text",
    [
        "123e4567-e89b-12d3-a456-426614174000",
        "123E4567-E89B-12D3-A456-426614174000",
        "{123e4567-e89b-12d3-a456-426614174000}",
        "urn:uuid:123e4567-e89b-12d3-a456-426614174000",
        "123e4567e89b12d3a456426614174000",
        "123e4567-e89b-12d3-a456-42661417400",
        "123e4567-e89b-12d3-a456-4266141740000",
        "123e4567-e89b-12d3-a456-426614174000\n",
        "123g4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456_426614174000",
        "",
    ],
)
def test_uuid_ok_is_the_official_call(text: str) -> None:
    """The dashed fast path accepts exactly what ``uuid.UUID(hex=...)`` does."""
    import uuid

    from tui.validate.context import uuid_ok

    try:
        uuid.UUID(hex=text)
        accepted = True
    except ValueError:
        accepted = False
    assert uuid_ok(text) is accepted


def test_every_metrics2_warning_and_note_is_a_rule_ignore_takes():
    """A Metrics 2.0 problem that is not an error must be ignorable by its own id."""
    import ast

    from tui.formats.metrics2.problems import rule_id
    from tui.validate.rules import RULES

    found: dict[str, Severity] = {}
    for path in (ROOT / "tui" / "formats" / "metrics2").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            code = node.args[0]
            flags = {
                k.arg
                for k in node.keywords
                if isinstance(k.value, ast.Constant) and k.value.value is True
            }
            if isinstance(code, ast.Constant) and isinstance(code.value, str) and flags:
                if "info" in flags:
                    found[code.value] = Severity.INFO
                elif "warning" in flags:
                    found[code.value] = Severity.WARNING
    assert "media_missing" in found, "found no Metrics 2.0 warnings: the calls changed shape"
    ids = {rule_id(code): severity for code, severity in found.items()}  # as printed
    assert {rule: RULES.get(rule, (None,))[0] for rule in ids} == ids


def test_ignoring_a_rule_drops_its_warnings_but_never_its_errors():
    from tui.model.problems import Location

    where = Location("config", "config.resim.yml", "", None)
    warning = Problem(Severity.WARNING, where, "no config found", "config-missing")
    error = Problem(Severity.ERROR, where, "config cannot be read", "config-missing")
    assert Report([warning, error]).ignoring(["config-missing"]).problems == [error]
