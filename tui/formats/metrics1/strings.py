"""A StringSeries of few distinct values (states, modes, labels) decoded as codes in numpy.

A states series of 5M samples usually holds a handful of labels in long runs.
Parsing it through protobuf makes 5M Python strings (about 2 s), and a chart
that then asks which label each sample is pays another 2-3 s in Python. Here
the records are found in the wire bytes with numpy, equal records are grouped
(neighbours first, since labels come in runs), and the column is the label
table indexed by integer codes: every sample of a label is the same str object,
and the codes go to the renderer as they are.

The fast path covers what such series are: records shorter than 128 bytes
(one-byte lengths) and runs far fewer than records. Anything else returns None
and the caller parses with protobuf, which is always right.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

_TAG = 0x0A  # field 1, length-delimited: each element of StringSeries.series
_LONGEST = 127  # a one-byte length
# Past this share of run starts among records the values are not labels in runs, and
# protobuf's own parse is the cheaper way.
_MOST_RUNS = 0.25
# Stretches of equal-length records cost a Python step each: at most one per this many
# records (or this few in all), past which protobuf's parse is the cheaper way.
_STRETCH = 64
_FEW_STRETCHES = 1024


Coded = tuple[np.ndarray, np.ndarray, tuple[str, ...], np.ndarray]


def coded(payload: memoryview | bytes) -> Coded | None:
    """(values, codes, labels, runs) with ``values[i] is labels[codes[i]]`` and ``runs``
    the index of every element that differs from the one before, or None when the
    bytes are not a run-length-friendly StringSeries (see the module notes)."""
    buf = np.frombuffer(payload, dtype=np.uint8)
    if not len(buf):
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=object), np.zeros(0, dtype=np.int32), (), empty
    starts = _record_starts(buf)
    if starts is None:
        return None
    sizes = buf[starts + 1]
    heads = _run_heads(buf, starts, sizes)
    if heads is None:
        return None
    # The distinct records among the run heads (few), as fixed-width rows: length, text.
    width = int(sizes[heads].max()) + 2
    at = starts[heads]
    inside = np.arange(width) < (sizes[heads].astype(np.int64) + 2)[:, None]
    rows = np.where(inside, buf[np.minimum(at[:, None] + np.arange(width), len(buf) - 1)], 0)
    _, first, inverse = np.unique(
        np.ascontiguousarray(rows, dtype=np.uint8).view(np.dtype((np.void, width))).ravel(),
        return_index=True,
        return_inverse=True,
    )
    # Codes in order of first appearance, as a reader of the series would list them.
    order = np.argsort(first, kind="stable")
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    where = starts[heads[first[order]]].tolist()
    try:
        labels = tuple(
            bytes(buf[at + 2 : at + 2 + int(buf[at + 1])]).decode("utf-8") for at in where
        )
    except UnicodeDecodeError:  # protobuf says what is wrong with such bytes
        return None
    codes = np.repeat(rank[inverse.ravel()], np.diff(np.append(heads, len(starts))))
    table = np.empty(len(labels), dtype=object)
    table[:] = labels
    return table[codes], codes, labels, heads


def parsed(values: Sequence[str]) -> Coded:
    """``coded`` for strings protobuf has parsed already: a few hundred at most, where a
    dict per element costs microseconds and the numpy set-up ~100 µs."""
    table: dict[str, int] = {}
    codes = [table.setdefault(text, len(table)) for text in values]
    labels = tuple(table)
    heads = [i for i in range(len(codes)) if not i or codes[i] != codes[i - 1]]
    column = np.empty(len(labels), dtype=object)
    column[:] = labels
    code_array = np.array(codes, dtype=np.int32)
    return column[code_array], code_array, labels, np.array(heads, dtype=np.int64)


def _record_starts(buf: np.ndarray) -> np.ndarray | None:
    """Where each record starts, when every tag byte in the buffer starts one.

    A record is ``0A len bytes``. Taking every 0x0A byte as a start and checking
    that each record ends where the next begins (and the last at the end) proves
    them all; a 0x0A inside a record (a newline, or a length of 10) breaks the
    chain, and the caller parses the slow way.
    """
    starts = np.flatnonzero(buf == _TAG)
    if not len(starts) or starts[0] != 0 or starts[-1] + 1 >= len(buf):
        return None
    sizes = buf[starts + 1]
    if int(sizes.max()) > _LONGEST:
        return None
    ends = starts[1:] - starts[:-1] - 2
    if int(starts[-1]) + 2 + int(sizes[-1]) != len(buf) or not np.array_equal(ends, sizes[:-1]):
        return None
    return starts


def _run_heads(buf: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray | None:
    """Indices of the records that differ from the one before (record 0 always).

    Consecutive records of one length lie in the buffer as the rows of a matrix
    (a reshape, no copy), so comparing each with the one before is one pass over
    the bytes per stretch of equal lengths; a change of length is a change of
    record. Too many such stretches, and the series is not labels in runs."""
    n = len(starts)
    stretches = np.flatnonzero(sizes[1:] != sizes[:-1]) + 1
    if len(stretches) > max(n // _STRETCH, _FEW_STRETCHES):
        return None
    heads = [np.zeros(1, dtype=np.int64)]
    bounds = np.concatenate(([0], stretches, [n])).tolist()
    for lo, hi in itertools.pairwise(bounds):
        if lo:
            heads.append(np.array([lo], dtype=np.int64))
        size = int(sizes[lo]) + 2
        first = int(starts[lo])
        rows = buf[first : first + (hi - lo) * size].reshape(hi - lo, size)
        heads.append(np.flatnonzero((rows[1:] != rows[:-1]).any(axis=1)) + (lo + 1))
    found = np.concatenate(heads)
    return found if len(found) <= n * _MOST_RUNS else None
