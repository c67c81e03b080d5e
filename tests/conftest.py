"""Shared fixtures: the project's samples and the shared corpora (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
CONFORMANCE = SHARED / "corpus" / "conformance"
BAD = SHARED / "corpus" / "bad"


def conformance_cases() -> list[Path]:
    """Folders of the conformance corpus, or [] when ../shared is absent."""
    if not CONFORMANCE.is_dir():
        return []
    return sorted(p.parent for p in CONFORMANCE.glob("*/expected.json"))


def bad_cases() -> list[dict]:
    """Entries of the bad-input corpus's cases.json, or [] when absent."""
    index = BAD / "cases.json"
    if not index.is_file():
        return []
    return json.loads(index.read_text())["cases"]


def sample_dirs() -> list[Path]:
    return sorted(p.parent for p in SAMPLES.glob("*/metrics.binproto"))


def needs(paths: list, what: str) -> list:
    """Parametrize over ``paths``, or one skipped case saying what is missing."""
    return paths or [pytest.param(None, marks=pytest.mark.skip(reason=f"{what} not found"))]
