"""The engine that runs translated metric queries: a small protocol and DuckDB.

Everything above talks to ``Engine`` only, so the same translated queries can
be sent to a Trino cluster by another implementation of it. DuckDB, embedded
and in memory, is the default: one table per topic with the extra columns the
spec lists, a ``metadata`` table, and a schema per job whose views keep a test
metric to its own job's rows.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import duckdb
import numpy as np

from tui.formats.metrics2.config import Topic

DUCK_TYPES = {
    "float": "DOUBLE",
    "int": "BIGINT",
    "string": "VARCHAR",
    "boolean": "BOOLEAN",
    "status": "VARCHAR",
    "image": "VARCHAR",
    "video": "VARCHAR",
    "string[]": "VARCHAR[]",
    "metric[]": "JSON",
}
EXTRA = (
    ("job_id", "VARCHAR"),
    ("batch_id", "VARCHAR"),
    ("experience_name", "VARCHAR"),
    ("build_version", "VARCHAR"),
)
METADATA = (
    "job_id",
    "batch_id",
    "project_id",
    "experience_name",
    "build_version",
    "job_conflated_status",
)
# Trino functions DuckDB lacks, and Trino's int / int (the spec's §6.3 fixes).
SETUP = (
    "SET enable_progress_bar = false",  # a long query would draw over the screen
    "SET integer_division = true",
    "CREATE OR REPLACE MACRO is_finite(x) AS isfinite(x)",
    "CREATE OR REPLACE MACRO is_infinite(x) AS isinf(x)",
    "CREATE OR REPLACE MACRO nan() AS CAST('NaN' AS DOUBLE)",
    "CREATE OR REPLACE MACRO infinity() AS CAST('Infinity' AS DOUBLE)",
)
DESCRIPTION = (
    "DuckDB {version} (embedded), Trino SQL translated by sqlglot, integer division "
    "and is_finite/is_infinite/nan/infinity added"
)


MAX_RESULTS = 512  # query results kept while the tables are unchanged


class QueryError(Exception):
    """A query failed or ran out of time; the message is one sentence."""


@dataclass
class Result:
    columns: list[str]
    types: list[str]
    rows: list[tuple[Any, ...]]


@dataclass
class JobTables:
    """The rows of one job, ready for the engine."""

    job_id: str
    batch_id: str | None
    experience_name: str | None
    build_version: str | None
    project_id: str | None
    topics: dict[str, Any]  # topic → TopicRows
    status: str | None = None


class Engine(Protocol):
    dialect: str
    description: str

    def load(self, topics: dict[str, Topic], jobs: list[JobTables]) -> None: ...

    def append(self, topics: dict[str, Topic], jobs: list[JobTables]) -> bool: ...

    def scope(self, key: str, jobs: list[str]) -> None: ...

    def run(
        self, sql: str, *, job: str | None, timeout: float, tables: Sequence[str] | None = None
    ) -> Result: ...

    def close(self) -> None: ...


class DuckEngine:
    dialect = "duckdb"

    def __init__(self) -> None:
        self.con = duckdb.connect(":memory:")
        self.description = DESCRIPTION.format(version=duckdb.__version__)
        self.schemas: dict[str, str] = {}
        # (job, topic) → rows in the table and its timestamp type
        self.loaded: dict[tuple[str, str], tuple[int, str]] = {}
        # (sql, job) → the result and the tables it read (None: not known)
        self._results: dict[tuple[str, str | None], tuple[Result, frozenset[str] | None]] = {}
        self._tables: list[str] = []
        self._lock = threading.Lock()
        for statement in SETUP:
            self.con.execute(statement)

    def load(self, topics: dict[str, Topic], jobs: list[JobTables]) -> None:
        with self._lock:  # one call at a time on the connection: DuckDB refuses a busy one
            self._load(topics, jobs)

    def _load(self, topics: dict[str, Topic], jobs: list[JobTables]) -> None:
        self._results.clear()
        self._tables = list(topics)
        self.loaded = {}
        con = self.con
        for name, topic in topics.items():
            ts_type = "BIGINT"
            if any(
                job.topics[name].timestamps.dtype == np.float64
                for job in jobs
                if name in job.topics
            ):
                ts_type = "DOUBLE"
            cols = self._columns(topic, ts_type)
            ddl = ", ".join(f"{_q(c)} {t}" for c, t in cols)
            con.execute(f"CREATE OR REPLACE TABLE {_q(name)} ({ddl})")
            for job in jobs:
                self._insert(topic, job, cols, 0)
        ddl = ", ".join(f"{c} VARCHAR" for c in METADATA)
        con.execute(f"CREATE OR REPLACE TABLE metadata ({ddl})")
        for job in jobs:
            con.execute(
                "INSERT INTO metadata VALUES (?, ?, ?, ?, ?, ?)",
                [
                    job.job_id,
                    job.batch_id,
                    job.project_id,
                    job.experience_name,
                    job.build_version,
                    job.status,
                ],
            )
        for i, job in enumerate(jobs):
            schema = f"job_{i}"
            self.schemas[job.job_id] = schema
            con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
            for name in [*topics, "metadata"]:
                con.execute(
                    f"CREATE OR REPLACE VIEW {schema}.{_q(name)} AS SELECT * FROM main.{_q(name)} "
                    "WHERE job_id = ?".replace("?", _lit(job.job_id))
                )

    def scope(self, key: str, jobs: list[str]) -> None:
        """Let ``run(job=key)`` see the rows of ``jobs`` only (a dashboard's day_range)."""
        schema = self.schemas.setdefault(key, f"scope_{len(self.schemas)}")
        inside = ", ".join(_lit(j) for j in jobs) or "NULL"
        self.con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        for name in [*self._tables, "metadata"]:
            self.con.execute(
                f"CREATE OR REPLACE VIEW {schema}.{_q(name)} AS SELECT * FROM main.{_q(name)} "
                f"WHERE job_id IN ({inside})"
            )

    def append(self, topics: dict[str, Topic], jobs: list[JobTables]) -> bool:
        """Insert the rows that arrived at the end of each topic since the last load or
        append; False (nothing done) when that is not all that changed."""
        with self._lock:
            return self._append(topics, jobs)

    def _append(self, topics: dict[str, Topic], jobs: list[JobTables]) -> bool:
        plan = []
        for job in jobs:
            for name, rows in job.topics.items():
                before = self.loaded.get((job.job_id, name))
                if name not in topics or (before is None and len(rows)):
                    return False
                if before is None:
                    continue
                count, ts_type = before
                stamps = "DOUBLE" if rows.timestamps.dtype == np.float64 else "BIGINT"
                if len(rows) < count or (stamps == "DOUBLE" and ts_type == "BIGINT"):
                    return False
                plan.append((topics[name], job, self._columns(topics[name], ts_type), count))
        grown = {
            topic.name.lower()
            for topic, job, _, count in plan
            if len(job.topics[topic.name]) > count
        }
        # Only the results that read a table that grew are forgotten: an append to one
        # topic re-runs its metrics, not every metric of the config.
        for key, (_, read) in list(self._results.items()):
            if read is None or read & grown:
                del self._results[key]
        for topic, job, cols, count in plan:
            self._insert(topic, job, cols, count)
        return True

    def _columns(self, topic: Topic, ts_type: str) -> list[tuple[str, str]]:
        cols = [(f, DUCK_TYPES.get(kind, "VARCHAR")) for f, kind in topic.schema.items()]
        return [*cols, ("timestamp", ts_type), *EXTRA]

    def _insert(
        self, topic: Topic, job: JobTables, cols: list[tuple[str, str]], start: int
    ) -> None:
        rows = job.topics.get(topic.name)
        if rows is None:
            return
        ts_type = dict(cols)["timestamp"]
        self.loaded[(job.job_id, topic.name)] = (len(rows), ts_type)
        if len(rows) <= start:
            return
        frame = _frame(topic, rows, ts_type, start)
        self.con.register("_incoming", frame)
        extra = {c: getattr(job, c) for c, _ in EXTRA}
        select = ", ".join(
            f"CAST({'NULL' if extra[c] is None else _lit(extra[c])} AS {t})"
            if c in extra
            else _cast(c, t, frame)
            for c, t in cols
        )
        self.con.execute(f"INSERT INTO {_q(topic.name)} SELECT {select} FROM _incoming")
        self.con.unregister("_incoming")

    def run(
        self, sql: str, *, job: str | None, timeout: float, tables: Sequence[str] | None = None
    ) -> Result:
        """The rows of ``sql``. ``tables``, the tables it reads when the caller knows
        them, lets its result outlive an append to other tables."""
        # The tables change only in load and append, which forget the results they may
        # change: a query asked again (an edit elsewhere in the config) is answered here.
        known = self._results.get((sql, job))
        if known is not None:
            return known[0]
        result = self._run(sql, job, timeout)
        if len(self._results) >= MAX_RESULTS:
            self._results.pop(next(iter(self._results)))
        read = frozenset(t.lower() for t in tables) if tables is not None else None
        self._results[(sql, job)] = (result, read)
        return result

    def _run(self, sql: str, job: str | None, timeout: float) -> Result:
        with self._lock:
            con = self.con
            path = self.schemas.get(job, "main") if job is not None else "main"
            con.execute(f"SET search_path = '{path},main'")
            timer = threading.Timer(timeout, con.interrupt)
            timer.start()
            try:
                cursor = con.execute(sql)
                rows = cursor.fetchall()
                description = cursor.description or []
            except duckdb.InterruptException:
                raise QueryError(f"cancelled after {timeout:g} s") from None
            except duckdb.Error as exc:
                raise QueryError(str(exc).split("\n")[0][:300]) from None
            finally:
                timer.cancel()
                con.execute("SET search_path = 'main'")
        columns = [d[0] for d in description]
        types = [str(d[1]) for d in description]
        # Decimals become floats and every NaN the one math.nan, so equal results compare
        # equal; columns of other types have neither. Column by column, and rows are
        # made again only when a value changes (most results have neither).
        numeric = [
            i
            for i, t in enumerate(types)
            if t.upper().startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL"))
        ]
        if numeric and rows:
            cols = list(zip(*rows, strict=True))
            changed = False
            for i in numeric:
                if any(v != v or isinstance(v, Decimal) for v in cols[i]):  # v != v: NaN
                    cols[i] = tuple(_plain(v) for v in cols[i])
                    changed = True
            if changed:
                rows = list(zip(*cols, strict=True))
        return Result(columns, types, rows)

    def close(self) -> None:
        self.con.close()


def _frame(topic: Topic, rows: Any, ts_type: str, start: int = 0) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for f, kind in topic.schema.items():
        values = rows.columns[f][start:]
        if kind == "float":
            out[f] = column = np.asarray(values, dtype=np.float64)
            nans = np.isnan(column)
            if nans.any():  # a scanned numpy NaN arrives as NULL: mark it to put it back
                out[_NAN + f] = nans
        elif kind == "int" and values.dtype == object:  # beyond int64: DuckDB casts text
            out[f] = np.array([str(v) for v in values], dtype=object)
        elif kind == "metric[]":
            out[f] = np.array([json.dumps(v, allow_nan=True) for v in values], dtype=object)
        else:
            out[f] = values
    stamps, missing = rows.timestamps[start:], rows.missing[start:]
    if ts_type == "DOUBLE":
        stamps = stamps.astype(np.float64)
    out["timestamp"] = np.ma.masked_array(stamps, mask=missing) if missing.any() else stamps
    return out


_NAN = "\x00nan:"


def _cast(column: str, kind: str, frame: dict[str, np.ndarray]) -> str:
    # An int beyond BIGINT (Python's json reads any size, the SDK lets it through)
    # arrives as text and is NULL in SQL rather than failing the whole table.
    how = "TRY_CAST" if kind == "BIGINT" and frame[column].dtype == object else "CAST"
    cast = f"{how}({_q(column)} AS {kind})"
    if _NAN + column in frame:
        return f"CASE WHEN {_q(_NAN + column)} THEN CAST('NaN' AS DOUBLE) ELSE {cast} END"
    return cast


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and math.isnan(value):
        return math.nan
    return value


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
