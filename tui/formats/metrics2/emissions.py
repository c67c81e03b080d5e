"""Emission lines: parsed, checked against their topic's schema as the SDK's Emitter
would, and gathered into per-topic columns for the engine.

Lines are numbered from 1. A last line without its newline is still being
written: it is counted, never parsed. A bad line is a Problem naming the file,
the line and the key; every other line still loads.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np

from tui.formats.metrics2 import bulk
from tui.formats.metrics2.config import Topic
from tui.formats.metrics2.problems import problem
from tui.model.paths import resolve_external
from tui.model.problems import Problem

BIG_LINE = 1024 * 1024
HEAD = 4096  # bytes compared to tell an append from a rewrite, and checked for NULs
TYPES = ("float", "int", "string", "boolean", "status", "image", "video", "string[]", "metric[]")
STATUSES = ("PASSED", "FAIL_WARN", "FAIL_BLOCK")
EVENT_METRIC_TYPES = ("scalar", "image", "plotly", "text", "video", "artifact")
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".webp")
VIDEO_EXT = (".mp4", ".webm")
MAX_PROBLEMS_PER_FILE = 1000  # past this, one more line says how many were not listed
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Topics the platform writes itself; each is also a built-in table of that name.
PLATFORM_TOPICS = ("container_performance", "test_length_seconds")


class TopicRows:
    """The accepted rows of one topic in one job, column by column.

    Rows arrive one at a time (the per-line reader) or as numpy arrays (the bulk
    read), each with its line number; ``columns``, ``timestamps`` and ``missing``
    are numpy arrays in line order, joined when first asked for after an arrival.
    """

    def __init__(self, schema: dict[str, str]) -> None:
        self.schema = schema
        self.fields = list(schema)
        self.events = 0
        self._lines: list[int] = []
        self._values: dict[str, list[Any]] = {f: [] for f in self.fields}
        self._stamps: list[int | float | None] = []
        # joined parts: (line numbers, columns, timestamps, missing timestamps)
        self._parts: list[_Part] = []
        # Room to grow: arrays longer than the rows, whose first ``len(self)`` entries are
        # the joined part (it is their read-only view). An append writes after them, so a
        # Document built before it keeps its rows, and a join costs the new rows only.
        self._room: _Part | None = None
        self._distinct: dict[str, tuple[int, frozenset[Any]]] = {}  # field → (rows, values)

    def __len__(self) -> int:
        return sum(len(p[0]) for p in self._parts) + len(self._lines)

    def add(self, line: int, data: dict[str, Any], ts: int | float | None) -> None:
        self._lines.append(line)
        for f in self.fields:
            self._values[f].append(data[f])
        self._stamps.append(ts)

    def add_arrays(self, lines: np.ndarray, columns: dict[str, np.ndarray], ts: np.ndarray) -> None:
        self._flush()
        part = (lines, columns, ts, np.zeros(len(lines), dtype=bool))
        if self._parts:
            self._parts.append(part)
            return
        # The first read of a file: copied into arrays with room, so that the first
        # append costs its own rows too (a tenth of a second of copies at a million rows
        # is paid here, within the seconds of the load, not on the append's way).
        n = len(lines)
        self._room = _with_room(part, n, n + n // 4 + 16)
        self._parts = [_view(self._room, self.fields, n)]

    def extend(self, other: TopicRows) -> None:
        """The rows of a later file: after these, whatever their line numbers."""
        other._join()
        if not other._parts:
            return
        lines, columns, ts, missing = other._parts[0]
        start = self._next_line()
        self._flush()
        self._parts.append((np.arange(start, start + len(lines)), columns, ts, missing))
        self.events += other.events

    @property
    def columns(self) -> dict[str, np.ndarray]:
        self._join()
        if not self._parts:
            return {f: _column([], k) for f, k in self.schema.items()}
        return self._parts[0][1]

    def distinct(self, name: str) -> set[Any]:
        """The values of a field of hashable values (text, status, boolean). Kept from
        call to call: after an append only the new rows are looked at (a set of a
        100,000-row column costs milliseconds, and every reload asked for each)."""
        column = self.columns[name]
        seen, values = self._distinct.get(name, (0, frozenset()))
        if seen < len(column):
            values = values | frozenset(column[seen:].tolist())
            self._distinct[name] = (len(column), values)
        return set(values)

    @property
    def timestamps(self) -> np.ndarray:
        """int64, or float64 when a timestamp is a float; 0 where ``missing``."""
        self._join()
        return self._parts[0][2] if self._parts else np.zeros(0, dtype=np.int64)

    @property
    def missing(self) -> np.ndarray:
        self._join()
        return self._parts[0][3] if self._parts else np.zeros(0, dtype=bool)

    @property
    def lines(self) -> np.ndarray:
        """The line number of each row in its file."""
        self._join()
        return self._parts[0][0] if self._parts else np.zeros(0, dtype=np.int64)

    def _next_line(self) -> int:
        last = [int(p[0][-1]) for p in self._parts if len(p[0])]
        return max([*last, *self._lines[-1:], 0]) + 1

    def _flush(self) -> None:
        if not self._lines:
            return
        stamps = self._stamps
        missing = np.array([t is None for t in stamps], dtype=bool)
        ts = _stamps([0 if t is None else t for t in stamps])
        columns = {f: _column(self._values[f], k) for f, k in self.schema.items()}
        self._parts.append((np.array(self._lines, dtype=np.int64), columns, ts, missing))
        self._lines, self._stamps = [], []
        self._values = {f: [] for f in self.fields}

    def _join(self) -> None:
        self._flush()
        if len(self._parts) < 2:
            return
        grown = self._grow()
        if grown is not None:
            self._parts = [grown]
            return
        self._room = None
        self._distinct = {}  # the rows may be put in another order: counted again
        parts = self._parts
        lines = np.concatenate([p[0] for p in parts])
        ts_parts = [p[2] for p in parts]
        if any(t.dtype != np.int64 for t in ts_parts):
            ts_parts = [t.astype(np.float64) for t in ts_parts]
        ts = np.concatenate(ts_parts)
        missing = np.concatenate([p[3] for p in parts])
        columns = {f: _join_column([p[1][f] for p in parts], k) for f, k in self.schema.items()}
        if len(lines) > 1 and not bool(np.all(lines[1:] > lines[:-1])):
            order = np.argsort(lines, kind="stable")
            lines, ts, missing = lines[order], ts[order], missing[order]
            columns = {f: c[order] for f, c in columns.items()}
        self._parts = [(lines, columns, ts, missing)]

    def _grow(self) -> _Part | None:
        """The parts joined by writing the later ones after the first in room kept for
        them (made once the first part is full: a quarter more, so appends cost their
        own rows); None when a later part does not simply follow (earlier line numbers,
        or a type the first part's arrays cannot hold): those are joined in full."""
        (lines, columns, ts, missing), rest = self._parts[0], self._parts[1:]
        new_lines = np.concatenate([p[0] for p in rest])
        if len(lines) and len(new_lines) and new_lines[0] <= lines[-1]:
            return None
        if len(new_lines) > 1 and not bool(np.all(new_lines[1:] > new_lines[:-1])):
            return None
        incoming = (
            new_lines,
            {f: np.concatenate([p[1][f] for p in rest]) for f in self.fields},
            np.concatenate([p[2] for p in rest]),
            np.concatenate([p[3] for p in rest]),
        )
        old = (lines, *[columns[f] for f in self.fields], ts, missing)
        new = (incoming[0], *[incoming[1][f] for f in self.fields], incoming[2], incoming[3])
        if any(not _holds(a.dtype, b.dtype) for a, b in zip(old, new, strict=True)):
            return None
        n, total = len(lines), len(lines) + len(new_lines)
        room = self._room
        if room is None or len(room[0]) < total or lines.base is not room[0]:
            size = total + total // 4 + 16
            room = _with_room((lines, columns, ts, missing), n, size)
        self._room = room
        stores = (room[0], *[room[1][f] for f in self.fields], room[2], room[3])
        for store, values in zip(stores, new, strict=True):
            store[n:total] = values
        return _view(room, self.fields, total)


_Part = tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, np.ndarray]


