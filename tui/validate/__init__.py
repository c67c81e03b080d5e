"""Validation of a metrics file: the official validator's verdict, with every problem named.

``validate(doc)`` checks a loaded Document against every rule of ReSim's own validator
(``validate_job_metrics``), which stops at the first problem and mostly says nothing but
an exception name. Here each problem has a location, a message naming the values, a
stable rule id and a hint. Errors are exactly what the official validator rejects;
warnings are what it lets through but is likely wrong.

Modules by subject: ids, enums, data, pairs (references and value/status pairs),
metrics (per metric) with charts and singles (per metric type), events, job; and for
warnings only: files, series, consistency.

May import: tui.model, tui.text; numpy. Never a reader (it checks the model,
whichever format it came from) and no terminal-UI library.
"""

from __future__ import annotations

from collections.abc import Callable

from tui.model import Document, Problem
from tui.model.budget import BudgetSpent, stopped_note
from tui.validate import (
    consistency,
    data,
    enums,
    events,
    files,
    ids,
    job,
    metrics,
    series,
)
from tui.validate.context import Context
from tui.validate.report import Report, build

# Order matters only for the warnings at the end, which skip objects with errors.
RULES: tuple[Callable[[Context], None], ...] = (
    ids.check,
    enums.check,
    metrics.check,
    job.check,
    data.check,
    events.check,
    events.orphans,
    files.check,
    series.non_finite,
    series.unreferenced,
    consistency.check,
)


def validate(doc: Document) -> Report:
    """Check ``doc`` and return every problem found; never raises on bad content."""
    if doc.format == "metrics2":  # its reader ran the Metrics 2.0 checks while reading
        return Report(sorted(doc.problems, key=_m2_order))
    ctx = Context.of(doc)
    cut: list[str] = []
    for rule in RULES:
        try:
            rule(ctx)
        except BudgetSpent:  # the verdict is settled; each later rule stops at its first
            cut.append(f"{rule.__module__.rsplit('.', 1)[-1]}.{rule.__name__}")
    notes = ctx.tally.summaries() + ([stopped_note(ctx.tally.total, cut)] if cut else [])
    report = build(ctx.problems + notes, doc.problems)
    return report.with_unlisted(ctx.tally.unlisted())


def _m2_order(problem: Problem) -> tuple[bool, str, int]:
    loc = problem.location
    return (loc.kind != "config", loc.name, loc.index or 0)


__all__ = ["RULES", "Report", "validate"]
