"""Full-text search over one language's items: SQLite FTS5 with bm25 ranking over our own Dutch stems.

FTS5 does the part that must be fast (posting lists, bm25 top-k in C, about 0.3 ms over 100,000 items); this
module does the language: it stores and queries stems from ``Analyzer``, so FTS5's own tokenizer only splits
on spaces. A query word that is in no item is matched to the nearest words of the vocabulary within one or two
typing mistakes, so "afsprakn" finds "afspraken".
"""

from __future__ import annotations

import sqlite3
import threading
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
    """One search result: the item, its bm25 score (higher is better) and the query words that matched."""

    item: Item
    score: float
    matched: tuple[str, ...]


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
        vocabulary: set[str] = set()

        def rows() -> Iterable[tuple[object, ...]]:
            for rowid, item in enumerate(self.items):
                text = item_text(item)
                stems = [" ".join(analyzer.terms(text[column])) for column in COLUMNS]
                for column_stems in stems:
                    vocabulary.update(column_stems.split())
                yield (rowid, *stems, item.kind)

        self._db.executemany(
            f"INSERT INTO docs (rowid, {', '.join(COLUMNS)}, kind) VALUES (?, ?, ?, ?, ?, ?)",
            rows(),
        )
        self.vocabulary = vocabulary
        self._vocabulary_list = sorted(vocabulary)

    def expand(self, stem: str) -> tuple[str, ...]:
        """The stem itself when some item has it, else the vocabulary's stems within a typo or two."""
        if stem in self.vocabulary:
            return (stem,)
        if len(stem) < 5:
            return ()  # short words have too many neighbours: "home" is one letter from "come"
        limit = 1 if len(stem) < 8 else 2
        return tuple(
            match
            for match, _distance, _index in process.extract(
                stem,
                self._vocabulary_list,
                scorer=Levenshtein.distance,
                score_cutoff=limit,
                limit=3,
            )
        )

    def query_terms(self, query: str) -> dict[str, tuple[str, ...]]:
        """Each meaningful query word with the indexed stems it stands for (empty when none)."""
        terms: dict[str, tuple[str, ...]] = {}
        for word in self.analyzer.words(query):
            if word not in terms:
                terms[word] = self.expand(self.analyzer.stem(word))
        return terms

    def search(
        self,
        query: str,
        *,
        kind: str | None = None,
        limit: int = 10,
        weights: Mapping[str, float] = SEARCH_WEIGHTS,
    ) -> list[Hit]:
        """Items that share a word with ``query``, best first; an empty list when nothing matches."""
        terms = self.query_terms(query)
        stems = sorted({stem for alternatives in terms.values() for stem in alternatives})
        if not stems or limit < 1:
            return []
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
            rows = self._db.execute(sql, parameters).fetchall()
        hits = []
        for rowid, rank in rows:
            item = self.items[rowid]
            present = set(self.analyzer.terms(" ".join(item_text(item).values())))
            matched = tuple(word for word, alts in terms.items() if present.intersection(alts))
            hits.append(Hit(item=item, score=-rank, matched=matched))
        return hits
