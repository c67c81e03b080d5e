"""Reports as text for people and for CI: compiler-style lines, JSON, GitHub Actions
annotations and JUnit XML.

Pure functions from results to strings. Every file-provided string (names, ids, paths,
parts of messages) passes through tui.safe_text before it is written, so no control
character or escape sequence reaches a terminal or a CI log; in JSON they are simply
JSON-escaped, and in XML anything XML 1.0 cannot carry is escaped too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tui.model.problems import Location, Problem, Severity
from tui.text.safe import printable, printable_block
from tui.validate.report import Report

NAME_LEN = 80  # longest object name shown in a location
JSON_TEXT_LEN = 4096  # longest string from the file in a JSON report
# Location kinds that name a file of an outputs directory (Metrics 2.0), with index = line.
FILE_KINDS = ("emissions", "config", "template", "media")


@dataclass(frozen=True)
class FileResult:
    """One checked path: its report, or the sentence saying why it could not be read."""

    path: str
    report: Report | None = None
    load_error: str | None = None

    def ignoring(self, rules: Sequence[str]) -> FileResult:
        """The result without the problems of ``rules``."""
        if self.report is None or not rules:
            return self
        return FileResult(self.path, self.report.ignoring(rules), self.load_error)

    def failed(self, strict: bool) -> bool:
        if self.report is None:
            return True
        return not self.report.valid or (strict and bool(self.report.warnings))


def where(location: Location) -> str:
    """``metric "Speed": field`` with the name made safe and cut."""
    if location.kind == "job":
        head = "job"
    elif location.kind in FILE_KINDS:  # Metrics 2.0: a file of the directory, and a line
        line = f":{location.index}" if location.index is not None else ""
        head = f"{printable(location.name, NAME_LEN)}{line}"
    elif location.name:
        head = f'{location.kind} "{printable(location.name, NAME_LEN)}"'
    else:
        head = f"{location.kind} #{location.index}"
    return f"{head}: {printable(location.field)}" if location.field else head


def counts(report: Report) -> str:
    errors, warnings = report.total(Severity.ERROR), report.total(Severity.WARNING)
    text = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    notes = report.total(Severity.INFO)
    return f"{text}; {_plural(notes, 'note')}" if notes else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# --- text ---------------------------------------------------------------------

_COLORS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[36m"}
_DIM, _RESET = "\x1b[2m", "\x1b[0m"


def text_lines(result: FileResult, *, color: bool, strict: bool) -> list[str]:
    """``PATH: metric "X": field: error: message [rule]`` lines, hints below, a summary."""
    path = printable(result.path)
    if result.report is None:
        reason = printable(result.load_error or "cannot be read")
        return [f"{path}: {_paint('error', Severity.ERROR, color)}: {reason}"]
    lines = []
    for p in result.report.problems:
        severity = _paint(p.severity.value, p.severity, color)
        rule = f"{_DIM}[{p.rule}]{_RESET}" if color else f"[{p.rule}]"
        lines.append(f"{path}: {where(p.location)}: {severity}: {printable(p.message)} {rule}")
        if p.hint:
            lines.append(f"    hint: {printable(p.hint)}")
    lines.append(f"{path}: {verdict(result, strict)}")
    return lines


def verdict(result: FileResult, strict: bool) -> str:
    report = result.report
    if report is None:
        return "unreadable"
    if not report.valid:
        return f"invalid, the official validator rejects it ({counts(report)})"
    if strict and report.warnings:
        return f"valid, but --strict fails it ({counts(report)})"
    return f"valid ({counts(report)})"


def _paint(word: str, severity: Severity, color: bool) -> str:
    return f"{_COLORS[severity]}{word}{_RESET}" if color else word


def total_line(results: Sequence[FileResult], strict: bool) -> str:
    unreadable = sum(r.report is None for r in results)
    failed = sum(r.failed(strict) for r in results) - unreadable
    errors = sum(len(r.report.errors) for r in results if r.report)
    warnings = sum(len(r.report.warnings) for r in results if r.report)
    passed = len(results) - failed - unreadable
    return (
        f"{_plural(len(results), 'file')}: {passed} passed, {failed} failed, "
        f"{unreadable} unreadable; {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )


# --- JSON ---------------------------------------------------------------------


def json_document(results: Sequence[FileResult], *, strict: bool, status: int) -> dict[str, Any]:
    """A JSON-ready dict; strings are the file's own (json.dumps escapes them)."""
    return {
        "files": [_json_file(r) for r in results],
        "strict": strict,
        "exit_status": status,
    }


