"""Finding a dossier, meeting or agreement by what people wrote in it, and keeping what is found current.

Each dossier, meeting and agreement has one row in ``search_texts``: its words as written, one field a
line. SQLite searches them through an FTS5 table of their stems (``search_fts``), made with the library
search's own analyzer because FTS5 has no Dutch stemmer; PostgreSQL through GIN indexes over
``to_tsvector('dutch', text)`` and ``to_tsvector('english', text)``. A dossier has no language of its own,
so both are indexed and a search uses its reader's: the query and the text then go through the same
stemmer, so a Dutch word is found from the English page too, only with fewer of its forms.

``refresh`` rewrites the rows a change touched. ``Base._log`` calls it, and every write logs its history
entry in its own transaction, so the search rows change exactly when the rows they are made of do, with no
write method knowing about them. An action it does not know rewrites the whole dossier: slower, never wrong.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from attrs import frozen
from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    and_,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
    table,
    update,
)

from aantafel.dossiers.fields import EDITABLE
from aantafel.dossiers.model import RECORD_FIELDS, Subject
from aantafel.dossiers.schema import agreements, dossiers, meetings, moves, participants, search_texts
from aantafel.dossiers.store.base import Base, _aware
from aantafel.text import Analyzer

CONFIGURATIONS = {"nl": "dutch", "en": "english"}
"""PostgreSQL's text search configuration per language (fixed names: the index is made with them, and a
query uses the index only when it names the same one); any other language searches unstemmed."""
COLUMNS = ("nl", "en")
"""The FTS5 table's columns on SQLite: the same text, stemmed for each language."""
MOST_WORDS = 20
"""A query's words past this are left out: nobody types more, and each costs a lookup."""
LONGEST_WORD = 100
"""A longer "word" is no word (PostgreSQL refuses one of over 2,047 bytes in a query): it is left out."""

_FTS = table("search_fts", column("rowid"), *(column(name) for name in COLUMNS))
_WORD = re.compile(r"\w+")
_SEPARATOR = "\n"

_ACTIONS: dict[str, Subject | None] = {
    "created": "dossier",
    "edited": "dossier",
    "deleted": "dossier",
    "restored": "dossier",
    "meeting added": "meeting",
    "meeting changed": "meeting",
    "meeting recorded": "meeting",
    "agreement added": "agreement",
    "agreement changed": "agreement",
    "agreement status": "agreement",
}
"""Which row each action changed (its id is the entry's ``field``, or ``new`` for a meeting added). Actions
that change no searchable text are ``_UNSEARCHED``; any other rewrites the whole dossier."""
_UNSEARCHED = frozenset({"answered", "feedback"})


@frozen
class Found:
    """A row whose text has the query's words: what it is, where it is, and its text as written."""

    kind: Subject
    id: str
    dossier_id: str
    dossier_title: str
    starts_at: datetime | None
    """The meeting's time, for a meeting."""
    text: str


@functools.cache
def analyzer(language: str) -> Analyzer:
    """One analyzer per language for the whole process: its stem cache grows with the words people use."""
    return Analyzer(language)


def refresh(
    connection: Connection,
    dossier_id: str,
    action: str,
    *,
    field: str | None,
    new: str | None,
    subject: Subject | None = None,
    row_id: str | None = None,
) -> None:
    """Rewrite the search rows that the change just logged touched, in its transaction: the row it names
    (``subject``, ``row_id``: every change of a row's fields), else the one its action tells."""
    if action in _UNSEARCHED:
        return
    if subject is not None and row_id is not None:
        kind: Subject | None = subject
        field = row_id
    else:
        kind = _ACTIONS.get(action)
    if kind is None:
        refresh_dossier(connection, dossier_id)
    elif kind == "dossier":
        _write(connection, "dossier", dossier_id, dossier_id, _dossier_text(connection, dossier_id))
    else:
        row_id = new if action == "meeting added" else field
        if row_id is None:
            refresh_dossier(connection, dossier_id)
        elif kind == "meeting":
            _write(
                connection, "meeting", row_id, dossier_id, _meeting_texts(connection, [row_id]).get(row_id)
            )
        else:
            text = _agreement_texts(connection, [row_id]).get(row_id)
            _write(connection, "agreement", row_id, dossier_id, text)


