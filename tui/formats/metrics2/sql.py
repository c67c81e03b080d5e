"""ReSim's Trino-style SQL, parsed and translated for the local engine with sqlglot.

A translation carries what the preview cannot promise: rewrites that are known
to change results (``format``, weighted APPROX_PERCENTILE) and approximate
functions. The tables a query reads are listed so the checks can name a
missing topic before anything runs.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace

import sqlglot
from sqlglot import TokenType, exp
from sqlglot.errors import ParseError, SqlglotError

BUILTIN_TABLES = ("metadata", "container_performance", "test_length_seconds")


@dataclass
class Translation:
    source: str
    sql: str = ""  # for the engine's dialect; empty when the source does not parse
    tables: list[str] = field(default_factory=list)
    placeholders: int = 0
    caveats: list[str] = field(default_factory=list)  # why the result may differ from ReSim's
    error: str = ""
    error_line: int | None = None  # 1-based, inside the SQL
    error_col: int | None = None


def _plain(message: str) -> str:
    """sqlglot's wording without its class names: ``<class '...And'>`` becomes ``AND``."""
    return re.sub(r"<class '[\w.]*?(\w+)'>", lambda m: m.group(1).upper(), message)


def locate(source: str, name: str) -> tuple[int, int] | None:
    """The 1-based line and column of the first use of table ``name`` in ``source``,
    bare or double-quoted, outside longer names."""
    pattern = rf'(?<![\w."])(?:"{re.escape(name)}"|{re.escape(name)})(?![\w"])'
    found = re.search(pattern, source, flags=re.IGNORECASE)
    if found is None:
        return None
    before = source[: found.start()]
    return before.count("\n") + 1, found.start() - (before.rfind("\n") + 1) + 1


# What may not follow a comma in Trino, though sqlglot's parser skips the comma.
_NOT_AFTER_COMMA = frozenset(
    {
        TokenType.COMMA,
        TokenType.R_PAREN,
        TokenType.FROM,
        TokenType.WHERE,
        TokenType.GROUP_BY,
        TokenType.ORDER_BY,
        TokenType.HAVING,
        TokenType.LIMIT,
    }
)


def _dangling_comma(text: str) -> tuple[int, int] | None:
    """The line and column of a comma followed by nothing, another comma, a closing
    parenthesis or the next clause."""
    try:
        tokens = sqlglot.tokenize(text, read="trino")
    except SqlglotError:
        return None
    for token, after in zip(tokens, [*tokens[1:], None], strict=True):
        if token.token_type == TokenType.COMMA and (
            after is None or after.token_type in _NOT_AFTER_COMMA
        ):
            return token.line, token.col
    return None


# Translations made lately: every reload translates every query again, and most are
# unchanged (an append, or an edit of one metric); sqlglot takes milliseconds each.
_MADE: dict[tuple[str, float | None, str], Translation] = {}
_MADE_MAX = 1024
_MADE_LOCK = threading.Lock()


def translate(source: str, *, threshold: float | None = None, write: str = "duckdb") -> Translation:
    """Parse ``source`` as Trino and write it for ``write``; ``?`` becomes ``threshold``."""
    key = (source, threshold, write)
    made = _MADE.get(key)
    if made is None:
        made = _translate(source, threshold, write)
        with _MADE_LOCK:  # loads run in worker threads
            if len(_MADE) >= _MADE_MAX:
                _MADE.pop(next(iter(_MADE)))
            _MADE[key] = made
    # a copy: the caller owns its lists
    return replace(made, tables=list(made.tables), caveats=list(made.caveats))


def _translate(source: str, threshold: float | None, write: str) -> Translation:
    out = Translation(source)
    text = source.strip().rstrip(";").strip()
    if not text:
        out.error = "empty query"
        return out
    try:
        tree = sqlglot.parse_one(text, read="trino")
    except ParseError as exc:
        first = exc.errors[0] if exc.errors else {}
        out.error = _plain(str(first.get("description") or exc).split("\n")[0])
        out.error_line, out.error_col = first.get("line"), first.get("col")
        return out
    except SqlglotError as exc:
        out.error = str(exc).split("\n")[0][:200]
        return out
    if tree is None:
        out.error = "empty query"
        return out
    dangling = _dangling_comma(text)
    if dangling is not None:
        out.error = "a comma with nothing after it (Trino rejects it; sqlglot would drop it)"
        out.error_line, out.error_col = dangling
        return out
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    for table in tree.find_all(exp.Table):
        name = table.name
        if name and name.lower() not in ctes and name not in out.tables:
            out.tables.append(name)
    holes = list(tree.find_all(exp.Placeholder))
    out.placeholders = len(holes)
    if threshold is not None:
        for hole in holes:
            hole.replace(exp.Literal.number(repr(float(threshold))))
    for node in tree.find_all(exp.ApproxQuantile):
        if node.args.get("weight") is not None:
            out.caveats.append(
                "APPROX_PERCENTILE with 3 arguments: the translation drops the weight or "
                "the accuracy; the local value is not ReSim's"
            )
        else:
            out.caveats.append("APPROX_PERCENTILE is approximate in both engines")
    if any(True for _ in tree.find_all(exp.Format)):
        out.caveats.append(
            "format(): DuckDB's format uses {} placeholders; use printf-style format "
            "only if the result is checked on ReSim"
        )
    try:
        out.sql = tree.sql(dialect=write)
    except SqlglotError as exc:
        out.error = f"cannot translate: {str(exc)[:200]}"
    return out
