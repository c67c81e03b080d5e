"""The metrics config: find the files, load them within budgets, merge as the SDK does.

Merging follows ``merge_metrics_configs`` of the SDK: topics, metrics and metrics
sets are unions and a repeat is an error; ``version`` must be in every file and
equal; other keys are the last file's. Where the CLI would merge differently
(dashboards, ``global``) a warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.formats.metrics2.problems import problem
from tui.model.problems import Problem

if TYPE_CHECKING:
    from tui.formats.metrics2 import yamlsafe

CONFIG_DIR = Path(".resim") / "metrics"
DEFAULT_NAMES = ("config.resim.yml", "config.resim.yaml")
MAX_CONFIG_BYTES = 4 * 1024 * 1024
KEYS = frozenset({"version", "topics", "metrics", "metrics sets", "dashboards", "global"})
UNION_KEYS = (("topics", "topic"), ("metrics", "metric"), ("metrics sets", "metrics set"))


@dataclass
class Topic:
    name: str
    schema: dict[str, str]
    event: bool
    file: str
    line: int | None


@dataclass
class Status:
    query: str
    block: float | None
    warn: float | None
    line: int | None
    query_line: int | None


@dataclass
class MetricSpec:
    name: str
    type: str
    description: str
    query: str
    template_type: str
    template: str
    template_file: str
    settings: dict[str, Any]
    units: str
    skip_if_no_data: bool
    status: Status | None
    file: str
    line: int | None
    query_line: int | None  # line of the query_string key; SQL starts below a "|"
    query_block: bool  # the SQL is a block scalar: its line 1 is query_line + 1
    from_global: bool = False  # skip_if_no_data came from the file's global (the CLI's rule)


@dataclass
class Config:
    """The merged config and where each part came from."""

    files: list[str] = field(default_factory=list)
    version: Any = None
    topics: dict[str, Topic] = field(default_factory=dict)
    metrics: dict[str, MetricSpec] = field(default_factory=dict)
    sets: dict[str, list[str]] = field(default_factory=dict)
    set_lines: dict[str, tuple[str, int | None, list[int | None]]] = field(default_factory=dict)
    dashboards: dict[str, dict[str, Any]] = field(default_factory=dict)
    dashboard_lines: dict[str, tuple[str, yamlsafe.Loaded]] = field(default_factory=dict)
    docs: dict[str, yamlsafe.Loaded] = field(default_factory=dict)
    templates_dir: Path | None = None
    root: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False  # a file did not load: topics are incomplete, rows not judged


def find(directory: Path, given: list[Path] | None = None) -> list[Path]:
    """Config files for an outputs directory, in merge order (the spec's §1.2 lookup)."""
    if given:
        return list(given)
    for base in (directory, *directory.parents):
        folder = base / CONFIG_DIR
        if folder.is_dir():
            files = sorted(
                p
                for p in folder.iterdir()
                if p.is_file() and p.name.lower().endswith((".resim.yml", ".resim.yaml"))
            )
            if files:
                return files
        if (base / ".git").exists():
            break
    return [p for p in (directory / n for n in DEFAULT_NAMES) if p.is_file()][:1]


def load(paths: list[Path], root: Path) -> Config:
    # Imported here: PyYAML is most of what importing this module would cost, and every
    # Metrics 1.0 open (tui.formats asks this package whether a path is Metrics 2.0)
    # would pay it otherwise.
    from tui.formats.metrics2 import yamlsafe

    config = Config(root=root)
    loaded: list[tuple[str, yamlsafe.Loaded]] = []
    for path in paths:
        name = _shown(path, root)
        config.files.append(name)
        try:
            raw = path.read_bytes()[: MAX_CONFIG_BYTES + 1]
        except OSError as exc:
            config.problems.append(
                problem("config_missing", "config", name, None, "", f"cannot read: {exc}")
            )
            continue
        if len(raw) > MAX_CONFIG_BYTES:
            config.problems.append(
                problem("config_size", "config", name, None, "", "config over 4 MiB; not read")
            )
            continue
        try:
            doc = yamlsafe.load(raw.decode("utf-8", errors="replace"), KEYS)
        except yamlsafe.YamlError as exc:
            config.problems.append(problem(exc.code, "config", name, exc.line, "", str(exc)))
            config.unreadable = True
            continue
        for dup in doc.duplicates:
            key = _key(dup.path)
            config.problems.append(
                problem(
                    "duplicate_key",
                    "config",
                    name,
                    dup.line,
                    key,
                    f"line {dup.line}: {key} is defined twice (lines {dup.first_line} and "
                    f"{dup.line}); the SDK keeps the last silently, the resim CLI refuses it",
                    "rename or remove one of them",
                )
            )
        if doc.value is None:
            doc.value = {}
        if not isinstance(doc.value, dict):
            config.problems.append(
                problem(
                    "config_shape",
                    "config",
                    name,
                    1,
                    "",
                    f"the config must be a YAML mapping, got {type(doc.value).__name__}",
                )
            )
            continue
        loaded.append((name, doc))
        config.docs[name] = doc
    if loaded:
        _merge(config, loaded)
    if paths:
        config.templates_dir = paths[0].parent / "templates"
    return config


def _merge(config: Config, loaded: list[tuple[str, yamlsafe.Loaded]]) -> None:
    first_name, first = loaded[0]
    # Files that define dashboards, with the names they define: the SDK keeps the last.
    defined: list[tuple[str, yamlsafe.Loaded, list[str]]] = []
    config.version = first.value.get("version")
    for name, doc in loaded:
        value = doc.value
        if "version" not in value and len(loaded) > 1:
            config.problems.append(
                problem(
                    "version_missing",
                    "config",
                    name,
                    1,
                    "version",
                    "version is required when several config files are merged",
                )
            )
        elif value.get("version") != config.version:
            config.problems.append(
                problem(
                    "version_mismatch",
                    "config",
                    name,
                    doc.line(("version",)),
                    "version",
                    f"conflicting versions: {first_name} has version {config.version!r}, "
                    f"{name} has version {value.get('version')!r}",
                    "give every config file the same version (1)",
                )
            )
        for key, what in UNION_KEYS:
            section = value.get(key)
            if section is None:
                continue
            if not isinstance(section, dict):
                config.problems.append(
                    problem(
                        "config_shape",
                        "config",
                        name,
                        doc.line((key,)),
                        key,
                        f"'{key}' must be a mapping, got {type(section).__name__}",
                    )
                )
                continue
            for item, body in section.items():
                item = str(item)
                if _owner(config, key, item) is not None:
                    config.problems.append(
                        problem(
                            f"duplicate_{what.replace(' ', '_')}_across_files",
                            "config",
                            name,
                            doc.line((key, item)),
                            f"{key}.{item}",
                            f"duplicate {what} name '{item}' in {name} "
                            f"(already in {_owner(config, key, item)})",
                            "each name may be declared in one config file only",
                        )
                    )
                    continue
                _add(config, key, item, body, name, doc)
        if "dashboards" in value:
            dashboards = value["dashboards"]
            names = [str(d) for d in dashboards] if isinstance(dashboards, dict) else []
            defined.append((name, doc, names))
            config.dashboards = {}
            config.dashboard_lines = {}
            if isinstance(dashboards, dict):
                for dash, body in dashboards.items():
                    config.dashboards[str(dash)] = body if isinstance(body, dict) else {}
                    config.dashboard_lines[str(dash)] = (name, doc)
        _apply_global(config, name, doc)
        _merge_notes(config, name, doc)
    if len(defined) > 1:
        _dashboards_note(config, defined)


def _dashboards_note(config: Config, defined: list[tuple[str, yamlsafe.Loaded, list[str]]]) -> None:
    """Several files define dashboards: say which file's the SDK keeps, and what it drops."""
    winner, doc, kept = defined[-1]
    dropped = [f"{file} ({', '.join(names[:5]) or 'none'})" for file, _, names in defined[:-1]]
    twice = sorted({n for _, _, names in defined[:-1] for n in names} & set(kept))
    config.problems.append(
        problem(
            "merge_dashboards",
            "config",
            winner,
            doc.line(("dashboards",)),
            "dashboards",
            f"dashboards are defined in {len(defined)} config files: the SDK keeps only the "
            f"last, {winner} ({', '.join(kept[:5]) or 'none'}), and drops those of "
            f"{'; '.join(dropped)}. The resim CLI unions them"
            + (f" and refuses a name defined twice ({', '.join(twice[:5])})" if twice else ""),
            "define every dashboard in one config file",
            warning=True,
        )
    )


def _merge_notes(config: Config, name: str, doc: yamlsafe.Loaded) -> None:
    """Where the SDK's reading of this file and the resim CLI's part (spec §5)."""
    value = doc.value
    for key in value:
        if key in KEYS:
            continue
        config.problems.append(
            problem(
                "merge_dropped_key",
                "config",
                name,
                doc.line((key,)),
                str(key),
                f"top-level key '{key}' is not one ReSim reads: the resim CLI drops it, "
                "the SDK keeps it (the last file's when several merge)",
                f"known keys: {', '.join(sorted(KEYS))}",
                warning=True,
            )
        )
    glob = value.get("global")
    if glob is not None:
        given = [m.name for m in config.metrics.values() if m.file == name and m.from_global]
        config.problems.append(
            problem(
                "merge_global",
                "config",
                name,
                doc.line(("global",)),
                "global",
                "global is the resim CLI's: it copies global.skip-if-no-data into this "
                "file's metrics that lack the key"
                + (f" (here: {', '.join(given[:5])})" if given else "")
                + " and drops global; the SDK keeps global as an ordinary key. This preview "
                "follows the CLI",
                "set skip_if_no_data on each metric to mean the same everywhere",
                warning=True,
            )
        )


def _owner(config: Config, key: str, item: str) -> str | None:
    if key == "topics":
        return config.topics[item].file if item in config.topics else None
    if key == "metrics":
        return config.metrics[item].file if item in config.metrics else None
    return config.set_lines[item][0] if item in config.set_lines else None


def _apply_global(config: Config, name: str, doc: yamlsafe.Loaded) -> None:
    """The CLI's ``global.skip-if-no-data``: to this file's metrics that lack the key."""
    glob = doc.value.get("global")
    if not isinstance(glob, dict) or "skip-if-no-data" not in glob:
        return
    default = glob.get("skip-if-no-data") is True
    metrics = doc.value.get("metrics")
    for metric in config.metrics.values():
        if metric.file != name or not isinstance(metrics, dict):
            continue
        body = metrics.get(metric.name)
        if isinstance(body, dict) and "skip_if_no_data" not in body:
            metric.skip_if_no_data = default
            metric.from_global = True


def _add(config: Config, key: str, item: str, body: Any, name: str, doc: yamlsafe.Loaded) -> None:
    if key == "topics":
        body = body if isinstance(body, dict) else {}
        schema = body.get("schema")
        fields = {str(k): str(v) for k, v in schema.items()} if isinstance(schema, dict) else {}
        config.topics[item] = Topic(
            item, fields, body.get("event") is True, name, doc.line((key, item))
        )
    elif key == "metrics":
        config.metrics[item] = _metric(item, body if isinstance(body, dict) else {}, name, doc)
    else:
        names = body.get("metrics") if isinstance(body, dict) else None
        listed = [str(n) for n in names] if isinstance(names, list) else []
        lines = [doc.line((key, item, "metrics", i)) for i in range(len(listed))]
        config.sets[item] = listed
        config.set_lines[item] = (name, doc.line((key, item)), lines)


def _metric(item: str, body: dict[str, Any], name: str, doc: yamlsafe.Loaded) -> MetricSpec:
    path = ("metrics", item)
    status = body.get("status")
    parsed_status = None
    if isinstance(status, dict):
        parsed_status = Status(
            _text(status.get("query_string")),
            status.get("block"),  # checked in checks.py
            status.get("warn"),
            doc.line((*path, "status")),
            doc.line((*path, "status", "query_string")),
        )
    settings = body.get("template_settings")
    query = body.get("query_string")
    return MetricSpec(
        name=item,
        type=_text(body.get("type")),
        description=_text(body.get("description")),
        query=_text(query),
        template_type=_text(body.get("template_type")),
        template=_text(body.get("template")),
        template_file=_text(body.get("template_file")),
        settings=settings if isinstance(settings, dict) else {},
        units=_text(body.get("units")),
        skip_if_no_data=body.get("skip_if_no_data") is True,
        status=parsed_status,
        file=name,
        line=doc.line(path),
        query_line=doc.line((*path, "query_string")),
        query_block=isinstance(query, str) and "\n" in query,
    )


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _key(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
