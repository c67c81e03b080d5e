"""States over time: a band per series, one fill and colour per state.

The legend is fixed by ``states_set`` (sorted, since the SDK writes it from a
Python set whose order varies), so unseen states are listed too and a state
keeps its look across runs; failure states are marked in it and drawn in the
failure colour. A column that covers several samples shows a failure state
if any of them is one, so short failures are never lost to decimation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np
from rich.cells import cell_len

from tui.charts import series as s
from tui.charts import xy
from tui.charts._text import label
from tui.charts.contrast import mix
from tui.charts.decimate import fact, is_sorted
from tui.charts.frame import Frame, LegendItem
from tui.charts.grid import Grid
from tui.charts.types import Chart, ColorMode, Palette, SeriesSummary
from tui.charts.view import Range, XView
from tui.model.metric import Metric
from tui.model.values import StatesOverTimeValues

# Textures for states told apart without colour. They stay distinct in ``show --ascii``
# (tui.ascii turns the shades into #, %, : and ., which no later fill uses).
FILLS = ("█", "▓", "▒", "░", "=", "+", "~", "o", "/", "\\", "*", "x")


def render(
    metric: Metric,
    values: StatesOverTimeValues,
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    category: str | None,
    window: Range | None = None,
) -> Chart:
    cats, category = s.pick_category(values.states, category)
    notes: list[str] = []
    # name, int64 ns, codes into the band's own names, those names
    bands: list[tuple[str, np.ndarray, np.ndarray, list[str]]] = []
    faded: list[bool] = []  # a compare overlay: the band is side A's, drawn faded
    summary: list[SeriesSummary] = []
    for i, ref in enumerate(values.states):
        name = s.name_of(values.legend, i, ref)
        col = s.column(ref, category, "string")
        times = s.index(ref, category)
        if col is None or times is None or times.kind != "timestamp":
            notes.append(f"{name}: data missing or not strings indexed by timestamps")
            continue
        n = min(len(col), len(times))
        # The reader's codes when it found them (numpy), else one pass of our own.
        codes, names = (
            (col.codes, list(col.labels)) if col.codes is not None else encoded(col.values)
        )
        if col.runs is not None:
            _know_spans(codes, col.runs)
        t, v = times.values[:n], codes[:n]
        last = names[int(v[-1])] if n else None
        if n > 1 and not is_sorted(t):
            order = np.argsort(t, kind="stable")
            t, v = t[order], v[order]
        status = s.statuses(s.nth(values.statuses, i), category)
        bands.append((name, t, v, names))
        faded.append(i < len(palette.baseline) and palette.baseline[i])
        failing = (
            0
            if status is None
            else fact(status, f"failing:{n}", partial(s.failing_count, paired=n))
        )
        summary.append(
            SeriesSummary(
                name, n, last=label(last, 30) if last is not None else None, failing=failing
            )
        )
        if note := s.pairing_note(name, n, status, "states"):
            notes.append(note)
    states = sorted(set(values.states_set))
    seen = sorted({x for *_, names in bands for x in names} - set(states))
    if seen:
        notes.append(f"state(s) not in states_set: {', '.join(label(x, 20) for x in seen[:5])}")
    states += seen
    failing_states = set(values.failure_states)
    if not any(len(t) for _, t, *_ in bands):  # no series, or only empty ones
        return Chart.message(
            "no data", width, summary=summary, notes=notes, categories=cats, category=category
        )
    look = values.look
    given = dict(zip(values.states_set, look.colors, strict=False)) if look is not None else {}
    grid, view = _draw(
        bands, states, failing_states, width, height, color, palette, faded, window, given
    )
    return Chart(grid.to_text(), summary, notes, cats, category, view)


def _draw(
    bands: list[tuple[str, np.ndarray, np.ndarray, list[str]]],
    states: list[str],
    failing: set[str],
    width: int,
    height: int,
    color: ColorMode,
    palette: Palette,
    faded: list[bool],
    window: Range | None = None,
    given: dict[str, str | None] | None = None,
) -> tuple[Grid, XView]:
    grid = Grid(width, height, color)
    axis = grid.style(palette.axis)
    looks = [
        (fill, grid.style(colour))
        for fill, colour in state_looks(states, failing, color, palette, given)
    ]
    # Side A's bands: the same fills in faded colours (or dim, where colours cannot mix).
    looks_a = [
        (fill, grid.style(colour if palette.faded else f"dim {colour}"))
        for fill, colour in state_looks(states, failing, color, palette.faded or palette)
    ]
    legend = [
        LegendItem(fill, label(st, 30) + (" ✗ fails" if st in failing else ""), style)
        for st, (fill, style) in zip(states, looks, strict=True)
    ]
    start = min(int(t[0]) for _, t, *_ in bands if len(t))
    end = max(int(t[-1]) for _, t, *_ in bands if len(t))
    axis_x = xy.XAxis.of_time(start)
    x0, x1 = (start - axis_x.origin_ns) / 1e9, (max(end, start + 1) - axis_x.origin_ns) / 1e9
    full = (x0, x1)
    if window is not None and window[1] > window[0]:  # a zoom: columns over the window only
        x0, x1 = window
        start = axis_x.origin_ns + math.floor(x0 * 1e9)
        end = max(axis_x.origin_ns + math.ceil(x1 * 1e9), start + 1)
    names = [name for name, *_ in bands]

    def placed(rows: int) -> Frame:
        frame = Frame(width, rows, "", "", xy.x_title(axis_x, "", x0, x1), legend, axis)
        frame.place(lambda _: min(max(cell_len(n) for n in names), max(width // 4, 3)))
        return frame

    frame = placed(height)
    rows_each = max(1, min(3, (frame.plot_h + 1) // len(bands) - 1))
    # Bands are at most 3 rows: the chart is as tall as they need, not as the space
    # given (one band in 40 rows would leave 30 blank ones under it).
    spare = frame.plot_h - (len(bands) * (rows_each + 1) - 1)
    if spare > 0:
        frame = placed(height - spare)
        grid.keep_rows(height - spare)
    span = max(end - start, 1)
    cols = frame.plot_w
    edges = start + (np.arange(cols + 1) * (span / cols)).astype(np.int64)
    code_of = {st: j for j, st in enumerate(states)}
    fail_codes = np.array([st in failing for st in states], dtype=bool)
    y_labels = []
    lines = []
    for b, (name, t, v, own) in enumerate(bands):
        band_looks = looks_a if faded[b] else looks
        top = b * (rows_each + 1)
        if top >= frame.plot_h or not len(t):
            continue
        to_state = np.array([code_of[x] for x in own], dtype=np.int64)
        band = spans(t, v)
        lines.append(_band_line(name, t, v, own, band, fail_codes[to_state]))
        shown = column_states(band, edges, fail_codes[to_state])
        y_labels.append((top + rows_each // 2, name))
        # A fill per stretch of columns showing one state, not per column.
        state = to_state[shown]
        cuts = np.flatnonzero(np.diff(state)) + 1
        firsts = np.concatenate(([0], cuts)).tolist()
        for c0, c1 in zip(firsts, [*firsts[1:], cols], strict=True):
            fill, style = band_looks[int(state[c0])]
            grid.fill(
                frame.plot_x + c0,
                frame.plot_y + top,
                frame.plot_x + c1,
                frame.plot_y + top + rows_each,
                fill,
                style,
            )
    ticks = xy.x_ticks(axis_x, x0, x1, cols)
    frame.draw(grid, y_labels, ticks)
    # Column c covers [edge c, edge c + 1): the cursor reads x at the middle of it.
    half = (x1 - x0) / cols / 2
    rows = min(frame.plot_h, len(bands) * (rows_each + 1) - 1)
    view = XView(
        frame.plot_x, frame.plot_y, cols, rows, x0 + half, x1 - half, full, axis_x, tuple(lines)
    )
    return grid, view


@dataclass(frozen=True, slots=True)
class Spans:
    """A band's samples as spans of one state: where each starts (sample index), its
    code, and the times of its first and last sample. A chart works on these, so a
    draw costs the spans in view, not the samples."""

    starts: np.ndarray
    codes: np.ndarray
    first: np.ndarray  # int64 ns
    last: np.ndarray  # int64 ns


def _know_spans(codes: np.ndarray, runs: np.ndarray) -> None:
    """Remember the reader's runs as the spans of ``codes`` (no pass of our own)."""
    fact(codes, "spans", lambda _: runs.astype(np.int64, copy=False))


