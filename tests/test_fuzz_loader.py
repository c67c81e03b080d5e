"""Fuzz: random bytes and byte-level mutations of valid files through the loader, the
validator, every output format of ``check``, every chart renderer and the raw-data
tables. Only LoadError may come out, and no
input may take long (a hang guard, not a speed test: benchmarks/ measure speed).

RESIM_TUI_FUZZ_EXAMPLES sets the number of examples per test (default 1000).
"""

from __future__ import annotations

import json
import os
import signal
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import conformance_cases
from tests.sdk_jobs import write_job
from tui.charts import render
from tui.formats import load
from tui.model import LoadError
from tui.model.summary import select
from tui.model.tables import metric_tables
from tui.model.values import DoubleSummaryValues
from tui.validate import validate
from tui.validate.formats import FileResult, github_lines, json_document, junit_xml, text_lines

EXAMPLES = int(os.environ.get("RESIM_TUI_FUZZ_EXAMPLES", "1000"))
SECONDS_PER_INPUT = 20  # far above the few ms an input takes: only a hang trips it

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"an input took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    folder = tmp_path_factory.mktemp("seed")
    found = [write_job(folder).SerializeToString()]
    found += [(c / "metrics.binproto").read_bytes() for c in conformance_cases()]
    return found


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    write_job(folder)  # its image, so external files resolve to something real
    return folder


def run_everything(raw: bytes, folder: Path, note: bool = True) -> None:
    """Load, validate and format ``raw``; LoadError is the one acceptable failure."""
    record = event if note else (lambda label: None)
    (folder / "metrics.binproto").write_bytes(raw)
    with time_limit(SECONDS_PER_INPUT):
        try:
            doc = load(folder)
        except LoadError as exc:
            record("load error")
            assert str(exc).strip()
            result = FileResult(str(folder), load_error=str(exc))
        else:
            report = validate(doc)
            record("loaded: valid" if report.valid else "loaded: invalid")
            result = FileResult(str(folder), report=report)
            draw_everything(doc, record)
        for strict in (False, True):
            for line in text_lines(result, color=False, strict=strict):
                assert "\x1b" not in line
        json.loads(json.dumps(json_document([result], strict=False, status=0)))
        for line in github_lines(result):
            assert line.startswith(("::error ", "::warning ", "::notice "))
        ET.fromstring(junit_xml([result], strict=False))


def draw_everything(doc, record) -> None:
    """Every metric through its renderer (small, no colour) and its raw-data tables."""
    for metric in doc.metrics:
        chart = render(metric, 40, 12, color="none")
        text = chart.body.plain
        assert not any(ord(c) < 32 and c not in "\n" for c in text), repr(text[:80])
        if any(note.startswith("could not draw") for note in chart.notes):
            record("a renderer failed (caught)")
        for table in metric_tables(metric):
            assert table.rows >= 0
        if isinstance(metric.values, DoubleSummaryValues):
            select(metric.values)


@pytest.mark.slow
@FUZZ
@given(raw=st.binary(max_size=4096))
def test_random_bytes(outputs, raw):
    run_everything(raw, outputs)


def _mutate(raw: bytes, rnd, rounds: int) -> bytes:
    data = bytearray(raw)
    for _ in range(rounds):
        if not data:
            data = bytearray(rnd.randbytes(rnd.randint(1, 64)))
        choice = rnd.randrange(6)
        at = rnd.randrange(len(data))
        if choice == 0:  # flip bits
            data[at] ^= 1 << rnd.randrange(8)
        elif choice == 1:  # truncate
            del data[at:]
        elif choice == 2:  # insert random bytes
            data[at:at] = rnd.randbytes(rnd.randint(1, 16))
        elif choice == 3:  # duplicate a range
            end = min(len(data), at + rnd.randint(1, 256))
            data[end:end] = data[at:end]
        elif choice == 4:  # delete a range
            del data[at : at + rnd.randint(1, 64)]
        else:  # overwrite with a value that often means "huge length" or "field 0"
            data[at] = rnd.choice((0x00, 0x7F, 0x80, 0xFF, 0x0A, 0x12, 0x1A))
    return bytes(data)


@pytest.mark.slow
@FUZZ
@given(pick=st.integers(0, 255), rnd=st.randoms(use_true_random=False), rounds=st.integers(1, 3))
def test_mutated_valid_files(seeds, outputs, pick, rnd, rounds):
    run_everything(_mutate(seeds[pick % len(seeds)], rnd, rounds), outputs)


@pytest.mark.slow
def test_seeds_load_and_validate(seeds, outputs):
    for raw in seeds:
        run_everything(raw, outputs, note=False)
