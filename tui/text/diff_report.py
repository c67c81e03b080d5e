"""A Comparison as text: compiler-style lines, GitHub annotations, a Markdown table, JSON.

Every name and value comes from a file anyone could have written, so each one
goes through ``printable`` (no control bytes), and Markdown cells escape what
Markdown or HTML would read as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tui.model.compare import Comparison, MetricDiff, Move
from tui.text.safe import printable

_MAX = 300  # characters of one change in a line or a cell


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a diff as the user named it: its path, and why it is unusable or doubtful."""

    label: str  # "A" or "B"
    path: str
    error: str | None = None  # cannot be read: nothing to compare
    invalid: str | None = None  # read, but ReSim's validator rejects it
    summary: str = ""  # what the side holds, said when the other cannot be read


def _what(diff: MetricDiff) -> str:
    name = printable(diff.name, 120)
    event = diff.key.rsplit("@", 1)[1] if "@" in diff.key and diff.metric.in_event else None
    return f'metric "{name}"' + (f' in event "{printable(event, 80)}"' if event else "")


def _verdict(diff: MetricDiff) -> str:
    if diff.state == "added":
        return "new"
    if diff.state == "removed":
        return "removed"
    if diff.move is Move.WORSE:
        return "worse"
    if diff.move is Move.BETTER:
        return "better"
    return "changed"


def _change_texts(diff: MetricDiff) -> list[str]:
    return [printable(c.line(), _MAX) for c in diff.changes] or [_verdict(diff)]


def _notes(sides: list[Side]) -> list[str]:
    notes = []
    for side in sides:
        if side.error:
            notes.append(f"{side.label} cannot be read: {printable(side.error, _MAX)}")
        elif side.invalid:
            notes.append(f"{side.label} is invalid: {printable(side.invalid, _MAX)}")
    return notes


def _repeats(result: Comparison) -> list[str]:
    sides: dict[tuple[str, str], list[str]] = {}
    for side, kind, name in result.repeats:
        sides.setdefault((kind, name), []).append(side)
    return [
        f"{' and '.join(who)} {'have' if len(who) > 1 else 'has'} more than one {kind} named "
        f"“{printable(name, 120)}”: paired by position among equals"
        for (kind, name), who in sides.items()
    ]


def totals(result: Comparison) -> str:
    return f"{result.counts()}; {job_line(result)}"


def job_line(result: Comparison) -> str:
    before, after = result.status
    if before == after:
        return f"job status {after.label} (same)"
    return f"job status {before.label} → {after.label} ({result.job_move.value})"


# --- text ----------------------------------------------------------------------------


def text_lines(result: Comparison | None, a: Side, b: Side) -> list[str]:
    lines = [f"A = {printable(a.path)}", f"B = {printable(b.path)}"]
    lines += [f"note: {n}" for n in _notes([a, b])]
    if result is None:
        lines += [f"{s.label}: {printable(s.summary)}" for s in (a, b) if not s.error]
        return lines
    lines += [f"note: {r}" for r in _repeats(result)]
    for diff in result.changed():
        path = a.path if diff.state == "removed" else b.path
        where = f"{printable(path)}: {_what(diff)}: {_verdict(diff)}"
        if diff.state in ("added", "removed"):
            lines.append(where)
            continue
        lines += [f"{where}: {text}" for text in _change_texts(diff)]
    for event in result.events:
        if event.state != "same":
            detail = "; ".join(printable(c.line(), _MAX) for c in event.changes)
            text = f'event "{printable(event.name, 120)}": {event.state}'
            lines.append(f"{printable(b.path)}: {text}" + (f": {detail}" if detail else ""))
    lines.append(totals(result))
    return lines


# --- GitHub Actions ----------------------------------------------------------------------


def github_lines(result: Comparison | None, a: Side, b: Side) -> list[str]:
    lines = []
    for side in (a, b):
        if side.error:
            lines.append(_gh("error", side.path, "resim-tui diff", f"cannot be read: {side.error}"))
        elif side.invalid:
            lines.append(_gh("warning", side.path, "resim-tui diff", f"invalid: {side.invalid}"))
    if result is None:
        return lines
    for diff in result.changed():
        worse = diff.worse
        path = a.path if diff.state == "removed" else b.path
        title = f"{_what(diff)}: {_verdict(diff)}"
        body = "\n".join(_change_texts(diff))
        lines.append(_gh("error" if worse else "notice", path, title, body))
    kind = "error" if result.job_move is Move.WORSE else "notice"
    lines.append(_gh(kind, b.path, "resim-tui diff", totals(result)))
    return lines


def _gh(kind: str, path: str, title: str, message: str) -> str:
    return f"::{kind} file={_gh_property(printable(path))},title={_gh_property(title)}::" + (
        _gh_data(printable(message.replace("\n", "\x00"), 4000).replace("\\x00", "\n"))
    )


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


# --- Markdown ----------------------------------------------------------------------------

# Inside a table cell nothing starts a line, so only inline syntax needs escaping; and
# ":", "@" and "www." so that no URL or address in a name becomes a link (autolinks).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&@]|:(?=//))")
_WWW = re.compile(r"(www)\.", re.IGNORECASE)
_MARKS = {"worse": "🔴", "removed": "⛔", "better": "🟢", "changed": "🟡", "new": "🆕"}


def md_cell(text: str) -> str:
    """Inert Markdown: every character Markdown or HTML treats as syntax is escaped."""
    return _WWW.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", printable(text, _MAX)))


def markdown(result: Comparison | None, a: Side, b: Side) -> str:
    out = [f"**resim-tui diff**: A = `{_code(a.path)}`, B = `{_code(b.path)}`", ""]
    out += [f"> {md_cell(n)}" for n in _notes([a, b])]
    if result is None:
        out += [f"- {s.label}: {md_cell(s.summary)}" for s in (a, b) if not s.error]
        return "\n".join(out) + "\n"
    out += [f"> {md_cell(r)}" for r in _repeats(result)]
    if out[-1] != "":
        out.append("")
    out.append(md_cell(totals(result)))
    changed = result.changed()
    if changed:
        out += ["", "| | Metric | Status A → B | What changed |", "|---|---|---|---|"]
        for diff in changed:
            verdict = _verdict(diff)
            before = diff.a.status.label if diff.a is not None else "—"
            after = diff.b.status.label if diff.b is not None else "—"
            status = before if before == after else f"{before} → {after}"
            name = md_cell(diff.name)
            if diff.metric.in_event and "@" in diff.key:
                name += f" \\(event {md_cell(diff.key.rsplit('@', 1)[1])}\\)"
            changes = "<br>".join(md_cell(t) for t in _change_texts(diff))
            out.append(f"| {_MARKS[verdict]} {verdict} | {name} | {md_cell(status)} | {changes} |")
    return "\n".join(out) + "\n"


def _code(text: str) -> str:
    return printable(text, _MAX).replace("`", "'")


# --- JSON ----------------------------------------------------------------------------------


def json_document(result: Comparison | None, a: Side, b: Side, status: int) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "a": _side_json(a),
        "b": _side_json(b),
        "exit_status": status,
    }
    if result is not None:
        doc.update(result.as_json())
    inert: dict[str, Any] = _inert(doc)
    return inert


def _side_json(side: Side) -> dict[str, Any]:
    return {"path": side.path, "error": side.error, "invalid": side.invalid}


def _inert(value: Any) -> Any:
    """JSON escapes control characters itself; only lone surrogates need care."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {_inert(k): _inert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_inert(v) for v in value]
    return value
