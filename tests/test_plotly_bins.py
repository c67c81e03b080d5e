"""Histogram bins against plotly.js's own (issue 11).

Plotly's bins are computed in the browser, by plotly.js, not by the Python
package: so the cases below are drawn by plotly.js (the copy plotly ships,
``plotly/package_data/plotly.min.js``) in headless Chromium, and each trace's
bin centres and counts are compared with ours. The answers are kept in
``tests/golden/plotly_bins.json`` so that the fast test needs no browser;
the slow one asks plotly.js again (``UPDATE_GOLDENS=1`` rewrites the file).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tui.charts.plotly import draw_figure
from tui.charts.plotly import histograms as hg
from tui.charts.types import Palette

GOLDEN = Path(__file__).parent / "golden" / "plotly_bins.json"


def _cases() -> list[dict[str, Any]]:
    rng = np.random.default_rng(11)
    normal = [round(float(v), 6) for v in rng.normal(3.0, 1.7, 400)]
    few = [round(float(v), 3) for v in rng.normal(-20, 4, 7)]
    ints = [int(v) for v in rng.integers(0, 40, 200)]
    edges = [round(0.1 * int(v), 1) for v in rng.integers(0, 60, 120)]  # on 0.1 steps
    wide = [round(float(v), 2) for v in rng.exponential(900.0, 300)]
    one = lambda x, **k: {"traces": [{"x": x, **k}]}  # noqa: E731
    cases = [
        one(normal),
        one(few),
        one(ints),
        one(edges),
        one(wide),
        one([4.0]),
        one([7, 7, 7]),
        one([0.25, 0.25, 0.75]),
        one([1e-6, 2.5e-6, 3e-6, 9e-6]),
        one([-3.2, -1.1, 0.0, 0.4]),
    ]
    for nbins in (1, 3, 7, 20, 100):
        cases.append(one(normal, nbinsx=nbins))
        cases.append(one(ints, nbinsx=nbins))
    cases += [
        one(normal, xbins={"size": 0.25}),
        one(normal, xbins={"start": -2, "size": 1.5}),
        one(normal, xbins={"start": 0, "end": 5, "size": 0.5}),
        one(normal, xbins={"end": 4}),
        one(ints, xbins={"size": 3}),
        one(edges, histnorm="percent"),
        one(normal, histnorm="probability density"),
        one(edges, cumulative={"enabled": True}),
        one(normal, cumulative={"enabled": True, "direction": "decreasing"}, histnorm="percent"),
    ]
    for current in ("exclude", "half"):
        for way in ("increasing", "decreasing"):
            spec = {"enabled": True, "currentbin": current, "direction": way}
            cases.append(one(ints, cumulative=spec))
            cases.append(one(normal, cumulative=spec, histnorm="probability"))
        cases.append(one(edges, nbinsx=7, cumulative={"enabled": True, "currentbin": current}))
    for mode in ("group", "overlay", "stack"):
        cases.append({"traces": [{"x": normal}, {"x": few}], "barmode": mode})
        cases.append({"traces": [{"x": ints}, {"x": edges}], "barmode": mode})
    cases.append({"traces": [{"x": normal, "xbins": {"size": 2}}, {"x": few}]})
    cases.append({"traces": [{"x": normal}, {"x": few, "xbins": {"start": -30}}]})
    cases.append({"traces": [{"y": normal}]})  # horizontal
    return cases + _date_cases(rng) + _category_cases(rng) + _func_cases(rng)


def _iso(ms: float) -> str:
    """An ISO date string of ``ms`` since 1970, with microseconds as pandas writes them."""
    when = np.datetime64(int(ms * 1000), "us")
    return str(when).replace("T", " ") if ms % 1000 else str(when.astype("datetime64[s]"))


def _date_cases(rng: np.random.Generator) -> list[dict[str, Any]]:
    """Date axes: every tick size plotly.js picks (ms, s, min, h, days on Sundays,
    months, years), whole days and months (shifted), and sizes and bounds given."""
    t0 = 1_735_689_600_000.0  # 2025-01-01
    one = lambda x, **k: {"traces": [{"x": x, **k}]}  # noqa: E731
    spread = lambda scale, n=200: [_iso(t0 + v) for v in rng.exponential(scale, n)]  # noqa: E731
    days = [_iso(t0 + 86_400_000 * int(v)) for v in rng.integers(0, 60, 150)]
    months = [f"2024-{int(m):02d}-01" for m in rng.integers(1, 13, 80)]
    years = [f"{int(y)}-01-01" for y in rng.integers(1990, 2030, 90)]
    cases = [
        one(spread(40.0)),  # milliseconds
        one(spread(20_000.0)),  # seconds
        one(spread(900_000.0)),  # minutes
        one(spread(40_000_000.0)),  # hours
        one(spread(9e8)),  # days
        one(spread(9e9)),  # weeks and months
        one(spread(2e11)),  # years
        one(days),
        one(months),
        one(years),
        one(["2025-01-01T01:52:56.278802000", "2025-01-01T01:52:57.5", "2025-01-01T01:53:04"]),
        one(["2025-03-04"]),
        one(["2025-03-04 10:00", "2025-03-04 10:00"]),
        one(days, nbinsx=5),
        one(days, xbins={"size": "M1"}),
        one(days, xbins={"size": 86_400_000 * 3}),
        one(days, xbins={"start": "2025-01-10", "end": "2025-02-10"}),
        one(["2025-01-01T00:00:00+05:00", "2025-01-01T12:00:00Z", "25-02-03", "2025-2-3 4:05"]),
        {"traces": [{"x": days}, {"x": spread(9e8)}], "barmode": "overlay"},
        {"traces": [{"x": days}, {"x": months}]},
    ]
    return cases


def _category_cases(rng: np.random.Generator) -> list[dict[str, Any]]:
    """Category axes: a bin per category in the order met (or sorted), sizes given."""
    names = ["lane keep", "merge", "stop", "yield", "unprotected left"]
    pick = [names[int(k)] for k in rng.integers(0, 5, 120)]
    other = [names[int(k)] for k in rng.integers(1, 4, 40)] + ["cut in"]
    one = lambda x, **k: {"traces": [{"x": x, **k}]}  # noqa: E731
    return [
        one(pick),
        one(["b", "a", "b", "c", "b"]),
        one(pick, xbins={"size": 2}),
        {"traces": [{"x": pick}, {"x": other}], "barmode": "stack"},
        {"traces": [{"x": pick}], "layout": {"xaxis": {"categoryorder": "category ascending"}}},
        {"traces": [{"x": pick}], "layout": {"xaxis": {"categoryorder": "category descending"}}},
        {"traces": [{"x": [1, 2, 2, 3]}], "layout": {"xaxis": {"type": "category"}}},
        one([True, False, "x", "x", "y", "z"]),
        {"traces": [{"x": pick}], "layout": {"xaxis": {"categoryorder": "total ascending"}}},
        {"traces": [{"x": pick}], "layout": {"xaxis": {"categoryorder": "total descending"}}},
        {  # ties keep the order met; the totals are over both traces
            "traces": [{"x": ["b", "a", "c", "a", "d"]}, {"x": ["c", "d", "e", "e"]}],
            "barmode": "stack",
            "layout": {"xaxis": {"categoryorder": "total descending"}},
        },
        {
            "traces": [{"x": ["a", "b", "b", "c"], "y": [9, 1, 2, 4], "histfunc": "sum"}],
            "layout": {"xaxis": {"categoryorder": "total ascending"}},
        },
    ]


def _func_cases(rng: np.random.Generator) -> list[dict[str, Any]]:
    """histfunc on numbers, dates and categories, alone and with histnorm."""
    x = [round(float(v), 3) for v in rng.normal(10, 3, 150)]
    y = [round(float(v), 2) for v in rng.normal(5, 2, 150)]
    cats = [["a", "b", "c", "d"][int(k)] for k in rng.integers(0, 4, 150)]
    days = [_iso(1_735_689_600_000.0 + 86_400_000 * int(v)) for v in rng.integers(0, 30, 150)]
    cases = []
    for func in ("sum", "avg", "min", "max", "count"):
        cases.append({"traces": [{"x": x, "y": y, "histfunc": func}]})
    cases += [
        {"traces": [{"x": cats, "y": y, "histfunc": "sum"}]},
        {"traces": [{"x": cats, "y": y, "histfunc": "avg"}]},
        {"traces": [{"x": days, "y": y, "histfunc": "max"}]},
        {"traces": [{"x": x, "y": y, "histfunc": "sum", "histnorm": "percent"}]},
        {"traces": [{"x": x, "y": y, "histfunc": "avg", "histnorm": "probability"}]},
        {"traces": [{"x": x, "y": y, "histfunc": "sum", "histnorm": "density"}]},
        {"traces": [{"y": x, "x": y, "histfunc": "sum", "orientation": "h"}]},
        {"traces": [{"x": cats, "y": [v - 5 for v in y], "histfunc": "sum"}]},
    ]
    return cases


PAGE = """<html><body><div id="g"></div><pre id="out">pending</pre>
<script src="PLOTLY"></script><script>
const cases = CASES; const out = [];
(async () => {
  for (const c of cases) {
    const gd = document.getElementById("g");
    const data = c.traces.map(t => Object.assign({type: "histogram"}, t));
    const layout = Object.assign({barmode: c.barmode || "group"}, c.layout || {});
    await Plotly.newPlot(gd, data, layout);
    const axis = gd._fullLayout[data[0].orientation === "h" || !data[0].x ? "yaxis" : "xaxis"];
    out.push(gd.calcdata.map(cd => ({
      centres: cd.map(b => b.p), counts: cd.map(b => b.s),
      axis: axis.type, categories: axis.type === "category" ? axis._categories : [],
    })));
    Plotly.purge(gd);
  }
  document.getElementById("out").textContent = JSON.stringify(out);
})();
</script></body></html>"""


def _plotly_js(tmp: Path) -> list[list[dict[str, list[float]]]]:
    import plotly

    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    page = tmp / "bins.html"
    text = PAGE.replace("PLOTLY", bundle.as_uri()).replace("CASES", json.dumps(_cases()))
    page.write_text(text, encoding="utf-8")
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser is not None
    run = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--allow-file-access-from-files",
            "--virtual-time-budget=20000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    start = run.stdout.index('<pre id="out">') + len('<pre id="out">')
    found: list[list[dict[str, list[float]]]] = json.loads(
        run.stdout[start : run.stdout.index("</pre>")]
    )
    return found


def _ours(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Our bins of a case as plotly.js reports them: per trace, from its first bin that
    holds a value to its last, the bins with a value (Plotly's calcdata)."""
    traces = [(k, {"type": "histogram", **t}) for k, t in enumerate(case["traces"])]
    layout = {"barmode": case.get("barmode", "group"), **case.get("layout", {})}
    out = []
    for k in range(len(traces)):
        binned = hg.bin_traces(traces, layout, [], only=k)
        assert binned is not None
        edges, (values,) = binned.heights()
        centres = (edges[:-1] + edges[1:]) / 2
        held = np.flatnonzero(np.isfinite(values) & (values != 0))
        a, b = (int(held[0]), int(held[-1])) if len(held) else (0, len(values) - 1)
        shown = [k for k in range(a, b + 1) if np.isfinite(values[k])]
        out.append(
            {
                "centres": centres[shown].tolist(),
                "counts": values[shown].tolist(),
                "axis": binned.axis.kind,
                "categories": binned.axis.names() if binned.axis.kind == "category" else [],
            }
        )
    return out


