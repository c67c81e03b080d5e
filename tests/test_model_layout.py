"""Objects per metric stay few: a file of 20,000 metrics holds one of these per metric
and per data, so each is slotted, holds no empty caches and shares what it can."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sdk_jobs import write_job
from tui.formats import load
from tui.model import Document
from tui.model.data import Data
from tui.model.document import display_key
from tui.model.metric import Event, Metric


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> Document:
    folder: Path = tmp_path_factory.mktemp("job")
    write_job(folder)
    return load(folder)


@pytest.mark.parametrize("kind", [Metric, Event, Data])
def test_model_objects_have_slots_not_dicts(kind: type) -> None:
    assert "__slots__" in kind.__dict__
    assert "__dict__" not in kind.__slots__


def test_instances_carry_no_dict(doc: Document) -> None:
    for item in (*doc.metrics, *doc.events, *doc.data):
        assert not hasattr(item, "__dict__"), type(item).__name__


def test_unread_data_holds_no_caches(doc: Document) -> None:
    for data in doc.data:
        assert data._cache is None and data._lengths is None and data._kinds is None
        assert not data.converted


def test_references_share_their_datas_id(doc: Document) -> None:
    shared = 0
    for metric in doc.metrics:
        for ref in metric.refs():
            if ref.data is not None:
                assert ref.id is ref.data.id
                shared += 1
    assert shared > 10
    for data in doc.data:
        if data.index is not None and data.index_id is not None:
            assert data.index_id is data.index.id


def test_display_order_is_sorted_once_and_again_when_the_list_changes(doc: Document) -> None:
    first = doc.display_order
    assert doc.display_order is first  # the tree, show and export each ask: one sort
    assert first == sorted(first, key=display_key)
    assert {id(m) for m in first} == {id(m) for m in doc.metrics if not m.in_event}
    late = next(m for m in doc.metrics if not m.in_event)
    doc.metrics.append(late)
    try:
        assert len(doc.display_order) == len(first) + 1
    finally:
        doc.metrics.pop()
    assert len(doc.display_order) == len(first)


def test_repr_counts_and_never_walks_the_contents(doc: Document) -> None:
    class Untouchable(list):  # type: ignore[type-arg]
        def __iter__(self):  # type: ignore[no-untyped-def]
            raise AssertionError("repr walked the metrics")

    held = doc.metrics
    doc.metrics = Untouchable(held)
    try:
        text = repr(doc)
    finally:
        doc.metrics = held
    assert f"metrics={len(held)}" in text and f"data={len(doc.data)}" in text
    assert len(text) < 300


def test_metrics_share_the_job_id_and_plain_data_hold_no_map_of_their_own(
    doc: Document,
) -> None:
    job_ids = {id(m.job_id) for m in doc.metrics if m.job_id is not None}
    assert len(job_ids) == 1 and len(doc.metrics) > 10
    plain = [d for d in doc.data if d.shape != "grouped"]
    assert len({id(d._grouped) for d in plain}) == 1 and len(plain) > 10
    assert all(not d.map_keys for d in plain)
