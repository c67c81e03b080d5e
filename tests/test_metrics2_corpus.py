"""Every case of the Metrics 2.0 corpus: good cases compute what expected.json says,
bad cases report what it asks for. Cases are found by listing the folder."""

from __future__ import annotations

import functools
import json
import math

import pytest

from tests.m2_corpus import BAD, CASES, CORPUS, GOOD
from tui.formats.metrics2.preview import preview
from tui.formats.metrics2.problems import rule_id

REL = 1e-9

pytestmark = pytest.mark.skipif(not CASES, reason="no ../shared/corpus/m2 here")


@functools.cache
def _preview(case: str):
    return preview(CORPUS / case)


def _expected(case: str) -> dict:
    return json.loads((CORPUS / case / "expected.json").read_text())


def _cell_equal(got, want) -> bool:
    if isinstance(want, str) and want in ("NaN", "Infinity", "-Infinity"):
        return isinstance(got, float) and (math.isnan(got) if want == "NaN" else got == float(want))
    if isinstance(want, bool) or want is None:
        return got == want
    if isinstance(want, int | float):
        if not isinstance(got, int | float) or isinstance(got, bool):
            return False
        return math.isclose(got, want, rel_tol=REL, abs_tol=1e-9)
    if isinstance(want, list):
        if isinstance(got, str):
            try:
                got = json.loads(got)
            except ValueError:
                return False
        return (
            isinstance(got, list | tuple)
            and len(got) == len(want)
            and all(_cell_equal(g, w) for g, w in zip(got, want, strict=True))
        )
    if isinstance(want, dict):
        if isinstance(got, str):
            got = json.loads(got)
        return (
            isinstance(got, dict)
            and got.keys() == want.keys()
            and all(_cell_equal(got[k], want[k]) for k in want)
        )
    return got == want


def _rows_match(got: list, spec: dict, approx: list) -> str:
    want = spec["rows"]
    if len(got) != len(want):
        return f"{len(got)} rows, expected {len(want)}: {got[:5]} vs {want[:5]}"
    bands = {(a["row"], a["col"]): (a["lo"], a["hi"]) for a in approx}

    def same(g, w, r) -> bool:
        if len(g) != len(w):
            return False
        for c, (gv, wv) in enumerate(zip(g, w, strict=True)):
            if (r, c) in bands:
                lo, hi = bands[(r, c)]
                if not lo - 1e-9 <= gv <= hi + 1e-9:
                    return False
            elif not _cell_equal(gv, wv):
                return False
        return True

    if spec.get("ordered", True) is False:
        left = list(want)
        for g in got:
            hit = next((i for i, w in enumerate(left) if same(g, w, -1)), None)
            if hit is None:
                return f"row {g} not expected"
            left.pop(hit)
        return ""
    for r, (g, w) in enumerate(zip(got, want, strict=True)):
        if not same(g, w, r):
            return f"row {r}: {g} != {w}"
    return ""


@pytest.mark.parametrize("case", GOOD)
def test_good_case_values_and_statuses(case: str) -> None:
    expected = _expected(case)
    result = _preview(case)
    errors = [p for p in result.problems if p.severity.value == "error"]
    assert not errors, errors
    failures = []
    for name, spec in expected["metrics"].items():
        scopes = spec.get("per_job") or {None: spec.get("result")}
        for job, want in scopes.items():
            outcome = result.outcome(name, job)
            if outcome is None:
                failures.append(f"{name}: not computed")
                continue
            want = {**want, "ordered": spec.get("ordered", True)}
            status = outcome.status if outcome.status != "SKIPPED" else "SKIPPED"
            if status != want["status"]:
                failures.append(f"{name} [{job}]: status {status} != {want['status']}")
            if want["status"] != "SKIPPED":
                why = _rows_match(outcome.rows, want, want.get("approx", []))
                if why:
                    failures.append(f"{name} [{job}]: {why}")
            if "template_inputs" in want:
                assert outcome.figure is not None, f"{name}: custom template did not render"
    failures += _job_status_differences(case, result)
    assert not failures, "\n".join(failures)


def _job_status_differences(case: str, result) -> list[str]:
    # A single job's emissions carry no job id of their own, so its one status is
    # compared with the one the case expects.
    expected = _expected(case).get("job_status") or {}
    if len(result.jobs) == 1 and len(expected) == 1:
        expected = {result.jobs[0].job_id: next(iter(expected.values()))}
    return [
        f"job {job_id}: {result.job_status(job_id)} != {status}"
        for job_id, status in expected.items()
        if result.job_status(job_id) != status
    ]


@pytest.mark.parametrize("case", BAD)
def test_bad_case_job_status(case: str) -> None:
    """Broken metrics leave their job's status to the ones that ran (spec §4.7)."""
    assert not _job_status_differences(case, _preview(case))


@pytest.mark.parametrize("case", GOOD)
def test_good_case_row_counts(case: str) -> None:
    expected = _expected(case)
    result = _preview(case)
    for topic, spec in expected["topics"].items():
        if not spec.get("declared", True):
            continue
        rows = sum(len(e.rows[topic]) for e in result.emissions.values() if topic in e.rows)
        assert rows == spec["rows"], topic
    events = sum(len(e.events) for e in result.emissions.values())
    assert events == expected["events"]["count"]


@pytest.mark.parametrize("case", BAD)
def test_bad_case_reports(case: str) -> None:
    expected = _expected(case)
    result = _preview(case)
    missing = []
    for want in expected["viewer_must_report"]:
        where = want["where"]
        hits = [
            p
            for p in result.problems
            if p.rule == rule_id(want["code"])  # the corpus names rules in snake_case
            and p.severity.value == want["severity"]
            and p.location.name == where["file"]
            and ("line" not in where or p.location.index == where["line"])
            and ("key" not in where or p.location.field == where["key"])
        ]
        text_ok = [p for p in hits if all(ph in p.message for ph in want["message_should_contain"])]
        if not text_ok:
            missing.append(f"{want} (near: {[str(p) for p in result.problems][:6]})")
    assert not missing, "\n".join(missing)
    # Nothing else breaks: metrics that expected.json computes still compute.
    for name, spec in expected.get("metrics", {}).items():
        want = spec.get("result")
        if want and "rows" in want:
            outcome = result.outcome(name)
            assert outcome is not None and outcome.status == want["status"], name
            assert not _rows_match(outcome.rows, {**want, "ordered": True}, []), name
