"""``.resim-tui-ignore``: the rules a project has decided ``check`` leaves out.

``--ignore RULE`` says it for one run; a project that always writes, say,
NaN gaps on purpose says it once, in a file beside its outputs or in any
folder above them (the nearest one counts, as with ``.editorconfig``). One
rule id a line; ``#`` starts a comment, which is where the reason goes.
``check`` (of a file or a batch) and the viewer honour it alike, and name the
file and the rules they took from it, so an ignored rule is never silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui.model.problems import Problem, Severity
from tui.text.safe import printable
from tui.validate.report import Report
from tui.validate.rules import RULES, canonical, unknown

NAME = ".resim-tui-ignore"
_MAX_BYTES = 64 * 1024  # a list of rule ids; anything longer is not one


@dataclass(frozen=True)
class IgnoreFile:
    path: Path
    rules: tuple[str, ...]


class BadIgnoreFile(ValueError):
    """The file cannot be read as a list of rule ids."""


def find(target: Path) -> Path | None:
    """The nearest ignore file at or above ``target`` (a file's folder, or a folder)."""
    start = target if target.is_dir() else target.parent
    for folder in [start.absolute(), *start.absolute().parents]:
        candidate = folder / NAME
        if candidate.is_file():
            return candidate
    return None


def read(path: Path) -> IgnoreFile:
    """The rule ids of ``path``, in order, each once."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except OSError as exc:
        raise BadIgnoreFile(f"{path}: cannot be read ({exc.strerror})") from exc
    if len(raw) > _MAX_BYTES:
        raise BadIgnoreFile(f"{path}: over {_MAX_BYTES // 1024} KiB, not a list of rule ids")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadIgnoreFile(f"{path}: not UTF-8 text") from exc
    rules: list[str] = []
    for line in text.splitlines():
        rule = canonical(line.split("#", 1)[0].strip())  # either spelling; the checks' kept
        if rule and rule not in rules:
            rules.append(rule)
    return IgnoreFile(path, tuple(rules))


def for_target(target: Path) -> IgnoreFile | None:
    found = find(target)
    return read(found) if found is not None else None


def bad_ignores(ignore: list[str]) -> str | None:
    """Why these ids cannot be ignored (``--ignore`` or a file), or None."""
    wrong = unknown(ignore)
    if wrong:
        return f"no rule {printable(wrong[0], 60)!r}; --list-rules prints every rule id"
    errors = [r for r in ignore if RULES[canonical(r)][0] is Severity.ERROR]
    if errors:
        return (
            f"{errors[0]} is an error the official validator rejects files for; "
            "only warnings and notes can be ignored"
        )
    return None


def checked(path: Path) -> IgnoreFile:
    """``read``, refusing a file that names no rule or an error."""
    found = read(path)
    if why := bad_ignores(list(found.rules)):
        raise BadIgnoreFile(f"{path}: {why}")
    return found


class Nearest:
    """The ignore file of many targets (a batch's jobs): each folder looked up once,
    each file read once."""

    def __init__(self) -> None:
        self._folders: dict[Path, Path | None] = {}
        self._files: dict[Path, IgnoreFile] = {}

    def find(self, target: Path) -> Path | None:
        start = (target if target.is_dir() else target.parent).absolute()
        walked: list[Path] = []
        found: Path | None = None
        for folder in [start, *start.parents]:
            if folder in self._folders:
                found = self._folders[folder]
                break
            walked.append(folder)
            if (folder / NAME).is_file():
                found = folder / NAME
                break
        for folder in walked:
            self._folders[folder] = found
        return found

    def rules(self, target: Path) -> tuple[str, ...]:
        """The rules ``target`` ignores; none for a file that cannot be used (the
        job's own view and ``check`` say why)."""
        try:
            found = self(target)
        except BadIgnoreFile:
            return ()
        return found.rules if found is not None else ()

    def __call__(self, target: Path) -> IgnoreFile | None:
        path = self.find(target)
        if path is None:
            return None
        if path not in self._files:
            self._files[path] = checked(path)
        return self._files[path]


@dataclass(frozen=True)
class Applied:
    """A report with a project's ignored rules taken out, and what was taken out by
    which file, so the viewer counts what ``check`` counts and says why."""

    report: Report
    ignored: tuple[Problem, ...] = ()
    file: IgnoreFile | None = None
    error: str | None = None  # the file could not be used; nothing was ignored


def apply(report: Report, target: Path) -> Applied:
    """``report`` as ``check`` of ``target`` counts it, with its nearest ignore file."""
    try:
        where = find(target)
        found = checked(where) if where is not None else None
    except BadIgnoreFile as exc:
        return Applied(report, error=str(exc))
    if found is None or not found.rules:
        return Applied(report, file=found)
    kept = report.ignoring(found.rules)
    counted = set(map(id, kept.problems))
    ignored = tuple(p for p in report.problems if id(p) not in counted)
    return Applied(kept, ignored, found)
