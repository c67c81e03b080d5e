"""Plotly Struct → Python: limits on depth and size, typed arrays, fast number lists."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from google.protobuf import json_format, struct_pb2

from tests.conftest import BAD, CONFORMANCE
from tui.formats import load
from tui.model.figure import FigureError, to_python, typed_array


def _struct(value: dict) -> struct_pb2.Struct:
    message = struct_pb2.Struct()
    message.update(value)
    return message


def _nested(depth: int) -> struct_pb2.Struct:
    root = struct_pb2.Struct()
    value = root.fields["data"]
    for _ in range(depth - 1):
        value = value.list_value.values.add()
    value.number_value = 1.0
    return root


def test_plain_figure_matches_json_format() -> None:
    figure = {
        "data": [{"type": "scatter", "x": [1.0, 2.0], "y": [3.0, None], "visible": True}],
        "layout": {"title": {"text": "t"}, "barmode": "stack"},
    }
    struct = _struct(figure)
    assert to_python(struct) == json_format.MessageToDict(struct)


def test_long_number_lists_take_the_fast_path_and_agree() -> None:
    numbers = [float(i) / 3 for i in range(1000)] + [float("inf"), -0.0]
    mixed = [*numbers[:100], "text", None]
    struct = _struct({"a": numbers, "b": mixed})
    converted = to_python(struct)
    assert converted["a"] == numbers
    assert converted["b"] == mixed


def test_depth_limit() -> None:
    assert to_python(_nested(60))  # within the default limit of 64
    with pytest.raises(FigureError, match="nested deeper than 64 levels"):
        to_python(_nested(70))
    with pytest.raises(FigureError, match="deeper than 5"):
        to_python(_nested(10), max_depth=5)


def test_size_budget() -> None:
    struct = _struct({"data": [{"x": list(range(300))}]})
    with pytest.raises(FigureError, match="more than 100 values"):
        to_python(struct, max_nodes=100)


def _typed(array: np.ndarray, dtype: str, **extra: object) -> dict:
    return {"dtype": dtype, "bdata": base64.b64encode(array.tobytes()).decode(), **extra}


def test_typed_arrays_decode() -> None:
    values = np.array([1.5, -2.0, 3.25])
    assert typed_array(_typed(values, "f8")).tolist() == values.tolist()
    grid = np.arange(6, dtype="<i2")
    decoded = typed_array(_typed(grid, "i2", shape="2, 3"))
    assert decoded.shape == (2, 3) and decoded[1, 2] == 5
    assert typed_array(_typed(grid, "i2", shape=[3.0, 2.0])).shape == (3, 2)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"dtype": "f16", "bdata": "AAAA"}, "unknown dtype"),
        ({"dtype": "f8", "bdata": "!!!not base64!!!"}, "not base64"),
        ({"dtype": "f8", "bdata": "AAAA"}, "not a whole number"),
        ({"dtype": "i4", "bdata": "AAAAAA==", "shape": "7, 9"}, "does not hold"),
        ({"dtype": "i4", "bdata": "AAAAAA==", "shape": {"a": 1}}, "not a list"),
        ({"dtype": "f8", "bdata": 3.0}, "not a string"),
    ],
)
def test_bad_typed_arrays_raise_a_sentence(value: dict, message: str) -> None:
    with pytest.raises(FigureError, match=message):
        typed_array(value)


def test_corpus_figures_convert() -> None:
    folders = [
        CONFORMANCE / "plotly",
        BAD / "plotly_huge",
        BAD / "plotly_deep_40",
        BAD / "plotly_malformed_figures",
    ]
    if not all(f.is_dir() for f in folders):
        pytest.skip("../shared corpora not found")
    for folder in folders:
        for metric in load(folder).metrics:
            if metric.values_kind == "plotly_metric_values":
                assert isinstance(to_python(metric.values.struct), dict)
