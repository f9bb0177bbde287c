"""Full-text search over one language's items: SQLite FTS5 with bm25 ranking over our own Dutch stems.

FTS5 does the part that must be fast (posting lists, bm25 top-k in C: under a millisecond over 100,000
items); this module does the language: it stores and queries stems from ``Analyzer``, so FTS5's own tokenizer
only splits on spaces. A query word that is in no item is matched to the nearest words of the vocabulary
within one or two typing mistakes, so "afsprakn" finds "afspraken".
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import cast

import attrs
from attrs import fields, frozen
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from aantafel.items import Item
from aantafel.text import Analyzer

COLUMNS = ("title", "summary", "signals", "body")
SEARCH_WEIGHTS: Mapping[str, float] = {"title": 6.0, "summary": 3.0, "signals": 2.0, "body": 1.0}
"""bm25 weight per column: a word in the title says more about an item than the same word in its body."""

_NOT_TEXT = frozenset({"id", "related", "tags"})

COMMON_SHARE = 0.05
COMMON_MINIMUM = 1000
"""In a large library, a query word found in more than 5% of the items (and in over 1,000) is left out of the
ranking when the query has rarer words. Such a word costs most of a query's time, because bm25 scores every
item that has it, and changes little of the order. A library of real packs (a few hundred items) never gets
there: there every word counts."""


def item_text(item: Item) -> dict[str, str]:
    """An item's searchable text by column; any text field a plugin kind adds lands in ``body``."""
    columns = dict.fromkeys(COLUMNS, "")
    for attribute in fields(type(item)):
        if attribute.name in _NOT_TEXT:
            continue
        value = getattr(item, attribute.name)
        if isinstance(value, str):
            text = value
        elif isinstance(value, tuple):
            text = "\n".join(_flatten(value))
        else:
            continue
        column = attribute.name if attribute.name in columns else "body"
        columns[column] = f"{columns[column]}\n{text}" if columns[column] else text
    return columns


def _flatten(values: Iterable[object]) -> Iterable[str]:
    for value in values:
        if isinstance(value, str):
            yield value
        elif attrs.has(type(value)):
            record = cast("attrs.AttrsInstance", value)
            yield from (v for v in attrs.astuple(record, recurse=False) if isinstance(v, str))


@frozen
class Hit:
    """One search result: the item, its bm25 score (higher is better), the query words that matched, and for
    each of those the columns it is in."""

    item: Item
    score: float
    matched: tuple[str, ...]
    stems: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    """The item's stems in each column, in order, with repeats (when asked for)."""


