"""How well the finder answers, per corpus and language, next to a TF-IDF baseline measured in the same run.

Corpora: ``tests/core/finder_cases.toml`` and ``finder_holdout.toml`` (interventions only, the older sets),
``tests/core/finder_scope.toml`` (every kind), ``bench/corpora/dev.toml`` (every kind, written from the
source article alone) are the sets tuning may use; ``bench/corpora/heldout.toml`` (every kind, written from
the source article alone before the finder was changed) is never tuned on. Each ``*_answers.toml`` says
which items answer each point of its set. A case counts as top-1 when the first suggestion is one of its
expected items, as top-3 when one of the first three is. Off-topic sentences count when the finder says
nothing fits (no suggestion).

The baseline is scikit-learn's ``TfidfVectorizer`` with its defaults over the same items' text (every text
field, as the search index sees it), ranked by cosine similarity: what anyone would try first.

Run: bench/run --only finder        (or: uv run python bench/finder.py)
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from aantafel import Library

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "core"
CORPORA = ROOT / "bench" / "corpora"


class Case(NamedTuple):
    language: str
    text: str
    expect: frozenset[str]


class Corpus(NamedTuple):
    name: str
    cases: list[Case]
    offtopic: list[tuple[str, str]]  # (language, text)


def _read(path: Path) -> dict[str, list[dict[str, object]]]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _cases(path: Path) -> Corpus:
    data = _read(path)
    cases = []
    for case in data.get("case", []):
        expect = case["expect"]
        ids = [expect] if isinstance(expect, str) else [str(entry) for entry in expect]  # type: ignore[attr-defined]
        cases.append(Case(str(case["language"]), str(case["text"]), frozenset(ids)))
    offtopic = [(str(o["language"]), str(o["text"])) for o in data.get("offtopic", [])]
    return Corpus(path.stem.removeprefix("finder_"), cases, offtopic)


def _from_the_article(name: str, file: str, key: str) -> Corpus:
    """A set written from the source article alone: each situation names the article's point it needs
    (``key``), and ``FILE_answers.toml`` says which items answer each point."""
    data = _read(CORPORA / f"{file}.toml")
    answers = tomllib.loads((CORPORA / f"{file}_answers.toml").read_text(encoding="utf-8"))["answers"]
    cases = [Case(str(s["lang"]), str(s["text"]), frozenset(answers[s[key]])) for s in data["situation"]]
    offtopic = [(str(o["lang"]), str(o["text"])) for o in data["offtopic"]]
    return Corpus(name, cases, offtopic)


def corpora() -> list[Corpus]:
    """Every corpus there is, the held-out set last."""
    return [
        *(_cases(TESTS / f"finder_{name}.toml") for name in ("cases", "holdout", "scope")),
        _from_the_article("dev", "dev", "point"),
        _from_the_article("held-out", "heldout", "idea"),
    ]


Ranker = Callable[[str], list[str]]


def finder_ranker(library: Library, language: str) -> Ranker:
    return lambda text: [s.item.id for s in library.suggest(text, language, limit=3)]


def tfidf_ranker(library: Library, language: str) -> Ranker:
    """Cosine similarity of TF-IDF vectors over the items the finder may suggest; a zero similarity is no
    answer, so that its "nothing fits" can be counted too."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    from aantafel.finder import candidates
    from aantafel.search import item_text

    items = candidates(library.items(language))
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(["\n".join(item_text(item).values()) for item in items])

    def rank(text: str) -> list[str]:
        similarity = (matrix @ vectorizer.transform([text]).T).toarray().ravel()
        order = sorted(range(len(items)), key=lambda i: -similarity[i])
        return [items[i].id for i in order[:3] if similarity[i] > 0]

    return rank


class Score(NamedTuple):
    cases: int
    top1: int
    top3: int
    offtopic: int
    nothing_fits: int

    def line(self) -> str:
        def share(part: int, whole: int) -> str:
            return f"{100 * part / whole:3.0f} %" if whole else "   -"

        return (
            f"top-1 {share(self.top1, self.cases)}  top-3 {share(self.top3, self.cases)}  "
            f"({self.cases:2} cases)  nothing fits on off-topic {share(self.nothing_fits, self.offtopic)}"
            f" ({self.offtopic})"
        )


def score(corpus: Corpus, language: str, rank: Ranker, *, misses: list[str] | None = None) -> Score:
    cases = [case for case in corpus.cases if case.language == language]
    top1 = top3 = 0
    for case in cases:
        ids = rank(case.text)
        top1 += bool(ids) and ids[0] in case.expect
        top3 += bool(case.expect.intersection(ids))
        if misses is not None and not (ids and ids[0] in case.expect):
            misses.append(f"{corpus.name} {language}: {case.text!r} -> {ids} (want {sorted(case.expect)})")
    offtopic = [text for lang, text in corpus.offtopic if lang == language]
    silent = sum(not rank(text) for text in offtopic)
    return Score(len(cases), top1, top3, len(offtopic), silent)


class Figures(NamedTuple):
    corpus: str
    language: str
    finder: Score
    tfidf: Score


def figures(misses: list[str] | None = None) -> list[Figures]:
    """The finder and the baseline on every corpus, per language, with the installed base packs. ``misses``
    collects the finder's misses on the sets tuning may use, never on the held-out set."""
    from aantafel import load_library

    library = load_library(cache=False)
    results = []
    for language in ("nl", "en"):
        finder, tfidf = finder_ranker(library, language), tfidf_ranker(library, language)
        for corpus in corpora():
            results.append(
                Figures(
                    corpus.name,
                    language,
                    score(corpus, language, finder, misses=None if corpus.name == "held-out" else misses),
                    score(corpus, language, tfidf),
                )
            )
    return results


def main() -> None:
    import sys

    misses: list[str] | None = [] if "--misses" in sys.argv else None
    for found in figures(misses):
        print(f"{found.corpus:>9} {found.language}  finder {found.finder.line()}")
        print(f"{'':>12}  tf-idf {found.tfidf.line()}")
    for miss in misses or ():
        print(miss)


if __name__ == "__main__":
    main()
