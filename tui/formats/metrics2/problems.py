"""Problems of Metrics 2.0 files, as the shared Problem type.

A problem names its file (relative to the outputs directory) as the location's
``name``, the key path as ``field`` and the 1-based line as ``index``; ``kind``
says which file it is: ``emissions``, ``config``, ``template`` or ``media``.
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
    return Problem(severity, Location(kind, file, key, line), message, code, hint)
