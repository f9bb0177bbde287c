"""Search as a Dutch speaker types: word forms match, typos are forgiven, unrelated stems are not."""

from __future__ import annotations

import pytest

from aantafel import Library, load_library
from aantafel.search import item_text
from aantafel.text import Analyzer


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(cache=False)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("onderhandelen", "onderhandeling"),
        ("afspraak", "afspraken"),
        ("gemeente", "gemeenten"),
        ("belang", "belangen"),
    ],
)
def test_dutch_word_forms_share_a_stem(one: str, other: str) -> None:
    analyzer = Analyzer("nl")
    assert analyzer.terms(one) == analyzer.terms(other)


def test_gemeente_and_menen_do_not_share_a_stem() -> None:
    analyzer = Analyzer("nl")
    assert analyzer.terms("gemeente") != analyzer.terms("menen")


@pytest.mark.parametrize(("one", "other"), [("onderhandelen", "onderhandeling"), ("afspraak", "afspraken")])
def test_word_forms_find_the_same_items(library: Library, one: str, other: str) -> None:
    first = [hit.item.id for hit in library.search(one, "nl")]
    second = [hit.item.id for hit in library.search(other, "nl")]
    assert first
    assert first == second


def test_a_typo_still_finds_agreements(library: Library) -> None:
    exact = {hit.item.id for hit in library.search("afspraken", "nl", limit=5)}
    typo = {hit.item.id for hit in library.search("afsprakn", "nl", limit=5)}
    assert typo & exact
    assert library.search("afsprakn", "nl")[0].matched == ("afsprakn",)


def test_menen_finds_only_items_that_say_menen(library: Library) -> None:
    index = library.index("nl")
    assert "gemeent" not in index.query_terms("menen")["menen"]
    stem = index.analyzer.stem("menen")
    for hit in library.search("menen", "nl", limit=50):
        assert stem in index.analyzer.terms(" ".join(item_text(hit.item).values()))
    assert library.search("gemeente", "nl")


def test_title_words_rank_first(library: Library) -> None:
    hits = library.search("grenzen", "nl")
    assert hits[0].item.id == "grenzen"


def test_english_search_uses_english_stems(library: Library) -> None:
    hits = library.search("agreement", "en")
    assert hits
    assert all(hit.item is library.get(hit.item.id, "en") for hit in hits)


def test_kind_filter_and_limit(library: Library) -> None:
    hits = library.search("afspraken", "nl", kind="principle", limit=2)
    assert 0 < len(hits) <= 2
    assert {hit.item.kind for hit in hits} == {"principle"}


def test_a_query_of_only_filler_words_finds_nothing(library: Library) -> None:
    assert library.search("de het een", "nl") == []
    assert library.search("zzzqqq", "nl") == []