class SearchIndex:
    """An in-memory FTS5 index of one language's items. Safe to share between threads."""

    def __init__(self, items: Sequence[Item], analyzer: Analyzer) -> None:
        self.items = tuple(items)
        self.analyzer = analyzer
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            f"CREATE VIRTUAL TABLE docs USING fts5({', '.join(COLUMNS)}, kind UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
        frequency: Counter[str] = Counter()
        lengths = dict.fromkeys(COLUMNS, 0)
        occurrences: Counter[str] = Counter()

        def rows() -> Iterable[tuple[object, ...]]:
            for rowid, item in enumerate(self.items):
                text = item_text(item)
                columns = [analyzer.terms(text[column]) for column in COLUMNS]
                frequency.update(set().union(*columns))
                for column, stems in zip(COLUMNS, columns, strict=True):
                    lengths[column] += len(stems)
                    occurrences.update(stems)
                yield (rowid, *(" ".join(stems) for stems in columns), item.kind)

        self._db.executemany(
            f"INSERT INTO docs (rowid, {', '.join(COLUMNS)}, kind) VALUES (?, ?, ?, ?, ?, ?)",
            rows(),
        )
        self.frequency = frequency
        """In how many items each stem occurs."""
        self.occurrences = occurrences
        """How often each stem occurs in all items together."""
        self.average_length = {column: total / max(1, len(self.items)) for column, total in lengths.items()}
        """How many stems an item has in each column, on average."""
        # Stems by length and first letter, and by length and last letter: where a misspelt word's match is.
        self._by_start: dict[tuple[int, str], list[str]] = {}
        self._by_end: dict[tuple[int, str], list[str]] = {}
        for stem in frequency:
            self._by_start.setdefault((len(stem), stem[0]), []).append(stem)
            self._by_end.setdefault((len(stem), stem[-1]), []).append(stem)
        self._common = max(COMMON_MINIMUM, COMMON_SHARE * len(self.items))

    def expand(self, stem: str) -> tuple[str, ...]:
        """The stem itself when some item has it, else the vocabulary's stems within a typo or two."""
        if stem in self.frequency:
            return (stem,)
        if len(stem) < 5:
            return ()  # short words have too many neighbours: "home" is one letter from "come"
        limit = 1 if len(stem) < 8 else 2
        # Within `limit` edits a word keeps its length give or take `limit`; and a typo or two almost never
        # touches both ends of a word, so comparing the stems that share the first or the last letter will do.
        found: dict[str, float] = {}
        for length in range(len(stem) - limit, len(stem) + limit + 1):
            for bucket in (self._by_start.get((length, stem[0])), self._by_end.get((length, stem[-1]))):
                for match, distance, _index in process.extract(
                    stem, bucket or (), scorer=Levenshtein.distance, score_cutoff=limit, limit=3
                ):
                    found[match] = distance
        closest = min(found.values(), default=0)
        return tuple(sorted(match for match, distance in found.items() if distance == closest)[:3])

    def query_terms(self, query: str) -> dict[str, tuple[str, ...]]:
        """Each meaningful query word with the indexed stems it stands for (empty when none)."""
        terms: dict[str, tuple[str, ...]] = {}
        for word in self.analyzer.words(query):
            if word not in terms:
                terms[word] = self.expand(self.analyzer.stem(word))
        return terms

    def search(
        self,
        query: str | Mapping[str, tuple[str, ...]],
        *,
        kind: str | None = None,
        limit: int = 10,
        weights: Mapping[str, float] = SEARCH_WEIGHTS,
        by_column: bool = False,
    ) -> list[Hit]:
        """Items that share a word with ``query``, best first; an empty list when nothing matches.

        ``query`` is the text as typed, or what ``query_terms`` made of it when the caller has that already.
        With ``by_column`` each hit also has its stems by column (``Hit.stems``), which the finder scores.
        """
        terms = self.query_terms(query) if isinstance(query, str) else query
        stems = sorted({stem for alternatives in terms.values() for stem in alternatives})
        if not stems or limit < 1:
            return []
        rare = [stem for stem in stems if self.frequency[stem] <= self._common]
        stems = rare or stems
        match = " OR ".join(f'"{stem}"' for stem in stems)
        rank = f"bm25(docs, {', '.join(str(weights[c]) for c in COLUMNS)})"
        sql = f"SELECT rowid, {rank} AS rank FROM docs WHERE docs MATCH ?"
        parameters: list[object] = [match]
        if kind is not None:
            sql += " AND kind = ?"
            parameters.append(kind)
        sql += " ORDER BY rank LIMIT ?"
        parameters.append(limit)
        with self._lock:
            ranked = self._db.execute(sql, parameters).fetchall()
            # The index holds each item's stems as text: fetching the hits' rows by rowid (no second MATCH)
            # tells which query words each one has, and where, without analysing its text again.
            stored = {
                rowid: columns
                for rowid, *columns in self._db.execute(
                    f"SELECT rowid, {', '.join(COLUMNS)} FROM docs "
                    f"WHERE rowid IN ({', '.join('?' * len(ranked))})",
                    [rowid for rowid, _rank in ranked],
                )
            }
        hits = []
        for rowid, rank in ranked:
            texts = stored[rowid]
            present = set(" ".join(texts).split())
            matched = tuple(word for word, alts in terms.items() if present.intersection(alts))
            columns = {c: tuple(t.split()) for c, t in zip(COLUMNS, texts, strict=True)} if by_column else {}
            hits.append(Hit(item=self.items[rowid], score=-rank, matched=matched, stems=columns))
        return hits
