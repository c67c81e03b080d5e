"""Budgets on work per byte: what a small hostile file may cost, and how we say we stopped.

A 2 MB file can hold a million two-byte messages (empty metrics, empty tags,
empty category names). Every object costs the reader, the validator and the
views microseconds, and every problem costs a line of output, so such a file
took minutes and gigabytes. Two budgets bound it, both announced where they
bite instead of silently cutting:

- ``MAX_OBJECTS`` metrics, data and events together (more in a big file: one
  per ``BYTES_PER_OBJECT`` bytes), and ``MAX_ITEMS`` entries
  of any list inside one object (tags, category names, legend names, ...):
  the rest is not read (see tui/formats/metrics1/budget.py);
- ``PROBLEMS_PER_RULE`` problems of one rule and severity are listed; the
  rest are counted, so the verdict and the counts stay exact;
- after ``MAX_PROBLEMS`` problems, once one of them is an error, checking
  stops (``BudgetSpent``): the verdict is settled, as the official validator
  settles it at the first problem, and the note says what was not checked.

Real files are far inside both: ReSim jobs hold hundreds of metrics, and a
problem that repeats a thousand times says nothing the first hundred did not.
"""

from __future__ import annotations

from tui.model.problems import Location, Problem, Severity

MAX_OBJECTS = 25_000
BYTES_PER_OBJECT = 64
MAX_ITEMS = 10_000
PROBLEMS_PER_RULE = 100
MAX_PROBLEMS = 20_000
BUDGET_RULE = "work-budget"


class BudgetSpent(Exception):
    """Raised by a check that would add a problem past ``MAX_PROBLEMS``."""


class Tally:
    """A problem list that keeps the first ``limit`` problems of each (rule, severity)."""

    def __init__(
        self,
        problems: list[Problem],
        limit: int = PROBLEMS_PER_RULE,
        most: int = MAX_PROBLEMS,
    ) -> None:
        self.problems = problems
        self.limit = limit
        self.most = most
        self.total = 0
        self.errors = 0
        self._seen: dict[tuple[str, Severity], int] = {}

    @property
    def spent(self) -> bool:
        """Enough problems, an error among them: more would not change the verdict."""
        return self.total >= self.most and self.errors > 0

    def wants(self, rule: str, severity: Severity) -> bool:
        """Whether a problem of ``rule`` would still be listed (skip building it if not)."""
        return self._seen.get((rule, severity), 0) < self.limit

    def add(self, problem: Problem) -> None:
        if self.count(problem.rule, problem.severity):
            self.problems.append(problem)

    def count(self, rule: str, severity: Severity) -> bool:
        """Count one more problem; whether it is one to list."""
        key = (rule, severity)
        seen = self._seen.get(key, 0) + 1
        self._seen[key] = seen
        self.total += 1
        self.errors += severity is Severity.ERROR
        return seen <= self.limit

    def unlisted(self) -> dict[Severity, int]:
        """Problems counted but not listed, by severity."""
        out: dict[Severity, int] = {}
        for (_, severity), seen in self._seen.items():
            if seen > self.limit:
                out[severity] = out.get(severity, 0) + seen - self.limit
        return out

    def summaries(self) -> list[Problem]:
        """A note per rule that hit the limit: how many more there are."""
        notes = []
        for (rule, severity), seen in self._seen.items():
            if seen > self.limit:
                notes.append(
                    Problem(
                        Severity.INFO,
                        Location("job"),
                        f"{seen - self.limit:,} more {severity.value}s of rule {rule} are "
                        f"not listed (the first {self.limit} are; {seen:,} in all)",
                        BUDGET_RULE,
                        "fix the ones listed: the rest are very likely the same mistake",
                    )
                )
        return notes


def stopped_note(found: int, cut: list[str]) -> Problem:
    """The note that checking stopped early, and which checks were cut short."""
    return Problem(
        Severity.INFO,
        Location("job"),
        f"checking stopped after {found:,} problems, errors among them, so the file is "
        f"invalid whatever the rest holds; not run to the end: {', '.join(cut)}",
        BUDGET_RULE,
        "fix the problems listed and check again",
    )
