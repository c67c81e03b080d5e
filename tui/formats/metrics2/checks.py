"""Config checks that need no data: keys and types, sets, dashboards, media columns.

These are the checks ReSim's own demo test runs on a config (spec §4, §10), each
pointed at the YAML line of the key at fault.
"""

from __future__ import annotations

from tui.formats.metrics2.config import Config
from tui.formats.metrics2.emissions import TYPES
from tui.formats.metrics2.problems import problem
from tui.formats.metrics2.sql import BUILTIN_TABLES
from tui.model.problems import Problem

METRIC_TYPES = ("test", "batch", "dashboard")
TEMPLATE_TYPES = ("system", "custom")
SYSTEM_TEMPLATES = (
    "bar",
    "histogram",
    "image",
    "line",
    "pie",
    "scalar",
    "state_timeline",
    "table",
    "video",
)
REFRESH = ("auto", "manual")
# The template_settings keys the preview draws, per system template (tui/formats/
# metrics2/build.py applies them); any other key is named as not drawn here.
_AXES = ("xaxis.label", "yaxis.label", "yaxis.min", "yaxis.max")
DRAWN_SETTINGS = {
    "line": (*_AXES, "display.legend", "series"),
    "bar": (*_AXES, "display.legend", "series"),
    "histogram": (*_AXES, "display.bins", "display.legend", "series"),
    "pie": ("display.text_info", "display.legend", "series"),
    "state_timeline": ("series",),
}


def check(config: Config) -> list[Problem]:
    out: list[Problem] = []

    def add(
        code: str,
        file: str,
        path: tuple[str | int, ...],
        message: str,
        hint: str = "",
        *,
        warning: bool = False,
        info: bool = False,
    ) -> None:
        doc = config.docs.get(file)
        line = doc.line(path) if doc is not None else None
        key = _key(path)
        out.append(
            problem(code, "config", file, line, key, message, hint, warning=warning, info=info)
        )

    for name, topic in config.topics.items():
        base = ("topics", name)
        if name in BUILTIN_TABLES:
            add(
                "topic_shadows_builtin",
                topic.file,
                base,
                f"topic '{name}' shadows the built-in table {name}",
                "rename the topic",
            )
        if not topic.schema:
            add(
                "topic_schema",
                topic.file,
                base,
                f"topic '{name}' does not have a schema defined in configuration",
            )
        for f, kind in topic.schema.items():
            if kind not in TYPES:
                add(
                    "unknown_type",
                    topic.file,
                    (*base, "schema", f),
                    f"topic '{name}', field '{f}': config has unknown type '{kind}'",
                    f"the SDK knows {', '.join(TYPES)}",
                )
        kinds = list(topic.schema.values())
        if (
            kinds.count("image") > 1
            or kinds.count("video") > 1
            or ("image" in kinds and "video" in kinds)
        ):
            add(
                "image_and_video_topic",
                topic.file,
                base,
                f"topic '{name}' holds more than one media column (image or video)",
                "a topic holds at most one image or one video column; split it",
            )
    for name, metric in config.metrics.items():
        base = ("metrics", name)
        if metric.type not in METRIC_TYPES:
            add(
                "metric_type",
                metric.file,
                (*base, "type"),
                f"metric '{name}': type '{metric.type}' is not one of {', '.join(METRIC_TYPES)}",
            )
        if not metric.query.strip():
            add(
                "missing_query",
                metric.file,
                (*base, "query_string"),
                f"metric '{name}' has no query_string",
            )
        if metric.template_type == "system" and metric.template in SYSTEM_TEMPLATES:
            drawn = DRAWN_SETTINGS.get(metric.template, ())
            undrawn = [k for k in _setting_keys(metric.settings) if k not in drawn]
            if undrawn:
                add(
                    "settings_not_drawn",
                    metric.file,
                    (*base, "template_settings"),
                    f"metric '{name}': template_settings {', '.join(undrawn[:8])}"
                    + (f" and {len(undrawn) - 8} more" if len(undrawn) > 8 else "")
                    + f" {'is' if len(undrawn) == 1 else 'are'} not drawn by this local "
                    "preview; ReSim's renderer reads them",
                    f"drawn here for {metric.template}: {', '.join(drawn) or 'none'}",
                    info=True,
                )
        if not any(name in members for members in config.sets.values()) and config.sets:
            add(
                "metric_in_no_set",
                metric.file,
                base,
                f"metric '{name}' is in no metrics set, so ReSim never runs it",
                "add it to a set under 'metrics sets'",
                warning=True,
            )
    for name, members in config.sets.items():
        file, _, _ = config.set_lines[name]
        for i, member in enumerate(members):
            if member not in config.metrics:
                add(
                    "set_unknown_metric",
                    file,
                    ("metrics sets", name, "metrics", i),
                    f"metrics set '{name}' lists '{member}', which no config declares",
                )
    dashboard_sets = {body.get("metrics_set") for body in config.dashboards.values()}
    for name, members in config.sets.items():
        if name in dashboard_sets:
            continue  # a dashboard's set: checked below
        file, _, _ = config.set_lines[name]
        for i, member in enumerate(members):
            spec = config.metrics.get(member)
            if spec is not None and spec.type == "dashboard":
                add(
                    "set_dashboard_metric",
                    file,
                    ("metrics sets", name, "metrics", i),
                    f"metrics set '{name}' holds the dashboard metric '{member}' but no "
                    "dashboard uses the set: a batch given this set is refused (sets used by "
                    "batches hold no dashboard metric) and the metric runs nowhere",
                    "move it to the set a dashboard names in metrics_set",
                    warning=True,
                )
    for name, body in config.dashboards.items():
        file = config.dashboard_lines[name][0]
        base = ("dashboards", name)
        chosen = body.get("metrics_set")
        if chosen not in config.sets:
            add(
                "dashboard_unknown_set",
                file,
                (*base, "metrics_set"),
                f"dashboard '{name}' uses metrics set '{chosen}', which does not exist",
            )
        else:
            wrong = [
                m
                for m in config.sets[chosen]
                if m in config.metrics and config.metrics[m].type != "dashboard"
            ]
            if wrong:
                add(
                    "dashboard_set_type",
                    file,
                    (*base, "metrics_set"),
                    f"dashboard '{name}': set '{chosen}' holds metrics that are not of type "
                    f"dashboard: {', '.join(wrong)}",
                )
        days = body.get("day_range")
        if days is not None and (
            isinstance(days, bool) or not isinstance(days, int | float) or not days > 0
        ):
            add(
                "dashboard_day_range",
                file,
                (*base, "day_range"),
                f"dashboard '{name}': day_range {days!r} is not a number of days above 0; "
                "this preview takes 31 (the resim CLI's default)",
                warning=True,
            )
        refresh = body.get("refresh")
        if refresh is not None and refresh not in REFRESH:
            add(
                "dashboard_refresh",
                file,
                (*base, "refresh"),
                f"dashboard '{name}': refresh '{refresh}' is not auto or manual",
                warning=True,
            )
    return out


def _setting_keys(settings: dict[str, object], prefix: str = "", depth: int = 0) -> list[str]:
    """Dotted keys of the leaves of ``settings`` (a list, such as ``series``, is one)."""
    keys: list[str] = []
    for k, v in settings.items():
        dotted = f"{prefix}{k}"
        if isinstance(v, dict) and v and depth < 4:
            keys += _setting_keys(v, dotted + ".", depth + 1)
        else:
            keys.append(dotted)
    return keys


def _key(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
