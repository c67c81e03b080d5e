"""Config merges: where the SDK's reading and the resim CLI's part, a warning says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.m2_corpus import CORPUS
from tui.formats.metrics2.config import Config, find, load


def _load(root: Path) -> Config:
    return load(find(root, None), root)


def test_an_unknown_top_level_key_is_named_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / ".resim" / "metrics"
    folder.mkdir(parents=True)
    (folder / "config.resim.yml").write_text(
        "version: 1\ntopics:\n  a:\n    schema:\n      v: float\nmetric:\n  Peak:\n    type: test\n"
    )
    config = _load(tmp_path)
    dropped = [p for p in config.problems if p.rule == "merge-dropped-key"]
    assert [(p.location.field, p.location.index, p.severity.name) for p in dropped] == [
        ("metric", 6, "WARNING")
    ]
    assert "the resim CLI drops it" in dropped[0].message
    assert "metrics" in dropped[0].hint  # the key it was likely meant to be is listed


def test_a_config_with_only_known_keys_says_nothing(tmp_path: Path) -> None:
    folder = tmp_path / ".resim" / "metrics"
    folder.mkdir(parents=True)
    (folder / "config.resim.yml").write_text(
        "version: 1\ntopics:\n  a:\n    schema:\n      v: float\n"
    )
    assert not [p for p in _load(tmp_path).problems if p.rule.startswith("merge-")]


@pytest.mark.skipif(not (CORPUS / "g16_two_configs").is_dir(), reason="no ../shared corpus")
def test_global_is_the_clis_and_the_warning_names_the_metrics_it_changed() -> None:
    config = _load(CORPUS / "g16_two_configs")
    notes = [p for p in config.problems if p.rule == "merge-global"]
    assert len(notes) == 1 and notes[0].location.name == ".resim/metrics/config.resim.yaml"
    # expected.json: the CLI adds skip-if-no-data to exactly these
    assert "(here: Top Speed, Mode Share)" in notes[0].message
    assert config.metrics["Top Speed"].skip_if_no_data
    assert not config.metrics["Min Margin"].from_global  # another file's metric