def _same(
    ours: list[dict[str, list[float]]], theirs: list[dict[str, list[float]]], case: object
) -> None:
    assert len(ours) == len(theirs)
    for mine, plotly_js in zip(ours, theirs, strict=True):
        if "axis" in plotly_js:
            assert mine["axis"] == plotly_js["axis"], case
            shown = [str(c).lower() if isinstance(c, bool) else c for c in plotly_js["categories"]]
            assert mine["categories"] == shown, case  # plotly.js shows true as "true"
        assert len(mine["centres"]) == len(plotly_js["centres"]), (case, mine, plotly_js)
        assert np.allclose(mine["centres"], plotly_js["centres"], rtol=1e-9, atol=1e-12), case
        assert np.allclose(mine["counts"], plotly_js["counts"], rtol=1e-12), (case, mine, plotly_js)


def test_bins_match_the_recorded_plotly_js_bins() -> None:
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    cases = _cases()
    assert len(recorded) == len(cases), "cases changed: run the slow test with UPDATE_GOLDENS=1"
    for case, theirs in zip(cases, recorded, strict=True):
        _same(_ours(case), theirs, case)


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")), reason="no chromium"
)
def test_bins_match_plotly_js_in_a_browser(tmp_path: Path) -> None:
    theirs = _plotly_js(tmp_path)
    if os.environ.get("UPDATE_GOLDENS"):
        GOLDEN.write_text(json.dumps(theirs) + "\n", encoding="utf-8")
    for case, answer in zip(_cases(), theirs, strict=True):
        _same(_ours(case), answer, case)


