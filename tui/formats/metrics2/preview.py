"""A local preview of a Metrics 2.0 outputs directory: read, check, compute.

``preview(directory)`` reads the config and every job's emissions, loads the
engine, and runs every metric (test metrics once per job, batch and dashboard
metrics over all jobs) with its status check. Nothing here knows the model or
the screen; tui/formats/metrics2/build.py turns a Preview into a Document.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tui.formats.metrics2 import checks, merge_notes
from tui.formats.metrics2.config import Config, MetricSpec, Topic, find
from tui.formats.metrics2.config import load as load_config
from tui.formats.metrics2.emissions import PLATFORM_TOPICS, Emissions, FileRead, Reader
from tui.formats.metrics2.engine import DuckEngine, Engine, JobTables, QueryError, Result
from tui.formats.metrics2.jobs import Job, conflated, discover
from tui.formats.metrics2.liquid import render_custom
from tui.formats.metrics2.problems import problem
from tui.formats.metrics2.sql import BUILTIN_TABLES, Translation, locate, translate
from tui.model.problems import Problem
from tui.text.plural import plural

QUERY_TIMEOUT = 10.0  # seconds per query
DAY = 86_400.0
DEFAULT_DAY_RANGE = 31.0  # as `resim dashboards create --day-range` defaults
# Emissions already read, per directory: a reload reads only what was appended.
_CACHE: dict[Path, dict[Path, FileRead]] = {}
_CACHE_LOCK = threading.Lock()
_ROOT_LOCKS: dict[Path, threading.Lock] = {}  # one read at a time per directory
SUPERSEDED = "not computed: a newer read of the files replaced this one"
# The loaded engine per directory, with what its tables were loaded from.
_ENGINES: dict[Path, tuple[object, Engine]] = {}
# The last outcomes per directory and the problems they raised: what an append shows
# while its metrics compute again.
_LAST: dict[Path, tuple[object, list[Outcome], list[Problem]]] = {}
MIN_COLUMNS = {
    "line": 3,
    "bar": 2,
    "table": 1,
    "scalar": 1,
    "histogram": 1,
    "pie": 2,
    "state_timeline": 3,
    "image": 1,
    "video": 1,
}
NUMERIC = (
    "DOUBLE",
    "FLOAT",
    "BIGINT",
    "INTEGER",
    "HUGEINT",
    "SMALLINT",
    "TINYINT",
    "DECIMAL",
    "UBIGINT",
    "UINTEGER",
    "REAL",
)
# template → positions of columns that must be numbers (the last one for bar and pie)
NUMERIC_COLUMNS = {"line": (1, 2), "pie": (1,), "histogram": (-1,)}


@dataclass
class Window:
    """The jobs a dashboard metric runs over: those inside its dashboard's day_range."""

    dashboard: str  # "" when no dashboard's set holds the metric
    key: str | None  # the engine's scope of those jobs; None when they are every job
    note: str  # said in the card: the range, the newest job, how many jobs are in
    several: bool = False  # the metric is in more than one dashboard


@dataclass
class Outcome:
    """One metric run in one scope: a job (test metrics) or all jobs (``job`` None)."""

    metric: MetricSpec
    job: str | None
    translation: Translation
    result: Result | None = None
    status: str | None = None  # PASSED FAIL_WARN FAIL_BLOCK NO_DATA SKIPPED ERROR, or None
    error: str = ""
    figure: dict[str, Any] | None = None  # custom templates: the rendered Plotly figure
    stale: bool = False  # the value before rows were appended, shown while it recomputes
    window: Window | None = None  # dashboard metrics: the jobs they ran over

    @property
    def label(self) -> str:
        """What tells this outcome from the metric's others: its dashboard, if several."""
        return self.window.dashboard if self.window is not None and self.window.several else ""

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        return self.result.rows if self.result is not None else []


