"""The sliced parse (tui/formats/metrics1/sliced.py) reads every file as the ordinary
parse does, never hands protobuf a big series, and merges a slice at a time.

The thresholds are made tiny here so that the small files of the corpus and the SDK's
own job take every path (hollowed series and categories, a split MetricCollection, many
slices) that a 400 MB file takes at the real sizes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import BAD, CONFORMANCE, SAMPLES
from tests.sdk_jobs import write_job
from tui.formats import load
from tui.formats.metrics1 import sliced
from tui.formats.metrics1.decode import parse, read_message
from tui.model import Document, LoadError
from tui.schema import metrics_pb2
from tui.validate import validate


def _files() -> list[Path]:
    found = [
        *CONFORMANCE.rglob("*.binproto"),
        *BAD.rglob("*.binproto"),
        *SAMPLES.rglob("*.binproto"),
    ]
    return sorted(p for p in found if p.is_file() and not p.is_symlink())


FILES = _files() or [pytest.param(None, marks=pytest.mark.skip(reason="no corpus"))]


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sliced, "WHOLE", 0)
    monkeypatch.setattr(sliced, "SLICE", 48)
    monkeypatch.setattr(sliced, "BIG", 16)
    # decode.py took WHOLE by name at import
    monkeypatch.setattr("tui.formats.metrics1.decode.WHOLE", 0)


def _restored(raw: bytes) -> tuple[object, sliced.Held]:
    """The sliced parse of ``raw`` with its held series put back into the message."""
    message = metrics_pb2.LazyJobMetrics()
    held = sliced.merge_sliced(message, raw)
    for position, series in held.series.items():
        entry = message.metrics_data[position]
        assert entry.series == b"", "a held series was given to protobuf too"
        entry.series = bytes(series)
    for position, categories in held.grouped.items():
        mapping = message.metrics_data[position].series_per_category.category_to_series
        for key, series in categories.items():
            assert mapping[key] == b""
            mapping[key] = bytes(series)
    return message, held


def _seen(doc: Document) -> list[object]:
    """What a view or a check can see of a document's data, problems and report."""
    seen: list[object] = [(p.rule, p.message, str(p.location)) for p in doc.problems]
    seen += [(p.rule, p.message, str(p.location)) for p in validate(doc).problems]
    for data in doc.data:
        for category in data.categories or [None]:
            column = data.column(category)
            values = np.asarray(column.values)
            seen.append((data.name, category, column.kind, data.length(category)))
            seen.append(values.tolist() if values.dtype == object else values.tobytes())
    return seen


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.parent.name if p else "absent")
def test_a_sliced_parse_reads_what_the_ordinary_parse_reads(file: Path, tiny: None) -> None:
    raw = file.read_bytes()
    try:
        whole = metrics_pb2.LazyJobMetrics.FromString(raw)
    except Exception as error:  # protobuf's own refusal is what the sliced parse must give
        with pytest.raises(type(error)):
            _restored(raw)
        return
    message, _ = _restored(raw)
    assert message == whole


@pytest.mark.parametrize("file", FILES, ids=lambda p: p.parent.name if p else "absent")
def test_a_document_read_sliced_is_the_document_read_whole(
    file: Path, tiny: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        sliced_doc: Document | str = load(file)
    except LoadError as error:
        sliced_doc = str(error)
    monkeypatch.setattr("tui.formats.metrics1.decode.WHOLE", 1 << 62)
    try:
        whole_doc: Document | str = load(file)
    except LoadError as error:
        whole_doc = str(error)
    if isinstance(whole_doc, str) or isinstance(sliced_doc, str):
        assert sliced_doc == whole_doc
        return
    assert _seen(sliced_doc) == _seen(whole_doc)


def test_big_series_stay_views_of_the_file_and_out_of_protobuf(tmp_path: Path, tiny: None) -> None:
    write_job(tmp_path)
    file = tmp_path / "metrics.binproto"
    message, _, held = read_message(file)
    assert held.series and held.grouped  # plain and per-category series were both held
    for position in held.series:
        assert message.metrics_data[position].series == b""
    doc = load(file)
    kept = [d._series for d in doc.data if isinstance(d._series, memoryview)]
    assert kept and all(isinstance(view.obj, bytes) for view in kept)  # views, no copies
    grouped = [s for d in doc.data for s in d._grouped.values() if isinstance(s, memoryview)]
    assert grouped


def test_merges_are_a_slice_each(tmp_path: Path, tiny: None) -> None:
    write_job(tmp_path)
    raw = (tmp_path / "metrics.binproto").read_bytes()
    pieces, _ = sliced._plan(raw)
    assert len(pieces) > 10
    for piece in pieces:
        fields = sliced._fields(bytes(piece), 0, len(piece))
        # Over a slice only when a single field is: it cannot be cut (a metric, say).
        assert len(piece) <= sliced.SLICE or len(fields) == 1


def test_hostile_repeats_are_left_to_protobuf(tiny: None) -> None:
    """A series given twice, or both a series and categories: the last one wins in
    protobuf, so such an entry is not hollowed, and the result is protobuf's."""
    entry = metrics_pb2.LazyMetricsData(name="twice", series=b"x" * 40).SerializeToString()
    again = metrics_pb2.LazyMetricsData(series=b"y" * 40).SerializeToString()
    job = metrics_pb2.LazyJobMetrics()
    job.metrics_data.add().MergeFromString(entry + again)
    raw = b"\x1a" + bytes([len(entry + again)]) + entry + again
    message, held = _restored(raw)
    assert not held
    assert message == metrics_pb2.LazyJobMetrics.FromString(raw)
    assert message.metrics_data[0].series == b"y" * 40


def test_small_files_are_parsed_whole(tmp_path: Path) -> None:
    write_job(tmp_path)
    raw = (tmp_path / "metrics.binproto").read_bytes()
    held = sliced.Held()
    parse(raw, tmp_path, held)
    assert len(raw) <= sliced.WHOLE and not held
