"""Agreements: what was agreed, by whom, by when, and whether it was kept.

An agreement made at a meeting may not be due before that meeting: adding and correcting one check it here
(``Meetings.update_meeting`` refuses the other way round, moving the meeting past the agreement). Agreements
live in the dossier's history, not in one of their own, so a dossier's history tells its whole story.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, RowMapping, func, insert, select

from aantafel.dossiers.model import (
    AGREEMENTS_LIMIT,
    STATUSES,
    Agreement,
    InvalidDossier,
    clean_agreement,
    due_after,
    text,
)
from aantafel.dossiers.schema import agreements, dossiers, meetings
from aantafel.dossiers.store.base import _aware, _now, _room_for_one_more, in_the_bin
from aantafel.dossiers.store.edits import Editing, Edits


class Agreements(Editing):
    """Adding, correcting and listing agreements, and marking them done or broken."""

    def add_agreement(
        self,
        dossier_id: str,
        *,
        what: str,
        side: str,
        person: str = "",
        due: date | None = None,
        if_broken: str = "",
        meeting_id: str | None = None,
        author: str,
    ) -> Agreement:
        """Record an agreement; ``meeting_id`` names the meeting it came from (no due date before it)."""
        what, side, person, if_broken = clean_agreement(what, side, person, if_broken)
        now = _now()
        with self.transaction() as connection:
            self._existing(connection, dossiers, dossier_id)
            _room_for_one_more(connection, agreements, dossier_id, AGREEMENTS_LIMIT)
            if meeting_id is not None:
                _due_after_meeting(connection, dossier_id, meeting_id, due)
            agreement_id = self._new_id(connection, agreements)
            connection.execute(
                insert(agreements).values(
                    id=agreement_id,
                    dossier_id=dossier_id,
                    meeting_id=meeting_id,
                    what=what,
                    side=side,
                    person=person,
                    due=due,
                    if_broken=if_broken,
                    status="open",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            self._log(
                connection,
                dossier_id,
                "agreement added",
                at=now,
                author=author,
                field=agreement_id,
                new="open",
            )
        return self.agreement(agreement_id)

    def update_agreement(
        self,
        agreement_id: str,
        *,
        what: str,
        side: str,
        person: str,
        due: date | None,
        if_broken: str,
        expected_version: int,
        author: str,
        keep: Collection[str] = (),
    ) -> Agreement:
        """Correct an agreement (a typo, another person, a new due date) against the version that was read;
        its status and the meeting it came from stay, and the due date may not move before that meeting."""
        what, side, person, if_broken = clean_agreement(what, side, person, if_broken)
        yours = {
            "what": what,
            "side": side,
            "person": person,
            "due": due.isoformat() if due else None,
            "if_broken": if_broken,
        }
        with self.transaction() as connection:
            row = self._existing(connection, agreements, agreement_id)

            def not_before_its_meeting(edits: Edits) -> None:
                if "due" in edits and row["meeting_id"] is not None:
                    _due_after_meeting(connection, row["dossier_id"], row["meeting_id"], due)

            self._save(
                connection,
                "agreement",
                row["id"],
                expected_version,
                yours,
                action="agreement changed",
                author=author,
                keep=keep,
                check=not_before_its_meeting,
                field=row["id"],
                old=_agreement_line(row["what"], row["due"]),
                new=_agreement_line(what, due),
            )
        return self.agreement(agreement_id)

    def agreement(self, reference: str) -> Agreement:
        """The agreement with this id, or with the only id that starts with ``reference``."""
        return _agreement(self._find(agreements, reference))

    def agreements(
        self,
        dossier_id: str | None = None,
        status: str | None = None,
        *,
        limit: int | None = None,
        in_bin: bool = False,
    ) -> list[Agreement]:
        """Agreements (of one dossier, or of every dossier not in the bin), by due date, undated last; the
        first ``limit`` of them when given; with ``in_bin`` those put in the bin instead.

        ``status`` is open, done, broken, withdrawn, or overdue: open with a due date before today.
        """
        query = (
            select(agreements)
            .join(dossiers, dossiers.c.id == agreements.c.dossier_id)
            .where(*_chosen(dossier_id, status, in_bin), *self._readable(agreements))
            .order_by(*_by_due(status))
            .limit(limit)
        )
        with self._errors(), self._engine.connect() as connection:
            return [_agreement(row._mapping) for row in connection.execute(query)]

    def overdue_counts(self, dossier_ids: Collection[str]) -> dict[str, int]:
        """How many agreements are overdue in each of these dossiers, by dossier id (one query)."""
        query = (
            select(agreements.c.dossier_id, func.count())
            .where(
                *_of_status("overdue"),
                in_the_bin(agreements),
                agreements.c.dossier_id.in_(list(dossier_ids)),
                *self._readable(agreements),
            )
            .group_by(agreements.c.dossier_id)
        )
        with self._errors(), self._engine.connect() as connection:
            return {row[0]: row[1] for row in connection.execute(query)}

    def count_agreements(self, status: str | None = None) -> int:
        """How many agreements (of one status, or overdue) there are in the dossiers not in the bin."""
        query = (
            select(func.count())
            .select_from(agreements)
            .join(dossiers, dossiers.c.id == agreements.c.dossier_id)
            .where(*_chosen(None, status), *self._readable(agreements))
        )
        with self._errors(), self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def set_agreement_status(
        self, agreement_id: str, status: str, *, expected_version: int, author: str, note: str = ""
    ) -> Agreement:
        """Mark an agreement open, done or broken; the dossier's history keeps every change of status."""
        if status not in STATUSES:
            raise InvalidDossier("not one of", "status", value=status, choices=STATUSES, words="status")
        note = text("note", note)
        with self.transaction() as connection:
            row = self._existing(connection, agreements, agreement_id)
            self._save(
                connection,
                "agreement",
                row["id"],
                expected_version,
                {"status": status},
                action="agreement status",
                author=author,
                field=row["id"],
                old=row["status"],
                new=f"{status}: {note}" if note else status,
            )
        return self.agreement(agreement_id)

    def remove_agreement(self, agreement_id: str, *, expected_version: int, author: str) -> Agreement:
        """Put an agreement in the bin (written down by mistake): gone from the lists and reminders,
        never lost; ``restore_agreement`` brings it back. One both sides dropped is withdrawn instead
        (``set_agreement_status``), and stays in the list."""
        return self._binned(agreement_id, True, expected_version, author)

    def restore_agreement(self, agreement_id: str, *, expected_version: int, author: str) -> Agreement:
        return self._binned(agreement_id, False, expected_version, author)

    def _binned(self, agreement_id: str, on: bool, expected_version: int, author: str) -> Agreement:
        with self.transaction() as connection:
            row = self._existing(connection, agreements, agreement_id)
            if (row["deleted_at"] is not None) != on:
                self._save(
                    connection,
                    "agreement",
                    row["id"],
                    expected_version,
                    {"deleted_at": _now().isoformat() if on else None},
                    action="agreement removed" if on else "agreement restored",
                    author=author,
                    field=row["id"],
                    new=row["what"],
                )
        return self.agreement(agreement_id)


