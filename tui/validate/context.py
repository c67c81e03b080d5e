"""What every rule module shares: the file, lookups keyed like the official validator's, and
the list problems are added to.

The official validator keys its maps by the id *text* (``metrics_data_id.id.data``), not
by UUID value, and a later duplicate replaces an earlier one. Our verdict must equal its
verdict, so the maps here do the same; the model (which compares ids by value) is only
used for names, positions and the warnings.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from tui.model import Document
from tui.model.budget import BudgetSpent, Tally
from tui.model.problems import Location, Problem, Severity

# 8-4-4-4-12 hex digits: a spelling ``uuid.UUID(hex=...)`` always accepts.
_DASHED = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z"
)

# Longest excerpt of a file-provided string quoted inside a message.
QUOTE_LEN = 60


def uuid_ok(text: str) -> bool:
    """Whether the official validator accepts ``text`` as a UUID: ``uuid.UUID(hex=text)``.

    This is deliberately the same call, not a regex: it accepts braces, ``urn:uuid:``,
    missing dashes and even ``0x`` prefixes, and any rule of ours would drift from it.
    The dashed form every SDK writes is accepted by that call without asking it (a
    job holds hundreds of ids, and a batch thousands of jobs).
    """
    if _DASHED.match(text):
        return True
    try:
        uuid.UUID(hex=text)
    except (ValueError, TypeError):
        return False
    return True


def quote(text: str, limit: int = QUOTE_LEN) -> str:
    """A file-provided string in double quotes, cut to ``limit`` characters.

    Escaping control characters is the output's job (tui.safe_text); this only keeps a
    2 MB name from making a 2 MB message.
    """
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"'


def show_id(text: str) -> str:
    """An id as written, quoted; ``<empty>`` when there is none."""
    return quote(text, 48) if text else "<empty>"


def few(names: list[str]) -> str:
    """The first five names, quoted, and how many more there are."""
    shown = ", ".join(quote(n, 30) for n in names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


@dataclass
class Context:
    """The document under check, the official-style lookups, and the problems found."""

    doc: Document
    message: Any
    problems: list[Problem] = field(default_factory=list)
    # id text → (position, MetricsData), the last of duplicates winning.
    data_by_text: dict[str, tuple[int, Any]] = field(default_factory=dict)
    # id text → (position, Metric), the last of duplicates winning.
    metric_by_text: dict[str, tuple[int, Any]] = field(default_factory=dict)
    # Positions of data whose series bytes could not be decoded (see access.py).
    corrupt: set[int] = field(default_factory=set)
    # Series whose bytes were found sound, by (data position, category): a file of
    # 30,000 data asks about each series eight times, its bytes need checking once.
    sound: set[tuple[int, str | None]] = field(default_factory=set)
    # (member, length) of each series access found sound, by (data position, category).
    shapes: dict[tuple[int, str | None], tuple[str | None, int]] = field(default_factory=dict)
    # Data id texts written more than once (references to them are ambiguous).
    shared_data_ids: set[str] = field(default_factory=set)
    # The file's metrics and data as lists: a location names its object, and reaching it
    # through the message costs three protobuf look-ups each time.
    metric_messages: list[Any] = field(default_factory=list)
    data_messages: list[Any] = field(default_factory=list)
    metric_ids: list[str] = field(default_factory=list)  # each id's text, by position
    data_ids: list[str] = field(default_factory=list)
    # Lists the first problems of each rule and counts the rest (tui.model.budget).
    tally: Tally = field(init=False)

    def __post_init__(self) -> None:
        self.tally = Tally(self.problems)

    @classmethod
    def of(cls, doc: Document) -> Context:
        message = doc.message
        ctx = cls(doc, message)
        ctx.data_messages = list(message.metrics_data)
        ctx.metric_messages = list(message.job_level_metrics.metrics)
        # The ids' text as the resolver read it (one model object per message, in file
        # order): three protobuf look-ups each, 50,000 times at 20k metrics, spared. A
        # read stopped early (a newer one replaced it) has no metrics: read the messages.
        ctx.data_ids = (
            [item.id.raw for item in doc.data]
            if len(doc.data) == len(ctx.data_messages)
            else [data.metrics_data_id.id.data for data in ctx.data_messages]
        )
        ctx.metric_ids = (
            [made.id.raw for made in doc.metrics]
            if len(doc.metrics) == len(ctx.metric_messages)
            else [metric.metric_id.id.data for metric in ctx.metric_messages]
        )
        for position, (data, text) in enumerate(zip(ctx.data_messages, ctx.data_ids, strict=True)):
            if text in ctx.data_by_text:
                ctx.shared_data_ids.add(text)
            ctx.data_by_text[text] = (position, data)
        for position, (metric, text) in enumerate(
            zip(ctx.metric_messages, ctx.metric_ids, strict=True)
        ):
            ctx.metric_by_text[text] = (position, metric)
        return ctx

    # --- locations -----------------------------------------------------------

    def job(self, field_path: str = "") -> Location:
        return Location("job", "", field_path, None)

    def metric(self, position: int, field_path: str = "") -> Location:
        return Location("metric", self.metric_messages[position].name, field_path, position)

    def data(self, position: int, field_path: str = "") -> Location:
        return Location("data", self.data_messages[position].name, field_path, position)

    def event(self, position: int, field_path: str = "") -> Location:
        return Location("event", self.message.events[position].name, field_path, position)

    # --- problems ------------------------------------------------------------

    def error(self, where: Location, message: str, rule: str, hint: str) -> None:
        """A problem the official validator rejects the file for."""
        self._add(Severity.ERROR, where, message, rule, hint)

    def warn(self, where: Location, message: str, rule: str, hint: str) -> None:
        """A problem the official validator lets through."""
        self._add(Severity.WARNING, where, message, rule, hint)

    def note(self, where: Location, message: str, rule: str, hint: str) -> None:
        """Something worth knowing that needs no action (an info, never a warning)."""
        self._add(Severity.INFO, where, message, rule, hint)

    def _add(self, severity: Severity, where: Location, message: str, rule: str, hint: str) -> None:
        if self.tally.spent:
            raise BudgetSpent
        if self.tally.wants(rule, severity):
            self.tally.add(Problem(severity, where, message, rule, hint))
        else:
            self.tally.count(rule, severity)

    def with_errors(self) -> set[tuple[str, int | None]]:
        """(kind, position) of every object with an error so far."""
        return {
            (p.location.kind, p.location.index)
            for p in self.problems
            if p.severity is Severity.ERROR
        }