def _holds(store: np.dtype[Any], incoming: np.dtype[Any]) -> bool:
    """Whether values of ``incoming`` are kept as they are in an array of ``store``."""
    return store == incoming or store.kind == "O"


def _with_room(part: _Part, n: int, size: int) -> _Part:
    """New arrays of ``size`` entries whose first ``n`` are ``part``'s."""

    def grown(values: np.ndarray) -> np.ndarray:
        store = np.empty(size, dtype=values.dtype)
        store[:n] = values
        return store

    lines, columns, ts, missing = part
    return grown(lines), {f: grown(c) for f, c in columns.items()}, grown(ts), grown(missing)


def _view(room: _Part, fields: list[str], n: int) -> _Part:
    """The first ``n`` entries of each array, read-only: later rows are written after
    them, and nothing may write into rows a Document already holds."""

    def head(values: np.ndarray) -> np.ndarray:
        view = values[:n]
        view.flags.writeable = False
        return view

    lines, columns, ts, missing = room
    return head(lines), {f: head(columns[f]) for f in fields}, head(ts), head(missing)


def _column(values: list[Any], kind: str) -> np.ndarray:
    """One column of rows the schema accepted, as the array its kind wants."""
    if kind == "float":
        try:
            return np.array(values, dtype=np.float64)
        except OverflowError:  # an int beyond a double: as the nearest infinity
            return np.array([_to_float(v) for v in values], dtype=np.float64)
    if kind == "int":
        try:
            return np.array(values, dtype=np.int64)
        except OverflowError:
            pass
    elif kind == "boolean":
        return np.array(values, dtype=bool)
    column = np.empty(len(values), dtype=object)
    column[:] = values  # lists stay elements, never a second dimension
    return column


