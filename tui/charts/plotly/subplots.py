"""Subplots and facets: traces on axes of their own, drawn as separate titled panels.

``make_subplots`` and Plotly Express facets put each panel's traces on their own
pair of axes (``xaxis: "x2"``, ``yaxis: "y2"``), place those axes by their
``domain`` (fractions of the figure) and title a panel with an annotation in
paper coordinates over it ("species=setosa"; a facet row's title stands to the
right of its row, turned by 90 degrees). Panels are laid out as the domains
lay them out, rows from the top and columns from the left, when each gets the
room to be read; else one under another, in that reading order. Axes that
``matches`` another (Plotly Express shares y across facets) get one range, so
that panels side by side compare as they do in the browser.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from rich.text import Text

from tui.charts.plotly import secondary
from tui.charts.plotly.fields import nested, numbers, strings, title
from tui.charts.types import Chart, ColorMode, Palette, SeriesSummary
from tui.charts.view import Range, XView
from tui.text.plural import plural

MIN_W, MIN_H = 24, 7  # a panel smaller than this cannot show a chart
GAP = 2  # blank columns between panels side by side
MAX_NOTES = 500  # annotations looked at for titles: more than any figure has panels
_AXIS = re.compile(r"^([xy])(\d*)$")
_REF = re.compile(r"^([xy])(\d*)( domain)?$")
DOMAIN_TYPES = {"pie", "table"}  # placed by a ``domain`` of their own, not on axes

Draw = Callable[[dict[str, Any], int, int, ColorMode, Palette, Range | None], Chart]


@dataclass(slots=True, eq=False)  # hashed by identity: a key of the title maps
class Panel:
    x: str  # the trace's axis names: "x", "x2"...
    y: str
    traces: list[dict[str, Any]] = field(default_factory=list)
    x_domain: tuple[float, float] = (0.0, 1.0)
    y_domain: tuple[float, float] = (0.0, 1.0)
    title: str = ""


def panels(figure: dict[str, Any]) -> list[Panel] | None:
    """The panels of a figure whose traces are on more than one pair of axes, in
    reading order (top row first, then left to right); None for a single plot."""
    data = figure.get("data")
    if not isinstance(data, list):
        return None
    layout = nested(figure, "layout")
    found: dict[tuple[str, str], Panel] = {}
    for trace in data:
        if not isinstance(trace, dict):
            continue
        key = _key(trace)
        if secondary.is_secondary(trace, layout):  # drawn in the plot of the axis it overlays
            over = nested(layout, _axis_key(key[1])).get("overlaying")
            key = (key[0], str(over))
        panel = found.get(key)
        if panel is None:
            panel = found[key] = _panel(key, trace, layout)
        panel.traces.append(trace)
    if len(found) < 2:
        return None
    out = sorted(found.values(), key=lambda p: (-round(p.y_domain[1], 3), p.x_domain[0]))
    _titles(out, layout)
    return out


def draw(
    figure: dict[str, Any],
    found: list[Panel],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    draw_one: Draw,
    window: Range | None = None,
    panel: int = 0,
) -> Chart:
    """Every panel drawn by ``draw_one`` (the single-plot renderer) and laid out.

    Panels with an x axis (scatter) can be explored one at a time: the chart's
    ``views`` are theirs, placed in the whole drawing, its ``view`` the one of panel
    number ``panel`` among them, drawn at ``window`` (the others whole)."""
    layout = nested(figure, "layout")
    notes: list[str] = []
    heading = title(layout.get("title"))
    top = 1 if heading and height >= 2 * MIN_H else 0
    placed, per_row, per_col = _grid(found, width, height - top, layout)
    cell_w = (width - GAP * (per_col - 1)) // per_col
    cell_h = (height - top) // per_row
    if len(placed) < len(found):
        notes.append(
            f"{len(found) - len(placed)} of {plural(len(found), 'panel')} not drawn: no room"
        )
    ranges = _shared_ranges(found, layout)
    drawn: dict[tuple[int, int], Text] = {}
    summary: list[SeriesSummary] = []
    views: list[XView] = []
    # Panels in a column that share an x axis are drawn with their plots from the same
    # column (the narrower y labels padded), so that their x ticks line up.
    lefts: dict[tuple[int, str], int] = {}
    for one, _row, c in placed:
        if one.x and (shared := ranges.get(one.x)) is not None:
            first = draw_one(_sub_figure(one, layout, ranges), cell_w, cell_h, color, palette, None)
            if first.view is not None:
                key = (c, repr(shared))
                lefts[key] = max(lefts.get(key, 0), first.view.col0)
    for one, r, c in placed:
        sub = _sub_figure(one, layout, ranges)
        shift = 0
        if one.x and one.x in ranges:
            want = lefts.get((c, repr(ranges[one.x])), 0)
            probe = draw_one(sub, cell_w, cell_h, color, palette, None)
            if probe.view is not None and want > probe.view.col0:
                shift = want - probe.view.col0
        chart = draw_one(sub, cell_w - shift, cell_h, color, palette, None)
        if chart.view is not None and len(views) == panel and window is not None:
            chart = draw_one(sub, cell_w - shift, cell_h, color, palette, window)  # zoomed
        drawn[r, c] = _indented(chart.body, shift)
        if chart.view is not None:
            at = chart.view
            left, down = c * (cell_w + GAP) + shift, top + r * cell_h
            views.append(replace(at, col0=at.col0 + left, row0=at.row0 + down))
        panel_ = one
        who = panel_.title or f"panel {panel_.x}/{panel_.y}"
        notes.extend(f"{who}: {note}" for note in chart.notes)
        summary.extend(
            replace(s, name=f"{panel_.title} · {s.name}") if panel_.title else s
            for s in chart.summary
        )
    body = Text(no_wrap=True, overflow="crop", end="")
    lines: list[Text] = [Text(heading[:width], style="bold")] if top else []
    for r in range(per_row if placed else 0):
        parts = [drawn.get((r, c), Text()).split("\n") for c in range(per_col)]
        for n in range(cell_h):
            line = Text()
            for c, part in enumerate(parts):
                piece = part[n].copy() if n < len(part) else Text()
                piece.truncate(cell_w, overflow="crop")
                if c < len(parts) - 1:
                    piece.pad_right(cell_w + GAP - piece.cell_len)
                line.append_text(piece)
            lines.append(line)
    while lines and not lines[-1].plain.strip():
        lines.pop()
    body.append_text(Text("\n").join(lines))
    view = views[panel] if 0 <= panel < len(views) else None
    return Chart(body, summary, notes, view=view, views=tuple(views))


def _indented(body: Text, shift: int) -> Text:
    if not shift:
        return body
    return Text("\n").join(Text(" " * shift) + line for line in body.split("\n"))


def _key(trace: dict[str, Any]) -> tuple[str, str]:
    if trace.get("type") in DOMAIN_TYPES:
        return ("", "")  # every domain trace in one panel: the pie renderer lists them
    x, y = trace.get("xaxis", "x"), trace.get("yaxis", "y")
    x = x if isinstance(x, str) and _AXIS.match(x) and x[0] == "x" else "x"
    y = y if isinstance(y, str) and _AXIS.match(y) and y[0] == "y" else "y"
    return (x, y)


def _axis_key(name: str) -> str:
    """``x2`` -> ``xaxis2`` (``x`` -> ``xaxis``): where the layout keeps an axis."""
    return f"{name[0]}axis{name[1:]}"


def _domain(node: Any) -> tuple[float, float]:
    if isinstance(node, list) and len(node) == 2 and all(_finite(v) for v in node):
        lo, hi = sorted(float(v) for v in node)
        return (max(lo, 0.0), min(hi, 1.0))
    return (0.0, 1.0)


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _panel(key: tuple[str, str], trace: dict[str, Any], layout: dict[str, Any]) -> Panel:
    x, y = key
    if not x:
        place = nested(trace, "domain")
        return Panel("", "", x_domain=_domain(place.get("x")), y_domain=_domain(place.get("y")))
    x_axis, y_axis = nested(layout, _axis_key(x)), nested(layout, _axis_key(y))
    return Panel(
        x, y, x_domain=_domain(x_axis.get("domain")), y_domain=_domain(y_axis.get("domain"))
    )


def _titles(found: list[Panel], layout: dict[str, Any]) -> None:
    """Facet and subplot titles: a paper annotation over a column of panels titles the
    panel under it (and the panels under that one, when a facet grid has row titles too);
    one right of the panels, turned, titles its row."""
    given = layout.get("annotations")
    notes = [
        a for a in (given if isinstance(given, list) else [])[:MAX_NOTES] if isinstance(a, dict)
    ]
    right = max(p.x_domain[1] for p in found)
    columns: dict[Panel, list[str]] = {}
    rows: dict[Panel, list[str]] = {}
    for note in notes:
        if note.get("xref", "paper") != "paper" or note.get("yref", "paper") != "paper":
            continue
        x, y, text = note.get("x"), note.get("y"), title(note.get("text"))
        if not (_finite(x) and _finite(y) and text):
            continue
        assert isinstance(x, int | float) and isinstance(y, int | float)
        if note.get("textangle") in (90, -90) or x >= right - 1e-6:
            for p in found:
                if p.y_domain[0] - 1e-6 <= y <= p.y_domain[1] + 1e-6:
                    rows.setdefault(p, []).append(text)
            continue
        under = [
            p
            for p in found
            if p.x_domain[0] - 1e-6 <= x <= p.x_domain[1] + 1e-6 and p.y_domain[1] <= y + 0.02
        ]
        if under:
            first = max(under, key=lambda p: p.y_domain[1])
            columns.setdefault(first, []).append(text)
    for p in found:  # a panel with no title over it takes that of the panel above it
        if p not in columns:
            above = [
                q
                for q in columns
                if q.x_domain == p.x_domain and q.y_domain[0] >= p.y_domain[1] - 1e-6
            ]
            if above and rows.get(p):
                columns[p] = columns[min(above, key=lambda q: q.y_domain[0])]
        p.title = " · ".join(columns.get(p, []) + rows.get(p, []))


def _axis_cells(layout: dict[str, Any]) -> set[tuple[float, float]]:
    """(top, left) of every x axis the layout anchors to a y axis: a subplot's place."""
    out = set()
    for key in list(layout)[:MAX_NOTES]:
        match = re.match(r"^xaxis(\d*)$", key)
        anchor = nested(layout, key).get("anchor")
        if match is None or not isinstance(anchor, str) or not _AXIS.match(anchor):
            continue
        if anchor[0] != "y" or _axis_key(anchor) not in layout:
            continue
        x_dom = _domain(nested(layout, key).get("domain"))
        y_dom = _domain(nested(layout, _axis_key(anchor)).get("domain"))
        out.add((round(y_dom[1], 3), round(x_dom[0], 3)))
    return out