def refresh_dossier(connection: Connection, dossier_id: str) -> None:
    """Rewrite every search row of one dossier: after an import, or a change ``refresh`` cannot place."""
    _forget(connection, search_texts.c.dossier_id == dossier_id)
    _write(connection, "dossier", dossier_id, dossier_id, _dossier_text(connection, dossier_id))
    meeting_ids = connection.execute(
        select(meetings.c.id).where(meetings.c.dossier_id == dossier_id)
    ).scalars()
    for meeting_id, text in _meeting_texts(connection, list(meeting_ids)).items():
        _write(connection, "meeting", meeting_id, dossier_id, text)
    ids = connection.execute(select(agreements.c.id).where(agreements.c.dossier_id == dossier_id)).scalars()
    for agreement_id, text in _agreement_texts(connection, list(ids)).items():
        _write(connection, "agreement", agreement_id, dossier_id, text)


def _lines(values: Iterable[object]) -> str:
    return _SEPARATOR.join(value for value in values if isinstance(value, str) and value.strip())


def _dossier_text(connection: Connection, dossier_id: str) -> str | None:
    row = connection.execute(
        select(*(dossiers.c[name] for name in EDITABLE)).where(dossiers.c.id == dossier_id)
    ).first()
    return None if row is None else _lines(row)


def _meeting_texts(connection: Connection, meeting_ids: Sequence[str]) -> dict[str, str]:
    """Each meeting's purpose, place and record, the people at the table and what moved there."""
    texts: dict[str, list[str]] = {}
    fields = (meetings.c.purpose, meetings.c.place, *(meetings.c[name] for name in RECORD_FIELDS))
    chosen = select(meetings.c.id, *fields).where(
        meetings.c.id.in_(meeting_ids), meetings.c.deleted_at.is_(None)
    )
    for row in connection.execute(chosen):
        texts[row.id] = list(row[1:])
    people = select(participants.c.meeting_id, participants.c.name, participants.c.role)
    for row in connection.execute(people.where(participants.c.meeting_id.in_(meeting_ids))):
        texts.get(row.meeting_id, []).extend([row.name, row.role])  # none for a meeting in the bin
    moved = select(moves.c.meeting_id, moves.c.what, moves.c.condition)
    for row in connection.execute(moved.where(moves.c.meeting_id.in_(meeting_ids))):
        texts.get(row.meeting_id, []).extend([row.what, row.condition])
    return {meeting_id: _lines(values) for meeting_id, values in texts.items()}


def _agreement_texts(connection: Connection, agreement_ids: Sequence[str]) -> dict[str, str]:
    chosen = select(agreements.c.id, agreements.c.what, agreements.c.person, agreements.c.if_broken)
    return {
        row.id: _lines(row[1:])
        for row in connection.execute(
            chosen.where(agreements.c.id.in_(agreement_ids), agreements.c.deleted_at.is_(None))
        )
    }


def _sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _write(connection: Connection, kind: Subject, row_id: str, dossier_id: str, text: str | None) -> None:
    """Make the search row of one dossier, meeting or agreement say ``text``; none when it has no text (or
    no longer exists)."""
    key = and_(search_texts.c.kind == kind, search_texts.c.row_id == row_id)
    if not text:
        _forget(connection, key)
        return
    number = connection.execute(select(search_texts.c.id).where(key)).scalar()
    if number is None:
        number = connection.execute(
            insert(search_texts)
            .values(kind=kind, row_id=row_id, dossier_id=dossier_id, text=text)
            .returning(search_texts.c.id)
        ).scalar_one()
    else:
        connection.execute(update(search_texts).where(search_texts.c.id == number).values(text=text))
        if _sqlite(connection):
            connection.execute(delete(_FTS).where(_FTS.c.rowid == number))
    if _sqlite(connection):
        stems = {name: " ".join(analyzer(name).terms(text)) for name in COLUMNS}
        connection.execute(insert(_FTS).values(rowid=number, **stems))