def spans(t: np.ndarray, v: np.ndarray) -> Spans:
    """The spans of codes ``v`` at sorted times ``t`` (found once per pair of arrays)."""

    def compute(codes: np.ndarray) -> np.ndarray:
        return np.concatenate(([0], np.flatnonzero(np.diff(codes)) + 1)).astype(np.int64)

    starts = fact(v, "spans", compute) if len(v) else np.zeros(0, np.int64)
    ends = np.append(starts[1:], len(v)) - 1
    return Spans(starts, v[starts], t[starts], t[ends])


def column_states(band: Spans, edges: np.ndarray, fails: np.ndarray) -> np.ndarray:
    """The code each column shows: the state at its left edge, unless a sample of a
    failure state lies in [edge, next edge): then that one, so a short failure is never
    lost to decimation. ``fails[code]`` says which codes are failure states; only the
    spans reach each column (binary searches), never the samples."""
    cols = len(edges) - 1
    at = np.clip(np.searchsorted(band.first, edges[:-1], "right") - 1, 0, len(band.codes) - 1)
    shown: np.ndarray = band.codes[at]
    bad = np.flatnonzero(fails[band.codes])
    if len(bad):
        # The first failing span whose last sample is at or after the column's left edge
        # holds the column's first failing sample, if that span starts before the right edge.
        k = np.searchsorted(band.last[bad], edges[:-1], "left")
        pick = bad[np.minimum(k, len(bad) - 1)]
        hit = (k < len(bad)) & (band.first[pick] < edges[1:])
        shown = np.where(hit, band.codes[pick], shown)
    return shown[:cols]