@dataclass
class Preview:
    directory: Path
    config: Config
    jobs: list[Job]
    emissions: dict[str, Emissions]  # by job id
    outcomes: list[Outcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    engine_description: str = ""
    metrics_set: str | None = None  # --metrics-set: only its metrics were run
    job_times: list[tuple[Job, float | None, str]] | None = None

    def outcome(self, metric: str, job: str | None = None) -> Outcome | None:
        for o in self.outcomes:
            if o.metric.name == metric and (job is None or o.job in (job, None)):
                return o
        return None

    def job_status(self, job_id: str) -> str:
        single = len(self.jobs) == 1
        statuses = [
            o.status
            for o in self.outcomes
            if o.metric.type == "test" and (o.job == job_id or (single and o.job is None))
        ]
        return conflated(statuses)

    @property
    def status(self) -> str:
        """The worst of the jobs' statuses (each from its test metrics, spec §4.7)."""
        statuses = {self.job_status(job.job_id) for job in self.jobs}
        return next((s for s in ("BLOCKER", "WARNING") if s in statuses), "PASSED")


def preview(
    directory: Path,
    config_paths: list[Path] | None = None,
    *,
    engine: Engine | None = None,
    timeout: float = QUERY_TIMEOUT,
    use_cache: bool = True,
    stop: Callable[[], bool] | None = None,
    metrics_set: str | None = None,
    rows_first: Callable[[Preview], None] | None = None,
) -> Preview:
    """Read, check and compute. With ``use_cache``, emissions files read by an earlier
    call are read on from where they ended, when they only grew. Once ``stop()`` is
    true (the caller's result was replaced by a newer read), no more queries run.
    With ``metrics_set``, only that set's metrics run, as in a batch given the set.
    ``rows_first``, after an append, is handed the new rows with the last call's
    outcomes (marked stale) before the metrics are computed again."""
    directory = directory.absolute()
    root = directory if directory.is_dir() else directory.parent
    if not use_cache:
        return _preview(
            directory, root, config_paths, engine, timeout, False, stop, metrics_set, None
        )
    # One read of a directory at a time: a reload replaced by a newer one (a second
    # write) runs on until it sees stop(), and both would read on from the same cached
    # offsets and use the same engine at once (DuckDB refuses a busy connection, and the
    # app died of it). The newer read waits for the older one to stop.
    with _CACHE_LOCK:
        lock = _ROOT_LOCKS.setdefault(root, threading.Lock())
    with lock:
        return _preview(
            directory, root, config_paths, engine, timeout, True, stop, metrics_set, rows_first
        )


def _preview(
    directory: Path,
    root: Path,
    config_paths: list[Path] | None,
    engine: Engine | None,
    timeout: float,
    use_cache: bool,
    stop: Callable[[], bool] | None,
    metrics_set: str | None,
    rows_first: Callable[[Preview], None] | None,
) -> Preview:
    config = load_config(find(root, config_paths), root)
    jobs = discover(directory)
    out = Preview(directory, config, jobs, {}, metrics_set=metrics_set)
    out.problems += config.problems
    if not config.files:
        out.problems.append(
            problem(
                "config_missing",
                "config",
                ".resim/metrics/config.resim.yml",
                None,
                "",
                "no Metrics 2.0 config found (.resim/metrics/*.resim.yml here or in a parent "
                "directory, or config.resim.yml); emissions are shown, no metric is computed",
                "give one with --config PATH",
                warning=True,
            )
        )
    out.problems += checks.check(config)
    tables: list[JobTables] = []
    # The topics that become tables: the config's, and the platform's built-in ones
    # when their rows are here (typed from the first job that has them).
    tabled: dict[str, Topic] = dict(config.topics)
    with _CACHE_LOCK:
        cache = _CACHE.setdefault(root, {}) if use_cache else None
        if cache is not None:
            wanted = {f for job in jobs for f in job.files}
            for stale in set(cache) - wanted:
                del cache[stale]
            while len(_CACHE) > 4:  # directories opened before: forget the oldest
                del _CACHE[next(iter(_CACHE))]
    for job in jobs:
        reader = Reader(
            config.topics, job.directory, root, judge=bool(config.topics) and not config.unreadable
        )
        read = reader.read(job.files, cache)
        out.emissions[job.job_id] = read
        out.problems += read.problems
        out.problems += merge_notes.notes([r.emissions for r in reader.reads])
        out.problems += merge_notes.old_name(job.directory, job.files, root)
        platform = {t: read.raw[t] for t in PLATFORM_TOPICS if t in read.raw}
        for name, (schema, _) in platform.items():
            tabled.setdefault(name, Topic(name, schema, False, "", None))
        tables.append(
            JobTables(
                job.job_id,
                job.batch_id,
                job.experience_name,
                job.build_version,
                job.project_id,
                {
                    **read.rows,
                    **{
                        t: rows
                        for t, (schema, rows) in platform.items()
                        if schema == tabled[t].schema
                    },
                },
            )
        )
    # The tables depend on the topics and on what was read: when neither changed (a
    # query or template was edited), the loaded engine of the last call is used again.
    state = (
        tuple((t.name, tuple(t.schema.items())) for t in tabled.values()),
        tuple(
            (j.job_id, j.batch_id, j.experience_name, j.build_version, j.project_id) for j in jobs
        ),
        tuple(
            (f, cache[f].offset, (cache[f].inode, cache[f].generation))
            for j in jobs
            for f in j.files
        )
        if cache is not None and all(f in cache for j in jobs for f in j.files)
        else None,
    )
    keep = engine is None and cache is not None and state[2] is not None
    reused = _ENGINES.get(root) if keep else None
    appended = reused is not None and reused[0] != state and _appended(reused[0], state, jobs)
    last = _LAST.get(root)
    if (
        reused is not None
        and appended
        and rows_first is not None
        and last is not None
        and last[0] == reused[0]
    ):
        # The rows are on screen before the queries run (a second or so on a big file).
        rows_first(
            replace(
                out,
                outcomes=[replace(o, stale=True) for o in last[1]],
                problems=out.problems + last[2],
                engine_description=reused[1].description,
            )
        )
    if reused is not None and reused[0] == state:
        engine = reused[1]
    elif reused is not None and appended and reused[1].append(tabled, tables):
        engine = reused[1]  # only rows at the end of single-file jobs: inserted
        _ENGINES[root] = (state, engine)
    else:
        if reused is not None:
            del _ENGINES[root]
            reused[1].close()
        engine = engine or DuckEngine()
        engine.load(tabled, tables)
        if keep:
            with _CACHE_LOCK:
                old = _ENGINES.pop(root, None)
                if old is not None:
                    old[1].close()
                _ENGINES[root] = (state, engine)
                _evict_engines()
    out.engine_description = engine.description
    computed_from = len(out.problems)
    try:
        for metric in _chosen(out):
            if stop is not None and stop():
                # A newer read replaced this one (an edit saved while it computed): its
                # result is thrown away, so the queries left are not worth their time.
                out.outcomes.append(
                    Outcome(metric, None, translate(metric.query), status="ERROR", error=SUPERSEDED)
                )
                continue
            outcomes, problems = len(out.outcomes), len(out.problems)
            _metric(out, engine, metric, timeout)
            if len(out.outcomes) == outcomes:  # not run: it still shows, with why
                why = [p.message for p in out.problems[problems:]]
                why = why or [p.message for p in out.problems if f"'{metric.name}'" in p.message]
                error = why[0] if why else "not computed"
                out.outcomes.append(
                    Outcome(metric, None, translate(metric.query), status="ERROR", error=error)
                )
    finally:
        with _CACHE_LOCK:
            held = _ENGINES.get(root)
            if not keep or held is None or held[1] is not engine:
                engine.close()  # not kept, or evicted while it computed (_evict_engines)
    if keep and held is not None and held[1] is engine and not (stop is not None and stop()):
        with _CACHE_LOCK:
            _LAST[root] = (held[0], out.outcomes, out.problems[computed_from:])
            while len(_LAST) > 2:
                del _LAST[next(iter(_LAST))]
    return out


def _evict_engines() -> None:
    """Past two loaded engines (each holds every row), forget the oldest. One whose
    directory is being read (compare and batch read several at once) is in use: its
    read closes it when it ends, finding it gone. Called holding _CACHE_LOCK."""
    while len(_ENGINES) > 2:
        root = next(iter(_ENGINES))
        _, engine = _ENGINES.pop(root)
        lock = _ROOT_LOCKS.get(root)
        if lock is None or not lock.locked():
            engine.close()


def _chosen(out: Preview) -> list[MetricSpec]:
    """The metrics to run: every one, or the ``--metrics-set``'s as a batch runs them."""
    config, name = out.config, out.metrics_set
    if name is None:
        return list(config.metrics.values())
    if name not in config.sets:
        out.problems.append(
            problem(
                "metrics_set_unknown",
                "config",
                config.files[0] if config.files else "",
                None,
                "metrics sets",
                f"--metrics-set '{name}' is not a set of this config, so no metric is computed",
                "sets here: " + (", ".join(sorted(config.sets)) or "none (add 'metrics sets')"),
            )
        )
        return []
    file, line, lines = config.set_lines[name]
    chosen: dict[str, MetricSpec] = {}
    out.problems.append(
        problem(
            "metrics_set_in_force",
            "config",
            file,
            line,
            f"metrics sets.{name}",
            f"--metrics-set {name}: only the metrics of this set are computed, as in a batch "
            f"given it ({plural(len(config.sets[name]), 'metric')} listed)",
            info=True,
        )
    )
    for i, member in enumerate(config.sets[name]):
        spec = config.metrics.get(member)
        if spec is None:
            continue  # the config checks name it
        if spec.type == "dashboard":
            out.problems.append(
                problem(
                    "batch_set_dashboard_metric",
                    "config",
                    file,
                    lines[i] if i < len(lines) else None,
                    f"metrics sets.{name}.metrics[{i}]",
                    f"metrics set '{name}' runs as a batch's set here (--metrics-set) but holds "
                    f"the dashboard metric '{member}': sets used by batches hold none; "
                    "not computed",
                    "keep dashboard metrics in a set that only a dashboard uses",
                )
            )
            continue
        chosen.setdefault(member, spec)
    return list(chosen.values())


def _appended(before: Any, now: Any, jobs: list[Job]) -> bool:
    """Whether the files only grew since ``before``: same topics, jobs and files (one
    per job, so new rows come after the old ones in the tables too)."""
    if before[:2] != now[:2] or before[2] is None or now[2] is None:
        return False
    if any(len(j.files) != 1 for j in jobs) or len(before[2]) != len(now[2]):
        return False
    return all(
        f0 == f1 and inode0 == inode1 and off1 >= off0
        for (f0, off0, inode0), (f1, off1, inode1) in zip(before[2], now[2], strict=True)
    )


def _metric(out: Preview, engine: Engine, metric: MetricSpec, timeout: float) -> None:
    if metric.type not in checks.METRIC_TYPES or not metric.query.strip():
        return  # reported by the config checks
    report = _reporter(out, metric)
    if metric.template_type not in checks.TEMPLATE_TYPES:
        report(
            "template",
            metric.name,
            f"metric '{metric.name}': template_type '{metric.template_type}' is not "
            "system or custom",
        )
        return
    template_text = None
    if metric.template_type == "system" and metric.template not in checks.SYSTEM_TEMPLATES:
        report(
            "template",
            metric.name,
            f"metric '{metric.name}': unknown system template '{metric.template}'",
            f"system templates: {', '.join(checks.SYSTEM_TEMPLATES)}",
        )
        return
    if metric.template_type == "custom":
        template_text = _template(out, metric, report)
        if template_text is None:
            return
    translation = translate(metric.query, write=engine.dialect)
    if not _usable(out, metric, translation, report, "query_string"):
        return
    status_ok = _status_usable(out, metric, report)
    scopes: list[tuple[str | None, Window | None]] = (
        [(j.job_id, None) for j in out.jobs]
        if metric.type == "test" and len(out.jobs) > 1
        else [(None, w) for w in _windows_of(out, engine, metric)]
        if metric.type == "dashboard"
        else [(None, None)]
    )
    for job, window in scopes:
        outcome = Outcome(metric, job, translation, window=window)
        out.outcomes.append(outcome)
        if window is not None:
            job = window.key  # the engine's view of the jobs inside the day_range
        try:
            outcome.result = engine.run(
                translation.sql, job=job, timeout=timeout, tables=translation.tables
            )
        except QueryError as exc:
            where = _column_where(metric, "query_string", metric.query, str(exc))
            outcome.status, outcome.error = "ERROR", f"{exc}{where}"  # the card says where too
            report(
                "query_error",
                metric.name,
                f"metric '{metric.name}': the query failed: {exc}{where}",
                path="query_string",
            )
            continue
        if not _fits(outcome, report):
            outcome.status = "ERROR"
            continue
        if _no_data(outcome.result):
            outcome.status = "SKIPPED" if metric.skip_if_no_data else "NO_DATA"
            continue
        if template_text is not None:
            problems = len(out.problems)
            outcome.figure = render_custom(template_text, outcome.result, metric, report)
            if outcome.figure is None:  # ReSim's RENDER_ERROR: nothing drawn, nothing passed
                outcome.status = "ERROR"
                outcome.error = out.problems[-1].message if len(out.problems) > problems else ""
                continue
        if status_ok and metric.status is not None:
            problems = len(out.problems)
            outcome.status = _status(engine, metric, job, timeout, report)
            if outcome.status == "ERROR" and len(out.problems) > problems:
                outcome.error = out.problems[-1].message  # the card says why, and where


def _windows_of(out: Preview, engine: Engine, metric: MetricSpec) -> list[Window]:
    """One window per dashboard whose set holds ``metric`` (spec §4.8): the jobs whose
    time is within day_range days of the newest job's."""
    config, jobs = out.config, out.jobs
    windows = []
    for dash, body in config.dashboards.items():
        members = config.sets.get(str(body.get("metrics_set")), [])
        if metric.name not in members:
            continue
        days_given: Any = body.get("day_range")
        given = (
            isinstance(days_given, int | float)
            and not isinstance(days_given, bool)
            and days_given > 0
        )
        # the checks say when it is not a number of days
        days = float(days_given) if given else DEFAULT_DAY_RANGE
        times = _job_times(out)
        known = [t for _, t, _ in times if t is not None]
        if not known:
            windows.append(
                Window(dash, None, f"dashboard '{dash}': no job has a time, so every job is in")
            )
            continue
        newest = max(known)
        inside = [job for job, t, _ in times if t is not None and t >= newest - days * DAY]
        sources = sorted({source for _, t, source in times if t is not None})
        taken = {id(job) for job in inside}
        left = [job.experience_name or job.job_id for job in jobs if id(job) not in taken]
        note = (
            f"dashboard '{dash}': day_range {_days(days)}"
            + ("" if given or days_given is not None else " (not given: the CLI's default)")
            + " before the newest job "
            f"({_when(newest)}, by {' and '.join(sources)}): {len(inside)} of "
            f"{plural(len(jobs), 'job')}"
            + (f"; left out: {', '.join(left[:5])}" if left else "")
            + (f" and {len(left) - 5} more" if len(left) > 5 else "")
        )
        key = None
        if len(inside) < len(jobs):
            ids = sorted(job.job_id for job in inside)
            key = "\x00dashboard\x00" + "\x00".join(ids)
            engine.scope(key, ids)
        windows.append(Window(dash, key, note))
    if not windows:
        return [
            Window(
                "",
                None,
                "in no dashboard's metrics set: run over every job here (ReSim runs it nowhere)",
            )
        ]
    for window in windows:
        window.several = len(windows) > 1
    return windows


def _job_times(out: Preview) -> list[tuple[Job, float | None, str]]:
    if out.job_times is None:  # once per read: a job's time may stat its files
        out.job_times = [(job, *job.time) for job in out.jobs]
    return out.job_times


def _days(days: float) -> str:
    whole = math.isfinite(days) and days.is_integer()
    return plural(int(days), "day") if whole else f"{days:g} d"


def _when(epoch: float) -> str:
    try:
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, OSError, ValueError):
        return f"{epoch:g} s"


