"""A Plotly figure's conversion (Struct to dicts, typed arrays to numpy) is done once, and
what a draw then does is bounded by the plot, not by the figure's values."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import pytest
from google.protobuf import json_format, struct_pb2

from tui.charts import plotly
from tui.charts.grid import Grid
from tui.charts.plotly import cells, fields, memo
from tui.charts.types import Palette
from tui.model.figure import typed_array
from tui.model.values import PlotlyValues


def _typed(a: np.ndarray) -> dict[str, Any]:
    found: dict[str, Any] = {"dtype": "f8", "bdata": base64.b64encode(a.tobytes()).decode()}
    if a.ndim == 2:
        found["shape"] = f"{a.shape[0]}, {a.shape[1]}"
    return found


def _values(figure: dict[str, Any]) -> PlotlyValues:
    struct = struct_pb2.Struct()
    json_format.ParseDict(figure, struct)
    return PlotlyValues(struct)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def decode(value: dict[str, Any]) -> np.ndarray:
        calls.append(1)
        return typed_array(value)

    monkeypatch.setattr(fields, "typed_array", decode)
    return calls


def test_a_draw_after_the_conversion_decodes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    memo.clear()
    calls = _counting(monkeypatch)
    x = np.arange(3_000, dtype="<f8")
    values = _values({"data": [{"type": "scatter", "x": _typed(x), "y": _typed(np.sin(x))}]})
    figure = plotly.converted(values)
    assert isinstance(figure, dict)
    assert fields.prepare(figure) == 6_000 and len(calls) == 2
    memo.forget_drawn()  # what draws derived goes; the decoded arrays stay
    chart = plotly.render(None, values, 100, 30, "none", Palette(), None)  # type: ignore[arg-type]
    assert not chart.notes and "┤" in chart.body.plain
    assert len(calls) == 2


def test_a_float64_typed_array_is_not_copied(monkeypatch: pytest.MonkeyPatch) -> None:
    memo.clear()
    made = np.frombuffer(np.arange(8.0).tobytes(), dtype="<f8")
    monkeypatch.setattr(fields, "typed_array", lambda value: made)
    found = fields.decoded({"dtype": "f8", "bdata": ""})
    assert found is made and not found.flags.writeable


def test_a_bad_typed_array_says_why_each_time_it_is_read() -> None:
    memo.clear()
    value = {"dtype": "f8", "bdata": "!!"}
    for _ in range(2):
        notes: list[str] = []
        assert fields.matrix(value, notes, "heatmap z") is None
        assert notes == ["heatmap z: typed array whose bdata is not base64"]


def test_block_means_of_a_finite_matrix_are_those_with_nan_padding() -> None:
    z = np.random.default_rng(3).normal(size=(103, 257))
    for rows, cols in ((10, 40), (7, 300), (103, 1), (40, 120)):
        fast = cells._shrink(z, rows, cols, finite=True)
        padded = cells._shrink(z, rows, cols)
        assert fast.shape == padded.shape
        np.testing.assert_allclose(fast, padded, rtol=1e-12)


def test_a_heatmap_makes_a_style_per_distinct_colour_not_per_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memo.clear()
    z = np.random.default_rng(4).normal(size=(300, 300))
    values = _values({"data": [{"type": "heatmap", "z": _typed(z)}]})
    asked: list[str] = []
    style = Grid.style

    def counted(self: Grid, spec: Any) -> int:
        asked.append(str(spec))
        return style(self, spec)

    monkeypatch.setattr(Grid, "style", counted)
    chart = plotly.render(None, values, 120, 40, "truecolor", Palette(), None)  # type: ignore[arg-type]
    backgrounds = [s for s in asked if s.startswith("on #")]
    assert len(backgrounds) == len(set(backgrounds))  # each colour asked for once
    drawn = {str(span.style) for span in chart.body.spans if str(span.style).startswith("on ")}
    assert 50 < len(drawn) <= len(backgrounds) < 110 * 36  # fewer than the cells