def _band_line(
    name: str, t: np.ndarray, v: np.ndarray, own: list[str], band: Spans, fails: np.ndarray
) -> xy.Line:
    """A band as a series for the cursor: codes into its own state names, and the first
    sample of each run of failure-state spans as its failing points (FAIL_BLOCK), so
    that n/N go from one failure to the next."""
    bad = fails[band.codes]
    opens = bad & ~np.concatenate(([False], bad[:-1]))
    failing = {xy.FAIL_WARN: np.zeros(0, np.int64), xy.FAIL_BLOCK: band.starts[opens]}
    return xy.Line(name, t, v, _failing=failing, labels=own)


def state_looks(
    states: list[str],
    failing: set[str],
    color: ColorMode,
    palette: Palette,
    given: dict[str, str | None] | None = None,
) -> list[tuple[str, str]]:
    """(fill, colour) of each state, each pair different from every other.

    Normal states take the series colours, solid while there are enough colours to
    tell them apart. Failure states all take the failure colour (a red band reads as
    failing at a glance), on a tint of it when the background is known, so each has
    its own texture, never the solid fill; and without colour every state has its own
    texture. A colour ``given`` for a state (a Metrics 2.0 ``series[].color``) replaces
    the one it would take; the fill stays."""
    normal = [st for st in states if st not in failing]
    solid = color != "none" and len(normal) <= len(palette.series)
    textures = iter(FILLS[1:] if solid else FILLS)
    # On a tint of the failure colour, so that a light texture (░) reads as a red band,
    # not as a gap in the data (seen on the dark theme). Not with 16 colours: there the
    # tint and the colour could both become red, and the textures vanish.
    tinted = palette.background is not None and color in ("truecolor", "256")
    tint = mix(palette.fail, palette.background, 0.55) if palette.background else None
    failure = f"{palette.fail} on {tint}" if tinted and tint else palette.fail
    looks = []
    n = 0
    for state in states:
        if state in failing:
            looks.append((next(textures, "?"), failure))
        else:
            looks.append(("█" if solid else next(textures, "?"), palette.color(n)))
            n += 1
    if len(states) > len(FILLS):  # past the textures, the pair (fill, colour) still differs
        looks = [
            (FILLS[j % len(FILLS)] if fill == "?" else fill, colour)
            for j, (fill, colour) in enumerate(looks)
        ]
    if given:
        looks = [
            (fill, given.get(state) or colour)
            for state, (fill, colour) in zip(states, looks, strict=True)
        ]
    return looks


def encoded(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """(codes, names) with ``names[codes[i]] == str(values[i])``: one pass over a state
    column, remembered while it lives, so that a draw works on small integers."""

    def compute(a: np.ndarray) -> tuple[np.ndarray, list[str]]:
        table: dict[str, int] = {}
        codes = np.fromiter(
            (table.setdefault(str(x), len(table)) for x in a.tolist()), np.int64, len(a)
        )
        return codes, list(table)

    return fact(values, "state-codes", compute)
