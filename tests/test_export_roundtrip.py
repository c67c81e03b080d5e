"""``resim-tui export`` read back and compared with the model, for every sample and corpus case.

CSV: every series file has as many rows as its series has elements, and its
value, index and status columns equal the model's columns (NaN-aware, times
to the nanosecond). JSON: every inlined series equals the model's column of
the data it names, and the document has the documented top-level shape.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import conformance_cases, needs, sample_dirs
from tui.export import FORMAT, export_order
from tui.export.cells import text_cell
from tui.formats import load
from tui.model import Document, MetricStatus
from tui.model.columns import Column
from tui.model.ids import Id
from tui.model.tables import categories, metric_tables

CASES = sample_dirs() + conformance_cases()


def _export(path: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", "export", str(path), "--to", str(out), *extra],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _rows(file: Path) -> list[dict[str, str]]:
    with open(file, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _double(cell: str) -> float:
    return float({"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}.get(cell, cell))


def _same_doubles(cells: list[str], values: np.ndarray) -> bool:
    got = np.array([_double(c) for c in cells], dtype=np.float64)
    return bool(np.array_equal(got, values, equal_nan=True))


def check_cells(cells: list[str], column: Column, header: str) -> None:
    """One CSV column against the model's column of the same series."""
    assert len(cells) == len(column), header
    if column.kind == "double":
        assert _same_doubles(cells, column.values), header
    elif column.kind == "timestamp":
        assert [int(Decimal(c) * 10**9) for c in cells] == column.values.tolist(), header
    elif column.kind == "status":
        assert cells == [MetricStatus(int(c)).label for c in column.values], header
    else:
        # CSV text is made safe (escapes, formula guard, quoting undone by the reader).
        assert cells == [_unquoted(text_cell(str(v))) for v in column.values], header


def _unquoted(cell: str) -> str:
    return next(csv.reader([cell]))[0] if cell.startswith('"') else cell


def _header_kind(header: str) -> str | None:
    if header in ("t_seconds", "batch_time_seconds") or header.endswith("_seconds"):
        return "seconds"
    if header.endswith("_utc") or header == "time_utc":
        return "utc"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("case", needs(CASES, "samples and corpus"), ids=lambda p: p and p.name)
