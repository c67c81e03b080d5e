"""A Metrics 2.0 job with hostile text everywhere a file can put it.

``write_hostile_m2(folder)`` starts from the sample (every system template and a
custom one) and writes its emissions with the official Emitter, every string value
carrying the payload of tests/hostile_jobs.py. The config's metric names,
descriptions, units, SQL literals and column aliases, and the Liquid template's text
carry it too, as does every string a system template's ``template_settings`` can hold
(axis labels and bounds, legend, bins, text info, series names and colours, a title,
and keys no template knows) and a topic whose name and field name are the payload,
emitted to with the SDK and queried. One emitted string field and one config
description are 1 MB long. Then what an attacker's own writer could add: lines whose topic and
field names are the payload, a line that is not JSON, image names that lead out of
the job (``..``, absolute, a symlink out, a symlink loop), a query that fails with
the payload in its error, and a YAML alias bomb beside it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.hostile_jobs import LONG, PAYLOAD

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "metrics2"
OUTSIDE = "/etc/passwd"
# Images the emissions name that must never be opened: each leads out of the job.
ESCAPES = ["../../../../../../etc/passwd", OUTSIDE, "out_link.png", "loop.png"]


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _poison_sql(query: str, payload: str) -> str:
    """The payload in every string literal and column alias of ``query``."""
    query = re.sub(r"'([^']*)'", lambda m: _sql_literal(payload + m.group(1)), query)
    return re.sub(
        r'AS "([^"]*)"', lambda m: 'AS "' + payload.replace('"', '""') + m.group(1) + '"', query
    )


def _identifier(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _settings(payload: str) -> dict[str, Any]:
    """Every string a system template's settings can hold, each one the payload."""
    axis = {"label": payload, "min": payload, "max": payload, payload: payload}
    return {
        "title": payload,
        "xaxis": dict(axis),
        "yaxis": dict(axis),
        "display": {"legend": payload, "bins": payload, "text_info": payload, payload: payload},
        "series": [
            {"group_name": payload + "speed", "color": payload},
            {"group_name": payload + "mean", "color": "#ff0000" + payload},
            payload,
        ],
        payload: [payload, {payload: payload}],
    }


def _config(payload: str) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(
        (SAMPLE / ".resim" / "metrics" / "config.resim.yml").read_text()
    )
    config["topics"][payload + "topic"] = {"schema": {payload + "field": "string"}}
    metrics = {}
    for name, metric in config["metrics"].items():
        metric["query_string"] = _poison_sql(metric["query_string"], payload)
        metric["description"] = payload + metric.get("description", "described")
        metric["units"] = payload + metric.get("units", "u")
        if metric.get("template_type") == "system":
            metric["template_settings"] = _settings(payload)
        metrics[payload + name] = metric
    first = next(iter(metrics.values()))
    first["description"] = payload + "D" * LONG
    metrics[payload + "Hostile topic"] = {
        "type": "test",
        "query_string": f"SELECT {_identifier(payload + 'field')} AS {_identifier(payload)}"
        f" FROM {_identifier(payload + 'topic')}",
        "template_type": "system",
        "template": "table",
        "template_settings": _settings(payload),
    }
    metrics[payload + "Broken query"] = {
        "type": "test",
        "query_string": f'SELECT nothing FROM "{payload.replace(chr(34), "")}table"',
        "template_type": "system",
        "template": "scalar",
    }
    metrics[payload + "Text scalar"] = {
        "type": "test",
        "query_string": f"SELECT {_sql_literal(payload)} AS value",
        "template_type": "system",
        "template": "scalar",
    }
    metrics[payload + "Escaping images"] = {
        "type": "test",
        "query_string": "SELECT "
        + " UNION ALL SELECT ".join(_sql_literal(p) for p in ESCAPES)
        + "",
        "template_type": "system",
        "template": "image",
    }
    config["metrics"] = metrics
    for metrics_set in config["metrics sets"].values():
        metrics_set["metrics"] = list(metrics)
    config["metrics sets"] = {payload + k: v for k, v in config["metrics sets"].items()}
    return config


def _template(payload: str) -> str:
    text = (SAMPLE / ".resim" / "metrics" / "templates" / "speed_band.liquid").read_text()
    quoted = json.dumps(payload)[1:-1]  # still JSON: the figure must parse to reach a view
    return text.replace('"name": "', '"name": "' + quoted).replace(
        '"text": "', '"text": "' + quoted
    )


def _emit(folder: Path, config_path: Path, payload: str) -> None:
    from resim.sdk.metrics.emissions import Emitter

    output = folder / "emissions.resim.jsonl"
    output.unlink(missing_ok=True)  # the Emitter appends
    emitter = Emitter(config_path=config_path, output_path=output)
    for i in range(20):
        t = i * 100_000_000
        emitter.emit("ego_speed", {"speed_mps": 8.0 + i / 4, "lane": payload + "left"}, t)
        emitter.emit("planner", {"state": "PASSED", "mode": payload + "cruise"}, t)
    for i, name in enumerate(["frame_000.png", *ESCAPES, payload + "frame.png"]):
        emitter.emit("camera", {"frame": name}, i * 100_000_000)
    emitter.emit("dashcam", {"clip": payload + "dashcam.mp4"}, 0)
    emitter.emit(payload + "topic", {payload + "field": payload}, 0)
    emitter.emit(payload + "topic", {payload + "field": payload + "L" * LONG}, 1)
    emitter.emit_event(
        "route_event",
        {
            "name": payload + "Overtake",
            "description": payload + "Speed above 11 m/s.",
            "status": "FAIL_WARN",
            "tags": [payload + "overtake"],
            "metrics": [
                {"name": payload + "Speed", "type": "scalar", "value": 11.4, "unit": payload}
            ],
        },
        100_000_000,
    )
    emitter.close()
    # What a writer other than the SDK can add: hostile topic and field names, not JSON.
    with output.open("a", encoding="utf-8") as lines:
        for line in (
            {"$metadata": {"topic": payload, "timestamp": 0}, "$data": {payload: payload}},
            {"$metadata": {"topic": "ego_speed", "timestamp": 1}, "$data": {payload: 1.0}},
        ):
            lines.write(json.dumps(line) + "\n")
        lines.write(payload.replace("\n", "") + "{not json\n")


def write_hostile_m2(folder: Path, payload: str = PAYLOAD) -> Path:
    """Write a hostile Metrics 2.0 job into ``folder`` (made here); returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for frame in SAMPLE.glob("frame_*.png"):
        shutil.copy(frame, folder / frame.name)
    metrics_dir = folder / ".resim" / "metrics"
    (metrics_dir / "templates").mkdir(parents=True, exist_ok=True)
    config_path = metrics_dir / "config.resim.yml"
    config_path.write_text(yaml.safe_dump(_config(payload), allow_unicode=True), encoding="utf-8")
    (metrics_dir / "templates" / "speed_band.liquid").write_text(_template(payload))
    os.symlink(OUTSIDE, folder / "out_link.png")
    os.symlink("loop.png", folder / "loop.png")
    _emit(folder, config_path, payload)
    return folder


def write_alias_bomb(folder: Path) -> Path:
    """A job whose config is a YAML alias bomb (a billion laughs) and nests deeply."""
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("*.py"))
    rows = ["version: 1", "a: &a [" + ",".join(["x"] * 10) + "]"]
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        rows.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 10) + "]")
    rows.append("deep: " + "[" * 5000 + "]" * 5000)
    (folder / ".resim" / "metrics" / "config.resim.yml").write_text("\n".join(rows) + "\n")
    return folder
