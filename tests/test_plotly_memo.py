"""A Plotly figure is converted and its arrays decoded once, not on every draw."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import pytest
from google.protobuf import json_format, struct_pb2

from tui.charts import plotly
from tui.charts._text import label
from tui.charts.plotly import fields, memo
from tui.charts.types import Palette
from tui.model.figure import to_python, typed_array
from tui.model.values import PlotlyValues


def _values(n: int) -> PlotlyValues:
    x = np.arange(n, dtype="<f8")
    y = np.sin(x / 50)

    def typed(a: np.ndarray) -> dict[str, str]:
        return {"dtype": "f8", "bdata": base64.b64encode(a.tobytes()).decode()}

    figure = {"data": [{"type": "scatter", "mode": "lines", "x": typed(x), "y": typed(y)}]}
    struct = struct_pb2.Struct()
    json_format.ParseDict(figure, struct)
    return PlotlyValues(struct)


def test_a_redraw_converts_and_decodes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    memo.clear()
    calls = {"convert": 0, "decode": 0}

    def convert(struct: Any) -> dict[str, Any]:
        calls["convert"] += 1
        return to_python(struct)

    def decode(value: dict[str, Any]) -> np.ndarray:
        calls["decode"] += 1
        return typed_array(value)

    monkeypatch.setattr(plotly, "to_python", convert)
    monkeypatch.setattr(fields, "typed_array", decode)
    values = _values(5_000)

    def draw(width: int, height: int) -> str:
        chart = plotly.render(None, values, width, height, "none", Palette(), None)  # type: ignore[arg-type]
        assert not chart.notes, chart.notes
        return chart.body.plain

    first = draw(100, 30)
    assert calls == {"convert": 1, "decode": 2}  # the figure, its x and its y
    draw(80, 24)
    draw(120, 40)
    assert calls == {"convert": 1, "decode": 2}
    assert draw(100, 30) == first
    other = _values(5_000)  # an equal figure of another metric is its own entry
    plotly.render(None, other, 60, 20, "none", Palette(), None)  # type: ignore[arg-type]
    assert calls == {"convert": 2, "decode": 4}


def test_a_shared_array_cannot_be_changed_by_a_draw() -> None:
    memo.clear()
    value = {"dtype": "f8", "bdata": base64.b64encode(np.ones(4).tobytes()).decode()}
    notes: list[str] = []
    array = fields.numbers(value, notes, "y")
    assert array is not None and fields.numbers(value, notes, "y") is array
    with pytest.raises(ValueError):
        array[0] = 2.0


def test_notes_come_back_with_a_remembered_array() -> None:
    memo.clear()
    value = {"dtype": "zz", "bdata": ""}
    for _ in range(2):
        notes: list[str] = []
        assert fields.numbers(value, notes, "trace 0 y") is None
        assert notes and "unknown dtype" in notes[0]


def test_labels_are_made_for_what_is_drawn_and_each_call_owns_its_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    memo.clear()
    made = []

    def counted(value: object, width: int) -> str:
        made.append(1)
        return label(value, width)

    monkeypatch.setattr(fields, "label", counted)
    value = [f"bar {i}" for i in range(10_000)]
    first = fields.strings(value, [], "x", 2_000)
    assert first is not None and len(first) == 2_000 and len(made) == 2_000
    first.append("mine")
    again = fields.strings(value, [], "x", 2_000)
    assert again is not None and len(again) == 2_000 and len(made) == 2_000


def test_a_heatmap_matrix_is_decoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    memo.clear()
    z = np.arange(12.0).reshape(3, 4)
    value = {"dtype": "f8", "bdata": base64.b64encode(z.tobytes()).decode(), "shape": "3, 4"}
    calls = []

    def decode(v: dict[str, Any]) -> np.ndarray:
        calls.append(1)
        return typed_array(v)

    monkeypatch.setattr(fields, "typed_array", decode)
    for _ in range(3):
        found = fields.matrix(value, [], "z")
        assert found is not None and found.tolist() == z.tolist()
    assert len(calls) == 1
