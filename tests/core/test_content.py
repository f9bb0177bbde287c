"""The base packs: complete, translated, faithful to the seed article, and easy to read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from aantafel import Library, load_library

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import readability  # noqa: E402 - lives in bench/ so that bench/run prints the same figures

# Every point of the seed article (../shared/seed/) and the item that covers it.
SEED_POINTS = {
    "what negotiating is: proposals, counter-proposals, benefits and burdens, several talks": "onderhandelen",
    "check: can the people at the table make binding agreements": "bindende-afspraken",
    "check: what is the goal of our talks": "doel-van-het-gesprek",
    "check: raise emotions from the previous talk": "emoties-vorig-gesprek",
    "check: which limits do I set on the outcome": "grenzen",
    "principle: separate content and relationship": "inhoud-en-relatie",
    "principle: expectations on the table (who directs, goals, steps)": "verwachtingen-op-tafel",
    "principle: facts and the sources behind them, e.g. on price": "feiten-en-bronnen",
    "principle: interests, not positions": "belangen-niet-posities",
    "principle: invent options together and decide together": "samen-opties-bedenken",
    "principle: balance what you give and get": "geven-en-nemen",
    "intervene: step in when talks are stiff": "ingrijpen",
    "intervene: they do not get concrete (what holds you back)": "niet-concreet",
    "intervene: they do not see how important it is for you": "belang-niet-gezien",
    "intervene: they wait and see (not important to you?)": "afwachtend",
    "intervene: the pilot questions": "pilot-afspreken",
    "intervene: turn enthusiasm into concrete agreements": "enthousiasme-omzetten",
    "intervene: the person at the table cannot decide (binding agreements)": "mag-niet-beslissen",
    "intervene: agreements from last time were not kept (expectations)": "afspraak-niet-nagekomen",
    "intervene: a finished plan, take it or leave it (options together)": "neem-het-of-laat-het",
    "intervene: the give and take feels one-sided (balance)": "geven-zonder-krijgen",
    "intervene: the mood of the last talk still hangs there (emotions, relationship)": "sfeer-vorige-keer",
    "intervene: our own side does not agree on what we want (goal, limits)": "eigen-kant-oneens",
    "where to get more help": "meer-hulp",
}
EXPECTED_KINDS = {
    "bindende-afspraken": "check",
    "inhoud-en-relatie": "principle",
    "niet-concreet": "intervention",
    "onderhandelen": "topic",
}


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(strict=True, cache=False)


def test_every_installed_pack_loads_without_problems_in_strict_mode(library: Library) -> None:
    assert library.problems == ()
    assert library.plugins.failures() == []
    assert {pack.info.label for pack in library.packs} >= {"basis (nl)", "basis (en)"}


def test_dutch_and_english_have_exactly_the_same_ids_in_the_same_order(library: Library) -> None:
    dutch = [item.id for item in library.items("nl")]
    english = [item.id for item in library.items("en")]
    assert dutch == english
    assert len(dutch) >= 18


def test_translations_keep_kind_and_list_lengths(library: Library) -> None:
    for dutch in library.items("nl"):
        english = library.get(dutch.id, "en")
        assert type(english) is type(dutch), dutch.id
        assert english.related == dutch.related, dutch.id
        for name in ("signals", "sentences", "questions"):
            assert len(getattr(english, name, ())) == len(getattr(dutch, name, ())), (dutch.id, name)


@pytest.mark.parametrize(("point", "item_id"), SEED_POINTS.items())
def test_each_point_of_the_seed_maps_to_an_item(library: Library, point: str, item_id: str) -> None:
    for language in ("nl", "en"):
        assert library.find(item_id, language) is not None, point


def test_the_seed_has_four_checks_six_principles_and_its_interventions(library: Library) -> None:
    kinds = [item.kind for item in library.items("nl")]
    assert kinds.count("check") == 4
    assert kinds.count("principle") == 6
    assert kinds.count("intervention") >= 5
    for item_id, kind in EXPECTED_KINDS.items():
        assert library.get(item_id, "nl").kind == kind


def test_interventions_have_enough_signals_and_sentences_for_the_finder(library: Library) -> None:
    from aantafel import Intervention

    for item in library.items("nl", "intervention"):
        assert isinstance(item, Intervention)
        assert len(item.signals) >= 10, item.id
        assert len(item.sentences) >= 3, item.id
        assert item.next_steps, item.id


def test_dutch_pack_reads_at_least_as_easily_as_the_seed() -> None:
    ease, per_sentence, words = readability.figures(readability.pack_text(readability.DUTCH_PACK))
    print(f"Dutch pack: Flesch-Douma {ease:.1f}, {per_sentence:.1f} words/sentence, {words} words")
    assert ease >= 65
    assert per_sentence <= 12
    assert words >= 800
