"""Emissions that merge into one job: a second run appended to the file, and files of
one job whose rows of a topic overlap in time, are each warned once, located. Files
are written by the official Emitter, which appends as it does in a real run."""

from __future__ import annotations

from pathlib import Path

from tests.m2_corpus import emit, write_config
from tui.formats.metrics2.preview import Preview, preview

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
  heading:
    schema:
      deg: float
"""


def _config(folder: Path) -> Path:
    return write_config(folder, CONFIG)


def _run(config: Path, output: Path, start_s: int, *, heading: bool = True) -> None:
    rows = []
    for i in range(5):
        t = (start_s + i) * 1_000_000_000
        rows.append(("speed", {"v": float(i)}, t))
        if heading:
            rows.append(("heading", {"deg": 90.0}, t))
    emit(config, output, rows)


def _warned(out: Preview, rule: str) -> list[tuple[str, int | None, str]]:
    return [
        (p.location.name, p.location.index, p.location.field)
        for p in out.problems
        if p.rule == rule
    ]


def test_a_second_run_appended_to_the_file_is_warned_at_its_first_line(tmp_path: Path) -> None:
    config = _config(tmp_path)
    output = tmp_path / "emissions.resim.jsonl"
    _run(config, output, 0)
    assert not _warned(preview(tmp_path, use_cache=False), "emissions-restart")
    _run(config, output, 0)  # the same script again: the Emitter appends
    out = preview(tmp_path, use_cache=False)
    assert _warned(out, "emissions-restart") == [("emissions.resim.jsonl", 11, "speed")]
    (warning,) = [p for p in out.problems if p.rule == "emissions-restart"]
    assert "line 11: topic 'speed' starts over at 0 s after 4 s (so do heading)" in warning.message
    assert warning.severity.name == "WARNING"


def test_files_of_one_job_whose_topic_overlaps_in_time_are_warned(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _run(config, tmp_path / "a.resim.jsonl", 0)
    _run(config, tmp_path / "b.resim.jsonl", 3, heading=False)
    out = preview(tmp_path, use_cache=False)
    assert _warned(out, "emissions-overlap") == [("b.resim.jsonl", None, "speed")]
    (warning,) = [p for p in out.problems if p.rule == "emissions-overlap"]
    assert "in a.resim.jsonl (0 s to 4 s) and in b.resim.jsonl (3 s to 7 s)" in warning.message


def test_files_that_follow_each_other_in_time_say_nothing(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _run(config, tmp_path / "a.resim.jsonl", 0)
    _run(config, tmp_path / "b.resim.jsonl", 5)
    out = preview(tmp_path, use_cache=False)
    assert not _warned(out, "emissions-overlap") and not _warned(out, "emissions-restart")
    assert len(out.emissions[out.jobs[0].job_id].rows["speed"]) == 10


def test_an_old_ndjson_beside_new_files_is_said_to_be_unread(tmp_path: Path) -> None:
    config = _config(tmp_path)
    _run(config, tmp_path / "emissions.resim.jsonl", 0)
    _run(config, tmp_path / "emissions.ndjson", 10)  # the SDK's name before 2025-10-22
    out = preview(tmp_path, use_cache=False)
    assert _warned(out, "emissions-old-name") == [("emissions.ndjson", None, "")]
    assert len(out.emissions[out.jobs[0].job_id].rows["speed"]) == 5  # not read
    (tmp_path / "emissions.resim.jsonl").unlink()
    out = preview(tmp_path, use_cache=False)  # alone, the old name is read: nothing to say
    assert not _warned(out, "emissions-old-name")
    assert len(out.emissions[out.jobs[0].job_id].rows["speed"]) == 5