def test_the_chart_draws_those_bins_with_their_counts() -> None:
    """The drawn buckets are plotly.js's: labels from its edges, counts beside them."""
    case = _cases()[2]  # integers: bins centred on them, 5 wide
    theirs = json.loads(GOLDEN.read_text(encoding="utf-8"))[2][0]
    figure = {"data": [{"type": "histogram", "x": case["traces"][0]["x"]}], "layout": {}}
    chart = draw_figure(figure, 120, 30, "none", Palette())
    text = chart.body.plain
    assert not chart.notes
    size = theirs["centres"][1] - theirs["centres"][0]
    first = theirs["centres"][0] - size / 2
    assert f"{first:g}–{first + size:g}" in text, text
    assert "count" in text and "bins [lower, upper)" in text


def _drawn(figure: Any, width: int = 100, height: int = 24) -> tuple[str, list[str]]:
    chart = draw_figure(json.loads(figure.to_json()), width, height, "none", Palette())
    return chart.body.plain, chart.notes


def test_a_date_histogram_draws_plotly_js_bins_labelled_by_date() -> None:
    """Plotly Express on a datetime column: pandas writes ISO strings; the bars are
    plotly.js's bins (the recorded whole-days case), each named by its start date."""
    import plotly.graph_objects as go

    index = (
        len(_cases())
        - len(_category_cases(np.random.default_rng(0)))
        - len(_func_cases(np.random.default_rng(0)))
    )
    index -= len(_date_cases(np.random.default_rng(0))) - 7  # the whole-days case
    case = _cases()[index]
    theirs = json.loads(GOLDEN.read_text(encoding="utf-8"))[index][0]
    assert theirs["axis"] == "date"
    figure = go.Figure(go.Histogram(x=case["traces"][0]["x"]))
    text, notes = _drawn(figure, 120, 40)
    assert not notes, notes
    assert "bins of 7 days from each date" in text  # weeks, from Sundays as plotly.js
    week = 7 * 86_400_000
    for centre in theirs["centres"]:
        start = np.datetime64(int(centre - week / 2), "ms").astype("datetime64[D]")
        assert str(start) in text, (start, text)