def _join_column(parts: list[np.ndarray], kind: str) -> np.ndarray:
    if any(p.dtype == object for p in parts) and kind in ("float", "int", "boolean"):
        parts = [p.astype(object) for p in parts]
    return np.concatenate(parts)


def _to_float(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _stamps(values: list[int | float]) -> np.ndarray:
    if not any(isinstance(v, float) for v in values):
        try:
            return np.array(values, dtype=np.int64)
        except OverflowError:
            pass
    return np.array([_to_float(v) for v in values], dtype=np.float64)


@dataclass
class EventRow:
    topic: str
    timestamp: int | float | None
    data: dict[str, Any]
    file: str
    line: int


@dataclass
class FileStats:
    name: str
    size: int
    lines: int = 0
    partial: bool = False  # the last line has no newline yet


@dataclass
class Emissions:
    """Everything read from the emissions files of one job."""

    rows: dict[str, TopicRows] = field(default_factory=dict)
    undeclared: dict[str, int] = field(default_factory=dict)
    # Rows of topics the config does not declare, typed from their first row: shown,
    # never a SQL table.
    raw: dict[str, tuple[dict[str, str], TopicRows]] = field(default_factory=dict)
    events: list[EventRow] = field(default_factory=list)
    files: list[FileStats] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0


_GENERATIONS = itertools.count()


@dataclass
class FileRead:
    """How far one file has been read, so an append is read from there on."""

    key: tuple[object, ...]
    inode: tuple[int, int] | None
    offset: int  # bytes of complete lines consumed
    lines: int  # complete lines consumed
    head: bytes  # the first bytes: a rewrite of the file changes them
    emissions: Emissions
    binary: bool = False
    told: bool = False
    # Which read from the start this is: an append keeps it, a rewrite changes it.
    generation: int = field(default_factory=lambda: next(_GENERATIONS))


def merge(parts: list[Emissions]) -> Emissions:
    """The emissions of several files of one job, in file order."""
    out = Emissions()
    for part in parts:
        for topic, rows in part.rows.items():
            into = out.rows.get(topic)
            if into is None:
                into = out.rows[topic] = TopicRows(rows.schema)
            into.extend(rows)
        for topic, (schema, rows) in part.raw.items():
            if topic not in out.raw:
                out.raw[topic] = (schema, TopicRows(schema))
            _, into = out.raw[topic]
            if list(schema) == into.fields:
                into.extend(rows)
        for topic, count in part.undeclared.items():
            out.undeclared[topic] = out.undeclared.get(topic, 0) + count
        out.events += part.events
        out.files += part.files
        out.problems += part.problems
    return out


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 50 else text[:47] + "..."


def _pyname(value: Any) -> str:
    return type(value).__name__


def _expect(kind: str, ok: Callable[[Any], bool]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if ok(value):
            return None
        return f"expected type {kind}, got {_pyname(value)} with value {_describe(value)}"

    return check


def _string_list(value: Any) -> str | None:
    if not isinstance(value, list):
        return f"expected type list (string[]), got {_pyname(value)} with value {_describe(value)}"
    for item in value:
        if not isinstance(item, str):
            return f"expected type str, got {_pyname(item)} with value {_describe(item)}"
    return None


def _metric_list(value: Any) -> str | None:
    if isinstance(value, list):
        return None
    return f"expected type list (metric[]), got {_pyname(value)} with value {_describe(value)}"


CHECKS: dict[str, Callable[[Any], str | None]] = {
    "float": _expect("float", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    "int": _expect("int", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    "string": _expect("str", lambda v: isinstance(v, str)),
    "status": _expect("str", lambda v: isinstance(v, str)),
    "image": _expect("str", lambda v: isinstance(v, str)),
    "video": _expect("str", lambda v: isinstance(v, str)),
    "boolean": _expect("bool", lambda v: isinstance(v, bool)),
    "string[]": _string_list,
    "metric[]": _metric_list,
}


class Reader:
    """Reads the emissions files of one job against the config's topics."""

    def __init__(
        self, topics: dict[str, Topic], job_dir: Path, root: Path, *, judge: bool = True
    ) -> None:
        self.topics = topics
        self.judge = judge  # False when the config did not load: no topic is "unknown"
        self.job_dir = job_dir
        self.root = root
        self.out = Emissions()
        self._name = ""
        self._plans: dict[str, _Plan] = {}
        self.reads: list[FileRead] = []  # each file's own read, as the last read() left them

    def read(self, files: list[Path], cache: dict[Path, FileRead] | None = None) -> Emissions:
        """Every file of one job; with ``cache``, a file read before is only read on from
        where it ended (an append), and the cache is updated."""
        reads = self.reads = []
        for path in files:
            previous = cache.get(path) if cache is not None else None
            read = self.file(path, previous)
            if cache is not None:
                cache[path] = read
            reads.append(read)
        if len(reads) == 1:
            return reads[0].emissions
        return merge([r.emissions for r in reads])

    def file(self, path: Path, previous: FileRead | None = None) -> FileRead:
        self._name = name = _shown(path, self.root)
        key = (self.signature(), str(self.job_dir))
        try:
            with path.open("rb") as handle:
                info = os.fstat(handle.fileno())
                head = handle.read(HEAD)
                resume = (
                    previous is not None
                    and previous.key == key
                    and previous.inode == (info.st_dev, info.st_ino)
                    and info.st_size >= previous.offset
                    and head[: len(previous.head)] == previous.head
                    and not previous.binary
                )
                if resume:
                    assert previous is not None
                    handle.seek(previous.offset)
                    data = handle.read()
                else:
                    # Read again from the start, not head + the rest: that concatenation
                    # held the whole file twice at the peak.
                    handle.seek(0)
                    data = handle.read()
        except OSError as exc:
            out = Emissions()
            out.problems.append(
                problem("unreadable", "emissions", name, None, "", f"{name}: cannot read: {exc}")
            )
            return FileRead(key, None, 0, 0, b"", out)
        if resume:
            assert previous is not None
            read = previous
            read.head = head
            self.out = read.emissions
        else:
            self.out = Emissions()
            read = FileRead(key, (info.st_dev, info.st_ino), 0, 0, head, self.out)
            self.out.files.append(FileStats(name, 0))
            if b"\x00" in head:
                read.binary = True
                self.out.problems.append(
                    problem(
                        "not_text",
                        "emissions",
                        name,
                        1,
                        "",
                        f"{name} is not text (it holds NUL bytes): not an emissions file",
                        "emissions are JSON lines written by the SDK's Emitter",
                    )
                )
                return read
        stats = self.out.files[0]
        end = data.rfind(b"\n") + 1  # complete lines only; the rest is being written
        size = len(data)
        stats.partial = end < size
        count = data.count(b"\n", 0, end)
        chunk = None
        if end >= bulk.MIN_BYTES and bulk.safe(memoryview(data)[:end]):
            start = read.offset
            del data  # DuckDB reads the file itself: do not hold it twice
            chunk = bulk.read(path, read.lines, count, self.topics)
            if chunk is None:
                data = _read_range(path, start, end)
        if chunk is not None:
            self._bulk(chunk)
        else:
            lines = data[:end].split(b"\n")[:-1] if end else []
            for number, raw in enumerate(lines, read.lines + 1):
                self._line(number, raw)
        read.lines += count
        read.offset += end
        stats.size = read.offset + (size - end)
        stats.lines = read.lines + stats.partial
        if self.out.problem_count > MAX_PROBLEMS_PER_FILE and not read.told:
            read.told = True
            self.out.problems.append(
                problem(
                    "too_many_problems",
                    "emissions",
                    name,
                    None,
                    "",
                    f"more than {MAX_PROBLEMS_PER_FILE:,} problems in {name}; the rest are "
                    "not listed",
                    warning=True,
                )
            )
        return read

    def _bulk(self, chunk: bulk.Chunk) -> None:
        for topic, (lines, columns, ts) in chunk.rows.items():
            rows = self.out.rows.get(topic)
            if rows is None:
                rows = self.out.rows[topic] = TopicRows(self.topics[topic].schema)
            rows.add_arrays(lines, columns, ts)
        for number, raw in chunk.rest:  # in line order, so problems are too
            self._line(number, raw)

    def signature(self) -> tuple[object, ...]:
        """What the checks of a line depend on: the declared topics and the media folder."""
        return (
            self.judge,
            tuple((t.name, t.event, tuple(t.schema.items())) for t in self.topics.values()),
        )

    def _report(self, p: Problem) -> None:
        self.out.problem_count += 1
        if self.out.problem_count <= MAX_PROBLEMS_PER_FILE:
            self.out.problems.append(p)

    def _line(self, n: int, raw: bytes) -> None:
        name = self._name
        raw = raw.strip(b" \t\r")
        if not raw:
            return
        if len(raw) > BIG_LINE:
            self._report(
                problem(
                    "oversized_line",
                    "emissions",
                    name,
                    n,
                    "",
                    f"line {n}: {len(raw) / 1024 / 1024:.1f} MiB on one line (over 1 MiB); "
                    "loaded, long strings cut for display",
                    warning=True,
                )
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            self._report(problem("not_utf8", "emissions", name, n, "", f"line {n}: not UTF-8"))
            return
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError) as exc:
            why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            self._report(
                problem(
                    "invalid_json",
                    "emissions",
                    name,
                    n,
                    "",
                    f"line {n}: not valid JSON ({why})",
                    "each line must be one JSON object, as the SDK's Emitter writes",
                )
            )
            return
        self._emission(n, obj)

    def _bad(self, n: int, key: str, message: str, code: str = "not_an_emission") -> None:
        self._report(problem(code, "emissions", self._name, n, key, f"line {n}: {message}"))

    def _emission(self, n: int, obj: Any) -> None:
        if not isinstance(obj, dict):
            self._bad(n, "", f"not a JSON object but {_json_kind(obj)}")
            return
        meta = obj.get("$metadata")
        if meta is None:
            self._bad(n, "$metadata", "no $metadata object")
            return
        if not isinstance(meta, dict):
            self._bad(n, "$metadata", f"$metadata is {_json_kind(meta)}, not an object")
            return
        topic = meta.get("topic")
        if not isinstance(topic, str) or not topic:
            self._bad(n, "$metadata.topic", "$metadata has no topic name (a string)")
            return
        data = obj.get("$data")
        if not isinstance(data, dict):
            what = "no $data object" if data is None else f"$data is {_json_kind(data)}"
            self._bad(n, "$data", what)
            return
        ts = meta.get("timestamp")
        if ts is not None and (isinstance(ts, bool) or not isinstance(ts, int | float)):
            self._bad(n, "$metadata.timestamp", f"timestamp {_describe(ts)} is not a number")
            return
        if isinstance(ts, float) and not math.isfinite(ts):
            self._bad(n, "$metadata.timestamp", f"timestamp {ts} is not finite")
            return
        flag = meta.get("event", False)
        if flag is not True and flag is not False:
            self._bad(
                n,
                "$metadata.event",
                f"event flag is {_describe(flag)}; the SDK writes only true",
                "bad_event_flag",
            )
            return
        spec = self.topics.get(topic)
        if spec is None and topic in PLATFORM_TOPICS:
            # ReSim's own rows (resource_metrics.resim.jsonl, test_length_metric...): the
            # built-in tables queries may read. Their columns are not published, so
            # they are typed from their first row, as an undeclared topic is.
            self._raw(topic, ts, data, n)
            return
        if spec is None:
            self.out.undeclared[topic] = self.out.undeclared.get(topic, 0) + 1
            self._raw(topic, ts, data, n)
            if not self.judge:
                return
            known = ", ".join(sorted(self.topics)) or "none"
            self._report(
                problem(
                    "unknown_topic",
                    "emissions",
                    self._name,
                    n,
                    "$metadata.topic",
                    f"line {n}: topic {topic!r} not found in configuration. "
                    f"Available topics: {known}",
                    "declare the topic under topics: in the config, or fix the name",
                )
            )
            return
        if flag and ts is None:
            self._bad(
                n,
                "$metadata.timestamp",
                f"event of topic {topic!r} has no timestamp; events need one",
                "event_without_timestamp",
            )
            return
        if flag and not spec.event:
            self._bad(
                n,
                "$metadata.event",
                f"event flag on topic {topic!r}, which is not configured as an event topic",
                "event_on_non_event_topic",
            )
            return
        if not self._fields(n, spec, data):
            return
        if ts is not None and ts < 0:
            self._report(
                problem(
                    "negative_timestamp",
                    "emissions",
                    self._name,
                    n,
                    "$metadata.timestamp",
                    f"line {n}: negative timestamp {ts}",
                    warning=True,
                )
            )
        if isinstance(ts, float):
            self._report(
                problem(
                    "float_timestamp",
                    "emissions",
                    self._name,
                    n,
                    "$metadata.timestamp",
                    f"line {n}: timestamp {ts!r} is a float; the SDK documents integer ns",
                    warning=True,
                )
            )
        rows = self.out.rows.get(topic)
        if rows is None:
            rows = self.out.rows[topic] = TopicRows(spec.schema)
        rows.add(n, data, ts)
        if flag:
            rows.events += 1
            self.out.events.append(EventRow(topic, ts, data, self._name, n))

    def _raw(self, topic: str, ts: int | float | None, data: dict[str, Any], n: int) -> None:
        entry = self.out.raw.get(topic)
        if entry is None:
            schema = {f: kind for f, v in data.items() if (kind := _infer(v))}
            entry = self.out.raw[topic] = (schema, TopicRows(schema))
        schema, rows = entry
        if any(f not in data or CHECKS[k](data[f]) is not None for f, k in schema.items()):
            return
        rows.add(n, data, ts)

    def _fields(self, n: int, spec: Topic, data: dict[str, Any]) -> bool:
        """The SDK's schema check, then what it lets through; False when not a row."""
        plan = self._plans.get(spec.name)
        if plan is None:
            plan = self._plans[spec.name] = _Plan(spec)
        if plan.passes(data):
            return True
        return self._judge_fields(n, spec, data)

    def _judge_fields(self, n: int, spec: Topic, data: dict[str, Any]) -> bool:
        """The slow path: which check a row fails, in the SDK's words."""
        name, topic = self._name, spec.name
        missing = [f for f in spec.schema if f not in data]
        if missing:
            self._report(
                problem(
                    "missing_field",
                    "emissions",
                    name,
                    n,
                    f"$data.{missing[0]}",
                    f"line {n}: topic '{topic}': missing required field(s): "
                    f"{', '.join(missing)}. Provided fields: {', '.join(data)}",
                    "every schema field must be in every row; an optional one needs its own topic",
                )
            )
            return False
        extra = [f for f in data if f not in spec.schema]
        if extra:
            self._report(
                problem(
                    "extra_field",
                    "emissions",
                    name,
                    n,
                    f"$data.{extra[0]}",
                    f"line {n}: topic '{topic}', field '{extra[0]}' not found in schema. "
                    f"Available fields: {', '.join(spec.schema)}",
                    "add the field to the topic's schema, or stop emitting it",
                )
            )
            return False
        ok = True
        for f, kind in spec.schema.items():
            check = CHECKS.get(kind)
            if check is None:
                ok = False  # an unknown type: the config check reports it once
                continue
            why = check(data[f])
            if why is not None:
                ok = False
                self._report(
                    problem(
                        "wrong_type",
                        "emissions",
                        name,
                        n,
                        f"$data.{f}",
                        f"line {n}: topic '{topic}', field '{f}': {why}",
                        "use 1 or 0" if "got bool" in why and kind == "int" else "",
                    )
                )
        if not ok:
            return False
        for f, kind in spec.schema.items():
            value = data[f]
            if kind == "int" and not INT64_MIN <= value <= INT64_MAX:
                self._report(
                    problem(
                        "int_beyond_64_bits",
                        "emissions",
                        name,
                        n,
                        f"$data.{f}",
                        f"line {n}: topic '{topic}', field '{f}': {_describe(value)} does not "
                        "fit in a 64-bit integer; the SDK writes it, but the tables hold "
                        "BIGINT, so queries see NULL there",
                        "keep int fields within ±9.2e18, or declare the field float",
                        warning=True,
                    )
                )
            elif kind == "metric[]" and spec.event:
                self._event_metrics(n, f, value)
            elif kind == "status" and spec.event and value not in STATUSES:
                self._report(
                    problem(
                        "event_status",
                        "emissions",
                        name,
                        n,
                        f"$data.{f}",
                        f"line {n}: event status {_describe(value)} is not one of "
                        f"{', '.join(STATUSES)}",
                        warning=True,
                    )
                )
            elif kind in ("image", "video"):
                self._media(n, f, kind, value)
        return True

    def _event_metrics(self, n: int, f: str, entries: list[Any]) -> None:
        for i, entry in enumerate(entries):
            key = f"$data.{f}[{i}]"
            if not isinstance(entry, dict):
                self._report(
                    problem(
                        "event_metric_shape",
                        "emissions",
                        self._name,
                        n,
                        key,
                        f"line {n}: {f}[{i}] is {_json_kind(entry)}, not an object "
                        "{name, type, value}; ReSim's metrics step fails on it",
                        "write metrics as objects: {name, type, value, unit?}",
                    )
                )
                continue
            lacks = [k for k in ("name", "type", "value") if k not in entry]
            kind = entry.get("type")
            if lacks or kind not in EVENT_METRIC_TYPES:
                why = (
                    f"lacks {', '.join(lacks)}" if lacks else f"has unknown type {_describe(kind)}"
                )
                self._report(
                    problem(
                        "event_metric_shape",
                        "emissions",
                        self._name,
                        n,
                        key,
                        f"line {n}: event metrics[{i}] {why}",
                        f"types: {', '.join(EVENT_METRIC_TYPES)}",
                        warning=True,
                    )
                )

    def _media(self, n: int, f: str, kind: str, value: str) -> None:
        key = f"$data.{f}"
        pure = PurePosixPath(value.replace("\\", "/"))
        # Judged as the viewer will open it (tui.model.paths): a symlink that leads out
        # or loops is refused here too, not called fine because stat() followed it.
        found = None if ".." in pure.parts else resolve_external(self.job_dir, str(pure))
        if found is None or found.refused:
            why = "" if found is None or found.problem is None else f" ({found.problem})"
            self._report(
                problem(
                    "media_path",
                    "emissions",
                    self._name,
                    n,
                    key,
                    f"line {n}: {kind} {value!r} is not a file name inside the job directory"
                    f"{why}; not read",
                    "name media by their file name relative to the outputs directory",
                )
            )
            return
        if not found.ok:
            self._report(
                problem(
                    "media_missing",
                    "emissions",
                    self._name,
                    n,
                    key,
                    f"line {n}: {kind} file {value!r} not found next to the emissions"
                    + ("" if found.problem == "missing" else f" ({found.problem})"),
                    warning=True,
                )
            )
        suffix = pure.suffix.lower()
        wanted = IMAGE_EXT if kind == "image" else VIDEO_EXT
        if suffix not in wanted:
            self._report(
                problem(
                    "media_type",
                    "emissions",
                    self._name,
                    n,
                    key,
                    f"line {n}: {value!r} in a {kind} column; ReSim picks the player from "
                    f"the file type, so a {suffix or 'extensionless'} file there will not play",
                    f"{kind} columns hold {' '.join(wanted)} files",  # plural: not a count
                    warning=True,
                )
            )


# Python types of JSON values each schema type accepts (bool is not an int here).
_PLAIN = {
    "float": (int, float),
    "int": (int,),
    "string": (str,),
    "status": (str,),
    "boolean": (bool,),
}


class _Plan:
    """The fast check of a well-formed row: exact keys and plain types, nothing else to
    look at. Anything else goes to the slow path, which finds and words the problem."""

    def __init__(self, spec: Topic) -> None:
        self.keys = set(spec.schema)
        self.simple = not spec.event and all(k in _PLAIN for k in spec.schema.values())
        self.types = [(f, _PLAIN[k]) for f, k in spec.schema.items() if k in _PLAIN]
        self.ints = [f for f, k in spec.schema.items() if k == "int"]

    def passes(self, data: dict[str, Any]) -> bool:
        if not self.simple or data.keys() != self.keys:
            return False
        for f, allowed in self.types:
            if type(data[f]) not in allowed:
                return False
        for f in self.ints:  # noqa: SIM110 - plain loops are faster than all()
            if not INT64_MIN <= data[f] <= INT64_MAX:  # the slow path warns
                return False
        return True


def _infer(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "float"
    if isinstance(value, str):
        return "string"
    return None


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return "an object"


def _read_range(path: Path, start: int, length: int) -> bytes:
    try:
        with path.open("rb") as handle:
            handle.seek(start)
            return handle.read(length)
    except OSError:
        return b""


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
