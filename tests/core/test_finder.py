"""The intervention finder against descriptions written by someone who never saw the content."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from aantafel import Library, load_library

HERE = Path(__file__).parent
CASES = tomllib.loads((HERE / "finder_cases.toml").read_text(encoding="utf-8"))["case"]
HOLDOUT = tomllib.loads((HERE / "finder_holdout.toml").read_text(encoding="utf-8"))["case"]
"""Written after the signals were enriched, by someone who saw neither the content nor ``CASES``: the honest
measure of how the finder does on descriptions nobody tuned for."""


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(cache=False)


def _shares_no_title_word(library: Library, text: str, expect: str, language: str) -> bool:
    index = library.index(language)
    title = set(index.analyzer.terms(library.get(expect, language).title))
    return not title & set(index.analyzer.terms(text))


def test_the_example_from_the_issue(library: Library) -> None:
    suggestions = library.suggest("ze blijven maar vaag en beloven niks", "nl")
    assert suggestions[0].item.id == "niet-concreet"
    assert any("vaag" in reason for reason in suggestions[0].reasons)
    assert suggestions[0].item.sentences
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("corpus", "cases", "top1_share"),
    [("cases", CASES, 0.8), ("holdout", HOLDOUT, 0.75)],
    ids=["cases", "holdout"],
)
def test_finder_ranks_the_right_intervention_for_most_descriptions(
    library: Library, corpus: str, cases: list[dict[str, str]], top1_share: float
) -> None:
    top1 = top3 = 0
    for case in cases:
        ids = [s.item.id for s in library.suggest(case["text"], case["language"], limit=3)]
        top1 += bool(ids) and ids[0] == case["expect"]
        top3 += case["expect"] in ids
    print(f"finder ({corpus}): top-1 {top1}/{len(cases)}, top-3 {top3}/{len(cases)}")
    assert top3 >= 0.9 * len(cases)
    assert top1 >= top1_share * len(cases)


def test_finder_works_for_descriptions_that_share_no_word_with_the_title(library: Library) -> None:
    unrelated = [
        c for c in CASES + HOLDOUT if _shares_no_title_word(library, c["text"], c["expect"], c["language"])
    ]
    assert len(unrelated) >= 20
    found = sum(
        c["expect"] in [s.item.id for s in library.suggest(c["text"], c["language"], limit=3)]
        for c in unrelated
    )
    assert found >= 0.85 * len(unrelated)


def test_a_description_with_nothing_to_go_on_gets_no_suggestion(library: Library) -> None:
    assert library.suggest("", "nl") == []
    assert library.suggest("xyzzy plugh", "nl") == []
