"""Every rule id is printed in kebab-case, Metrics 1.0's and Metrics 2.0's alike (text,
``--format json|github|junit``, ``--list-rules``, the problems panel), and is accepted
in kebab-case or snake_case wherever a user types one (``--ignore``,
``.resim-tui-ignore``): ``series_non_finite`` is ``series-non-finite``; a typo is still
no rule."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.m2_corpus import CASES, CORPUS
from tui.cli.commands.check import check_path
from tui.formats import load
from tui.model.problems import Location, Problem, Severity
from tui.validate import ignore_file, validate
from tui.validate.formats import (
    FileResult,
    github_lines,
    json_document,
    junit_xml,
    text_lines,
)
from tui.validate.report import Report
from tui.validate.rules import RULES, canonical, unknown

DEMO = ROOT / "tui" / "demo"
BAD_M1 = ROOT / ".." / "shared" / "corpus" / "bad"
CONFORMANCE = BAD_M1.is_dir()


KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _other(rule: str) -> str:
    return rule.replace("-", "_")


def test_every_listed_rule_is_kebab_case() -> None:
    assert [r for r in RULES if not KEBAB.fullmatch(r)] == []


@pytest.mark.parametrize("rule", sorted(r for r in RULES if "-" in r))
def test_every_rule_in_either_spelling(rule: str) -> None:
    assert canonical(_other(rule)) == rule and canonical(rule) == rule
    assert unknown([_other(rule)]) == []


def _printed(results: list[FileResult]) -> set[str]:
    """Every rule id each output format prints for ``results``: the text lines' last
    ``[rule]``, GitHub's titles, the JSON ``rule`` keys and JUnit's failure types."""
    ids: set[str] = set()
    for result in results:
        for line in text_lines(result, color=False, strict=True):
            ids.update(re.findall(r": (?:error|warning|info): .* \[([^\[\] ]+)\]$", line))
        for line in github_lines(result):
            ids.update(re.findall(r",title=([^ ]+) \(", line))
    document = json_document(results, strict=True, status=1)
    ids |= {p["rule"] for f in document["files"] for p in f.get("problems", [])}
    ids |= set(re.findall(r'<failure[^>]* type="([^"]+)"', junit_xml(results, strict=True)))
    return ids


@pytest.mark.skipif(not (CASES and CONFORMANCE), reason="no ../shared corpus here")
def test_every_rule_id_printed_is_kebab_case() -> None:
    # Both formats' bad cases, which between them print most rules there are.
    paths = [CORPUS / c for c in CASES] + [
        p for p in BAD_M1.iterdir() if p.is_dir() or p.suffix == ".binproto"
    ]
    results = [check_path(path) for path in paths]
    printed = _printed(results)
    assert len(printed) > 40, printed  # the formats' shapes are still read right
    assert sorted(r for r in printed if not KEBAB.fullmatch(r)) == []


def test_a_typo_is_still_no_rule() -> None:
    assert unknown(["series-non-finit", "media__missing"]) == [
        "series-non-finit",
        "media__missing",
    ]


def test_ignoring_in_the_other_spelling_drops_the_warning() -> None:
    warn = Problem(Severity.WARNING, Location("job"), "no such image", "media-missing")
    report = Report([warn])
    assert report.ignoring(["media-missing"]).problems == []
    assert report.ignoring(["media_missing"]).problems == []


def test_the_ignore_file_takes_either_spelling(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(DEMO, out, ignore=shutil.ignore_patterns(".resim-tui-ignore", "*.py"))
    report = validate(load(out))
    flagged = [p for p in report.problems if p.rule == "series-non-finite"]
    assert flagged
    (out / ignore_file.NAME).write_text("series_non_finite  # snake_case, as a Python name\n")
    applied = ignore_file.apply(report, out / "metrics.binproto")
    assert applied.error is None and applied.file is not None
    assert applied.file.rules == ("series-non-finite",)  # kept as the checks spell it
    assert len(applied.ignored) == len(flagged)
