"""Scalar, double summary, text and image metrics as short text.

The metric card draws these itself; these versions exist so that ``show``
(and anything else that only has ``render``) can print every type.
"""

from __future__ import annotations

import math

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tui.charts import markdown, scale
from tui.charts import series as s
from tui.charts._text import fit, fit_middle, label, pad
from tui.charts.types import Chart, ColorMode, Palette, SeriesSummary
from tui.model.enums import MetricStatus
from tui.model.metric import Metric
from tui.model.summary import SummaryRow, describe_index, select
from tui.model.values import (
    DoubleSummaryValues,
    FailureDefinition,
    ImageListValues,
    ImageValues,
    Ref,
    ScalarValues,
    TextValues,
)
from tui.text.glyphs import status_look


def status_glyph(status: MetricStatus) -> str:
    """A glyph that tells the status without colour (the app's, from tui.glyphs)."""
    return status_look(status).glyph


def status_style(status: MetricStatus, palette: Palette, color: ColorMode) -> str | None:
    if color == "none":
        return None
    if status == MetricStatus.PASSED_METRIC_STATUS:
        return palette.passed
    if status == MetricStatus.FAIL_WARN_METRIC_STATUS:
        return palette.warn
    if status == MetricStatus.FAIL_BLOCK_METRIC_STATUS:
        return palette.fail
    return palette.axis


def scalar(
    metric: Metric,
    values: ScalarValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
) -> Chart:
    unit = label(values.unit or "", 20)
    if values.value is None:
        return Chart.message("no value", width)
    body = Text(
        f"{scale.stat(values.value)} {unit}".strip(), style="" if color == "none" else "bold"
    )
    exact = full_precision(values.value)
    if exact:
        body.append(f"\nexactly {exact} {unit}".rstrip())
    verdict = _verdict(values.value, values.failure)
    if verdict:
        body.append(f"\n{verdict}")
    summary = [
        SeriesSummary(
            metric.name and label(metric.name, 40),
            1,
            values.value,
            values.value,
            values.value,
            values.value,
            int(verdict.startswith("✖")),
            unit,
        )
    ]
    return Chart(_crop(body, width, height), summary)


def full_precision(value: float) -> str:
    """Every digit of ``value`` (the shortest text that reads back as the same float) when
    the short form rounds it ("2.1317e+12" for 2131700000000.5); else ''."""
    if not math.isfinite(value):
        return ""
    exact = repr(float(value))
    if "e" in exact and 1 <= abs(value) < 1e16:
        exact = f"{value:f}".rstrip("0").rstrip(".")
    return "" if float(scale.stat(value)) == value else exact.removesuffix(".0")


def double_summary(
    metric: Metric,
    values: DoubleSummaryValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
) -> Chart:
    rows = select(values)
    unit = label(s.unit(values.value), 20)
    body = Text()
    summary = []
    grouped = any(row.category is not None for row in rows)
    cells = [_summary_cells(row, unit) for row in rows]
    value_w = max([5, *(cell_len(c[0]) for c in cells)])
    unit_w = max([cell_len(unit), 4]) if grouped else 0
    status_w = max((cell_len(c[1]) for c in cells), default=0)
    names = [label(row.category or "", 200) for row in rows]
    # The name takes what the value, unit and status leave, its middle cut when long.
    name_w = min(max((cell_len(n) for n in names), default=0), 60)
    name_w = max(min(name_w, width - value_w - unit_w - status_w - 6), 12) if grouped else 0
    if grouped:
        head = pad("name", name_w) + "  " + pad("value", value_w, "right")
        body.append(
            head + "  " + pad("unit", unit_w) + "  status", style="" if color == "none" else "bold"
        )
    for i, (row, (shown, verdict), name) in enumerate(zip(rows, cells, names, strict=True)):
        if i or grouped:
            body.append("\n")
        if grouped:
            body.append(pad(fit_middle(name, name_w), name_w) + "  ")
        style = "" if color == "none" or row.value is None else "bold"
        if grouped:
            body.append(pad(shown, value_w, "right"), style=style)
            body.append("  " + pad(unit if row.value is not None else "", unit_w))
        else:
            body.append(shown if row.value is None else f"{shown} {unit}".rstrip(), style=style)
        if verdict:
            body.append(
                "  " + verdict,
                style=status_style(row.status, palette, color) if row.status else None,
            )
        if row.value is None:
            continue
        summary.append(
            SeriesSummary(
                name or label(metric.name, 200),
                1,
                row.value,
                row.value,
                row.value,
                row.value,
                int(bool(row.status and row.status.failing)),
                unit,
            )
        )
    body.append(f"\n{label(describe_index(values.index), 120)}")
    if values.failure is not None:
        body.append(f"; {values.failure.describe()}")
    return Chart(_crop(body, width, height), summary)


def _summary_cells(row: SummaryRow, unit: str) -> tuple[str, str]:
    """A summary row's value (with its exact value when the short one rounds) and verdict."""
    if row.value is None:
        return f"– ({label(row.note or 'no value', 60)})", ""
    exact = full_precision(row.value)
    shown = scale.stat(row.value) + (f" (exactly {exact})" if exact else "")
    verdict = f"{status_glyph(row.status)} {row.status.label}" if row.status is not None else ""
    return shown, verdict


def text(
    metric: Metric,
    values: TextValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
) -> Chart:
    body = markdown.plain(values.text, 100_000)  # readable, not raw Markdown
    if color == "none":
        body = Text(body.plain)  # headings and emphasis in bold/italic only with colour
    return Chart(_crop(body, width, height), notes=[] if values.text else ["empty text"])


def image(
    metric: Metric,
    values: ImageValues | ImageListValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
) -> Chart:
    refs = [values.image] if isinstance(values, ImageValues) else values.images
    body = Text()
    notes = []
    for i, ref in enumerate(refs):
        line = f"{i + 1}/{len(refs)}: {_describe(ref)}" if len(refs) > 1 else _describe(ref)
        body.append(("\n" if i else "") + line)
        if ref.data is None or ref.data.file is None or not ref.data.file.ok:
            notes.append(line)
    if not refs:
        notes.append("no images")
        body.append("no images")
    return Chart(_crop(body, width, height), notes=notes)


def _describe(ref: Ref) -> str:
    data = ref.data
    if data is None:
        return "image data missing"
    if data.file is None:
        return f"{label(data.name, 40)}: not an external file"
    where = label(data.file.raw, 80)
    return f"image {where}" + (f" ({label(data.file.problem, 60)})" if data.file.problem else "")


def _verdict(value: float, failure: FailureDefinition | None) -> str:
    if failure is None:
        return ""
    fails = failure.fails(value)
    if fails is None:
        return ""
    verdict = "✖ fails" if fails else "✔ passes"
    return f"{verdict} ({failure.describe()})"


def _crop(body: Text, width: int, height: int) -> Text:
    """Wrap to ``width`` and keep at most ``height`` lines; when some are left out, the
    last line says how many (a cut must never pass for the end of the text)."""
    console = Console(width=width, color_system=None, legacy_windows=False)
    wrapped = body.wrap(console, width)
    if len(wrapped) <= height:
        return Text("\n").join(wrapped)
    kept = max(height - 1, 0)
    left = len(wrapped) - kept
    more = Text(fit(f"… {left} more lines not shown (of {len(wrapped)})", width))
    return Text("\n").join([*wrapped[:kept], more])
