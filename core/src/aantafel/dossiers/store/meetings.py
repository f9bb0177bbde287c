"""Meetings: when, where, with whom, and afterwards what happened there.

A meeting's lists (its people, the interventions used, the moves made) are written whole each time, with
their positions, so they read back in the order they were given and an edit never leaves an old row behind.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime

import attrs
from sqlalchemy import RowMapping, insert, select

from aantafel.dossiers.model import (
    MEETINGS_LIMIT,
    RECORD_FIELDS,
    Action,
    DossierError,
    InvalidDossier,
    Meeting,
    Move,
    Participant,
    Record,
    clean_meeting,
    clean_record,
)
from aantafel.dossiers.schema import (
    agreements,
    dossiers,
    meeting_interventions,
    meetings,
    moves,
    participants,
)
from aantafel.dossiers.store.base import _aware, _now, _room_for_one_more, in_the_bin
from aantafel.dossiers.store.edits import Editing, Edits, _in_order

BIN_SHOWN = 200
"""Meetings and agreements the bin page lists: far more than anyone throws away."""


class Meetings(Editing):
    """Planning and moving meetings, and the record written after one."""

    def add_meeting(
        self,
        dossier_id: str,
        *,
        starts_at: datetime,
        place: str = "",
        purpose: str = "",
        people: Sequence[Participant] = (),
        author: str,
    ) -> Meeting:
        """Plan a meeting in a dossier, with the people who will be at the table."""
        place, purpose, people = clean_meeting(starts_at, place, purpose, tuple(people))
        now = _now()
        with self.transaction() as connection:
            if self._existing(connection, dossiers, dossier_id)["deleted_at"] is not None:
                raise DossierError("in bin", dossier=dossier_id)
            _room_for_one_more(connection, meetings, dossier_id, MEETINGS_LIMIT)
            meeting_id = self._new_id(connection, meetings)
            connection.execute(
                insert(meetings).values(
                    id=meeting_id,
                    dossier_id=dossier_id,
                    starts_at=starts_at.astimezone(UTC),
                    place=place,
                    purpose=purpose,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            _in_order(connection, participants, meeting_id, [attrs.asdict(person) for person in people])
            self._log(connection, dossier_id, "meeting added", at=now, author=author, new=meeting_id)
        return self.meeting(meeting_id)

    def update_meeting(
        self,
        meeting_id: str,
        *,
        starts_at: datetime,
        place: str,
        purpose: str,
        people: Sequence[Participant],
        expected_version: int,
        author: str,
        keep: Collection[str] = (),
    ) -> Meeting:
        """Change when, where, why and with whom a meeting is (it was moved, someone else comes), against
        the version that was read. Refused when an agreement made at the meeting would then be due before
        it, as ``add_agreement`` refuses such an agreement."""
        place, purpose, people = clean_meeting(starts_at, place, purpose, tuple(people))
        moment = starts_at.astimezone(UTC)
        yours = {
            "starts_at": moment.isoformat(),
            "place": place,
            "purpose": purpose,
            "people": [list(attrs.astuple(person)) for person in people],
        }
        with self.transaction() as connection:
            row = self._existing(connection, meetings, meeting_id)

            def not_after_an_agreement(edits: Edits) -> None:
                if "starts_at" not in edits:
                    return
                day = starts_at.astimezone().date()
                early = connection.execute(
                    select(agreements.c.what, agreements.c.due)
                    .where(agreements.c.meeting_id == row["id"], agreements.c.due < day)
                    .order_by(agreements.c.due)
                ).first()
                if early is not None:
                    raise InvalidDossier(
                        "after due", "starts_at", agreement=early.what, due=early.due, day=day
                    )

            before = _aware(row["starts_at"]) or row["starts_at"]
            self._save(
                connection,
                "meeting",
                row["id"],
                expected_version,
                yours,
                action="meeting changed",
                author=author,
                keep=keep,
                check=not_after_an_agreement,
                field=row["id"],
                old=before.isoformat(),
                new=moment.isoformat(),
            )
        return self.meeting(meeting_id)

    def meeting(self, reference: str) -> Meeting:
        """The meeting with this id, or with the only id that starts with ``reference``."""
        row = self._find(meetings, reference)
        return self._meetings([row])[0]

    def meetings(self, dossier_id: str, *, in_bin: bool = False) -> list[Meeting]:
        """The meetings of a dossier, the earliest first, cancelled ones included (they stay in the
        timeline); with ``in_bin`` those put in the bin instead."""
        query = (
            select(meetings)
            .where(
                meetings.c.dossier_id == dossier_id, in_the_bin(meetings, in_bin), *self._readable(meetings)
            )
            .order_by(meetings.c.starts_at)
        )
        with self._errors(), self._engine.connect() as connection:
            rows = [row._mapping for row in connection.execute(query)]
        return self._meetings(rows)

    def _meetings(self, rows: Sequence[RowMapping]) -> list[Meeting]:
        ids = [row["id"] for row in rows]
        people: dict[str, list[Participant]] = {meeting_id: [] for meeting_id in ids}
        query = (
            select(participants)
            .where(participants.c.meeting_id.in_(ids))
            .order_by(participants.c.meeting_id, participants.c.position)
        )
        with self._errors(), self._engine.connect() as connection:
            for person in connection.execute(query):
                people[person.meeting_id].append(
                    Participant(name=person.name, side=person.side, role=person.role, binding=person.binding)
                )
        return [
            Meeting(
                id=row["id"],
                dossier_id=row["dossier_id"],
                starts_at=_aware(row["starts_at"]) or row["starts_at"],
                place=row["place"],
                purpose=row["purpose"],
                participants=tuple(people[row["id"]]),
                version=row["version"],
                created_at=_aware(row["created_at"]) or row["created_at"],
                updated_at=_aware(row["updated_at"]) or row["updated_at"],
                cancelled_at=_aware(row["cancelled_at"]),
                deleted_at=_aware(row["deleted_at"]),
            )
            for row in rows
        ]

    def binned_meetings(self, *, limit: int = BIN_SHOWN) -> list[Meeting]:
        """The meetings put in the bin, of every dossier not in the bin itself, the latest put there
        first: the bin page lists them to restore."""
        query = (
            select(meetings)
            .join(dossiers, dossiers.c.id == meetings.c.dossier_id)
            .where(in_the_bin(meetings, True), in_the_bin(dossiers), *self._readable(meetings))
            .order_by(meetings.c.deleted_at.desc(), meetings.c.id)
            .limit(limit)
        )
        with self._errors(), self._engine.connect() as connection:
            rows = [row._mapping for row in connection.execute(query)]
        return self._meetings(rows)

    def cancel_meeting(
        self, meeting_id: str, *, expected_version: int, author: str, cancelled: bool = True
    ) -> Meeting:
        """Call a meeting off (or, with ``cancelled`` False, let it go ahead after all). It stays in the
        timeline, marked, with its preparation; it is no longer anyone's next meeting."""
        return self._mark(
            meeting_id,
            "cancelled_at",
            cancelled,
            expected_version,
            author,
            "meeting cancelled" if cancelled else "meeting resumed",
        )

    def remove_meeting(self, meeting_id: str, *, expected_version: int, author: str) -> Meeting:
        """Put a meeting in the bin (planned by mistake): gone from the timeline, never lost;
        ``restore_meeting`` brings it back with everything in it."""
        return self._mark(meeting_id, "deleted_at", True, expected_version, author, "meeting removed")

    def restore_meeting(self, meeting_id: str, *, expected_version: int, author: str) -> Meeting:
        return self._mark(meeting_id, "deleted_at", False, expected_version, author, "meeting restored")

    def _mark(
        self, meeting_id: str, field: str, on: bool, expected_version: int, author: str, action: Action
    ) -> Meeting:
        """Set or clear one of a meeting's times (cancelled, in the bin) as a change of its own; nothing
        when it is already so."""
        with self.transaction() as connection:
            row = self._existing(connection, meetings, meeting_id)
            if (row[field] is not None) != on:
                moment = _now().isoformat() if on else None
                self._save(
                    connection,
                    "meeting",
                    row["id"],
                    expected_version,
                    {field: moment},
                    action=action,
                    author=author,
                    field=row["id"],
                )
        return self.meeting(meeting_id)

    def record_meeting(
        self,
        meeting_id: str,
        record: Record,
        *,
        expected_version: int,
        author: str,
        keep: Collection[str] = (),
    ) -> Record:
        """Write down what happened in a meeting, replacing an earlier record; one transaction."""
        record = clean_record(record)
        yours = {
            **{field: getattr(record, field) for field in RECORD_FIELDS},
            "interventions": list(record.interventions),
            "moves": [list(attrs.astuple(move)) for move in record.moves],
        }
        with self.transaction() as connection:
            row = self._existing(connection, meetings, meeting_id)
            self._save(
                connection,
                "meeting",
                row["id"],
                expected_version,
                yours,
                action="meeting recorded",
                author=author,
                keep=keep,
                field=row["id"],
            )
        return self.record(meeting_id)

    def record(self, meeting_id: str) -> Record:
        """What was written down about a meeting (empty fields when nothing was yet)."""
        with self._errors(), self._engine.connect() as connection:
            row = self._existing(connection, meetings, meeting_id, writing=False)
            used = connection.execute(
                select(meeting_interventions.c.intervention_id)
                .where(meeting_interventions.c.meeting_id == meeting_id)
                .order_by(meeting_interventions.c.position)
            ).scalars()
            made = connection.execute(
                select(moves).where(moves.c.meeting_id == meeting_id).order_by(moves.c.position)
            )
            return Record(
                notes=row["notes"],
                interventions=tuple(used),
                moves=tuple(Move(side=m.side, kind=m.kind, what=m.what, condition=m.condition) for m in made),
                emotions=row["emotions"],
                went_well=row["went_well"],
                do_differently=row["do_differently"],
            )