def test_csv_round_trip(case: Path, tmp_path: Path) -> None:
    result = _export(case, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    doc = load(case)
    entries = {e.position: e for e in export_order(doc)}
    summary = _rows(out / "metrics.csv")
    assert [int(r["position"]) for r in summary] == sorted(entries)
    for row in summary:
        metric = entries[int(row["position"])].metric
        assert row["name"] == _unquoted(text_cell(metric.name))
        assert row["status"] == metric.status.label
        assert row["type"] == metric.type.label
    listed = _rows(out / "series.csv")
    by_metric: dict[int, list[dict[str, str]]] = {}
    for item in listed:
        by_metric.setdefault(int(item["position"]), []).append(item)
    for position, items in by_metric.items():
        _check_metric(doc, entries[position].metric, items, out)


def _check_metric(doc: Document, metric, items: list[dict[str, str]], out: Path) -> None:
    names = categories(metric) or [None]
    tables = {name: metric_tables(metric, name) for name in names}
    assert len(items) == len(tables[names[0]])
    for i, item in enumerate(items):
        rows = _rows(out / item["file"])
        expected = sum(_length(tables[name][i]) for name in names)
        assert len(rows) == int(item["rows"]) == expected, item["file"]
        start = 0
        for name in names:
            table = tables[name][i]
            part = rows[start : start + _length(table)]
            start += len(part)
            if name is not None:
                assert {r["category"] for r in part} <= {name}
            _check_table(table, part, item["file"])


def _length(table) -> int:
    return max([len(c) for _, c in table.columns if c is not None] + [0])


def _check_table(table, rows: list[dict[str, str]], file: str) -> None:
    if not rows:
        return
    headers = [h for h in rows[0] if h not in ("category", "status") and _header_kind(h) != "utc"]
    columns = [c for _, c in table.columns]
    assert len(headers) == len(columns), (file, headers)
    for header, column in zip(headers, columns, strict=True):
        if column is None:
            continue
        check_cells([r[header] for r in rows][: len(column)], column, f"{file}:{header}")
    if table.status is not None:
        statuses = [r["status"] for r in rows][: len(table.status)]
        check_cells(statuses, table.status, f"{file}:status")


@pytest.mark.slow
@pytest.mark.parametrize("case", needs(CASES, "samples and corpus"), ids=lambda p: p and p.name)
def test_json_round_trip(case: Path, tmp_path: Path) -> None:
    result = _export(case, tmp_path / "out", "--format", "json")
    assert result.returncode == 0, result.stderr
    exported = json.loads((tmp_path / "out" / "metrics.json").read_text(encoding="utf-8"))
    doc = load(case)
    assert exported["format"] == FORMAT
    assert set(exported) == {"format", "generator", "source", "job", "metrics", "events"} | {
        "data",
        "problems",
    }
    assert exported["job"]["status"] == doc.status.name
    assert exported["job"]["id"] == (str(doc.job_id) if doc.job_id is not None else None)
    assert [m["position"] for m in exported["metrics"]] == list(range(1, len(doc.metrics) + 1))
    assert sorted(m["name"] for m in exported["metrics"]) == sorted(m.name for m in doc.metrics)
    assert len(exported["events"]) == len(doc.events)
    assert len(exported["data"]) == len(doc.data)
    assert len(exported["problems"]) == len(doc.problems)
    for metric in exported["metrics"]:
        _check_inlined(doc, metric["values"])
    for data in exported["data"]:
        _check_inlined(doc, data)


def _check_inlined(doc: Document, node: object) -> None:
    """Every object with series values equals the model's data of the same id."""
    if isinstance(node, list):
        for item in node:
            _check_inlined(doc, item)
        return
    if not isinstance(node, dict):
        return
    if "shape" in node and "id" in node and ("values" in node or "categories" in node):
        data = doc.find_data(Id.parse(node["id"]))
        assert data is not None
        if "values" in node:
            _check_array(node["values"], data.column())
        for entry in node.get("categories", []):
            _check_array(entry["values"], data.column(entry["name"]))
    for value in node.values():
        _check_inlined(doc, value)


def _check_array(values: list, column: Column) -> None:
    assert len(values) == len(column)
    if column.kind == "double":
        got = np.array([_double(v) if isinstance(v, str) else v for v in values], dtype=float)
        assert np.array_equal(got, column.values, equal_nan=True)
    elif column.kind == "timestamp":
        assert values == column.values.tolist()
    elif column.kind == "status":
        assert values == [MetricStatus(int(c)).name for c in column.values]
    else:
        assert values == [str(v) for v in column.values]


@pytest.mark.slow
def test_conformance_row_counts_equal_series_lengths(tmp_path: Path) -> None:
    """The issue's criterion, said directly: rows == the value series' element count."""
    cases = conformance_cases()
    if not cases:
        pytest.skip("conformance corpus not found")
    for case in cases:
        out = tmp_path / case.name
        assert _export(case, out).returncode == 0
        doc = load(case)
        entries = {e.position: e for e in export_order(doc)}
        for item in _rows(out / "series.csv"):
            metric = entries[int(item["position"])].metric
            data = next(
                (
                    r.data
                    for r in metric.refs()
                    if r.data is not None and r.data.name == item["value_name"]
                ),
                None,
            )
            if data is None or data.shape == "file":
                continue
            names = data.categories if data.shape == "grouped" else [None]
            assert int(item["rows"]) == sum(data.length(n) for n in names), (case.name, item)


@pytest.mark.slow
def test_nan_and_infinity_are_spelled_out(tmp_path: Path) -> None:
    """Non-finite doubles: NaN/Infinity/-Infinity in CSV cells, strings in JSON."""
    found_csv = found_json = False
    for case in CASES:
        doc = load(case)
        if not any(
            d.shape == "series"
            and d.column().kind == "double"
            and not np.isfinite(d.column().values).all()
            for d in doc.data
        ):
            continue
        out = tmp_path / case.name
        assert _export(case, out).returncode == 0
        text = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.csv"))
        found_csv = found_csv or any(w in text for w in (",NaN", ",Infinity", ",-Infinity"))
        assert _export(case, out, "--format", "json").returncode == 0
        body = (out / "metrics.json").read_text(encoding="utf-8")
        assert "NaN," not in body.replace('"NaN"', "")  # never a bare NaN token
        found_json = found_json or '"NaN"' in body or '"Infinity"' in body
    if not (found_csv or found_json):
        pytest.skip("no sample or corpus case holds a non-finite double")
    assert found_csv and found_json


def test_double_cells_are_exact() -> None:
    from tui.export.cells import doubles

    values = np.array([0.1, 1 / 3, 1e-300, -0.0, math.pi, float("nan"), float("inf")])
    assert _same_doubles(doubles(values), values)


# The keys of each metric type's "values", as docs/export-format.md documents them.
DOCUMENTED_VALUES = {
    "SCALAR_METRIC_TYPE": {"value", "unit", "failure_definition"},
    "DOUBLE_SUMMARY_METRIC_TYPE": {"value", "status", "index", "failure_definition", "selected"},
    "DOUBLE_OVER_TIME_METRIC_TYPE": {
        "values",
        "statuses",
        "failure_definitions",
        "start_ns",
        "end_ns",
        "y_axis_name",
        "legend",
    },
    "LINE_PLOT_METRIC_TYPE": {"xs", "ys", "statuses", "x_axis_name", "y_axis_name", "legend"},
    "BAR_CHART_METRIC_TYPE": {
        "values",
        "statuses",
        "legend",
        "x_axis_name",
        "y_axis_name",
        "stack",
    },
    "BATCHWISE_BAR_CHART_METRIC_TYPE": {
        "times",
        "values",
        "statuses",
        "categories",
        "colors",
        "x_axis_name",
        "y_axis_name",
        "stack",
        "project_id",
    },
    "STATES_OVER_TIME_METRIC_TYPE": {
        "states",
        "statuses",
        "states_set",
        "failure_states",
        "legend",
    },
    "HISTOGRAM_METRIC_TYPE": {
        "values",
        "statuses",
        "buckets",
        "lower_bound",
        "upper_bound",
        "x_axis_name",
        "bucket_counts",
    },
    "PLOTLY_METRIC_TYPE": {"size_bytes", "figure", "error"},
    "IMAGE_METRIC_TYPE": {"image"},
    "IMAGE_LIST_METRIC_TYPE": {"images"},
    "TEXT_METRIC_TYPE": {"text"},
}


@pytest.mark.slow
def test_json_shape_is_the_documented_one(tmp_path: Path) -> None:
    case = next((c for c in conformance_cases() if c.name == "kitchen_sink"), None)
    if case is None:
        pytest.skip("conformance corpus not found")
    assert _export(case, tmp_path, "--format", "json").returncode == 0
    exported = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    seen = set()
    for metric in exported["metrics"]:
        assert set(metric["values"]) == DOCUMENTED_VALUES[metric["type"]], metric["type"]
        seen.add(metric["type"])
    assert seen == set(DOCUMENTED_VALUES)  # the kitchen sink has every type
    documented = (Path(__file__).parent.parent / "docs" / "export-format.md").read_text()
    for keys in DOCUMENTED_VALUES.values():
        for key in keys:
            assert f"`{key}`" in documented, key


def test_json_to_a_json_name_writes_that_file(tmp_path: Path, capsys) -> None:
    """``--to j.json`` is the file, not a directory called j.json; a rerun updates it, and
    a file an export did not write is never overwritten without --force."""
    from tests.conftest import SAMPLES
    from tui.cli import main

    target = tmp_path / "out" / "j.json"
    args = ["export", str(SAMPLES / "basic"), "--format", "json", "--to", str(target)]
    assert main(args) == 0
    assert target.is_file() and json.loads(target.read_text())["format"] == FORMAT
    assert main(args) == 0  # our own export: updated in place
    foreign = tmp_path / "notes.json"
    foreign.write_text('{"mine": true}')
    args[-1] = str(foreign)
    assert main(args) == 1 and "--force" in capsys.readouterr().err
    assert json.loads(foreign.read_text()) == {"mine": True}
    assert main([*args, "--force"]) == 0
    assert json.loads(foreign.read_text())["format"] == FORMAT
    assert not list(tmp_path.glob("**/.*.partial"))
