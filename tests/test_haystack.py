"""The vectorised filter finds exactly what ``needle in text`` finds, text by text."""

from __future__ import annotations

import numpy as np
import pytest

from tui.text.haystack import SEP, Haystack

TEXTS = [
    "signal 00001",
    "",
    f"speed{SEP}double over time{SEP}passed{SEP}robot=r2",
    "größe ärger",
    "İstanbul".lower(),  # lowering makes it longer: offsets are in bytes, not characters
    "\ud800 lone surrogate",
    "ss",
    "s",
    "abcabcabd",
    "日本語のメトリック",
]


@pytest.mark.parametrize(
    "needle",
    [
        "s",
        "ss",
        "sig",
        "signal 00001",
        "ä",
        "ärger",
        "i̇s",
        "abd",
        "cab",
        "メト",
        "robot=r2",
        "passed",
        "d",
        "zz",
        "\ud800",
        "signal 000011",
        "e",
        "日本語のメトリックx",
    ],
)
def test_matches_are_those_of_a_substring_test(needle: str) -> None:
    hay = Haystack(TEXTS)
    expected = [any(needle in field for field in text.split(SEP)) for text in TEXTS]
    assert hay.matching(needle).tolist() == expected


def test_no_match_spans_two_texts_or_two_fields() -> None:
    hay = Haystack(["ab", "cd", f"ef{SEP}gh"])
    assert not hay.matching("bc").any()
    assert not hay.matching("fg").any()
    assert hay.matching("gh").tolist() == [False, False, True]


def test_an_empty_needle_matches_all_and_an_empty_haystack_nothing() -> None:
    assert Haystack(["a", "b"]).matching("").all()
    assert Haystack([]).matching("a").tolist() == []
    assert Haystack([""]).matching("a").tolist() == [False]


def test_a_needle_holding_the_separator_is_refused() -> None:
    with pytest.raises(ValueError):
        Haystack(["a"]).matching(f"a{SEP}b")


def test_random_texts_agree_with_python() -> None:
    rng = np.random.default_rng(7)
    alphabet = list("abcé ")
    texts = ["".join(rng.choice(alphabet, rng.integers(0, 12))) for _ in range(500)]
    hay = Haystack(texts)
    for needle in ["a", "ab", "é", "é a", "cc", "abc", " "]:
        assert hay.matching(needle).tolist() == [needle in t for t in texts], needle
