"""Counts in words are pluralised right: no "1 metrics", "1 rows", "1 jobs" anywhere.

The source is read, not run: an f-string that writes a count straight before a
plural noun (``f"{len(rows)} rows"``) says "1 rows" the day there is one. Such
counts go through :func:`tui.text.plural.plural`. A count after "more than" or
"first N of" is at least two by construction and may stay as it is.
"""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT
from tui.text.plural import plural

# Words ending in s that are not plurals of a counted noun.
_NOT_PLURAL = {
    *("is", "was", "has", "does", "this", "as", "its", "ms", "s", "series", "status"),
    *("reads", "holds", "needs", "differs", "ends", "starts", "runs", "finds", "declares"),
    *("exists", "across", "pixels", "bytes"),  # "{w}x{h} pixels": a size
}
# A line may say its number is a name, not a count: ``# plural: not a count``.
_MARK = "# plural: not a count"
_NOUN = re.compile(r"^ ([a-z]+s)\b")
# Wording after which a count is at least two (a limit, "the first N of M").
_AT_LEAST_TWO = re.compile(r"(than|first|over|under|beyond|top) $|(^|\d)x$")  # or a size
_CONSTANT = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def _counted(node: ast.expr) -> bool:
    """A count that can be 1 (not a named constant limit)."""
    if isinstance(node, ast.Name):
        return not _CONSTANT.match(node.id)
    if isinstance(node, ast.Attribute):
        return not _CONSTANT.match(node.attr)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr != "join"  # words, not a number
    return isinstance(node, ast.Call | ast.BinOp | ast.Subscript)


def offences(source: str, filename: str = "<source>") -> list[str]:
    found = []
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.JoinedStr):
            continue
        if any(_MARK in line for line in lines[node.lineno - 1 : (node.end_lineno or 0) + 1]):
            continue
        parts = node.values
        for i, part in enumerate(parts[:-1]):
            after = parts[i + 1]
            if not (isinstance(part, ast.FormattedValue) and isinstance(after, ast.Constant)):
                continue
            match = _NOUN.match(str(after.value))
            if not match or match.group(1) in _NOT_PLURAL or not _counted(part.value):
                continue
            before = parts[i - 1] if i else None
            if isinstance(before, ast.Constant) and _AT_LEAST_TWO.search(str(before.value)):
                continue
            found.append(f"{filename}:{node.lineno}: {{...}} {match.group(1)}")
    return found


def test_no_count_is_written_before_a_plural_by_hand() -> None:
    found = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path.relative_to(ROOT).parts[1] == "model":
            continue  # below tui/text: the model cannot import plural() (see the note)
        found += offences(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "use tui.text.plural.plural():\n" + "\n".join(found)


def test_the_checker_sees_a_count_before_a_plural() -> None:
    assert offences('f"{len(rows)} rows"')
    assert offences('f"{n:,} jobs and {m} metrics"')
    assert not offences('f"more than {limit:,} files"')
    assert not offences('f"{MAX_ROWS} rows"')
    assert not offences('f"{name} is gone"')


def test_plural_words() -> None:
    assert plural(1, "row") == "1 row"
    assert plural(2, "row") == "2 rows"
    assert plural(0, "category") == "0 categories"
    assert plural(1, "series", "series") == "1 series"
