"""The intervention finder: from a user's own description of a stuck talk to the interventions that fit.

The built-in finder searches the interventions with the signals weighted highest, because signals are written
as people describe the situation ("ze blijven vaag"), while titles name it as a trainer would. Each suggestion
says why it matched by quoting the signals that share words with the description.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from attrs import field, frozen

from aantafel.items import Intervention, Item
from aantafel.search import SearchIndex
from aantafel.text import Analyzer

FINDER_WEIGHTS: Mapping[str, float] = {"title": 2.0, "summary": 2.0, "signals": 4.0, "body": 1.0}


def candidates(items: Iterable[Item]) -> list[Item]:
    """The items the finder may suggest: those of a kind with a ``signals`` field that have a signal."""
    return [item for item in items if signals(item)]


def signals(item: Item) -> tuple[str, ...]:
    """The item's signals, or none for a kind without them."""
    value = getattr(item, "signals", ())
    return value if isinstance(value, tuple) else ()


def _unit_interval(_instance: object, _attribute: object, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"score must lie between 0 and 1, got {value}")


@frozen(kw_only=True)
class Suggestion:
    """An intervention that fits a situation.

    ``score`` lies between 0 and 1 (how well it fits); ``reasons`` are short texts a user reads to see why it
    was suggested.
    """

    item: Intervention
    score: float = field(validator=_unit_interval)
    reasons: tuple[str, ...] = ()


def suggest(index: SearchIndex, situation: str, limit: int = 5) -> list[Suggestion]:
    """Rank the interventions in ``index`` (an index of interventions only) against ``situation``.

    The score multiplies how much of the description an intervention covers (matched words / meaningful
    words) by its bm25 score relative to the best one, so one lucky word never outranks a real fit.
    """
    terms = index.query_terms(situation)
    hits = index.search(terms, limit=limit, weights=FINDER_WEIGHTS)
    if not hits or not terms:
        return []
    best = max(hit.score for hit in hits) or 1.0
    suggestions = []
    for hit in hits:
        if not isinstance(hit.item, Intervention):
            continue
        coverage = len(hit.matched) / len(terms)
        suggestions.append(
            Suggestion(
                item=hit.item,
                score=round(min(1.0, coverage * max(hit.score, 0.0) / best), 4),
                reasons=_reasons(index, hit.item, terms, hit.matched),
            )
        )
    return suggestions


@functools.lru_cache(maxsize=16384)
def _stems(analyzer: Analyzer, signal: str) -> frozenset[str]:
    """A signal's stems, remembered: signals come from packs and never change, and stemming every signal of
    every suggested intervention again was most of a suggestion's time."""
    return frozenset(analyzer.terms(signal))


def _reasons(
    index: SearchIndex,
    item: Intervention,
    terms: Mapping[str, tuple[str, ...]],
    matched: tuple[str, ...],
) -> tuple[str, ...]:
    wanted = {stem: word for word in matched for stem in terms[word]}
    scored = []
    for signal in item.signals:
        shared = sorted({wanted[s] for s in _stems(index.analyzer, signal) if s in wanted})
        if shared:
            scored.append((len(shared), signal, shared))
    scored.sort(key=lambda entry: -entry[0])
    reasons = [f"“{signal}” ({', '.join(shared)})" for _count, signal, shared in scored[:3]]
    if not reasons and matched:
        reasons.append(", ".join(matched))
    return tuple(reasons)
