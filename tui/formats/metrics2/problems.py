"""Problems of Metrics 2.0 files, as the shared Problem type.

A problem names its file (relative to the outputs directory) as the location's
``name``, the key path as ``field`` and the 1-based line as ``index``; ``kind``
says which file it is: ``emissions``, ``config``, ``template`` or ``media``.

Its rule id is printed in kebab-case, the public form of every rule id (Metrics 1.0's,
``check --list-rules``, ``--format json``): the checks here name theirs as Python names
(``query_error``), and this is the one place they become ids (``query-error``).
"""

from __future__ import annotations

from tui.model.problems import Location, Problem, Severity


def problem(
    code: str,
    kind: str,
    file: str,
    line: int | None,
    key: str,
    message: str,
    hint: str = "",
    *,
    warning: bool = False,
    info: bool = False,
) -> Problem:
    severity = Severity.INFO if info else Severity.WARNING if warning else Severity.ERROR
    return Problem(severity, Location(kind, file, key, line), message, rule_id(code), hint)


def rule_id(code: str) -> str:
    """``query_error`` as the rule id ``query-error``."""
    return code.replace("_", "-")
