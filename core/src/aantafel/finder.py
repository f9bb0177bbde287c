"""The finder: from a user's own description of a stuck talk to what helps, or an honest "nothing fits".

Every kind with a ``signals`` field takes part (interventions, principles, checks, topics, and any plugin kind
that adds the field); an item with at least one signal can be suggested. Signals are written as people
describe a situation ("ze blijven vaag"), titles as a trainer names it, so signals count most.

The score says how well an item fits the description, on the same scale for every question (never scaled to
the best hit), so that a weak match is never shown as an answer. Each word of the description weighs what it
says: how rare it is in everyday language (``wordlists``: "eigenlijk" says little, "wethouder" a lot) times
how rare it is among the items (a word every item has tells them apart no better than "de"). An item's
evidence (``Features``) is the weight of the words it has (BM25F: fully in its signals and title, less in its
summary and other text), of the words that meet in one of its signals, and the likeness of its closest
signal. ``fit`` turns it into a score from 0 to 1 that grows with the evidence, shrinks when the item explains
little of the description, and shrinks when the shared words are no more typical of negotiating than of
everyday talk ("de printer in het buurthuis is kapot"). When no item reaches ``FITS`` nothing fits; after
one that does, others down to ``ALSO_FITS`` are shown too. The constants were tuned on the tuning corpora
(``tests/core/finder_*.toml``), never on the held-out set (``bench/corpora``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence

from attrs import field, frozen

from aantafel import wordlists
from aantafel.items import Item
from aantafel.search import SearchIndex
from aantafel.text import COMPOUNDING, Analyzer

FINDER_WEIGHTS: Mapping[str, float] = {"title": 2.0, "summary": 2.0, "signals": 4.0, "body": 1.0}
"""bm25 column weights for fetching the candidates that are then scored."""
COLUMN_SHARE: Mapping[str, float] = {"signals": 1.0, "title": 1.0, "summary": 0.3, "body": 0.4}
"""How much a word counts in each column of an item."""
TOGETHER = 1.0
"""Extra weight of the words that meet in one signal, on top of their own."""
LIKE_A_SIGNAL = 0.5
"""Weight of the cosine between the description and the item's closest signal."""
SCALE = 1.5
"""Evidence of 1.5 gives 63 % of the score an item can reach."""
COVERAGE_POWER = 0.5
"""An item explaining a quarter of the description's weight keeps half its score."""
TYPICAL_SCALE = 2.0
"""Shared words used 100 times more often in the items than in everyday language keep 63 % of the score."""
FITS = 0.25
"""The least score of a first suggestion: when no item reaches it, nothing fits and nothing is shown."""
ALSO_FITS = 0.1
"""The least score of the suggestions after a first that fits: close enough to be worth a look."""
COMMON_ZIPF, RARE_ZIPF = 7.0, 4.0
"""A word as common as "niet" (Zipf 7) weighs nothing; one as rare as "vaag" (Zipf 4) or rarer weighs fully;
in between the weight grows evenly ("steeds", Zipf 5.8: 0.4)."""
FILLER_ZIPF = 5.8
"""Words at least as common as "steeds", "keer" or "still" are filler: never shown as the reason for a
suggestion, whatever little weight they add."""
TYPO_SHARE = 0.8
"""A corrected typo counts a little less than the word typed right: the correction may be wrong."""
PART_SHARE = 0.8
"""So does a word met as the end of a longer one ("omheen" in "eromheen")."""
SHORTEST_ENDING = 5
RARE_WORD_ZIPF, NO_WORD_ZIPF = 2.5, 1.5
"""How common to take a real word that is not in the small list, and a typo, when comparing with the items."""
SIGNALS_REMEMBERED, ITEMS_REMEMBERED = 65536, 8192
"""Weighed signals, and items' signals by stem, kept per finder: all of a real library's, the busiest of a
very large one."""
CANDIDATES = 20
"""How many items FTS5's bm25 fetches to be scored: all of a real library's, a few of 100,000."""
K1, B = 1.2, 0.3
"""BM25's saturation (its usual value) and a mild length normalisation: an item with many signals is not
punished much for having them."""


@frozen
class Term:
    """A word of the description: as written (folded), the indexed stems it stands for, and its weight."""

    word: str
    stems: tuple[str, ...]
    weight: float


