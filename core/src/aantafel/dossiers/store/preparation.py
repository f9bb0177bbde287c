"""The preparation of a meeting: one answer per question, each stored the moment it is given.

Answers are kept by check id, not by a reference to the check, so an answer to a check whose pack was
removed is kept and can still be shown. Which question takes which answer is the use case's to know
(``aantafel.usecases.preparation``); the store keeps any verdict and text within the model's limits.

Each answer has a version, as a dossier has: two tabs, or a tab and the coach, that answer the same
question each name the version they showed, and the later one is refused rather than overwriting the
other's note unseen. A first answer is written with ``INSERT … ON CONFLICT DO NOTHING``, so two first
answers at the same moment (a double click) settle as one answer and a refusal, never as a driver error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from sqlalchemy import Connection, RowMapping, select, update

from aantafel.dossiers.model import (
    Answer,
    AnswerChanged,
    clean_answer,
)
from aantafel.dossiers.schema import answers, meetings
from aantafel.dossiers.store.base import Base, _aware, _now

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sqlalchemy import ColumnElement


class Preparation(Base):
    """A meeting's preparation: the answers so far, and one more."""

    def answer(
        self,
        meeting_id: str,
        check_id: str,
        verdict: str | None,
        written: str = "",
        *,
        expected_version: int,
        author: str,
    ) -> Answer:
        """Record (or change) the answer to one question of a meeting's preparation, at once: nothing typed
        is lost when a preparation stops halfway. ``verdict`` is yes, no, unsure or None; ``written`` the
        text; ``expected_version`` the version of the answer that was shown (0 when there was none).

        Giving the stored answer again writes nothing (no history entry, the same ``last_change``) and
        returns the stored answer, so a form sent again leaves no trace. Any other answer against a version
        that is no longer the stored one raises ``AnswerChanged`` with the answer as it is now, and writes
        nothing."""
        written = clean_answer(check_id, verdict, written, author)
        now = _now()
        given = (verdict, written)
        with self.transaction() as connection:
            meeting = self._existing(connection, meetings, meeting_id)
            stored = _stored(connection, meeting_id, check_id)
            if _holds(stored, given):
                return _answer(stored)
            if (0 if stored is None else stored["version"]) != expected_version:
                raise _refusal(meeting_id, check_id, stored)
            name, person_id = self._author(author)
            values = {"verdict": verdict, "text": written, "answered_at": now, "author": name}
            values["person_id"] = person_id
            if not _written(connection, meeting_id, check_id, values, expected_version):
                raced = _stored(connection, meeting_id, check_id)  # another save committed meanwhile
                if _holds(raced, given):
                    return _answer(raced)
                raise _refusal(meeting_id, check_id, raced)
            self._log(
                connection,
                meeting["dossier_id"],
                "answered",
                at=now,
                author=author,
                field=check_id,
                old=None if stored is None else _line(stored["verdict"], stored["text"]),
                new=_line(verdict, written),
            )
        return Answer(
            check_id=check_id,
            verdict=verdict,
            text=written,
            answered_at=now,
            author=self._author(author)[0],
            version=expected_version + 1,
        )

    def answers(self, meeting_id: str) -> dict[str, Answer]:
        """A meeting's preparation so far, by check id (checks that are no longer installed included)."""
        self._may_read(meetings, meeting_id)
        query = select(answers).where(answers.c.meeting_id == meeting_id)
        with self._errors(), self._engine.connect() as connection:
            return {row.check_id: _answer(row._mapping) for row in connection.execute(query)}


def _key(meeting_id: str, check_id: str) -> ColumnElement[bool]:
    return (answers.c.meeting_id == meeting_id) & (answers.c.check_id == check_id)


def _stored(connection: Connection, meeting_id: str, check_id: str) -> RowMapping | None:
    row = connection.execute(select(answers).where(_key(meeting_id, check_id))).first()
    return None if row is None else row._mapping


def _holds(stored: RowMapping | None, given: tuple[str | None, str]) -> TypeGuard[RowMapping]:
    """Whether the stored answer is ``given`` already: then there is nothing to write, whichever version
    the person saw, and nothing of theirs or anyone's is lost."""
    return stored is not None and (stored["verdict"], stored["text"]) == given


def _refusal(meeting_id: str, check_id: str, stored: RowMapping | None) -> AnswerChanged:
    return AnswerChanged(meeting_id, check_id, None if stored is None else _answer(stored))


def _written(
    connection: Connection,
    meeting_id: str,
    check_id: str,
    values: Mapping[str, object],
    expected_version: int,
) -> bool:
    """Write the answer as the next version, only if no other save of it committed since it was read: a
    first answer only if there is none yet, a change only at ``expected_version``. False when one did (on
    PostgreSQL both statements wait for that other save, then see it)."""
    if expected_version == 0:
        first = {"meeting_id": meeting_id, "check_id": check_id, **values, "version": 1}
        return _inserted(connection, first)
    changed = connection.execute(
        update(answers)
        .where(_key(meeting_id, check_id), answers.c.version == expected_version)
        .values(**values, version=expected_version + 1)
    )
    return changed.rowcount == 1


def _inserted(connection: Connection, row: Mapping[str, object]) -> bool:
    """Insert ``row`` into ``answers`` unless an answer with its key is there already; whether it was."""
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql

        statement = postgresql(answers).values(**row).on_conflict_do_nothing().returning(answers.c.version)
        return connection.execute(statement).first() is not None  # its rowcount is -1 through SQLAlchemy
    from sqlalchemy.dialects.sqlite import insert as sqlite  # RETURNING needs SQLite 3.35; rowcount works

    return connection.execute(sqlite(answers).values(**row).on_conflict_do_nothing()).rowcount == 1


def _line(verdict: str | None, written: str) -> str:
    """An answer as the history remembers it: the verdict, the text, or both."""
    return ": ".join(part for part in (verdict, written) if part)


def _answer(row: RowMapping) -> Answer:
    return Answer(
        check_id=row["check_id"],
        verdict=row["verdict"],
        text=row["text"],
        answered_at=_aware(row["answered_at"]) or row["answered_at"],
        author=row["author"],
        version=row["version"],
    )