def _reporter(out: Preview, metric: MetricSpec) -> Any:
    def report(
        code: str,
        _name: str,
        message: str,
        hint: str = "",
        *,
        path: str = "",
        warning: bool = False,
    ) -> None:
        key = f"metrics.{metric.name}" + (f".{path}" if path else "")
        out.problems.append(
            problem(code, "config", metric.file, metric.line, key, message, hint, warning=warning)
        )

    return report


def _template(out: Preview, metric: MetricSpec, report: Any) -> str | None:
    name = metric.template_file
    if not name:
        report(
            "template",
            metric.name,
            f"metric '{metric.name}': a custom template needs template_file",
        )
        return None
    folder = out.config.templates_dir
    if "/" in name or "\\" in name or ".." in name or folder is None:
        report(
            "template",
            metric.name,
            f"metric '{metric.name}': template_file '{name}' is not a file name in templates/",
        )
        return None
    path = folder / name
    if not name.lower().endswith(".liquid") or not path.is_file():
        shown = (
            folder.relative_to(out.directory) if folder.is_relative_to(out.directory) else folder
        )
        report(
            "template",
            metric.name,
            f"metric '{metric.name}': template file '{name}' not found in {shown}",
            "ReSim sends only *.liquid files from .resim/metrics/templates/",
        )
        return None
    try:
        return path.read_bytes()[: 1024 * 1024].decode("utf-8", errors="replace")
    except OSError as exc:
        report("template", metric.name, f"metric '{metric.name}': cannot read {name}: {exc}")
        return None


