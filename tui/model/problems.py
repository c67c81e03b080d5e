"""Problems found in a metrics file: where, what, which rule, and how to fix it.

Shared by the model (which records what it meets while resolving references)
and the validator (which checks every rule of the format). Nothing here
raises: a defect in a file is data to show, not an exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the official validator rejects the file for this
    WARNING = "warning"  # accepted by the official validator, but likely wrong
    INFO = "info"  # worth knowing, needs no action: never counted, badged or failed


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: the object kind and name, and a field path inside it.

    ``kind`` is ``job``, ``metric``, ``data`` or ``event``; ``name`` is the
    object's name as written (may be empty); ``index`` is its position in the
    file, which tells apart objects that share a name.
    """

    kind: str
    name: str = ""
    field: str = ""
    index: int | None = None

    def __str__(self) -> str:
        where = "job" if self.kind == "job" else f'{self.kind} "{self.name}"'
        if self.kind != "job" and not self.name and self.index is not None:
            where = f"{self.kind} #{self.index}"
        return f"{where}: {self.field}" if self.field else where


@dataclass(frozen=True, slots=True)
class Problem:
    """One defect: its severity, location, message, rule id and a fix hint."""

    severity: Severity
    location: Location
    message: str
    rule: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.location}: {self.message} [{self.rule}]"
