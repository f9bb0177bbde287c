"""The preparation of a meeting: one answer per check, each stored the moment it is given.

Answers are kept by check id, not by a reference to the check, so an answer to a check whose pack was
removed is kept and can still be shown.
"""

from __future__ import annotations

from sqlalchemy import RowMapping, insert, select, update

from aantafel.dossiers.model import ANSWERS, TEXT_LIMIT, WRITTEN, Answer, InvalidDossier
from aantafel.dossiers.schema import answers, meetings
from aantafel.dossiers.store.base import Base, _aware, _existing, _now
from aantafel.dossiers.store.history import log_change
from aantafel.items import ID_PATTERN


class Preparation(Base):
    """A meeting's preparation: the answers so far, and one more."""

    def answer(self, meeting_id: str, check_id: str, answer: str, note: str = "", *, author: str) -> Answer:
        """Record (or change) the answer to one check of a meeting's preparation, at once: nothing typed is
        lost when a preparation stops halfway. A worksheet prompt's answer is ``WRITTEN`` with the text as
        ``note``. Giving the stored answer and note again writes nothing (no history entry, the same
        ``last_change``) and returns the stored answer, so a form sent again leaves no trace."""
        if answer not in (*ANSWERS, WRITTEN):
            raise InvalidDossier("answer", f"'{answer}' is not one of: {', '.join(ANSWERS)}")
        if len(check_id) > 100 or not ID_PATTERN.fullmatch(check_id):
            raise InvalidDossier("check", f"'{check_id}' is not a check id")
        note = note.strip()
        if len(note) > TEXT_LIMIT:
            raise InvalidDossier(
                "note",
                f"{len(note):,} characters, over the limit of {TEXT_LIMIT:,}",
                reason=InvalidDossier.TOO_LONG,
            )
        now = _now()
        key = (answers.c.meeting_id == meeting_id) & (answers.c.check_id == check_id)
        with self.transaction() as connection:
            meeting = _existing(connection, meetings, meeting_id)
            stored = connection.execute(select(answers).where(key)).first()
            if stored is not None and (stored.answer, stored.note) == (answer, note):
                return _answer(stored._mapping)
            values = {"answer": answer, "note": note, "answered_at": now, "author": author}
            if stored is None:
                connection.execute(insert(answers).values(meeting_id=meeting_id, check_id=check_id, **values))
            else:
                connection.execute(update(answers).where(key).values(**values))
            log_change(
                connection,
                meeting["dossier_id"],
                "answered",
                at=now,
                author=author,
                field=check_id,
                old=None if stored is None else stored.answer,
                new=answer,
            )
        return Answer(check_id=check_id, answer=answer, note=note, answered_at=now, author=author)

    def answers(self, meeting_id: str) -> dict[str, Answer]:
        """A meeting's preparation so far, by check id (checks that are no longer installed included)."""
        query = select(answers).where(answers.c.meeting_id == meeting_id)
        with self._errors(), self._engine.connect() as connection:
            return {row.check_id: _answer(row._mapping) for row in connection.execute(query)}


def _answer(row: RowMapping) -> Answer:
    return Answer(
        check_id=row["check_id"],
        answer=row["answer"],
        note=row["note"],
        answered_at=_aware(row["answered_at"]) or row["answered_at"],
        author=row["author"],
    )
