"""The committed sample outputs directories, checked with the official SDK.

The samples are written by ``samples/make_samples.py`` (and
``samples/watch_demo/metrics_build.py``); these tests make sure what is
committed is valid for ReSim and covers what the viewer must handle.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

mp = pytest.importorskip("resim.metrics.proto.metrics_pb2")
validator = pytest.importorskip("resim.metrics.proto.validate_metrics_proto")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = [
    *sorted((ROOT / "samples").rglob("metrics.binproto")),
    ROOT / "tui" / "demo" / "metrics.binproto",
]
IDS = [str(path.parent.relative_to(ROOT)) for path in SAMPLE_FILES]


def load(path: Path):
    return mp.JobMetrics.FromString(path.read_bytes())


def all_jobs():
    return [(path, load(path)) for path in SAMPLE_FILES]


def test_samples_exist():
    names = {path.parent.name for path in SAMPLE_FILES}
    assert {"basic", "all_types", "events", "grouped", "demo"} <= names
    for path in SAMPLE_FILES:
        assert path.stat().st_size > 0, path


# Some samples carry warnings on purpose, to show how the viewer marks them; each
# such sample says so the way a user's project would, in its .resim-tui-ignore
# (with the reason). Any other warning on a sample is noise or a bug.
# Metrics 2.0 samples too: their warnings carry rule ids the ignore file takes.
STRICT_FILES = [*SAMPLE_FILES, *sorted((ROOT / "samples").rglob("*.resim.jsonl"))]


@pytest.mark.parametrize(
    "path", STRICT_FILES, ids=[str(p.parent.relative_to(ROOT)) for p in STRICT_FILES]
)
def test_check_strict_passes_on_every_sample_as_a_user_runs_it(path: Path, capsys):
    from tui.cli import main
    from tui.formats import load as load_document
    from tui.validate import ignore_file, validate

    status = main(["check", "--strict", str(path)])
    captured = capsys.readouterr()
    assert status == 0, captured.out + captured.err
    found = ignore_file.for_target(path)
    if found is not None:
        assert found.path.parent == path.parent, f"{path} takes {found.path} from above it"
        assert f"ignoring {', '.join(found.rules)}" in captured.err  # never silent
        # Each rule ignored is still written: a rule the sample stopped writing goes.
        written = {p.rule for p in validate(load_document(path)).problems}
        assert set(found.rules) <= written


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=IDS)
def test_sample_passes_sdk_validator(path: Path):
    job = load(path)
    validator.validate_job_metrics(job)
    assert job.job_level_metrics.metrics, "a sample without metrics"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=IDS)
def test_external_files_exist_relative_to_directory(path: Path):
    job = load(path)
    for data in job.metrics_data:
        if data.HasField("external_file"):
            relative = Path(data.external_file.path)
            assert not relative.is_absolute(), data.external_file.path
            target = (path.parent / relative).resolve()
            assert target.is_relative_to(path.parent.resolve()), data.external_file.path
            assert target.is_file(), f"{data.name}: {target} is missing"


def test_samples_cover_every_metric_type():
    seen = {m.type for _, job in all_jobs() for m in job.job_level_metrics.metrics}
    expected = {value for value in mp.MetricType.values() if value != mp.NO_METRIC_TYPE}
    assert len(expected) == 12
    missing = {mp.MetricType.Name(v) for v in expected - seen}
    assert not missing, f"no sample has {sorted(missing)}"


def test_samples_cover_events_grouped_and_indexed_data():
    jobs = [job for _, job in all_jobs()]
    events = [event for job in jobs for event in job.events]
    assert events
    assert any(event.metrics for event in events), "no event has metrics of its own"
    timestamp_types = {event.timestamp_type for event in events}
    assert {mp.ABSOLUTE_TIMESTAMP, mp.RELATIVE_TIMESTAMP} <= timestamp_types

    data = [d for job in jobs for d in job.metrics_data]
    assert any(d.is_per_category and d.category_names for d in data), "no grouped data"
    index_types = {d.index_data_type for d in data if d.is_indexed}
    assert {
        mp.TIMESTAMP_SERIES_DATA_TYPE,
        mp.STRING_SERIES_DATA_TYPE,
        mp.UUID_SERIES_DATA_TYPE,
    } <= index_types


def test_samples_cover_statuses_importances_and_flags():
    metrics = [m for _, job in all_jobs() for m in job.job_level_metrics.metrics]
    statuses = {m.status for m in metrics}
    assert {
        mp.PASSED_METRIC_STATUS,
        mp.FAIL_WARN_METRIC_STATUS,
        mp.FAIL_BLOCK_METRIC_STATUS,
        mp.NOT_APPLICABLE_METRIC_STATUS,
        mp.RAW_METRIC_STATUS,
    } <= statuses
    importances = {m.importance for m in metrics}
    assert {
        mp.ZERO_IMPORTANCE,
        mp.LOW_IMPORTANCE,
        mp.MEDIUM_IMPORTANCE,
        mp.HIGH_IMPORTANCE,
        mp.CRITICAL_IMPORTANCE,
    } <= importances
    assert any(m.HasField("should_display") and not m.should_display for m in metrics)
    assert any(m.tags for m in metrics)
    assert any(m.event_metric for m in metrics)

    selectors = set()
    for m in metrics:
        if m.metric_values.HasField("double_metric_values"):
            selectors.add(m.metric_values.double_metric_values.WhichOneof("index"))
    assert {"series_index", "timestamp_index", "uuid_index", "string_index", None} <= selectors


def test_samples_include_an_image_on_disk():
    found = []
    for path, job in all_jobs():
        files = {d.metrics_data_id.id.data: d for d in job.metrics_data}
        for m in job.job_level_metrics.metrics:
            values = m.metric_values
            ids = []
            if values.HasField("image_metric_values"):
                ids = [values.image_metric_values.image_data_id.id.data]
            elif values.HasField("image_list_metric_values"):
                ids = [i.id.data for i in values.image_list_metric_values.image_data_ids]
            for data_id in ids:
                image = path.parent / files[data_id].external_file.path
                if image.is_file() and image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n":
                    found.append(image)
    assert found, "no image metric points at a PNG on disk"


def test_demo_is_rich_and_small():
    demo = ROOT / "tui" / "demo"
    job = load(demo / "metrics.binproto")
    types = {m.type for m in job.job_level_metrics.metrics}
    assert len(types) == 12
    assert job.events
    assert job.metrics_status == mp.FAIL_BLOCK_METRIC_STATUS
    assert any(d.is_per_category for d in job.metrics_data)
    total = sum(
        p.stat().st_size for p in demo.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    assert total < 300_000


def test_demo_dir_points_at_the_demo():
    from tui.demo import demo_dir

    assert (demo_dir() / "metrics.binproto").is_file()


def test_ids_are_canonical_uuids():
    # make_samples.py assigns name-derived uuid5 ids, so regenerating is byte-stable.
    for path in SAMPLE_FILES:
        if "watch_demo" in path.parts:
            continue  # a plain SDK build: random uuid4 ids, as real builds have
        job = load(path)
        for m in job.job_level_metrics.metrics:
            assert uuid.UUID(m.metric_id.id.data).version == 5, (path, m.name)
