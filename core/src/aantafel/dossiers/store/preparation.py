"""The preparation of a meeting: one answer per question, each stored the moment it is given.

Answers are kept by check id, not by a reference to the check, so an answer to a check whose pack was
removed is kept and can still be shown. Which question takes which answer is the use case's to know
(``aantafel.usecases.preparation``); the store keeps any verdict and text within the model's limits.
"""

from __future__ import annotations

from sqlalchemy import RowMapping, insert, select, update

from aantafel.dossiers.model import Answer, clean_answer
from aantafel.dossiers.schema import answers, meetings
from aantafel.dossiers.store.base import Base, _aware, _existing, _now
from aantafel.dossiers.store.history import log_change


class Preparation(Base):
    """A meeting's preparation: the answers so far, and one more."""

    def answer(
        self, meeting_id: str, check_id: str, verdict: str | None, written: str = "", *, author: str
    ) -> Answer:
        """Record (or change) the answer to one question of a meeting's preparation, at once: nothing typed
        is lost when a preparation stops halfway. ``verdict`` is yes, no, unsure or None; ``written`` the
        text. Giving the stored answer again writes nothing (no history entry, the same ``last_change``)
        and returns the stored answer, so a form sent again leaves no trace."""
        written = clean_answer(check_id, verdict, written, author)
        now = _now()
        key = (answers.c.meeting_id == meeting_id) & (answers.c.check_id == check_id)
        with self.transaction() as connection:
            meeting = _existing(connection, meetings, meeting_id)
            stored = connection.execute(select(answers).where(key)).first()
            if stored is not None and (stored.verdict, stored.text) == (verdict, written):
                return _answer(stored._mapping)
            values = {"verdict": verdict, "text": written, "answered_at": now, "author": author}
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
                old=None if stored is None else _line(stored.verdict, stored.text),
                new=_line(verdict, written),
            )
        return Answer(check_id=check_id, verdict=verdict, text=written, answered_at=now, author=author)

    def answers(self, meeting_id: str) -> dict[str, Answer]:
        """A meeting's preparation so far, by check id (checks that are no longer installed included)."""
        query = select(answers).where(answers.c.meeting_id == meeting_id)
        with self._errors(), self._engine.connect() as connection:
            return {row.check_id: _answer(row._mapping) for row in connection.execute(query)}


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
    )