def _chosen(dossier_id: str | None, status: str | None, in_bin: bool = False) -> list[ColumnElement[bool]]:
    """Which agreements a list holds: one dossier's, or those of every dossier not in the bin, of
    ``status``; those in the bin themselves only when asked (``in_bin``)."""
    whose = (
        agreements.c.dossier_id == dossier_id if dossier_id is not None else dossiers.c.deleted_at.is_(None)
    )
    return [whose, in_the_bin(agreements, in_bin), *_of_status(status)]


def _by_due(status: str | None) -> list[ColumnElement[Any]]:
    """By due date, undated last. Late ones all have a date: ordered by the index alone
    (``ix_agreements_due``), the first twenty of thousands are read without sorting them all."""
    dated: list[ColumnElement[Any]] = [agreements.c.due, agreements.c.created_at]
    return dated if status == "overdue" else [agreements.c.due.is_(None), *dated]


def _of_status(status: str | None) -> list[ColumnElement[bool]]:
    """Agreements of one status, or overdue (open with a due date before today), or all (None)."""
    if status is not None and status not in (*STATUSES, "overdue"):
        choices = (*STATUSES, "overdue")
        raise InvalidDossier("not one of", "status", value=status, choices=choices, words="status")
    if status == "overdue":
        today = datetime.now().astimezone().date()
        return [agreements.c.status == "open", agreements.c.due < today]
    return [] if status is None else [agreements.c.status == status]


def _due_after_meeting(connection: Connection, dossier_id: str, meeting_id: str, due: date | None) -> None:
    """Refuse an agreement's due date before the day of the meeting it came from."""
    source = connection.execute(select(meetings).where(meetings.c.id == meeting_id)).first()
    if source is None or source.dossier_id != dossier_id:
        raise InvalidDossier("not in dossier", "meeting", meeting=meeting_id)
    due_after(due, _aware(source.starts_at) or source.starts_at)


def _agreement_line(what: str, due: date | None) -> str:
    """An agreement as its history remembers it: what, and by when."""
    return f"{what} ({due.isoformat()})" if due else what


def _agreement(row: RowMapping) -> Agreement:
    return Agreement(
        id=row["id"],
        dossier_id=row["dossier_id"],
        meeting_id=row["meeting_id"],
        what=row["what"],
        side=row["side"],
        person=row["person"],
        due=row["due"],
        if_broken=row["if_broken"],
        status=row["status"],
        version=row["version"],
        created_at=_aware(row["created_at"]) or row["created_at"],
        updated_at=_aware(row["updated_at"]) or row["updated_at"],
        deleted_at=_aware(row["deleted_at"]),
    )
