"""One search over the library and the person's own dossiers, in the two groups every front-end shows:
what they wrote themselves first ("In je dossiers"), then the library ("In de kennisbank").

Each hit in the dossiers comes with a short piece of its text around the words that were found, and where
they are in it; a front-end only renders that (escaped and marked on the web page, bold on the command
line), so all three show the same piece.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from typing import TYPE_CHECKING

from attrs import frozen

from aantafel.dossiers.model import Subject
from aantafel.text import fold

if TYPE_CHECKING:
    from aantafel.dossiers.store import Store
    from aantafel.dossiers.store.search import Found
    from aantafel.library import Library
    from aantafel.search import Hit

SNIPPET = 160
"""About this many characters of a hit's text are shown: a line or two, enough to recognise it."""
_WORD = re.compile(r"\w+")


@frozen
class Snippet:
    """A piece of a hit's text, and the spans in it (start, end) of the words the search found."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def parts(self) -> list[tuple[str, bool]]:
        """The text in pieces, each with whether it is a found word: what a front-end marks."""
        pieces: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.marks:
            pieces += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        pieces.append((self.text[at:], False))
        return [(piece, marked) for piece, marked in pieces if piece]


@frozen
class DossierHit:
    """A dossier, meeting or agreement that has the words: what and where it is, and a piece of its text."""

    kind: Subject
    id: str
    dossier_id: str
    dossier_title: str
    starts_at: datetime | None
    """When the meeting is (or was), for a meeting."""
    snippet: Snippet


@frozen
class Results:
    """What a search found, in the order front-ends show it."""

    query: str
    dossiers: tuple[DossierHit, ...]
    library: tuple[Hit, ...]

    def __bool__(self) -> bool:
        return bool(self.dossiers or self.library)


def search(
    library: Library,
    store: Store | None,
    query: str,
    language: str,
    *,
    kind: str | None = None,
    limit: int = 10,
) -> Results:
    """The library's items (of ``kind``, when given) and, with a ``store``, the dossiers it may read (not
    those in the bin) that match ``query``: at most ``limit`` of each, best first. Without a store (no
    database yet) only the library is searched. No text is a wrong query: at worst nothing is found."""
    found = store.search_dossiers(query, language, limit=limit) if store is not None else []
    return Results(
        query=query,
        dossiers=tuple(_hit(row, query, language) for row in found),
        library=tuple(library.search(query, language, kind=kind, limit=limit)),
    )


def _hit(found: Found, query: str, language: str) -> DossierHit:
    return DossierHit(
        kind=found.kind,
        id=found.id,
        dossier_id=found.dossier_id,
        dossier_title=found.dossier_title,
        starts_at=found.starts_at,
        snippet=snippet(found.text, query, language),
    )


def snippet(text: str, query: str, language: str, *, length: int = SNIPPET) -> Snippet:
    """About ``length`` characters of ``text`` around the first word the query found (from the start when
    none is), on one line, with every found word in it marked: a word with a query word's stem, or one
    that starts with the last query word, as the search itself matches them."""
    from aantafel.dossiers.store.search import MOST_WORDS, analyzer

    words = analyzer(language).words(query)[:MOST_WORDS]
    stems = {analyzer(language).stem(word) for word in words}
    prefixes = (words[-1], analyzer(language).stem(words[-1])) if words else ()
    line = " ".join(text.split())

    def found(match: re.Match[str]) -> bool:
        word = fold(match.group())
        return bool(word) and (analyzer(language).stem(word) in stems or word.startswith(prefixes))

    # Only the words up to the first one found, and those in the piece shown, are looked at: a meeting's
    # notes run to hundreds of words, and stemming each was most of a search page's time.
    first = next((match for match in _WORD.finditer(line) if found(match)), None)
    begin = 0
    if first is not None and first.end() > length * 2 // 3:
        begin = line.find(" ", max(0, first.start() - length // 3)) + 1
    end = len(line)
    if end - begin > length:
        end = line.rfind(" ", begin, begin + length)
        end = begin + length if end <= begin else end
    before = "… " if begin else ""
    after = " …" if end < len(line) else ""
    shift = len(before) - begin
    marks: tuple[tuple[int, int], ...] = ()
    if first is not None:
        after_first = _WORD.finditer(line, first.start())  # none is found before the first one
        shown = itertools.takewhile(lambda match: match.end() <= end, after_first)
        marks = tuple(
            (match.start() + shift, match.end() + shift)
            for match in shown
            if begin <= match.start() and found(match)
        )
    return Snippet(before + line[begin:end] + after, marks)


def where(hit: DossierHit, language: str) -> str:
    """Where in its dossier a hit is, as every front-end names it after the dossier's title: a meeting by
    its date and time, an agreement as one; nothing for the dossier itself."""
    from aantafel.dates import when
    from aantafel.labels import label

    if hit.kind == "meeting" and hit.starts_at is not None:
        return label(language, "search meeting").format(when=when(hit.starts_at, language))
    if hit.kind == "agreement":
        return label(language, "search agreement")
    return ""
