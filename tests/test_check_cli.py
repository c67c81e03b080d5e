"""``resim-tui check``: formats that parse, exit statuses, --strict, colour, hostile text."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from resim.metrics.proto import metrics_pb2 as sdk_pb2

from tests.conftest import BAD, bad_cases
from tests.sdk_jobs import write_job
from tui.cli import main
from tui.cli.commands.check import use_color

HOSTILE = "\x1b[31mred\x1b[0m [bold]x[/bold]\nnext\x07"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A valid job (with legacy-type notes), one with a warning, an invalid one, a hostile
    one, garbage."""
    root = tmp_path_factory.mktemp("check")
    valid = root / "valid"
    message = write_job(valid)
    invalid = root / "invalid"
    write_job(invalid)
    broken = sdk_pb2.JobMetrics.FromString(message.SerializeToString())
    broken.job_level_metrics.metrics[0].status = 0
    scalar = next(m for m in broken.job_level_metrics.metrics if m.name == "Distance")
    scalar.metric_values.scalar_metric_values.value = math.nan
    (invalid / "metrics.binproto").write_bytes(broken.SerializeToString())
    hostile = root / "hostile"
    write_job(hostile)
    evil = sdk_pb2.JobMetrics.FromString(broken.SerializeToString())
    for metric in evil.job_level_metrics.metrics:
        metric.name = HOSTILE + metric.name
    evil.metrics_data[0].name = HOSTILE
    (hostile / "metrics.binproto").write_bytes(evil.SerializeToString())
    warned = root / "warned"
    write_job(warned)
    stray = sdk_pb2.JobMetrics.FromString(message.SerializeToString())
    extra = stray.metrics_data.add()
    extra.CopyFrom(next(d for d in stray.metrics_data if d.name == "speed"))
    extra.name = "stray"
    extra.metrics_data_id.id.data = "00000000-0000-4000-8000-0000000000aa"
    (warned / "metrics.binproto").write_bytes(stray.SerializeToString())
    garbage = root / "garbage"
    garbage.mkdir()
    (garbage / "metrics.binproto").write_bytes(b"\xff" * 64)
    return {
        "valid": valid,
        "warned": warned,
        "invalid": invalid,
        "hostile": hostile,
        "garbage": garbage,
    }


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    status = main(["check", *map(str, args)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_exit_statuses(outputs, capsys):
    assert run(capsys, outputs["valid"])[0] == 0
    assert run(capsys, outputs["invalid"])[0] == 1
    status, out, err = run(capsys, outputs["garbage"])
    assert status == 2 and "not a metrics file" in err and "Traceback" not in err + out
    assert run(capsys, outputs["valid"], outputs["invalid"])[0] == 1
    assert run(capsys, outputs["invalid"], outputs["garbage"])[0] == 2
    assert run(capsys, outputs["valid"] / "nowhere")[0] == 2


def test_strict_fails_on_warnings_never_on_notes(outputs, capsys):
    # The SDK's standard API writes legacy types: a note, which --strict lets through.
    status, out, _ = run(capsys, outputs["valid"], "--strict")
    assert status == 0
    assert "valid (0 errors, 0 warnings; 2 notes)" in out and ": info: " in out
    status, out, _ = run(capsys, outputs["warned"], "--strict")
    assert status == 1
    assert "valid, but --strict fails it (0 errors, 1 warning; 2 notes)" in out


def test_ignore_drops_a_rule_and_is_repeatable(outputs, capsys):
    status, out, _ = run(capsys, outputs["warned"], "--strict", "--ignore", "data-unreferenced")
    assert status == 0 and "data-unreferenced" not in out
    status, out, _ = run(
        capsys, outputs["warned"], "--ignore", "data-unreferenced", "--ignore", "deprecated-type"
    )
    assert status == 0 and "valid (0 errors, 0 warnings)" in out and "deprecated-type" not in out


def test_ignore_refuses_unknown_rules_and_errors(outputs, capsys):
    status, _, err = run(capsys, outputs["valid"], "--ignore", "no-such-rule")
    assert status == 2 and "--list-rules" in err
    status, _, err = run(capsys, outputs["invalid"], "--ignore", "scalar-value")
    assert status == 2 and "official validator" in err


def test_list_rules_names_every_rule_with_its_severity(capsys):
    from tui.validate.rules import RULES

    status, out, _ = run(capsys, "--list-rules")
    assert status == 0
    rows = [line.split()[:2] for line in out.splitlines()]
    assert {rule: severity for rule, severity in rows} == {
        rule: severity.value for rule, (severity, _) in RULES.items()
    }


def test_text_is_compiler_style_with_hints(outputs, capsys):
    status, out, _ = run(capsys, outputs["invalid"])
    assert status == 1
    lines = out.splitlines()
    path = outputs["invalid"] / "metrics.binproto"
    assert f'{path}: metric "Speed": status: error: the status is not set' in out
    assert any(
        line.startswith(f'{path}: metric "Distance": scalar_metric_values.value: error: ')
        and line.endswith("[scalar-value]")
        for line in lines
    )
    hints = [line for line in lines if line.startswith("    hint: ")]
    assert hints and all(len(h) > len("    hint: ") for h in hints)
    assert (
        lines[-1]
        == f"{path}: invalid, the official validator rejects it (2 errors, 0 warnings; 2 notes)"
    )


def test_json_output(outputs, capsys):
    status, out, _ = run(capsys, outputs["invalid"], outputs["garbage"], "--format", "json")
    document = json.loads(out)
    assert document["exit_status"] == status == 2
    first, second = document["files"]
    assert first["valid"] is False and first["errors"] == 2 and first["warnings"] == 0
    assert first["notes"] == 2
    assert {p["rule"] for p in first["problems"]} >= {"enum-set", "scalar-value"}
    problem = next(p for p in first["problems"] if p["rule"] == "scalar-value")
    assert problem["kind"] == "metric" and problem["name"] == "Distance"
    assert problem["field"] == "scalar_metric_values.value" and problem["hint"]
    assert second["valid"] is None and "not a metrics file" in second["load_error"]


def test_github_annotations(outputs, capsys):
    status, out, _ = run(capsys, outputs["invalid"], "--format", "github")
    assert status == 1
    lines = out.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::notice ")]
    assert len(errors) == 2 and len(warnings) == 2
    path = outputs["invalid"] / "metrics.binproto"
    for line in errors + warnings:
        head, message = line.split("::", 2)[1:]
        assert head.startswith(f"error file={path},title=") or head.startswith("notice file=")
        assert message and "\n" not in message
    assert "%0Ahint: " in errors[0]  # the hint rides in the message, newline escaped
    assert 'title=enum-set (metric "Speed"%3A status)' in errors[0]


def test_junit_xml(outputs, capsys):
    status, out, _ = run(
        capsys, outputs["valid"], outputs["invalid"], outputs["garbage"], "--format", "junit"
    )
    assert status == 2
    root = ET.fromstring(out)
    valid, invalid, garbage = root.findall("testsuite")
    # A valid file: the job case passes; the metrics with legacy types carry output.
    assert valid.get("failures") == "0"
    names = [case.get("name") for case in valid.findall("testcase")]
    assert names == ["job", 'metric "Speed"', 'metric "Counts"']
    assert "deprecated-type" in valid.findall("testcase")[1].findtext("system-out")
    # The invalid file: one failing case per metric with errors.
    failing = [c for c in invalid.findall("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failing] == ['metric "Speed"', 'metric "Distance"']
    assert failing[1].find("failure").get("type") == "scalar-value"
    assert garbage.find("testcase/failure").get("type") == "load-error"
    assert root.get("tests") == str(sum(int(s.get("tests")) for s in root))


def test_junit_strict_turns_warnings_into_failures(outputs, capsys):
    _, out, _ = run(capsys, outputs["warned"], "--format", "junit", "--strict")
    suite = ET.fromstring(out).find("testsuite")
    assert suite.get("failures") == "1"  # the warning; the legacy-type notes never fail


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_hostile_names_never_reach_the_terminal(outputs, capsys, fmt):
    _, out, err = run(capsys, outputs["hostile"], "--format", fmt)
    assert "\x1b" not in out + err and "\x07" not in out + err
    if fmt == "text":
        assert "\\x1b[31mred" in out and "[bold]x[/bold]\\x0anext" in out
    elif fmt == "json":
        names = [p["name"] for p in json.loads(out)["files"][0]["problems"]]
        assert any(name.startswith(HOSTILE) for name in names)  # exact, once decoded
    elif fmt == "junit":
        assert "\\x1b[31mred" in ET.tostring(ET.fromstring(out), encoding="unicode")
    else:
        assert all(line.startswith("::") for line in out.splitlines()[:-1])


@pytest.mark.parametrize(
    "case", [c for c in bad_cases() if c["name"] in {"ansi_escapes", "rich_textual_markup"}]
)
def test_bad_corpus_strings_stay_literal(case, capsys):
    for fmt in ("text", "json", "github", "junit"):
        _, out, err = run(capsys, BAD / case["path"], "--format", fmt)
        assert "\x1b" not in out + err and "\x9b" not in out + err


def test_colour_only_on_a_terminal_without_no_color(outputs, capsys, monkeypatch):
    master, slave = os.openpty()
    with open(slave, "w") as terminal:
        monkeypatch.delenv("NO_COLOR", raising=False)
        assert use_color(terminal)
        monkeypatch.setenv("NO_COLOR", "1")
        assert not use_color(terminal)
    os.close(master)
    monkeypatch.delenv("NO_COLOR", raising=False)
    _, out, _ = run(capsys, outputs["invalid"])  # captured: not a terminal
    assert "\x1b" not in out


@pytest.mark.slow
def test_a_real_process_exits_cleanly(outputs):
    """Through ``python -m tui``: no traceback, the documented status, output piped."""
    for name, expected in (("valid", 0), ("invalid", 1), ("garbage", 2)):
        done = subprocess.run(
            [sys.executable, "-m", "tui", "check", str(outputs[name])],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == expected, done.stderr
        assert "Traceback" not in done.stderr


def test_help_lists_formats_and_exit_statuses(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["check", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--format" in out and "--strict" in out and "exit status" in out
