"""Our verdict against the official validator's on every corpus file, and ``check``'s
exit status and messages on each.

The official validator runs on the bytes parsed by the SDK's own ``metrics_pb2``; ours
reads the same file through tui.model.load, as ``resim-tui check`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import BAD, bad_cases, conformance_cases, needs
from tests.verdicts import accepts, explain, official
from tui.cli import main
from tui.formats import load
from tui.model import LoadError
from tui.validate import Report, validate

CONFORMANCE = needs(conformance_cases(), "../shared/corpus/conformance")
BAD_CASES = needs(bad_cases(), "../shared/corpus/bad")
PARSED = needs(
    [c for c in bad_cases() if c["parses_as_jobmetrics"]], "../shared/corpus/bad (parsing cases)"
)

# Files protobuf parses that our loader refuses as "not a metrics file" (exit 2): empty
# ones, and ones with a top-level field of the wrong wire type.
LOADER_REFUSES = {"empty_file", "being_written", "other_type_timestamp", "wire_type_mismatch"}


def _ours(path: Path) -> Report | LoadError:
    try:
        return validate(load(path))
    except LoadError as exc:
        return exc


def _case_id(case: object) -> str:
    if isinstance(case, Path):
        return case.name
    return case["name"] if isinstance(case, dict) else "absent"


@pytest.mark.parametrize("case", CONFORMANCE, ids=_case_id)
def test_conformance_verdict(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())["validator"]["ok"]
    accepted, where = official((case / "metrics.binproto").read_bytes())
    assert accepted == expected
    result = _ours(case)
    assert accepts(result) == accepted, f"official: {where}\n{explain(result)}"


@pytest.mark.parametrize("case", PARSED, ids=_case_id)
def test_bad_corpus_verdict(case: dict) -> None:
    accepted, where = official((BAD / case["binproto"]).read_bytes())
    assert accepted == case["validator_accepts"]
    result = _ours(BAD / case["path"])
    assert accepts(result) == accepted, f"official: {where}\n{explain(result)}"
    if isinstance(result, LoadError):
        assert case["name"] in LOADER_REFUSES


def _expected_status(case: dict) -> int:
    if not case["parses_as_jobmetrics"] or case["name"] in LOADER_REFUSES:
        return 2
    return 0 if case["validator_accepts"] else 1


def _check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    status = main(["check", str(path), "--format", "json"])
    out = capsys.readouterr().out
    return status, json.loads(out)


def _assert_messages_name_locations(document: dict) -> None:
    for file in document["files"]:
        if file["load_error"] is not None:
            assert file["load_error"].strip()
            continue
        for problem in file["problems"]:
            assert problem["message"].strip() and problem["message"] != problem["rule"]
            assert problem["hint"].strip()
            assert problem["kind"] in {"job", "metric", "data", "event"}
            if problem["kind"] != "job":
                assert problem["index"] is not None


@pytest.mark.parametrize("case", BAD_CASES, ids=_case_id)
def test_check_on_bad_corpus(case: dict, capsys: pytest.CaptureFixture[str]) -> None:
    status, document = _check(BAD / case["path"], capsys)
    assert status == _expected_status(case)
    assert document["exit_status"] == status
    _assert_messages_name_locations(document)


@pytest.mark.parametrize("case", CONFORMANCE, ids=_case_id)
def test_check_on_conformance(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = json.loads((case / "expected.json").read_text())["validator"]["ok"]
    status, document = _check(case, capsys)
    assert status == (0 if expected else 1)
    _assert_messages_name_locations(document)


@pytest.mark.parametrize("case", CONFORMANCE, ids=_case_id)
def test_text_lines_name_the_location(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(case)])
    report = validate(load(case))
    lines = [line for line in capsys.readouterr().out.splitlines() if "[" in line]
    assert len(lines) == len(report.problems)
    for line, problem in zip(lines, report.problems, strict=True):
        assert line.startswith(f"{case / 'metrics.binproto'}: {problem.location.kind}")
        assert line.endswith(f"[{problem.rule}]")


@pytest.mark.parametrize("folder", CONFORMANCE, ids=lambda p: p.name)
def test_a_read_stopped_early_still_checks_like_a_whole_one(folder: Path) -> None:
    """The rules take the ids' text from the model where it has every object, and from
    the messages when a read stopped before its metrics (a newer one replaced it): the
    verdict and the rules' own errors are the same either way."""
    from tui.formats.metrics1.decode import read_message
    from tui.formats.metrics1.resolve import resolve

    file = folder / "metrics.binproto"
    message, size, held = read_message(file)
    whole = validate(resolve(message, file, size, held=held))
    message, size, held = read_message(file)  # resolving trims its message: a fresh one
    stopped = validate(resolve(message, file, size, stop=lambda: True, held=held))
    assert stopped.valid == whole.valid

    def errors(report: Report) -> list[tuple[str, str]]:
        return [(p.rule, str(p.location)) for p in report.errors]

    assert errors(stopped) == errors(whole)
