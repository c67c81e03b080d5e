"""template_settings: the keys the preview draws reach the chart; every other key is
named once, as not drawn here (ReSim's renderer reads them, ours does not)."""

from __future__ import annotations

import json
from pathlib import Path

from google.protobuf import json_format

from tui.formats.metrics2.build import build
from tui.formats.metrics2.preview import preview
from tui.model.problems import Severity
from tui.model.values import BarChartValues, PlotlyValues

CONFIG = """\
version: 1
topics:
  laps:
    schema:
      tyre: string
      seconds: float
metrics:
  Laps per Tyre:
    type: test
    query_string: SELECT tyre, COUNT(*) AS n FROM laps GROUP BY tyre ORDER BY tyre
    template_type: system
    template: bar
    template_settings:
      xaxis:
        label: Compound
      yaxis:
        label: Laps
        min: 0
      series:
        - group_name: soft
          color: "#ff0000"
  Tyre Share:
    type: test
    query_string: SELECT tyre, COUNT(*) AS n FROM laps GROUP BY tyre ORDER BY tyre
    template_type: system
    template: pie
    template_settings:
      display:
        text_info: label_percent
  Lap Times:
    type: test
    query_string: SELECT seconds FROM laps
    template_type: system
    template: histogram
    template_settings:
      xaxis:
        label: Lap time (s)
        min: 85
      display:
        bins: 4
"""


def _case(tmp_path: Path) -> Path:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    rows = [("soft", 90.1), ("hard", 91.5), ("soft", 89.9)]
    (tmp_path / "emissions.resim.jsonl").write_text(
        "".join(
            json.dumps(
                {"$metadata": {"topic": "laps", "timestamp": i}, "$data": {"tyre": t, "seconds": s}}
            )
            + "\n"
            for i, (t, s) in enumerate(rows)
        )
    )
    return tmp_path


def test_undrawn_settings_are_named_once_as_info(tmp_path: Path) -> None:
    out = preview(_case(tmp_path), use_cache=False)
    notes = {p.location.field: p for p in out.problems if p.rule == "settings-not-drawn"}
    # the bar's axis labels, yaxis.min and series colours are drawn, and the pie's
    # text_info: nothing to say of them
    assert sorted(notes) == ["metrics.Lap Times.template_settings"]
    hist = notes["metrics.Lap Times.template_settings"]
    assert hist.severity == Severity.INFO
    assert "xaxis.min is not drawn" in hist.message
    assert hist.location.index == 35  # the template_settings line of that metric


def test_drawn_settings_reach_the_chart(tmp_path: Path) -> None:
    doc = build(preview(_case(tmp_path), use_cache=False))
    by_name = {m.name: m for m in doc.metrics}
    bar = by_name["Laps per Tyre"].values
    assert isinstance(bar, BarChartValues)
    assert (bar.x_axis_name, bar.y_axis_name) == ("Compound", "Laps")
    pie = by_name["Tyre Share"].values
    hist = by_name["Lap Times"].values
    assert isinstance(pie, PlotlyValues) and isinstance(hist, PlotlyValues)
    assert json_format.MessageToDict(pie.struct)["data"][0]["textinfo"] == "label+percent"
    figure = json_format.MessageToDict(hist.struct)
    assert figure["layout"]["xaxis"]["title"]["text"] == "Lap time (s)"
    assert figure["data"][0]["nbinsx"] == 4
