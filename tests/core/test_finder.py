"""The finder: what it suggests for descriptions written by people who never saw the content, and how it reads
words as people type them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import ClassVar

import pytest
from attrs import field, frozen
from click.testing import CliRunner

from aantafel import Item, Library, load_library
from aantafel.cli import cli
from aantafel.finder import FITS, Finder
from aantafel.hookspecs import hookimpl
from aantafel.text import STOPWORDS, Analyzer
from tests.core.test_hooks import write_pack

ROOT = Path(__file__).resolve().parents[2]

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
    assert suggestions[0].item.to_say()
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def _corpus(path: Path) -> list[tuple[str, str]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cases = data.get("case", []) + data.get("situation", []) + data.get("offtopic", [])
    return [(case.get("language") or case["lang"], case["text"]) for case in cases]


EVERY_TEXT = [
    *_corpus(HERE / "finder_cases.toml"),
    *_corpus(HERE / "finder_holdout.toml"),
    *_corpus(HERE / "finder_scope.toml"),
    *_corpus(ROOT / "bench" / "corpora" / "heldout.toml"),
]


def test_the_evidence_shown_is_never_only_filler_words(library: Library) -> None:
    """Each reason names the words it matched (after a quoted signal, or alone); every one of them is a word
    that says something, over every description of every corpus."""
    shown = 0
    for language, text in EVERY_TEXT:
        finder = library.finder(language)
        for suggestion in library.suggest(text, language):
            assert suggestion.reasons, (text, suggestion.item.id)
            for reason in suggestion.reasons:
                quoted = re.fullmatch(r"“.+” \((.+)\)", reason)
                words = (quoted.group(1) if quoted else reason).split(", ")
                for word in words:
                    assert word not in STOPWORDS[language], (text, reason)
                    assert not finder.filler(word), (text, reason, word)
                shown += 1
    assert shown > len(EVERY_TEXT)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "ik weet het niet meer"),
        ("nl", "hoe gaat het eigenlijk met jullie allemaal?"),
        ("nl", "lekker weer vandaag, zullen we koffie drinken?"),
        ("en", "i don't know anymore"),
        ("en", "good morning everyone, how are you all doing today?"),
    ],
)
def test_filler_and_small_talk_get_nothing_fits(library: Library, language: str, text: str) -> None:
    assert library.suggest(text, language) == []


def test_scores_mean_the_same_for_every_question(library: Library) -> None:
    """Not scaled to the best hit: a rich description fits better than one word, and one word is not 1.0."""
    rich = library.suggest("ze blijven maar vaag en beloven niks, geen datum en geen bedrag", "nl")
    thin = library.suggest("vaag", "nl")
    assert rich[0].item.id == thin[0].item.id == "niet-concreet"
    assert FITS <= thin[0].score < rich[0].score < 1.0


def test_english_contractions_leave_no_fragments() -> None:
    words = Analyzer("en").words("They're nice, but they won't sign and didnt call; the council’s budget")
    assert "re" not in words
    assert words.count("not") == 2
    assert "council" in words
    assert "didnt" not in words


def test_a_typo_is_corrected_but_a_real_word_is_kept(library: Library) -> None:
    finder = library.finder("nl")
    (typo,) = finder.terms("afsprakn")
    assert "afsprak" in typo.stems
    analyzer = finder.index.analyzer
    assert finder.index.expand(analyzer.stem("politiek")) == ("positief",)  # one letter apart, but:
    (real,) = finder.terms("politiek")
    assert real.stems == ()  # a real word no item has is not rewritten into another word


def test_dutch_compounds_meet_their_parts(library: Library) -> None:
    finder = library.finder("nl")
    words = {term.word for term in finder.terms("de huurverlaging van het gymlokaal")}
    assert {"huur", "verlaging"} <= words
    assert "huurverlaging" not in words
    assert finder.index.analyzer.stem("huur") in finder.index.frequency
    assert {term.word for term in finder.terms("lekker")} == {"lekker"}  # a real word is not split


@pytest.mark.parametrize(
    ("corpus", "cases", "top1_share"),
    [("cases", CASES, 0.75), ("holdout", HOLDOUT, 0.75)],
    ids=["cases", "holdout"],
)
def test_finder_ranks_the_right_intervention_for_most_descriptions(
    library: Library, corpus: str, cases: list[dict[str, str]], top1_share: float
) -> None:
    """These older sets expect an intervention; since checks and principles take part too (issue 14) they
    sometimes come first for a description that also fits them, so the bar is a little lower than before
    (0.9 top-3, 0.8 top-1 when only interventions took part)."""
    top1 = top3 = 0
    for case in cases:
        ids = [s.item.id for s in library.suggest(case["text"], case["language"], limit=3)]
        top1 += bool(ids) and ids[0] == case["expect"]
        top3 += case["expect"] in ids
    print(f"finder ({corpus}): top-1 {top1}/{len(cases)}, top-3 {top3}/{len(cases)}")
    assert top3 >= 0.85 * len(cases)
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


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    [
        ("nl", "we weten niet waar we advies of hulp kunnen krijgen", "topic"),
        ("nl", "de ambtenaar mag zelf niks beslissen, alles moet langs de wethouder", None),
        ("en", "they only talk about their position and won't say why", None),
    ],
)
def test_every_kind_that_helps_can_be_suggested(
    library: Library, language: str, text: str, kind: str | None
) -> None:
    found = library.suggest(text, language)
    assert found
    if kind:
        assert found[0].item.kind == kind
    kinds = {item.kind for item in library.finder(language).index.items}
    assert {"intervention", "principle", "check", "topic"} <= kinds


@frozen(kw_only=True)
class Exercise(Item):
    """A plugin's own kind that opts in to the finder by having signals."""

    kind: ClassVar[str] = "exercise"

    steps: str = field()
    signals: tuple[str, ...] = ()