def _usable(out: Preview, metric: MetricSpec, tr: Translation, report: Any, path: str) -> bool:
    if tr.error:
        where = _where(metric, path, tr.error_line, tr.error_col)
        report(
            "sql_syntax",
            metric.name,
            f"metric '{metric.name}': {path} does not parse: {tr.error}{where}",
            "ReSim runs Trino-style SQL",
            path=path,
        )
        return False
    known = set(out.config.topics) | set(BUILTIN_TABLES)
    missing = [t for t in tr.tables if t not in known]
    if missing:
        at = locate(tr.source, missing[0])
        where = _where(metric, path, *at) if at is not None else ""
        report(
            "unknown_table",
            metric.name,
            f"metric '{metric.name}': {path} reads {', '.join(missing)}, which is not a "
            f"declared topic or a built-in table{where}",
            f"declared topics: {', '.join(sorted(out.config.topics)) or 'none'}",
            path=path,
        )
        return False
    return True


# DuckDB's two phrasings: a bare name, and one qualified by its table.
_MISSING_COLUMN = re.compile(
    r'(?:Referenced column "([^"]{1,200})" not found|does not have a column named "([^"]{1,200})")'
)


def _column_where(metric: MetricSpec, path: str, source: str, error: str) -> str:
    """Where a column the engine could not find is used in the query, as for a table."""
    found = _MISSING_COLUMN.search(error)
    if found is None:
        return ""
    name = re.escape(found.group(1) or found.group(2))
    use = re.search(rf'(?<![\w"])(?:"{name}"|{name})(?![\w"])', source, flags=re.IGNORECASE)
    if use is None:
        return ""
    before = source[: use.start()]
    line, col = before.count("\n") + 1, use.start() - (before.rfind("\n") + 1) + 1
    return _where(metric, path, line, col)


