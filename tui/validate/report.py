"""The result of a validation: every problem, in file order, with the verdict."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from tui.model.problems import Problem, Severity
from tui.validate.rules import canonical

# File order of the JobMetrics fields: job_id, job_level_metrics, metrics_data, events.
KIND_ORDER = {"job": 0, "metric": 1, "data": 2, "event": 3}


@dataclass(frozen=True)
class Report:
    """All problems of one file, sorted by where they are (job, metrics, data, events).

    ``valid`` is the official validator's verdict: no errors. Warnings never change it.
    """

    problems: list[Problem]
    # Problems counted but not listed (tui.model.budget), by severity.
    unlisted: dict[Severity, int] = dataclasses.field(default_factory=dict)

    def with_unlisted(self, *counts: dict[Severity, int]) -> Report:
        total: dict[Severity, int] = {}
        for part in counts:
            for severity, n in part.items():
                total[severity] = total.get(severity, 0) + n
        return dataclasses.replace(self, unlisted=total) if total else self

    def total(self, severity: Severity) -> int:
        """Problems of ``severity``, the unlisted ones too."""
        listed = sum(1 for p in self.problems if p.severity is severity)
        return listed + self.unlisted.get(severity, 0)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Problem]:
        """Infos: worth knowing, never counted as warnings."""
        return [p for p in self.problems if p.severity is Severity.INFO]

    @property
    def needs_action(self) -> list[Problem]:
        """Errors and warnings: what a badge counts and ``--strict`` fails."""
        return [p for p in self.problems if p.severity is not Severity.INFO]

    def ignoring(self, rules: Iterable[str]) -> Report:
        """The report without the warnings and notes of ``rules`` (``check --ignore``).

        Errors stay: a Metrics 2.0 id such as ``config_missing`` is a warning in one
        place and an error in another, and ignoring a rule must never hide an error.
        """
        drop = {canonical(rule) for rule in rules}  # either spelling of an id
        if not drop:
            return self
        return Report(
            [p for p in self.problems if p.rule not in drop or p.severity is Severity.ERROR]
        )

    @property
    def valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def at(self, kind: str, position: int | None) -> list[Problem]:
        """The problems of one object: ``at("metric", 3)`` for the fourth metric."""
        return [
            p for p in self.problems if p.location.kind == kind and p.location.index == position
        ]

    def by_object(self) -> dict[tuple[str, int | None], list[Problem]]:
        """Problems grouped by (kind, position), for badges on a tree."""
        groups: dict[tuple[str, int | None], list[Problem]] = {}
        for problem in self.problems:
            key = (problem.location.kind, problem.location.index)
            groups.setdefault(key, []).append(problem)
        return groups


def build(own: Iterable[Problem], from_model: Iterable[Problem]) -> Report:
    """Merge the validator's problems with the model's and sort them.

    The model records what it meets while resolving (dangling references, unknown
    enums, ...). The rules here cover all of it, following the official validator, so a
    model problem is kept only where no rule said anything about the same field, and
    then as a warning: the verdict is the rules' alone.
    """
    problems = list(dict.fromkeys(own))  # the same finding twice (a shared status series)
    covered = {_where(p) for p in problems}
    for problem in from_model:
        if _where(problem) not in covered:
            covered.add(_where(problem))
            problems.append(dataclasses.replace(problem, severity=Severity.WARNING))
    problems.sort(key=_order)
    return Report(problems)


def _where(problem: Problem) -> tuple[str, int | None, str]:
    loc = problem.location
    return (loc.kind, loc.index, loc.field)


def _order(problem: Problem) -> tuple[int, int]:
    loc = problem.location
    return (KIND_ORDER.get(loc.kind, len(KIND_ORDER)), -1 if loc.index is None else loc.index)
