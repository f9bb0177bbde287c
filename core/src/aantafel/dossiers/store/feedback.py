"""A trainer's feedback on a meeting's preparation or review: written by the trainers an organisation
invited, read by its team next to what it is about."""

from __future__ import annotations

from sqlalchemy import insert, select

from aantafel.dossiers.model import InvalidDossier, text
from aantafel.dossiers.people import FEEDBACK_LIMIT, PARTS, Feedback, NotAllowed
from aantafel.dossiers.schema import dossiers, feedback, meetings
from aantafel.dossiers.store.base import Base, _aware, _now


class Trainers(Base):
    """Feedback, which only a trainer of the meeting's organisation writes."""

    def add_feedback(self, meeting_id: str, part: str, written: str) -> Feedback:
        """Store a trainer's feedback on a meeting's ``part`` (preparation or review)."""
        chosen = next((known for known in PARTS if known == part), None)
        if chosen is None:
            raise InvalidDossier("not one of", "part", value=part, choices=", ".join(PARTS))
        written = text("feedback", written, FEEDBACK_LIMIT)
        if not written:
            raise InvalidDossier("missing", "feedback")
        access = self._access
        now = _now()
        with self.transaction() as connection:
            meeting = self._existing(connection, meetings, meeting_id, writing=False)
            owner = connection.execute(
                select(dossiers.c.organisation_id).where(dossiers.c.id == meeting["dossier_id"])
            ).scalar_one()
            if access is None or owner not in access.trains:
                raise NotAllowed("trainers only")
            feedback_id = self._new_id(connection, feedback)
            values = {
                "id": feedback_id,
                "meeting_id": meeting_id,
                "part": chosen,
                "text": written,
                "person_id": access.person_id,
                "author": access.name,
                "created_at": now,
            }
            connection.execute(insert(feedback).values(**values))
            self._log(
                connection, meeting["dossier_id"], "feedback", at=now, author=access.name, field=meeting_id
            )
        return Feedback(
            id=feedback_id,
            meeting_id=meeting_id,
            part=chosen,
            text=written,
            author=access.name,
            created_at=now,
        )

    def feedback(self, meeting_id: str) -> list[Feedback]:
        """A meeting's feedback, the oldest first."""
        self._may_read(meetings, meeting_id)
        query = select(feedback).where(feedback.c.meeting_id == meeting_id).order_by(feedback.c.created_at)
        with self._errors(), self._engine.connect() as connection:
            return [
                Feedback(
                    id=row.id,
                    meeting_id=row.meeting_id,
                    part="review" if row.part == "review" else "preparation",
                    text=row.text,
                    author=row.author,
                    created_at=_aware(row.created_at) or row.created_at,
                )
                for row in connection.execute(query)
            ]