def _grid(
    found: list[Panel], width: int, height: int, layout: dict[str, Any]
) -> tuple[list[tuple[Panel, int, int]], int, int]:
    """(panel, row, column) of the panels drawn, and the rows and columns: the cells
    of the domains when every panel has one of its own big enough to read; else the
    panels in reading order, wrapped to the columns that fit."""
    # The cells are those of every pair of axes the layout places, so that an empty
    # subplot or facet stays an empty cell (the others are not moved into it).
    places = {(round(p.y_domain[1], 3), round(p.x_domain[0], 3)) for p in found}
    places |= _axis_cells(layout)
    tops = sorted({t for t, _ in places}, reverse=True)
    lefts = sorted({left for _, left in places})
    cells = {(round(p.y_domain[1], 3), round(p.x_domain[0], 3)) for p in found}
    cell_w = (width - GAP * (len(lefts) - 1)) // len(lefts)
    if len(cells) == len(found) and cell_w >= MIN_W and height // len(tops) >= MIN_H:
        placed = [
            (p, tops.index(round(p.y_domain[1], 3)), lefts.index(round(p.x_domain[0], 3)))
            for p in found
        ]
        return placed, len(tops), len(lefts)
    # Else in reading order, wrapped: the fewest columns that leave every panel room,
    # or as many panels as the widest grid that fits can show.
    most = max(min((width + GAP) // (MIN_W + GAP), len(found)), 1)
    deep = max(height // MIN_H, 1)
    cols = next((c for c in range(1, most + 1) if math.ceil(len(found) / c) <= deep), most)
    shown = found[: cols * deep]
    rows = math.ceil(len(shown) / cols)
    return [(p, n // cols, n % cols) for n, p in enumerate(shown)], rows, cols


def _shared_ranges(found: list[Panel], layout: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """One range for the axes that ``matches`` one another: the union of their traces'
    finite values (Plotly Express sets ``matches`` on every facet but the first;
    ``make_subplots(shared_xaxes=True)`` on every x axis but the bottom one)."""
    out: dict[str, tuple[float, float]] = {}
    for letter in ("x", "y"):
        groups: dict[str, list[Panel]] = {}
        for p in found:
            own = p.x if letter == "x" else p.y
            if not own:
                continue
            target = nested(layout, _axis_key(own)).get("matches")
            root = target if isinstance(target, str) and _AXIS.match(target) else own
            groups.setdefault(root, []).append(p)
        for members in groups.values():
            if len(members) < 2:
                continue
            spans = [_span(p, layout) if letter == "y" else _x_span(p) for p in members]
            lo = min((a for a, _ in filter(None, spans)), default=math.inf)
            hi = max((b for _, b in filter(None, spans)), default=-math.inf)
            if lo <= hi:
                for p in members:
                    out[p.x if letter == "x" else p.y] = (lo, hi)
    return out


def _x_span(panel: Panel) -> tuple[float, float] | None:
    """The numeric x values a panel's scatter traces reach (None: none, or not numbers)."""
    lo, hi = math.inf, -math.inf
    for trace in panel.traces:
        if trace.get("type", "scatter") not in ("scatter", "scattergl"):
            continue
        raw = trace.get("x")
        if isinstance(raw, list) and raw and isinstance(raw[0], str):
            return None  # dates or categories: each panel keeps its own
        values = numbers(raw, [], "x")
        if values is None:
            continue
        values = values[np.isfinite(values)]
        if len(values):
            lo, hi = min(lo, float(values.min())), max(hi, float(values.max()))
    return (lo, hi) if lo <= hi else None


def _span(panel: Panel, layout: dict[str, Any]) -> tuple[float, float] | None:
    """The y values a panel's scatter or vertical bar traces reach (bars from zero, and
    stacked by label when the bar mode stacks), or None when it has none of them."""
    lo, hi = math.inf, -math.inf
    stacked = layout.get("barmode") in ("stack", "relative")
    up: dict[str, float] = {}
    down: dict[str, float] = {}
    for trace in panel.traces:
        kind = trace.get("type", "scatter")
        bar = kind == "bar" and trace.get("orientation") != "h"
        if kind not in ("scatter", "scattergl") and not bar:
            continue
        values = numbers(trace.get("y"), [], "y")
        if values is None:
            continue
        values = values[np.isfinite(values)]
        if not len(values):
            continue
        if bar and stacked:
            keys = strings(trace.get("x"), [], "x") or [str(j) for j in range(len(values))]
            for key, v in zip(keys, values.tolist(), strict=False):
                side = up if v >= 0 else down
                side[key] = side.get(key, 0.0) + v
            continue
        lo, hi = min(lo, float(values.min())), max(hi, float(values.max()))
        if bar:
            lo, hi = min(lo, 0.0), max(hi, 0.0)
    if up or down:
        lo = min(lo, 0.0, *down.values())
        hi = max(hi, 0.0, *up.values())
    return (lo, hi) if lo <= hi else None


def _sub_figure(
    panel: Panel, layout: dict[str, Any], ranges: dict[str, tuple[float, float]]
) -> dict[str, Any]:
    """A single-plot figure of one panel: its traces on ``x``/``y``, its axes as
    ``xaxis``/``yaxis``, and the shapes and annotations drawn on its axes."""
    traces = []
    own = {k: v for k, v in layout.items() if not re.match(r"^[xy]axis\d*$", k)}
    for t in panel.traces:
        trace = {k: v for k, v in t.items() if k not in ("xaxis", "yaxis")}
        if secondary.is_secondary(t, layout):  # its axis becomes the sub-figure's yaxis2
            own["yaxis2"] = {**_titled(layout, str(t.get("yaxis"))), "overlaying": "y"}
            trace["yaxis"] = "y2"
        traces.append(trace)
    own.pop("title", None)
    own["title"] = {"text": panel.title} if panel.title else None
    if panel.x:
        x_axis = _titled(layout, panel.x)
        if panel.x in ranges and not isinstance(x_axis.get("range"), list):
            x_axis["range"] = list(ranges[panel.x])
        own["xaxis"] = x_axis
        y_axis = _titled(layout, panel.y)
        if panel.y in ranges and not isinstance(y_axis.get("range"), list):
            y_axis["range"] = list(ranges[panel.y])
        own["yaxis"] = y_axis
    for kind in ("shapes", "annotations"):
        items = layout.get(kind)
        own[kind] = [
            moved
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and (moved := _moved(item, panel)) is not None
        ]
    return {"data": traces, "layout": own}


def _titled(layout: dict[str, Any], name: str) -> dict[str, Any]:
    """An axis, named as the axis it ``matches`` is (else as the first named axis of its
    kind) when it has no title: Plotly Express names only the outer axes of a facet grid,
    and every panel drawn on its own needs its name (and the rows of panels side by side
    stay level)."""
    axis = dict(nested(layout, _axis_key(name)))
    if title(axis.get("title")):
        return axis
    target = axis.get("matches")
    candidates = [_axis_key(target)] if isinstance(target, str) and _AXIS.match(target) else []
    candidates += sorted(k for k in layout if re.match(rf"^{name[0]}axis\d*$", k))
    for key in candidates:
        found = title(nested(layout, key).get("title"))
        if found:
            axis["title"] = {"text": found}
            break
    return axis


def _moved(item: dict[str, Any], panel: Panel) -> dict[str, Any] | None:
    """A shape or annotation on this panel's axes, re-referred to ``x``/``y``; None when it
    belongs to another panel (or to the paper: facet titles are drawn as panel titles)."""
    out = dict(item)
    for axis, own in (("x", panel.x), ("y", panel.y)):
        ref = item.get(f"{axis}ref", axis)
        match = _REF.match(ref) if isinstance(ref, str) else None
        if match is None or (match.group(1) + match.group(2)) != (own or axis):
            return None
        out[f"{axis}ref"] = axis + (match.group(3) or "")
    return out
