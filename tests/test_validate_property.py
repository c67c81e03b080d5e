"""Property: on valid files mutated at random, our verdict is the official one.

Seeds are the conformance cases and a job the SDK writes here; mutations (tests/
mutations.py) drop or corrupt references, zero enums, break UUIDs, change lengths,
break buckets, repeat names and ids, mix event timestamp types, remove values, swap
types, or change any field anywhere. Each mutated message is serialized, then judged by
the SDK's validate_job_metrics and by ``load`` + ``validate``: the verdicts must match.

RESIM_TUI_PROPERTY_EXAMPLES sets the number of examples (default 500, a few seconds).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from resim.metrics.proto import metrics_pb2 as sdk_pb2

from tests.conftest import conformance_cases
from tests.mutations import mutate
from tests.sdk_jobs import write_job
from tests.verdicts import accepts, explain, official, ours

EXAMPLES = int(os.environ.get("RESIM_TUI_PROPERTY_EXAMPLES", "500"))


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    folder = tmp_path_factory.mktemp("sdk")
    found = [("sdk job", write_job(folder).SerializeToString())]
    found += [("sdk job, 1 point", write_job(folder / "one", points=1).SerializeToString())]
    found += [(c.name, (c / "metrics.binproto").read_bytes()) for c in conformance_cases()]
    return found


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One outputs directory reused by every example (external files only warn)."""
    return tmp_path_factory.mktemp("outputs")


@pytest.mark.slow
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(pick=st.integers(0, 255), rnd=st.randoms(use_true_random=False), count=st.integers(1, 3))
def test_mutated_files_get_the_official_verdict(seeds, outputs, pick, rnd, count):
    name, raw = seeds[pick % len(seeds)]
    message = sdk_pb2.JobMetrics.FromString(raw)
    done = mutate(message, rnd, count)
    mutated = message.SerializeToString()
    accepted, where = official(mutated)
    result = ours(mutated, outputs)
    event("official: valid" if accepted else "official: invalid")
    assert accepts(result) == accepted, (
        f"seed {name}, mutations {done}\nofficial: {accepted} {where}\nours:\n{explain(result)}"
    )


def test_seeds_are_valid_or_known_invalid(seeds, outputs):
    """The unmutated seeds agree too (two conformance cases are invalid on purpose)."""
    for _, raw in seeds:
        accepted, _ = official(raw)
        assert accepts(ours(raw, outputs)) == accepted
