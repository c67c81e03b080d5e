"""A rule id is accepted in kebab-case or snake_case wherever a user types one
(``--ignore``, ``.resim-tui-ignore``): ``series_non_finite`` is ``series-non-finite``
and ``media-missing`` is ``media_missing``; a typo is still no rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.formats import load
from tui.model.problems import Location, Problem, Severity
from tui.validate import ignore_file, validate
from tui.validate.report import Report
from tui.validate.rules import RULES, canonical, unknown

DEMO = ROOT / "tui" / "demo"


def _other(rule: str) -> str:
    return rule.replace("-", "_") if "-" in rule else rule.replace("_", "-")


@pytest.mark.parametrize("rule", sorted(r for r in RULES if "-" in r or "_" in r))
def test_every_rule_in_either_spelling(rule: str) -> None:
    assert canonical(_other(rule)) == rule and canonical(rule) == rule
    assert unknown([_other(rule)]) == []


def test_a_typo_is_still_no_rule() -> None:
    assert unknown(["series-non-finit", "media__missing"]) == [
        "series-non-finit",
        "media__missing",
    ]


def test_ignoring_in_the_other_spelling_drops_the_warning() -> None:
    warn = Problem(Severity.WARNING, Location("job"), "no such image", "media_missing")
    report = Report([warn])
    assert report.ignoring(["media-missing"]).problems == []
    assert report.ignoring(["media_missing"]).problems == []


def test_the_ignore_file_takes_either_spelling(tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(DEMO, out, ignore=shutil.ignore_patterns(".resim-tui-ignore", "*.py"))
    report = validate(load(out))
    flagged = [p for p in report.problems if p.rule == "series-non-finite"]
    assert flagged
    (out / ignore_file.NAME).write_text("series_non_finite  # snake_case, as Metrics 2.0\n")
    applied = ignore_file.apply(report, out / "metrics.binproto")
    assert applied.error is None and applied.file is not None
    assert applied.file.rules == ("series-non-finite",)  # kept as the checks spell it
    assert len(applied.ignored) == len(flagged)