@frozen
class Features:
    """What a suggestion's score is made of.

    ``words``: the weight of the description's words the item has (BM25F over its columns); ``together``: the
    weight of the words that meet in one of its signals; ``closest``: the cosine of the description and its
    closest signal; ``coverage``: the share of the description's weight the item explains; ``typical``: how
    much more often the words it has are used in the items than in everyday language (log10 of the ratio,
    summed), which tells a talk about negotiating from a sentence that happens to share a word ("de printer
    in het buurthuis is kapot").
    """

    words: float
    together: float
    closest: float
    coverage: float
    typical: float


@frozen
class Candidate:
    """An item that shares a word with a description, before it is scored: what ``fit`` needs, and what the
    reasons quote."""

    item: Item
    features: Features
    matched: tuple[Term, ...]
    in_signals: tuple[str, ...]


def fit(features: Features) -> float:
    """How well an item fits, from 0 to 1, the same for every question: the evidence saturates (a second
    strong word adds less than the first); an item that explains little of the description, or shares only
    words no more typical of negotiating than of everyday talk, is scaled down."""
    evidence = features.words + TOGETHER * features.together + LIKE_A_SIGNAL * features.closest
    typical = 1.0 - math.exp(-features.typical / TYPICAL_SCALE)
    return (1.0 - math.exp(-evidence / SCALE)) * math.pow(features.coverage, COVERAGE_POWER) * typical


def _unit_interval(_instance: object, _attribute: object, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"score must lie between 0 and 1, got {value}")


@frozen(kw_only=True)
class Suggestion:
    """An item that fits a situation.

    ``score`` lies between 0 and 1 and means the same for every question: from ``FITS`` up, the item fits.
    ``reasons`` are short texts a user reads to see why it was suggested.
    """

    item: Item
    score: float = field(validator=_unit_interval)
    reasons: tuple[str, ...] = ()


def candidates(items: Iterable[Item]) -> list[Item]:
    """The items the finder may suggest: those of a kind with a ``signals`` field that have a signal."""
    return [item for item in items if signals(item)]


def signals(item: Item) -> tuple[str, ...]:
    """The item's signals, or none for a kind without them."""
    value = getattr(item, "signals", ())
    return value if isinstance(value, tuple) else ()