def _forget(connection: Connection, which: ColumnElement[bool]) -> None:
    if _sqlite(connection):
        numbers = select(search_texts.c.id).where(which).scalar_subquery()
        connection.execute(delete(_FTS).where(_FTS.c.rowid.in_(numbers)))
    connection.execute(delete(search_texts).where(which))


class Search(Base):
    """Searching the dossiers this store may read, bin left out."""

    def search_dossiers(self, query: str, language: str, *, limit: int = 20) -> list[Found]:
        """The dossiers, meetings and agreements that have every word of ``query`` (the last one also as
        the start of a word, for someone still typing), best first. Any text is a query: quotes, ``*``,
        ``-``, ``AND`` are words like any other, and a query of no words finds nothing."""
        with self._errors(), self._engine.connect() as connection:
            matching = (_fts if _sqlite(connection) else _tsquery)(query, language)
            if matching is None:
                return []
            found, rank, source = matching
            rows = connection.execute(
                select(
                    search_texts.c.kind,
                    search_texts.c.row_id,
                    search_texts.c.dossier_id,
                    search_texts.c.text,
                    dossiers.c.title,
                    meetings.c.starts_at,
                )
                .select_from(
                    source.join(dossiers, dossiers.c.id == search_texts.c.dossier_id).outerjoin(
                        meetings,
                        and_(search_texts.c.kind == "meeting", meetings.c.id == search_texts.c.row_id),
                    )
                )
                .where(found, dossiers.c.deleted_at.is_(None), *self._readable(dossiers))
                .order_by(rank, search_texts.c.id)
                .limit(limit)
            ).all()
        return [
            Found(
                kind=row.kind,
                id=row.row_id,
                dossier_id=row.dossier_id,
                dossier_title=row.title,
                starts_at=_aware(row.starts_at),
                text=row.text,
            )
            for row in rows
        ]


_Matching = tuple[ColumnElement[bool], ColumnElement[Any], FromClause]
"""Which rows match, the order they come in (best first), and the table(s) they come from."""


def _fts(query: str, language: str) -> _Matching | None:
    """SQLite: the FTS5 table's rows whose stems in ``language`` match, by bm25."""
    match = _fts_query(query, language)
    if match is None:
        return None
    fts: ColumnElement[Any] = literal_column("search_fts")
    source = _FTS.join(search_texts, search_texts.c.id == _FTS.c.rowid)
    return fts.op("MATCH")(match), func.bm25(fts), source


def _tsquery(query: str, language: str) -> _Matching | None:
    """PostgreSQL: the rows whose ``to_tsvector`` in ``language``'s configuration matches, by ``ts_rank``.
    Each word is quoted (``\\w+`` holds no quote), all are required, the last also as a prefix."""
    words = [word for word in _WORD.findall(query) if len(word) <= LONGEST_WORD][:MOST_WORDS]
    if not words:
        return None
    configuration: ColumnElement[Any] = literal_column(f"'{CONFIGURATIONS.get(language, 'simple')}'")
    terms = [f"'{word}'" for word in words]
    terms[-1] += ":*"
    vector = func.to_tsvector(configuration, search_texts.c.text)
    asked = func.to_tsquery(configuration, " & ".join(terms))
    return vector.bool_op("@@")(asked), func.ts_rank(vector, asked).desc(), search_texts


def _fts_query(query: str, language: str) -> str | None:
    """An FTS5 query for ``query`` in which nothing typed is syntax: every word a quoted stem (stems are
    letters and digits only), all required, the last one also as a prefix, as stem and as typed."""
    language = language if language in COLUMNS else "en"
    words = [word for word in analyzer(language).words(query) if len(word) <= LONGEST_WORD][:MOST_WORDS]
    if not words:
        return None
    stems = [analyzer(language).stem(word) for word in words]
    terms = [f'"{stem}"' for stem in stems[:-1]]
    last = {stems[-1], words[-1]}
    terms.append("(" + " OR ".join(f'"{prefix}" *' for prefix in sorted(last)) + ")")
    return f"{language} : (" + " AND ".join(terms) + ")"
