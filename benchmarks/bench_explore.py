"""Time exploring a 5M-point chart and its table: zoomed redraws, the cursor, searches.

Run from the repository root::

    .venv/bin/python benchmarks/bench_explore.py [--runs 7]

Uses ``benchmarks/data/big_dot`` (one 5M-point double over time, from
``make_big_files.py``; made first if missing). Reports the median of several runs:

- the chart at 120x40 drawn whole and zoomed in to 1/10, 1/1000 and 1/100000 of
  its x range: "first" forgets what earlier draws learnt about the arrays (that
  x is sorted, where the failures are); "new window" is what a zoom or pan key
  costs (a window not drawn before); "again" the same window redrawn, as on a
  resize. Target: 30 ms;
- the cursor: drawing it over a finished chart plus its readout (what ←/→ cost);
- table searches over the 5M rows (tui.model.table_search: the mask, then the
  step to the next match). Target: 200 ms for a value search. They run in a
  worker thread in the viewer, so the UI is never blocked whatever they cost.

The official SDK has no chart, cursor or row search to compare with; the
SDK's own reading of the file is timed by bench_load.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_charts import ensure  # noqa: E402

from tui.charts import cursor, decimate, render  # noqa: E402
from tui.formats import load  # noqa: E402
from tui.model import table_search  # noqa: E402
from tui.model.tables import metric_tables  # noqa: E402

ZOOMS = (1, 10, 1000, 100_000)
QUERIES = ("> 18.5", "14.0", "t >= 4000", "FAIL_WARN", "fail")


def median_ms(runs: int, job, *, cold=None) -> float:
    times = []
    for _ in range(runs):
        if cold is not None:
            cold()
        start = time.perf_counter()
        job()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    doc = load(ensure("big_dot"))
    metric = next(m for m in doc.metrics if "5M" in m.name)
    for ref in metric.refs():  # convert first: the viewer does it before the card shows
        if ref.data is not None:
            ref.data.column(None)
            if ref.data.index is not None:
                ref.data.index.column(None)
    whole = render(metric, 120, 40, color="truecolor")
    assert whole.view is not None
    lo, hi = whole.view.full
    print(f"chart at 120x40 ({metric.name}), median of {args.runs} runs")
    for zoom in ZOOMS:
        width = (hi - lo) / zoom
        middle = lo + (hi - lo) * 0.37
        window = None if zoom == 1 else (middle - width / 2, middle + width / 2)

        def draw(window=window) -> None:
            render(metric, 120, 40, color="truecolor", window=window)

        cold = median_ms(args.runs, draw, cold=decimate._FACTS.clear)
        warm = median_ms(args.runs, draw)
        shifts = iter(range(1, 10 * args.runs))

        def step(zoom=zoom, window=window, width=width, shifts=shifts) -> None:
            # a zoom or pan key: a window not drawn before
            if zoom == 1:
                return draw()
            shift = next(shifts) * width / 97
            render(
                metric, 120, 40, color="truecolor", window=(window[0] + shift, window[1] + shift)
            )

        new = median_ms(args.runs, step)
        chart = render(metric, 120, 40, color="truecolor", window=window)
        samples = chart.view.lines[0] if chart.view else None
        count = "" if samples is None else f"  ({_in_window(samples.x, chart.view):,} samples)"
        print(
            f"  zoom 1/{zoom:<7} first {cold:6.1f} ms  new window {new:6.1f} ms"
            f"  again {warm:6.1f} ms{count}"
        )
    view = whole.view
    x = cursor.x_at(view, view.cols // 3)

    def move() -> None:
        cursor.overlay(whole.body, view, cursor.col_of(view, x), "#888888")
        cursor.readout(view, x)

    print(f"  cursor + readout       {median_ms(args.runs, move):7.2f} ms")
    columns = [c for t in metric_tables(metric) for _, c in t.columns]
    columns += [t.status for t in metric_tables(metric) if t.status is not None]
    rows = max(len(c) for c in columns)
    print(f"table search over {rows:,} rows, median of {args.runs} runs")
    for text in QUERIES:
        query = table_search.parse(text)
        assert query is not None
        found: list[int | None] = []

        def search(query=query, found=found) -> None:
            mask = table_search.matches(columns, query)
            found.append(table_search.step(mask, -1, 1))

        ms = median_ms(args.runs, search)
        print(f"  {text!r:<14} {ms:7.1f} ms  first match: row {found[-1]}")


def _in_window(x, view) -> int:
    raw0, raw1 = view.axis.raw_range(view.x0, view.x1)
    return int(((x >= raw0) & (x <= raw1)).sum())


if __name__ == "__main__":
    main()
