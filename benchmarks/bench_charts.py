"""Time chart rendering on big files, after their data is loaded and converted.

Run from the repository root::

    .venv/bin/python benchmarks/bench_charts.py [--runs 7]

Uses ``benchmarks/data/`` from ``make_big_files.py`` (generated first if
missing): ``big_dot`` (one 5M-point double-over-time series), ``wide`` (20
series of 500k points), ``fifty`` (50 metrics of mixed types), ``bars`` (5M
bars), ``batches`` (1M batches), ``states`` (5M points) and ``plotly`` (1M-point
scatter, 100k bars, 1000x1000 heatmap). For each
metric it converts the series (timed on its own), then renders at 120x40 and
80x24 several times and reports the median; decimation is part of the
render. Target: under 30 ms per chart at 120x40, whatever the length. "cold" is a
first draw after the conversion: what the renderer learns about an array (e.g. that
it is sorted) and what it makes of a figure's values (arrays from lists, labels) are
forgotten before each run. A Plotly figure's conversion (its Struct to dicts, its
typed arrays to numpy) is timed in the convert column, as a series' decoding is, and
its points there are the values of its typed arrays. "warm" is a redraw, as on a
resize; "same" is an unchanged redraw through
the viewer's cache (tui/charts/cache.py), target under 5 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.charts import decimate, plotly, render  # noqa: E402
from tui.charts.cache import RenderCache  # noqa: E402
from tui.charts.plotly import fields, memo  # noqa: E402
from tui.formats import load  # noqa: E402
from tui.model import Metric  # noqa: E402
from tui.model.figure import FigureError  # noqa: E402
from tui.model.values import PlotlyValues  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
FILES = ("big_dot", "wide", "fifty", "bars", "batches", "states", "plotly")
# (width, height, kind): cold = first draw in colour; warm = a redraw in colour; none = no colour.
COLUMNS = (
    (120, 40, "cold"),
    (120, 40, "warm"),
    (120, 40, "none"),
    (80, 24, "cold"),
    (80, 24, "warm"),
    (120, 40, "same"),
)
TARGET_MS = 30.0
# Draw times by the wall clock, or (--cpu) by this process's CPU time: on a shared
# machine the wall clock also counts the time other processes hold the cores.
CLOCK = time.perf_counter
SAME_TARGET_MS = 5.0


def ensure(name: str) -> Path:
    path = DATA / name / "metrics.binproto"
    if not path.is_file():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import make_big_files

        makers = {
            "big_dot": make_big_files.make_big_dot,
            "wide": make_big_files.make_wide,
            "fifty": make_big_files.make_fifty,
            "bars": make_big_files.make_bars,
            "batches": make_big_files.make_batches,
            "states": make_big_files.make_states,
            "plotly": make_big_files.make_plotly,
        }
        make_big_files.generate(name, makers[name])
    return path


def convert(metric: Metric) -> tuple[int, float]:
    """Convert every series the metric draws, or a Plotly figure (its Struct to dicts,
    every typed array to numpy); returns (points, seconds)."""
    start = time.perf_counter()
    points = 0
    if isinstance(metric.values, PlotlyValues):
        figure = plotly.converted(metric.values)
        if not isinstance(figure, FigureError):
            points = fields.prepare(figure)
    for ref in metric.refs():
        data = ref.data
        if data is None:
            continue
        for category in data.categories or [None]:
            points += len(data.column(category))
            data.index_column(category)
    return points, time.perf_counter() - start


def median_ms(metric: Metric, width: int, height: int, color: str, runs: int, cold: bool) -> float:
    """Median render time; ``cold`` forgets what earlier renders learnt about the arrays
    (sorted? finite range?) and made of a figure's values (arrays from lists, labels), as
    for the first draw of a metric after its conversion, else as for a redraw."""
    times = []
    for _ in range(runs):
        if cold:
            decimate._FACTS.clear()
            memo.forget_drawn()
        start = CLOCK()
        render(metric, width, height, color=color)  # type: ignore[arg-type]
        times.append((CLOCK() - start) * 1000)
    return statistics.median(times)


def same_ms(metric: Metric, width: int, height: int, runs: int) -> float:
    """Median of an unchanged redraw, as the viewer does it (the first draw not counted)."""
    cache = RenderCache()
    cache.render(metric, width, height, color="truecolor")
    times = []
    for _ in range(runs):
        start = CLOCK()
        cache.render(metric, width, height, color="truecolor")
        times.append((CLOCK() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cpu", action="store_true", help="time draws in CPU time")
    parser.add_argument("files", nargs="*", default=list(FILES))
    args = parser.parse_args()
    global CLOCK
    if args.cpu:
        CLOCK = time.process_time
    worst = worst_same = 0.0
    for name in args.files:
        path = ensure(name)
        start = time.perf_counter()
        doc = load(path)
        loaded = time.perf_counter() - start
        print(f"\n{name}: {path.stat().st_size / 1e6:.1f} MB, loaded in {loaded:.2f} s")
        print(
            f"  {'metric':<34} {'type':<17} {'points':>10} {'convert':>9}"
            + "".join(f" {w}x{h}{c:>5}" for w, h, c in COLUMNS)
        )
        for metric in doc.metrics:
            points, seconds = convert(metric)
            cells = []
            for width, height, kind in COLUMNS:
                color = "none" if kind == "none" else "truecolor"
                if kind == "same":
                    ms = same_ms(metric, width, height, args.runs)
                    worst_same = max(worst_same, ms)
                else:
                    ms = median_ms(metric, width, height, color, args.runs, cold=kind == "cold")
                    if (width, height) == (120, 40):
                        worst = max(worst, ms)
                cells.append(f"{ms:11.1f}")
            print(
                f"  {metric.name[:34]:<34} {metric.type.label[:17]:<17} {points:>10,} "
                f"{seconds * 1000:7.0f}ms" + "".join(cells)
            )
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    clock = "CPU time" if args.cpu else "wall clock"
    print(f"\nslowest chart at 120x40: {worst:.1f} ms (median of {args.runs} runs, {clock})")
    print(f"target {TARGET_MS:.0f} ms: {verdict}")
    same = "OK" if worst_same < SAME_TARGET_MS else "OVER TARGET"
    print(f"slowest unchanged redraw: {worst_same:.2f} ms; target {SAME_TARGET_MS:.0f} ms: {same}")
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
