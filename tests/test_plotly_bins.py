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

from tui.charts.plotly import bins as bn
from tui.charts.plotly import draw_figure
from tui.charts.plotly.shapes import _cumulative, _normed
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
    for mode in ("group", "overlay", "stack"):
        cases.append({"traces": [{"x": normal}, {"x": few}], "barmode": mode})
        cases.append({"traces": [{"x": ints}, {"x": edges}], "barmode": mode})
    cases.append({"traces": [{"x": normal, "xbins": {"size": 2}}, {"x": few}]})
    cases.append({"traces": [{"x": normal}, {"x": few, "xbins": {"start": -30}}]})
    cases.append({"traces": [{"y": normal}]})  # horizontal
    return cases


PAGE = """<html><body><div id="g"></div><pre id="out">pending</pre>
<script src="PLOTLY"></script><script>
const cases = CASES; const out = [];
(async () => {
  for (const c of cases) {
    const gd = document.getElementById("g");
    const data = c.traces.map(t => Object.assign({type: "histogram"}, t));
    await Plotly.newPlot(gd, data, {barmode: c.barmode || "group"});
    out.push(gd.calcdata.map(cd => ({centres: cd.map(b => b.p), counts: cd.map(b => b.s)})));
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


def _ours(case: dict[str, Any]) -> list[dict[str, list[float]]]:
    traces = case["traces"]
    values = [np.array(t.get("x", t.get("y")), dtype=np.float64) for t in traces]
    out = []
    found = bn.for_traces(traces, values, case.get("barmode", "group"))
    for bins, v, trace in zip(found, values, traces, strict=True):
        assert bins is not None
        edges, (counts,) = bn.trimmed(bins.edges(), [bins.counts(v)])
        norm = trace.get("histnorm", "")
        total = max(float(counts.sum()), 1.0)
        counts = _cumulative(counts, trace, [])
        counts = _normed(counts, total, np.diff(edges), norm)
        out.append({"centres": ((edges[:-1] + edges[1:]) / 2).tolist(), "counts": counts.tolist()})
    return out


def _same(
    ours: list[dict[str, list[float]]], theirs: list[dict[str, list[float]]], case: object
) -> None:
    assert len(ours) == len(theirs)
    for mine, plotly_js in zip(ours, theirs, strict=True):
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
