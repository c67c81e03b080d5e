"""States series reach the chart as integer codes, and the chart works on spans.

The reader finds the codes of a string series in numpy (tui/formats/metrics1/
strings.py) where the bytes allow, and must agree with protobuf everywhere; the
states renderer picks each column's state from the spans, never the samples.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import numpy as np
import pytest
from resim.metrics.python.metrics import SeriesMetricsData
from resim.metrics.python.metrics_utils import MetricImportance, MetricStatus, Timestamp
from resim.metrics.python.metrics_writer import ResimMetricsWriter

from tests.sdk_jobs import objects
from tui.charts import render, states
from tui.formats import load
from tui.formats.metrics1 import series, strings
from tui.schema import metrics_pb2

PASSED = MetricStatus.PASSED_METRIC_STATUS


def _raw(values: list[str]) -> bytes:
    """A serialized Series of strings, as protobuf writes it (the schema the SDK uses)."""
    message = metrics_pb2.Series()
    message.strings.series.extend(values)
    raw: bytes = message.SerializeToString()
    return raw


RNG = np.random.default_rng(3)
RUNS = np.repeat(RNG.integers(0, 4, 300), RNG.integers(1, 40, 300)).tolist()


@pytest.mark.parametrize(
    ("labels", "coded"),
    [
        (["PARK", "DRIVE", "NEUTRAL", "REVERSE"], True),
        (["a", "bb", "ccc", "dddd"], True),  # a length change is a new run
        (["ÜBERHOLT", "停止", "", "x" * 127], True),  # multibyte, empty, longest
        (["INITIALIZE", "IDLE", "GO", "STOP"], False),  # a length of 10 is a tag byte
        (["line\nbreak", "plain", "x", "y"], False),  # a newline is a tag byte too
        (["y" * 200, "short", "a", "b"], False),  # a two-byte length
    ],
)
def test_string_series_decode_as_protobuf_does(labels: list[str], coded: bool) -> None:
    values = [labels[k] for k in RUNS]
    column = series.convert(_raw(values))
    assert column.kind == "string"
    assert column.values.tolist() == values
    assert (column.codes is not None) == coded
    if column.codes is not None:
        assert [column.labels[c] for c in column.codes.tolist()] == values
        assert len(set(column.labels)) == len(column.labels)  # each label once
        starts = [i for i in range(len(values)) if i == 0 or values[i] != values[i - 1]]
        assert column.runs is not None and column.runs.tolist() == starts


def test_unique_values_are_left_to_protobuf() -> None:
    values = [f"id-{i}" for i in range(1000)]  # no runs: codes would not pay
    column = series.convert(_raw(values))
    assert column.values.tolist() == values
    assert column.codes is None


def test_invalid_utf8_is_a_corrupt_series_either_way() -> None:
    raw = _raw(["ok", "ok"]).replace(b"ok", b"\xff\xfe", 1)
    assert series.convert(raw).kind == "corrupt"


def _brute(t: np.ndarray, v: np.ndarray, edges: np.ndarray, fails: np.ndarray) -> list[int]:
    """Each column's state from the samples: the one at its left edge, or the first
    failure-state sample inside it."""
    out = []
    for c in range(len(edges) - 1):
        inside = np.flatnonzero((t >= edges[c]) & (t < edges[c + 1]))
        bad = [i for i in inside.tolist() if fails[v[i]]]
        if bad:
            out.append(int(v[bad[0]]))
        else:
            at = max(int(np.searchsorted(t, edges[c], "right")) - 1, 0)
            out.append(int(v[at]))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_column_states_from_spans_match_the_samples(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    t = np.sort(rng.integers(0, 10_000, n)).astype(np.int64)  # repeats and gaps
    v = np.repeat(rng.integers(0, 4, n), rng.integers(1, 6, n))[:n]
    fails = np.array([False, False, True, seed % 2 == 0])
    cols = int(rng.integers(1, 90))
    lo, hi = sorted(rng.integers(-500, 10_500, 2).tolist())
    edges = lo + (np.arange(cols + 1) * (max(hi - lo, 1) / cols)).astype(np.int64)
    band = states.spans(t, v)
    assert len(band.codes) == 1 + int(np.count_nonzero(np.diff(v)))
    shown = states.column_states(band, edges, fails)
    assert shown.tolist() == _brute(t, v, edges, fails)


def _states_file(folder: Path, labels: list[str]) -> Path:
    writer = ResimMetricsWriter(uuid.uuid4())
    n = len(labels)
    times = SeriesMetricsData("t", series=objects([Timestamp(secs=i, nanos=0) for i in range(n)]))
    data = SeriesMetricsData("gear", series=objects(labels), index_data=times)
    status = SeriesMetricsData("gear status", series=objects([PASSED] * n), index_data=times)
    writer.add_states_over_time_metric("Gear").with_states_over_time_data(
        [data]
    ).with_statuses_over_time_data([status]).with_states_set({"P", "D", "R"}).with_failure_states(
        {"R"}
    ).with_status(PASSED).with_importance(MetricImportance.HIGH_IMPORTANCE)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.binproto").write_bytes(writer.write().metrics_msg.SerializeToString())
    return folder


def test_a_states_chart_never_encodes_samples_in_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = ["P"] * 50 + ["D"] * 40 + ["R"] * 3 + ["D"] * 60
    path = _states_file(tmp_path, labels) / "metrics.binproto"

    def gear(doc_path: Path) -> object:
        return next(m for m in load(doc_path).metrics if m.name == "Gear")

    with monkeypatch.context() as patch:  # the protobuf path: the chart encodes the labels
        patch.setattr(strings, "coded", lambda payload: None)
        before = render(gear(path), 80, 12, color="none").body.plain  # type: ignore[arg-type]

    def refuse(values: np.ndarray) -> object:
        raise AssertionError("a per-sample pass over the state labels")

    monkeypatch.setattr(states, "encoded", refuse)
    chart = render(gear(path), 80, 12, color="none")  # type: ignore[arg-type]
    assert chart.body.plain == before  # the same picture, from the reader's codes
    assert "R ✗ fails" in before
    # The short failure stays visible though 153 samples share 70-odd columns.
    band = next(line for line in before.splitlines() if "gear" in line)
    assert "▓" in band or "▒" in band
