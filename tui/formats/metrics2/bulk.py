"""The bulk read of a large emissions file: DuckDB parses the lines, SQL checks them.

A line is taken here only when vectorised checks prove it is a plain row the
SDK's Emitter accepts without a word: valid JSON, a declared non-event topic,
an int64 timestamp of 0 or more, exactly the schema's keys with values of the
plain types. Every other line (with its number) goes back to the per-line
reader, which words the problem or accepts the row as before; so the bulk read
changes the speed, never the verdict (tests/test_metrics2_bulk.py compares the
two on every corpus case).

Anything DuckDB's CSV scanner could split or number differently from Python
(carriage returns, control bytes, invalid UTF-8, very long lines) makes the
whole chunk go to the per-line reader.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tui.formats.metrics2.config import Topic

# Below this many bytes a chunk is read line by line: DuckDB's start-up costs more.
MIN_BYTES = 2 * 1024 * 1024
_SLICE = 4 * 1024 * 1024  # bytes checked at a time by safe()
MAX_LINE = 64 * 1024  # longer lines are checked (and warned about) per line
PLAIN = ("float", "int", "string", "status", "boolean")
# Bytes that DuckDB's line scanner treats differently from Python's split on b"\n".
_UNSAFE = bytes([*range(0x09), *range(0x0B, 0x20)])
# What DuckDB's JSON parser accepts and Python's json does not (trailing commas,
# comments, nan/inf in any spelling), escapes that could hide a repeated key, and a
# repeated envelope key (Python keeps the last, DuckDB the first): such lines go to
# the per-line reader. One regular expression, so one pass over each line.
_ONCE = ('"\\$metadata"', '"\\$data"', '"topic"', '"timestamp"', '"event"')
_SUSPECT = "|".join(
    [r",\s*[\]}]", "/", r"[:\[,]\s*[-+]?[nNiI]", r"\\u", *(f"{k}.*{k}" for k in _ONCE)]
)


@dataclass
class Chunk:
    """The rows the bulk read took, per topic, and the lines it left."""

    # topic → (line numbers, columns by field, timestamps), all numpy arrays
    rows: dict[str, tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]] = field(
        default_factory=dict
    )
    rest: list[tuple[int, bytes]] = field(default_factory=list)


def safe(data: bytes | memoryview) -> bool:
    """Whether DuckDB numbers the lines of ``data`` as Python does."""
    # In slices: a whole-file translate or decode would hold a second copy of the file.
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(data), _SLICE):
        part = bytes(data[start : start + _SLICE])
        if len(part.translate(None, _UNSAFE)) != len(part):  # one pass in C, unlike re
            return False
        if part.isascii() and not decoder.getstate()[0]:  # nothing left from the last slice
            continue
        try:
            decoder.decode(part)
        except UnicodeDecodeError:
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def read(path: Path, skip: int, lines: int, topics: dict[str, Topic]) -> Chunk | None:
    """Lines ``skip + 1`` to ``skip + lines`` of ``path``; None when DuckDB cannot read
    them as plain lines (the caller reads them line by line)."""
    import duckdb  # the engine's import: only a large file pays it here

    con = duckdb.connect(":memory:")
    try:
        return _read(con, path, skip, lines, topics)
    except duckdb.Error:
        return None
    finally:
        con.close()


def _read(con: object, path: Path, skip: int, lines: int, topics: dict[str, Topic]) -> Chunk:
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")  # it would draw over the screen
    scan = f"""read_csv($path, columns = {{'line': 'VARCHAR'}}, delim = chr(1),
        quote = '', escape = '', header = false, auto_detect = false, new_line = '\\n',
        strict_mode = false, skip = $skip, max_line_size = {2 * MAX_LINE + 1024 * 1024})"""
    con.execute(
        f"""
        CREATE TEMP TABLE _p AS
        SELECT n, CASE WHEN r IS NULL THEN line END AS line, line IS NULL AS blank,
            CASE WHEN json_type(r."$metadata".topic) = 'VARCHAR'
                THEN r."$metadata".topic ->> '$' END AS topic,
            CASE WHEN json_type(r."$metadata".timestamp) IN ('UBIGINT', 'BIGINT')
                AND (r."$metadata".event IS NULL OR r."$metadata".event = 'false')
                THEN TRY_CAST(r."$metadata".timestamp AS BIGINT) END AS ts,
            r."$data" AS d
        FROM (
            SELECT n, line, CASE WHEN strlen(line) <= {MAX_LINE}
                AND NOT regexp_matches(line, {_lit(_SUSPECT)})
              THEN try(json_transform(line,
                '{{"$metadata":{{"topic":"JSON","timestamp":"JSON","event":"JSON"}},"$data":"JSON"}}'))
              END AS r
            FROM (SELECT row_number() OVER () AS n, line FROM {scan})
            WHERE n <= $lines
        )
        """,
        {"path": str(path), "skip": skip, "lines": lines},
    )
    found = con.execute("SELECT count(*) FROM _p").fetchone()
    if found is None or found[0] != lines:
        raise duckdb.InvalidInputException("line count differs")
    con.execute("CREATE TEMP TABLE _taken (n BIGINT)")
    out = Chunk()
    for name, topic in topics.items():
        if topic.event or not all(k in PLAIN for k in topic.schema.values()):
            continue
        fields = list(topic.schema)
        paths = "[" + ", ".join(_lit("$." + _json_key(f)) for f in fields) + "]"
        values = [_value(f"v[{i}]", k, f"c{i}") for i, k in enumerate(topic.schema.values(), 1)]
        # Each step is materialised: DuckDB would otherwise push the key check into the
        # scan of every topic's rows, and work out each value twice (filter, then select).
        con.execute(
            f"""
            CREATE OR REPLACE TEMP TABLE _t AS
            WITH mine AS MATERIALIZED (
                SELECT n, ts, d FROM _p WHERE topic = {_lit(name)} AND ts >= 0
            ), shaped AS MATERIALIZED (
                SELECT n, ts, d, json_extract(d, {paths}) AS v FROM mine
            ), typed AS MATERIALIZED (
                SELECT n, ts, {", ".join(values)} FROM shaped WHERE {_exact_keys(fields)}
            )
            SELECT * FROM typed
            WHERE {" AND ".join(f"c{i} IS NOT NULL" for i in range(1, len(fields) + 1))}
            ORDER BY n
            """
        )
        arrays = con.execute("SELECT * FROM _t").fetchnumpy()
        if not len(arrays["n"]):
            continue
        con.execute("INSERT INTO _taken SELECT n FROM _t")
        columns = {f: _plain(arrays[f"c{i}"], topic.schema[f]) for i, f in enumerate(fields, 1)}
        out.rows[name] = (
            np.asarray(arrays["n"], dtype=np.int64) + skip,
            columns,
            np.asarray(arrays["ts"], dtype=np.int64),
        )
    # The text of a line is kept only where it did not parse (to hold less): the
    # other lines left over are read again, by number, only when there are some.
    con.execute(
        "CREATE TEMP TABLE _rest AS SELECT n, line FROM _p "
        "WHERE NOT blank AND n NOT IN (SELECT n FROM _taken)"
    )
    again = f"""
        SELECT n, line FROM (
            SELECT row_number() OVER () AS n, line FROM {scan}
        ) WHERE n IN (SELECT n FROM _rest WHERE line IS NULL)
        """
    if con.execute("SELECT count(*) FROM _rest WHERE line IS NULL").fetchone() != (0,):
        con.execute(
            f"UPDATE _rest SET line = a.line FROM ({again}) a WHERE _rest.n = a.n",
            {"path": str(path), "skip": skip},
        )
    rest = con.execute("SELECT n, line FROM _rest ORDER BY n").fetchall()
    if any(line is None for _, line in rest):  # the file changed under the second read
        raise duckdb.InvalidInputException("a line was not found again")
    out.rest = [(int(n) + skip, line.encode("utf-8")) for n, line in rest]
    return out


def _exact_keys(fields: list[str]) -> str:
    """SQL true when ``d`` (a ``$data`` object) has exactly ``fields`` as keys, in any
    order, given ``v``, the list of their values' JSON texts.

    DuckDB hands ``d`` and each value back as compact JSON (yyjson writes them again,
    a repeated key kept), so for plain key names the object's length is the keys', the
    values', one colon each, the commas and the braces: any other key, or a key twice,
    makes it longer; a missing key makes its value NULL. That is one parse of ``d``
    fewer than listing its keys. Names that JSON might spell escaped use json_keys."""
    if all(
        name.isascii() and name.isprintable() and '"' not in name and "\\" not in name
        for name in fields
    ):
        fixed = 2 + sum(len(name) + 3 for name in fields) + len(fields) - 1
        lengths = " + ".join(f"strlen(v[{i}])" for i in range(1, len(fields) + 1))
        return f"strlen(d) = {fixed} + {lengths}"
    # the keys in schema order (as the SDK writes them), or in any order
    keys = "json_keys(d)"
    return f"({keys} = {_list(fields)} OR list_sort({keys}) = {_list(sorted(fields))})"


def _value(v: str, kind: str, alias: str) -> str:
    """The value of one field, NULL unless it has the kind's JSON type. ``v`` is the
    value's JSON text: a string starts with a quote, a number with a digit or a minus,
    and an int has no decimal point or exponent (yyjson writes every double with one)."""
    number = f"(ascii({v}) BETWEEN 48 AND 57 OR ascii({v}) = 45)"
    if kind == "float":
        # nan and inf in any spelling, and 1e400, are for the per-line reader to judge
        double = f"TRY_CAST({v} AS DOUBLE)"
        return f"CASE WHEN {number} AND isfinite({double}) THEN {double} END AS {alias}"
    if kind == "int":
        whole = f"NOT contains({v}, '.') AND NOT contains({v}, 'e') AND NOT contains({v}, 'E')"
        return f"CASE WHEN {number} AND {whole} THEN TRY_CAST({v} AS BIGINT) END AS {alias}"
    if kind == "boolean":
        return f"CASE {v} WHEN 'true' THEN true WHEN 'false' THEN false END AS {alias}"
    # A string without escapes is its text between the quotes: no JSON parse for it.
    text = f"CASE WHEN contains({v}, '\\') THEN {v} ->> '$' ELSE {v}[2:-2] END"
    return f"CASE WHEN ascii({v}) = 34 THEN {text} END AS {alias}"


def _plain(values: np.ndarray, kind: str) -> np.ndarray:
    if isinstance(values, np.ma.MaskedArray):
        values = values.filled()  # nothing is masked: NULLs were not taken
    if kind == "float":
        return np.asarray(values, dtype=np.float64)
    if kind == "int":
        return np.asarray(values, dtype=np.int64)
    if kind == "boolean":
        return np.asarray(values, dtype=bool)
    return np.asarray(values, dtype=object)


def _json_key(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(items: list[str]) -> str:
    return "[" + ", ".join(_lit(i) for i in items) + "]"