def _json_file(result: FileResult) -> dict[str, Any]:
    report = result.report
    if report is None:
        return {"path": result.path, "load_error": result.load_error, "valid": None}
    return {
        "path": result.path,
        "load_error": None,
        "valid": report.valid,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "notes": len(report.notes),
        "problems": [_json_problem(p) for p in report.problems],
    }


def _json_problem(p: Problem) -> dict[str, Any]:
    loc = p.location
    return {
        "severity": p.severity.value,
        "rule": p.rule,
        "kind": loc.kind,
        "name": _json_cut(loc.name),
        "index": loc.index,
        "field": _json_cut(loc.field),
        "message": _json_cut(p.message),
        "hint": p.hint and _json_cut(p.hint),
    }


def _json_cut(text: str) -> str:
    # Every problem of an object repeats its name: a 1 MB name with a hundred problems
    # would make a 2 MB file a 100 MB report. Far longer than any real name.
    return text if len(text) <= JSON_TEXT_LEN else text[: JSON_TEXT_LEN - 1] + "…"


# --- GitHub Actions -----------------------------------------------------------


def github_lines(result: FileResult) -> list[str]:
    """Workflow commands: ``::error file=PATH,title=TITLE::MESSAGE`` per problem."""
    path = _gh_property(printable(result.path))
    if result.report is None:
        message = _gh_data(printable(result.load_error or "cannot be read"))
        return [f"::error file={path},title=resim-tui check::{message}"]
    lines = []
    for p in result.report.problems:
        command = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(p.severity, "notice")
        title = _gh_property(f"{p.rule} ({printable(where(p.location), 120)})")
        body = printable(p.message) + (f"\nhint: {printable(p.hint)}" if p.hint else "")
        place = f"file={path}"
        if p.location.kind in FILE_KINDS and p.location.name:
            inner = _gh_property(printable(f"{result.path.rstrip('/')}/{p.location.name}"))
            line = f",line={p.location.index}" if p.location.index is not None else ""
            place = f"file={inner}{line}"
        lines.append(f"::{command} {place},title={title}::{_gh_data(body)}")
    return lines


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


# --- JUnit XML ----------------------------------------------------------------

# Characters XML 1.0 cannot hold even escaped (beyond the controls safe_text handles).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml(text: str, *, block: bool = False) -> str:
    safe = printable_block(text) if block else printable(text)
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", safe)


def junit_xml(results: Sequence[FileResult], *, strict: bool) -> str:
    """JUnit XML: a test suite per file, a test case per object with problems.

    The job is always a test case (carrying the verdict), so a valid file shows one
    passing test. Errors are failures; warnings too under --strict, else system-out.
    """
    root = ET.Element("testsuites", name="resim-tui check")
    total = failures = 0
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=_xml(result.path))
        cases = _cases(result, strict)
        for case in cases:
            suite.append(case)
        count = len(cases)
        failed = sum(
            1 for c in cases if c.find("failure") is not None or c.find("error") is not None
        )
        suite.set("tests", str(count))
        suite.set("failures", str(failed))
        suite.set("errors", "0")
        total += count
        failures += failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _cases(result: FileResult, strict: bool) -> list[ET.Element]:
    classname = _xml(result.path)
    if result.report is None:
        case = ET.Element("testcase", classname=classname, name="read the file")
        ET.SubElement(case, "failure", message=_xml(result.load_error or ""), type="load-error")
        return [case]
    groups = result.report.by_object()
    keys = [("job", None)] + [k for k in groups if k != ("job", None)]
    cases = []
    for key in keys:
        problems = groups.get(key, [])
        title = (
            "job"
            if key[0] == "job"
            else where(Location(key[0], problems[0].location.name, "", key[1]))
        )
        case = ET.Element("testcase", classname=classname, name=_xml(title))
        failing = [
            p
            for p in problems
            if p.severity is Severity.ERROR or (strict and p.severity is Severity.WARNING)
        ]
        body = "\n".join(_line(p) for p in problems)
        if failing:
            first = failing[0]
            message = f"{len(failing)} problem(s); first: {first.message}"
            ET.SubElement(case, "failure", message=_xml(message), type=first.rule).text = _xml(
                body, block=True
            )
        elif problems:
            ET.SubElement(case, "system-out").text = _xml(body, block=True)
        cases.append(case)
    return cases


def _line(p: Problem) -> str:
    hint = f"\n    hint: {printable(p.hint)}" if p.hint else ""
    return f"{p.severity.value}: {where(p.location)}: {printable(p.message)} [{p.rule}]{hint}"
