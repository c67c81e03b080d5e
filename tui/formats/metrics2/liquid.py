"""Custom templates: Liquid fed one array per result column, rendered to Plotly JSON.

This is python-liquid's rendering, not ReSim's (whose Liquid lacks filters that
python-liquid has), so a figure that renders here may still fail there.
"""

from __future__ import annotations

import json
from typing import Any

import liquid
from liquid.exceptions import LiquidError

from tui.formats.metrics2.engine import Result

MAX_OUTPUT = 16 * 1024 * 1024
_ENV = liquid.Environment()


def inputs(result: Result) -> dict[str, list[Any]]:
    """What the template sees: each column alias → its values, in row order."""
    return {name: [row[i] for row in result.rows] for i, name in enumerate(result.columns)}


def render_custom(text: str, result: Result, metric: Any, report: Any) -> dict[str, Any] | None:
    try:
        rendered = _ENV.from_string(text).render(**inputs(result))
    except LiquidError as exc:
        report(
            "render_error",
            metric.name,
            f"metric '{metric.name}': {metric.template_file} does not render: "
            f"{str(exc).splitlines()[0][:200]}",
        )
        return None
    if len(rendered) > MAX_OUTPUT:
        report("render_error", metric.name, f"metric '{metric.name}': output over 16 MiB")
        return None
    try:
        figure = json.loads(rendered)
    except (ValueError, RecursionError) as exc:
        report(
            "render_error",
            metric.name,
            f"metric '{metric.name}': {metric.template_file} did not print JSON "
            f"({getattr(exc, 'msg', 'nested too deeply')}); ReSim shows RENDER_ERROR",
        )
        return None
    if not isinstance(figure, dict) or not isinstance(figure.get("data"), list):
        report(
            "render_error",
            metric.name,
            f"metric '{metric.name}': {metric.template_file} printed JSON that is not a "
            "Plotly figure (an object with a data list)",
        )
        return None
    return figure