class Finder:
    """The finder over one language's items. Safe to share between threads: it fills its caches on first
    use, and two threads filling one at once only do the same work twice."""

    def __init__(self, items: Sequence[Item], language: str) -> None:
        self.language = language
        self.index = SearchIndex(candidates(items), Analyzer(language))
        self.problem = ""
        """Why the word lists could not be used, if so: the finder then weighs every word the same."""
        try:
            self._known = wordlists.available(language)
        except wordlists.WordListError as exc:
            self.problem, self._known = str(exc), False
        self._compounds = language in COMPOUNDING
        self._vector = functools.lru_cache(maxsize=SIGNALS_REMEMBERED)(self._weigh_signal)
        self._by_stem = functools.lru_cache(maxsize=ITEMS_REMEMBERED)(self._index_signals)
        self._endings: dict[str, tuple[str, ...]] | None = None
        self._tokens = sum(self.index.occurrences.values())

    def weight(self, word: str) -> float:
        """How much a (folded) word says: 0 for everyday filler, 1 for a rare word or one not in the list."""
        if not self._known:
            return 1.0
        zipf = wordlists.zipf(self.language, word)
        if zipf == 0.0:
            return 1.0
        return min(1.0, max(0.0, (COMMON_ZIPF - zipf) / (COMMON_ZIPF - RARE_ZIPF)))

    def filler(self, word: str) -> bool:
        """Whether a (folded) word is too common to show as evidence."""
        return self._known and wordlists.zipf(self.language, word) >= FILLER_ZIPF

    def terms(self, situation: str) -> list[Term]:
        """The description's words, each with the stems it meets in the items and its weight.

        A word no item has is split when it is a compound of words the items have ("huurkorting"), and
        corrected only when it is not a real word ("afsprakn", not "moestuin").
        """
        analyzer, vocabulary = self.index.analyzer, self.index.frequency
        terms: dict[str, Term] = {}
        for word in analyzer.words(situation):
            if word in terms:
                continue
            stem = analyzer.stem(word)
            if stem in vocabulary:
                terms[word] = Term(word, (stem,), self.weight(word))
                continue
            common = self._known and wordlists.zipf(self.language, word) > 0  # "lekker" is not "lek" + "ker"
            parts = self._parts(word) if self._compounds and not common else ()
            if parts:
                for part in parts:
                    terms.setdefault(part, Term(part, (analyzer.stem(part),), self.weight(part)))
            elif self._known and wordlists.is_word(self.language, word):
                terms[word] = Term(word, self._ending_in(stem), self.weight(word) * PART_SHARE)
            else:
                near = self.index.expand(stem) or self._ending_in(stem)
                terms[word] = Term(word, near, self.weight(word) * TYPO_SHARE)
        return list(terms.values())

    def _ending_in(self, stem: str) -> tuple[str, ...]:
        """The items' words that end in this one, for a word written without its first part: "omheen" for
        "eromheen", "verhoging" for "huurverhoging". Only for languages that write compounds as one word."""
        if not self._compounds or len(stem) < SHORTEST_ENDING:
            return ()
        if self._endings is None:
            endings: dict[str, list[str]] = {}
            for known in self.index.frequency:
                for start in range(1, len(known) - SHORTEST_ENDING + 1):
                    endings.setdefault(known[start:], []).append(known)
            self._endings = {ending: tuple(sorted(words)[:3]) for ending, words in endings.items()}
        return self._endings.get(stem, ())

    def _parts(self, word: str) -> tuple[str, ...]:
        """The two words a compound is made of, at least one of them known to the items and both real words
        (a linking s or e between them is dropped: "subsidieaanvraag", "vrijwilligersuren"). The second
        part, which carries the meaning in Dutch, has at least four letters."""
        analyzer, vocabulary = self.index.analyzer, self.index.frequency
        best: tuple[str, ...] = ()
        for cut in range(3, len(word) - 3):
            head, tail = word[:cut], word[cut:]
            for left in (head, head[:-1]) if head[-1] in "se" else (head,):
                if len(left) < 3 or not self._real(left) or not self._real(tail):
                    continue
                if analyzer.stem(left) in vocabulary or analyzer.stem(tail) in vocabulary:
                    parts = (left, tail)
                    if not best or min(map(len, parts)) > min(map(len, best)):
                        best = parts
        return best

    def _real(self, word: str) -> bool:
        return (self._known and wordlists.is_word(self.language, word)) or (
            self.index.analyzer.stem(word) in self.index.frequency
        )

    def suggest(self, situation: str, limit: int = 5) -> list[Suggestion]:
        """The items that may fit ``situation``, best first (``Library.suggest`` keeps those that fit)."""
        suggestions = []
        for candidate in self._weigh(situation):
            score = round(fit(candidate.features), 4)
            if score < ALSO_FITS:
                continue
            reasons = self._reasons(candidate.item, candidate.matched, candidate.in_signals)
            if reasons:  # an item that shares only filler words with the description does not fit it
                suggestions.append(Suggestion(item=candidate.item, score=score, reasons=reasons))
        suggestions.sort(key=lambda s: (-s.score, s.item.id))
        return suggestions[:limit]

    def _weigh(self, situation: str) -> list[Candidate]:
        """The items that share a word with ``situation``, each with what its score is made of."""
        described = [term for term in self.terms(situation) if term.weight > 0]
        terms = [term for term in described if term.stems]
        if not terms:
            return []
        hits = self.index.search(
            {term.word: term.stems for term in terms},
            limit=CANDIDATES,
            weights=FINDER_WEIGHTS,
            by_column=True,
        )
        size = len(self.index.items)
        rarity = {
            term.word: max(math.log1p(size / max(1, self.index.frequency[s])) for s in term.stems)
            / math.log1p(size)
            for term in terms
        }
        by_word = {term.word: term for term in terms}
        wanted = {stem: term.weight * rarity[term.word] for term in terms for stem in term.stems}
        # Words no item has count in the description's size: "nice weather today" is not "nice".
        unknown = [term.weight for term in described if not term.stems]
        length = math.sqrt(sum(value * value for value in [*wanted.values(), *unknown])) or 1.0
        total = sum(wanted.values()) + sum(unknown)
        found = []
        for hit in hits:
            matched = [by_word[word] for word in hit.matched]
            worth = [term.weight * rarity[term.word] * self._saturated(hit.stems, term) for term in matched]
            vectors = self._signals_with(hit.item, wanted)
            together, in_signals = _together(vectors, matched, rarity)
            features = Features(
                words=sum(worth),
                together=together,
                closest=_closest(vectors, wanted) / length,
                coverage=sum(term.weight * rarity[term.word] for term in matched) / total,
                typical=sum(self._typical(term) for term in matched),
            )
            found.append(Candidate(hit.item, features, tuple(matched), in_signals))
        return found

    def _typical(self, term: Term) -> float:
        occurrences = self.index.occurrences
        share = max(occurrences[stem] for stem in term.stems) / (self._tokens or 1)
        if not share:
            return 0.0
        zipf = (self._known and wordlists.zipf(self.language, term.word)) or (
            RARE_WORD_ZIPF if self._known and wordlists.is_word(self.language, term.word) else NO_WORD_ZIPF
        )
        return max(0.0, math.log10(share) - (zipf - 9))

    def _saturated(self, columns: Mapping[str, tuple[str, ...]], term: Term) -> float:
        """How often the item has the word, counted by column and item length (BM25F): 1 for once in a column
        of usual length, growing slowly with more."""
        average = self.index.average_length
        frequency = 0.0
        for column, stems in columns.items():
            found = sum(stems.count(stem) for stem in term.stems)
            if found:
                frequency += COLUMN_SHARE[column] * found / (1 - B + B * len(stems) / (average[column] or 1))
        return frequency * (K1 + 1) / (frequency + K1)

    def _signals_with(self, item: Item, stems: Iterable[str]) -> list[Vector]:
        """The item's weighed signals that have at least one of ``stems``, in the item's order."""
        by_stem = self._by_stem(item)
        found = sorted({position for stem in stems for position in by_stem.get(stem, ())})
        every = signals(item)
        return [self._vector(every[position]) for position in found]

    def _index_signals(self, item: Item) -> dict[str, tuple[int, ...]]:
        """Which of the item's signals have each stem: a description meets few of an item's forty signals,
        and only those need comparing."""
        by_stem: dict[str, list[int]] = {}
        for position, signal in enumerate(signals(item)):
            for stem in self._vector(signal).weights:
                by_stem.setdefault(stem, []).append(position)
        return {stem: tuple(positions) for stem, positions in by_stem.items()}

    def _weigh_signal(self, signal: str) -> Vector:
        """A signal's stems, each weighed as a description's word is; remembered, because signals never
        change and weighing the signals of every candidate again was most of a suggestion's time."""
        analyzer, size = self.index.analyzer, len(self.index.items)
        weights: dict[str, float] = {}
        for word in analyzer.words(signal):
            stem = analyzer.stem(word)
            rarity = math.log1p(size / max(1, self.index.frequency[stem])) / math.log1p(size)
            weights[stem] = max(weights.get(stem, 0.0), self.weight(word) * rarity)
        return Vector(signal, weights, math.sqrt(sum(w * w for w in weights.values())) or 1.0)

    def _reasons(self, item: Item, matched: Sequence[Term], in_signals: Sequence[str]) -> tuple[str, ...]:
        """Up to three signals that share words with the description, quoted with those words, or else the
        words themselves; a filler word is never a reason."""
        shown = [term for term in matched if not self.filler(term.word)]
        scored = []
        for vector in self._signals_with(item, (stem for term in shown for stem in term.stems)):
            signal, stems = vector.signal, vector.weights
            shared = [
                term for term in shown if term.word in in_signals and not stems.keys().isdisjoint(term.stems)
            ]
            if shared:
                scored.append((-sum(term.weight for term in shared), signal, [t.word for t in shared]))
        scored.sort(key=lambda entry: entry[0])
        reasons = [f"“{signal}” ({', '.join(words)})" for _weight, signal, words in scored[:3]]
        if not reasons and shown:
            reasons.append(", ".join(term.word for term in shown))
        return tuple(reasons)


@frozen
class Vector:
    """A signal with its weighed stems, and their length."""

    signal: str
    weights: Mapping[str, float]
    length: float


def _closest(vectors: Sequence[Vector], wanted: Mapping[str, float]) -> float:
    """How close the description comes to the item's closest signal: the cosine of their weighted stems
    (times the description's length, which the caller divides by)."""
    best = 0.0
    for vector in vectors:
        shared = sum(weight * wanted[stem] for stem, weight in vector.weights.items() if stem in wanted)
        best = max(best, shared / vector.length)
    return best


def _together(
    vectors: Sequence[Vector], matched: Sequence[Term], rarity: Mapping[str, float]
) -> tuple[float, tuple[str, ...]]:
    """The weight of the matched words that meet in the item's best signal (0 when no signal has two), and
    every matched word that is in some signal."""
    best, in_signals = 0.0, set[str]()
    for vector in vectors:
        meeting = [term for term in matched if not vector.weights.keys().isdisjoint(term.stems)]
        in_signals.update(term.word for term in meeting)
        if len(meeting) > 1:
            best = max(best, sum(term.weight * rarity[term.word] for term in meeting))
    return best, tuple(sorted(in_signals))