def _where(metric: MetricSpec, path: str, line: int | None, col: int | None) -> str:
    """Where in the config a position inside a query is: config line, SQL line, column."""
    if line is None:
        return ""
    if path == "query_string":
        base, block = metric.query_line, metric.query_block
    else:
        base, block = (metric.status.query_line if metric.status else None), True
    if base is None:
        return ""
    return f" (config line {base + line if block else base}, SQL line {line}, column {col})"


def _status_usable(out: Preview, metric: MetricSpec, report: Any) -> bool:
    status = metric.status
    if status is None:
        return False
    name = metric.name
    holes = status.query.count("?")
    tr = translate(status.query)
    if not status.query.strip():
        report("status", name, f"metric '{name}': status has no query_string", path="status")
        return False
    if (not tr.error and tr.placeholders != 1) or (tr.error and holes != 1):
        count = tr.placeholders if not tr.error else holes
        report(
            "status",
            name,
            f"metric '{name}': the status query must hold exactly one ? (it has {count})",
            "the ? is replaced by the block and warn thresholds",
            path="status",
        )
        return False
    if status.block is None and status.warn is None:
        report("status", name, f"metric '{name}': status has neither block nor warn", path="status")
        return False
    for which in ("block", "warn"):
        value = getattr(status, which)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            report(
                "status",
                name,
                f"metric '{name}': status {which} threshold {value!r} is not a number",
                path="status",
            )
            return False
    return _usable(out, metric, tr, report, "status.query_string")