class ExercisePlugin:
    @hookimpl
    def register_item_kinds(self) -> list[type[Item]]:
        return [Exercise]


def test_a_plugin_kind_with_signals_takes_part(tmp_path: Path) -> None:
    folder = write_pack(
        tmp_path / "oefenen",
        """\
        [[item]]
        id = "stilte-oefenen"
        kind = "exercise"
        title = "Stilte laten vallen"
        steps = "Tel tot tien voor je iets zegt."
        signals = ["ik praat de stilte steeds vol", "ik durf niet stil te zijn aan tafel"]
        """,
    )
    library = load_library(packs=[folder], plugins=[("oefenen", ExercisePlugin())], entry_points=False)
    assert library.problems == ()
    found = library.suggest("ik praat elke stilte vol en durf niet stil te zijn", "nl")
    assert [s.item.id for s in found][:1] == ["stilte-oefenen"]
    assert Finder(library.items("nl"), "nl").index.items == (library.get("stilte-oefenen", "nl"),)


def test_a_damaged_word_list_is_named_and_the_finder_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    from aantafel import wordlists

    broken = tmp_path / "data"
    broken.mkdir()
    (broken / "small_nl.msgpack.gz").write_bytes(gzip.compress(b"not a word list"))
    monkeypatch.setattr(wordlists, "_data_folder", lambda: broken)
    caches = (wordlists.frequencies, wordlists.real_word_hashes)
    for cache in caches:
        cache.cache_clear()
    try:
        library = load_library(cache=False)
        found = library.suggest("ze blijven maar vaag en beloven niks", "nl")
        assert found[0].item.id == "niet-concreet"
        (notice,) = library.plugins.records["aantafel"].notices
        assert str(broken / "small_nl.msgpack.gz") in notice
        assert "reinstall wordfreq" in notice
        listed = CliRunner().invoke(cli, ["plugins"], env={"AANTAFEL_CACHE_DIR": str(tmp_path)})
        assert "reinstall wordfreq" in listed.output
    finally:
        for cache in caches:
            cache.cache_clear()  # the real lists again for the tests after this one
