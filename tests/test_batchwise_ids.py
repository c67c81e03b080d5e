"""Batch ids are numbered in numpy only when every one is a canonical UUID spelling; any
other id (another length, a newline, a character that is not lowercase hex) sends the
chart to the exact per-id path, so no two different ids can be taken for one batch."""

from __future__ import annotations

import uuid

import numpy as np
import pytest

from tui.charts import batchwise
from tui.model.ids import id_key


def _ids(count: int) -> np.ndarray:
    found = np.empty(count, dtype=object)
    found[:] = [str(uuid.UUID(int=(7 << 100) + k * 7919)) for k in range(count)]
    return found


def test_canonical_ids_are_read_as_their_spelling_and_value() -> None:
    ids = _ids(500)
    found = batchwise._spelled(ids)
    assert found is not None
    cells, value = found
    assert cells.tolist() == [i.encode() for i in ids]
    assert [int(a) << 64 | int(b) for a, b in value.tolist()] == [uuid.UUID(i).int for i in ids]


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a.__setitem__(3, a[3][:-1] + "A"),  # upper case: not canonical
        lambda a: a.__setitem__(3, a[3][:-1] + "g"),
        lambda a: a.__setitem__(3, a[3][:-1] + ":"),  # just past '9'
        lambda a: a.__setitem__(3, a[3][:-1] + "`"),  # just before 'a'
        lambda a: a.__setitem__(3, a[3][:8] + "_" + a[3][9:]),  # no dash
        # two lengths that add up: the joined text is as long as 36-character ids make it
        lambda a: (a.__setitem__(3, a[3] + "0"), a.__setitem__(4, a[4][:-1])),
        # an id holding a newline and the next one: the newlines are where rows end
        lambda a: (a.__setitem__(3, a[3] + "\n" + a[4][:35]), a.__setitem__(4, "")),
        lambda a: a.__setitem__(3, 12345),
        lambda a: a.__setitem__(3, "é" * 36),
    ],
)
def test_any_other_id_is_not_read_in_numpy(change: object) -> None:
    ids = _ids(50)
    change(ids)  # type: ignore[operator]
    assert batchwise._spelled(ids) is None


def test_ids_spelled_otherwise_are_still_one_batch_each() -> None:
    ids = _ids(40)
    other = np.empty(40, dtype=object)
    other[:] = [i.upper() if k % 2 else i for k, i in enumerate(ids.tolist())]
    keys, numbers = batchwise._numbers([(ids, 40), (other, 40)])
    assert len(keys) == 40 and numbers[0].tolist() == numbers[1].tolist() == list(range(40))
    assert [id_key(str(k)) for k in keys] == ids.tolist()


def test_canonical_ids_are_numbered_in_first_seen_order_across_arrays() -> None:
    rng = np.random.default_rng(9)
    pool = _ids(300)
    a = pool[rng.integers(0, 300, 400)]  # repeats within an array and across them
    b = pool[rng.integers(0, 300, 250)]
    keys, (na, nb) = batchwise._numbers([(a, 400), (b, 200)])
    seen: dict[str, int] = {}
    for i in [*a.tolist(), *b[:200].tolist()]:
        seen.setdefault(i, len(seen))
    assert [k.decode() for k in keys.tolist()] == list(seen)
    assert na.tolist() == [seen[i] for i in a.tolist()]
    assert nb.tolist() == [seen[i] for i in b[:200].tolist()]
