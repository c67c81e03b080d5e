"""``.resim-tui-ignore``: the rules a project has decided ``check`` leaves out.

``--ignore RULE`` says it for one run; a project that always writes, say,
NaN gaps on purpose says it once, in a file beside its outputs or in any
folder above them (the nearest one counts, as with ``.editorconfig``). One
rule id a line; ``#`` starts a comment, which is where the reason goes.
``check`` names the file and the rules it took from it, so an ignored rule
is never silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
        rule = line.split("#", 1)[0].strip()
        if rule and rule not in rules:
            rules.append(rule)
    return IgnoreFile(path, tuple(rules))


def for_target(target: Path) -> IgnoreFile | None:
    found = find(target)
    return read(found) if found is not None else None