def _status(
    engine: Engine, metric: MetricSpec, job: str | None, timeout: float, report: Any
) -> str | None:
    assert metric.status is not None
    for which, verdict in (("block", "FAIL_BLOCK"), ("warn", "FAIL_WARN")):
        threshold = getattr(metric.status, which)
        if threshold is None:
            continue
        tr = translate(metric.status.query, threshold=float(threshold), write=engine.dialect)
        # Whether it returns a row is all the verdict needs: one is fetched, not all.
        exists = f"SELECT 1 FROM ({tr.sql}) AS _matching LIMIT 1"
        try:
            result = engine.run(exists, job=job, timeout=timeout, tables=tr.tables)
        except QueryError as exc:
            report(
                "query_error",
                metric.name,
                f"metric '{metric.name}': the status query failed: {exc}"
                + _column_where(metric, "status.query_string", metric.status.query, str(exc)),
                path="status.query_string",
            )
            return "ERROR"
        if result.rows:
            return verdict
    return "PASSED"


def _no_data(result: Result) -> bool:
    return not result.rows or all(v is None for row in result.rows for v in row)


def _fits(outcome: Outcome, report: Any) -> bool:
    metric, result = outcome.metric, outcome.result
    assert result is not None
    if metric.template_type != "system":
        return True
    template = metric.template
    need = MIN_COLUMNS.get(template, 1)
    if len(result.columns) < need:
        report(
            "template_columns",
            metric.name,
            f"metric '{metric.name}': template {template} needs at least {plural(need, 'column')}, "
            f"the query returns {len(result.columns)}",
            f"{template} reads its columns by position",
            path="",
        )
        return False
    for pos in NUMERIC_COLUMNS.get(template, ()):
        kind = result.types[pos]
        if not kind.upper().startswith(NUMERIC) and result.rows:
            values = [row[pos] for row in result.rows]
            if not all(v is None or isinstance(v, int | float) for v in values):
                report(
                    "template_types",
                    metric.name,
                    f"metric '{metric.name}': column {pos % len(result.columns) + 1} "
                    f"({result.columns[pos]}) of {template} must be numbers, not {kind}",
                )
                return False
    return True


def is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)
