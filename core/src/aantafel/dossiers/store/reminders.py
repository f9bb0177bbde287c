"""Reminders of agreements coming due: which are due, whose e-mail address goes with a name, and sending
each address its message at most once a day.

``remind_once`` writes that a message went out in the same transaction that sends it: when the mail
server refuses, nothing is written and the next run tries again; when it took the message, the row is
there and a second run that day sends nothing. On SQLite the write lock is held while the message goes
out (at most the mail server's timeout), so two runs at once cannot both send it either.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta

from sqlalchemy import delete, insert, select

from aantafel.dossiers.model import Agreement
from aantafel.dossiers.schema import agreements, dossiers, memberships, people, reminders
from aantafel.dossiers.store.agreements import _agreement
from aantafel.dossiers.store.base import Base, _now

REMINDERS_KEPT = timedelta(days=31)
"""How long the store remembers that an address got a reminder: a day is all it needs, a month tells the
hosting admin what went out lately; older rows (e-mail addresses) are removed."""


class Reminders(Base):
    """What the reminders ask of the store."""

    def due_agreements(self, until: date) -> list[Agreement]:
        """The open agreements due on ``until`` or before (the overdue ones too), of every dossier this
        store may read that is not in the bin, by due date."""
        query = (
            select(agreements)
            .join(dossiers, dossiers.c.id == agreements.c.dossier_id)
            .where(
                agreements.c.status == "open",
                agreements.c.deleted_at.is_(None),
                agreements.c.due.is_not(None),
                agreements.c.due <= until,
                dossiers.c.deleted_at.is_(None),
                *self._readable(agreements),
            )
            .order_by(agreements.c.due, agreements.c.created_at, agreements.c.id)
        )
        with self._errors(), self._engine.connect() as connection:
            return [_agreement(row._mapping) for row in connection.execute(query)]

    def addresses(self, wanted: Collection[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """For each (dossier id, person) of ``wanted``, the e-mail address of the one account in the
        dossier's organisation whose name or sign-in name is that person (case and spaces aside); left
        out when no account, or more than one, matches, or it has no address. Accounts mode only: a
        dossier without an organisation has no one to match."""
        dossier_ids = sorted({dossier_id for dossier_id, _person in wanted})
        query = (
            select(dossiers.c.id, people.c.name, people.c.login, people.c.email)
            .join(memberships, memberships.c.organisation_id == dossiers.c.organisation_id)
            .join(people, people.c.id == memberships.c.person_id)
            .where(dossiers.c.id.in_(dossier_ids))
        )
        with self._errors(), self._engine.connect() as connection:
            rows = connection.execute(query).all()
        found: dict[tuple[str, str], str] = {}
        for dossier_id, person in wanted:
            key = _same(person)
            matches = {
                row.email for row in rows if row.id == dossier_id and key in (_same(row.name), row.login)
            }
            if len(matches) == 1 and (address := matches.pop()):
                found[(dossier_id, person)] = address
        return found

    def remind_once(self, day: date, address: str, count: int, send: Callable[[], None]) -> bool:
        """Call ``send`` unless ``address`` had its reminder on ``day`` already, and note that it had, in
        one transaction: False when it was sent before. Whatever ``send`` raises is raised, and nothing is
        noted. Notes older than ``REMINDERS_KEPT`` go in the same transaction."""
        key = address.strip().lower()
        with self.transaction() as connection:
            connection.execute(delete(reminders).where(reminders.c.day < day - REMINDERS_KEPT))
            sent = connection.execute(
                select(reminders.c.day).where(reminders.c.day == day, reminders.c.address == key)
            ).first()
            if sent is not None:
                return False
            send()
            connection.execute(
                insert(reminders).values(day=day, address=key, sent_at=_now(), agreements=count)
            )
        return True


def _same(name: str) -> str:
    """A name as the match compares it: "  Fatima  Yilmaz" and "fatima yilmaz" are the same person."""
    return " ".join(name.split()).casefold()