def test_a_category_histogram_has_a_bar_per_category_in_plotly_order() -> None:
    import pandas as pd
    import plotly.express as px

    frame = pd.DataFrame({"scenario": ["stop", "merge", "stop", "yield", "stop", "merge"]})
    text, notes = _drawn(px.histogram(frame, x="scenario"))
    assert not notes, notes
    row = next(line for line in text.splitlines() if "stop" in line and "merge" in line)
    assert row.index("stop") < row.index("merge") < row.index("yield")  # as first met
    assert "bins [lower" not in text and "scenario" in text
    top = text.splitlines()[2].strip()  # the first row under the frame's top
    assert top.split("┤")[0] in ("3", "3.0"), text  # three stops: the count axis reaches 3


@pytest.mark.parametrize(
    ("func", "expected"), [("sum", 14.0), ("avg", 7.0), ("min", 4.0), ("max", 10.0)]
)
def test_histfunc_is_applied_and_the_value_axis_says_so(func: str, expected: float) -> None:
    import pandas as pd
    import plotly.express as px

    frame = pd.DataFrame({"scenario": ["stop", "stop", "go"], "speed": [4.0, 10.0, 1.0]})
    figure = px.histogram(frame, x="scenario", y="speed", histfunc=func)
    binned = hg.bin_traces(
        [(0, t) for t in json.loads(figure.to_json())["data"]],
        json.loads(figure.to_json())["layout"],
        [],
    )
    assert binned is not None
    _, (heights,) = binned.heights()
    assert heights[0] == expected and heights[1] == 1.0
    text, notes = _drawn(figure)
    assert not notes, notes
    assert f"{func} of speed" in text
    assert "count" not in text


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("total descending", ["b", "a", "c", "d"]),  # 6, 4, 4 (a met first), 1
        ("total ascending", ["d", "a", "c", "b"]),
        ("category descending", ["d", "c", "b", "a"]),
        (None, ["a", "b", "c", "d"]),
    ],
)
def test_bar_categories_follow_categoryorder_over_every_trace(
    order: str | None, expected: list[str]
) -> None:
    import plotly.graph_objects as go

    figure = go.Figure(
        [
            go.Bar(x=["a", "b", "c", "d"], y=[3, 1, 4, 1], name="p"),
            go.Bar(x=["a", "b", "c"], y=[1, 5, 0], name="q"),
        ]
    )
    figure.update_layout(barmode="stack", xaxis={"categoryorder": order})
    chart = draw_figure(json.loads(figure.to_json()), 60, 14, "none", Palette())
    assert chart.marks is not None
    assert [m.key for m in chart.marks.items] == expected
    tick_row = chart.body.plain.splitlines()[-1].split()
    assert tick_row == expected
