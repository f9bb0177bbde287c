"""The give and take of a whole dossier in one read, for the picture of it on the dossier's page.

``Meetings.record`` reads one meeting's moves (with its texts and interventions); a picture of every
meeting asked that per meeting, three queries each, on a page that is made whenever the dossier changes.
"""

from __future__ import annotations

from sqlalchemy import select

from aantafel.dossiers.model import Move
from aantafel.dossiers.schema import meetings, moves
from aantafel.dossiers.store.base import Base, in_the_bin


class Movements(Base):
    """Every meeting's moves of a dossier at once."""

    def moves_by_meeting(self, dossier_id: str) -> dict[str, tuple[Move, ...]]:
        """The moves written down for each meeting of a dossier, by meeting id, each meeting's in the order
        they were given; a meeting without moves is not in it. One query; a dossier this store may not
        read has none."""
        query = (
            select(moves.c.meeting_id, moves.c.side, moves.c.kind, moves.c.what, moves.c.condition)
            .join(meetings, meetings.c.id == moves.c.meeting_id)
            .where(meetings.c.dossier_id == dossier_id, in_the_bin(meetings), *self._readable(meetings))
            .order_by(moves.c.meeting_id, moves.c.position)
        )
        found: dict[str, list[Move]] = {}
        with self._errors(), self._engine.connect() as connection:
            for row in connection.execute(query):
                found.setdefault(row.meeting_id, []).append(
                    Move(side=row.side, kind=row.kind, what=row.what, condition=row.condition)
                )
        return {meeting_id: tuple(made) for meeting_id, made in found.items()}
