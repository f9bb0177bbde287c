"""Getting in without e-mail: single-use links that expire, to join an organisation or choose a new password.

An admin makes a link and sends it any way they like (WhatsApp, a text message, on paper); whoever opens it
chooses a sign-in name and a password, or a new password. The database keeps only the SHA-256 of the
link's secret, so a copy of the database lets nobody in, and a link is marked used in the same transaction
that uses it, so two people opening it at once cannot both get in.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import Connection, RowMapping, insert, select, update

from aantafel import passwords
from aantafel.dossiers.people import AccountError, Invitation, NotAllowed, Person, clean_password, clean_role
from aantafel.dossiers.schema import invitations, organisations, people
from aantafel.dossiers.store.base import _aware, _now
from aantafel.dossiers.store.people import People, _digest, _join, _keeping_an_admin, _new_password, _person

INVITATION_LIFE = timedelta(days=7)
"""Long enough for a message to be read on a phone after the weekend."""
RESET_LIFE = timedelta(hours=24)
"""A new password is chosen right away; a link lying around longer is a risk."""
TOKEN_BYTES = 32


class Invitations(People):
    """Links to join and to reset a password."""

    def invite(self, organisation_id: str, role: str, *, life: timedelta = INVITATION_LIFE) -> str:
        """A link's secret that lets one person join the organisation as ``role``; for its admins, and the
        site admin (a new organisation's first admin joins through one)."""
        chosen = clean_role(role)
        self._must_manage(organisation_id, or_site_admin=True)
        self.organisation(organisation_id)
        return self._new_link(kind="invite", organisation_id=organisation_id, role=chosen, life=life)

    def reset_link(self, person_id: str, *, life: timedelta = RESET_LIFE) -> str:
        """A link's secret that lets the person choose a new password; for an admin of one of their
        organisations (or the site admin)."""
        if self._access is not None and not self._access.site_admin:
            theirs = {m.organisation.id for m in self._memberships(_person(self._person_row(person_id)))}
            if not theirs & self._access.manages:
                raise NotAllowed("admins only")
        self._person_row(person_id)  # unknown: refused before a link is made
        return self._new_link(kind="reset", person_id=person_id, life=life)

    def _new_link(self, *, life: timedelta, **values: object) -> str:
        secret = secrets.token_urlsafe(TOKEN_BYTES)
        now = _now()
        made_by = self._access.person_id if self._access is not None else None
        with self.transaction() as connection:
            connection.execute(
                insert(invitations).values(
                    token=_digest(secret), created_at=now, expires_at=now + life, made_by=made_by, **values
                )
            )
        return secret

    def invitation(self, secret: str) -> Invitation:
        """What the link promises, without using it: the page that asks for a name and password shows it."""
        with self._errors(), self._engine.connect() as connection:
            return _invitation(connection, _usable(connection, secret))

    def accept(
        self,
        secret: str,
        *,
        login: str,
        name: str,
        password: str,
        email: str = "",
        person_id: str | None = None,
    ) -> Person:
        """Use an invitation: a new account with this name and password joins the organisation, or the
        signed-in person ``person_id`` joins it with the account they have."""
        with self.transaction() as connection:
            row = _usable(connection, secret, kind="invite")
            if person_id is None:
                joined = self._new_person(connection, login, name, password, email, site_admin=False).id
            else:
                joined = person_id
            with _keeping_an_admin(
                connection, row["organisation_id"]
            ):  # its only admin, taking a member's link
                _join(connection, row["organisation_id"], joined, clean_role(row["role"]))
            _used(connection, secret)
        return _person(self._person_row(joined))

    def reset(self, secret: str, password: str) -> Person:
        """Use a reset link: the person gets ``password``, and every session they had ends."""
        hashed = passwords.hashed(clean_password(password))
        with self.transaction() as connection:
            row = _usable(connection, secret, kind="reset")
            _new_password(connection, row["person_id"], hashed)
            _used(connection, secret)
        return _person(self._person_row(row["person_id"]))


def _usable(connection: Connection, secret: str, kind: str | None = None) -> RowMapping:
    """The invitation of this secret if it can still be used; else the reason it cannot."""
    row = connection.execute(select(invitations).where(invitations.c.token == _digest(secret))).first()
    if row is None or (kind is not None and row.kind != kind):
        raise AccountError("link unknown")
    if row.used_at is not None:
        raise AccountError("link used")
    expires = _aware(row.expires_at)
    if expires is None or expires <= _now():
        raise AccountError("link expired")
    return row._mapping


def _used(connection: Connection, secret: str) -> None:
    """Mark the link used, only if it was not meanwhile: of two people using it at once, one gets in."""
    done = connection.execute(
        update(invitations)
        .where(invitations.c.token == _digest(secret), invitations.c.used_at.is_(None))
        .values(used_at=_now())
    ).rowcount
    if done != 1:
        raise AccountError("link used")


def _invitation(connection: Connection, row: RowMapping) -> Invitation:
    organisation_name = person_name = ""
    if row["organisation_id"] is not None:
        organisation_name = connection.execute(
            select(organisations.c.name).where(organisations.c.id == row["organisation_id"])
        ).scalar_one()
    if row["person_id"] is not None:
        person_name = connection.execute(
            select(people.c.name).where(people.c.id == row["person_id"])
        ).scalar_one()
    return Invitation(
        kind="reset" if row["kind"] == "reset" else "invite",
        organisation_id=row["organisation_id"],
        organisation_name=organisation_name,
        role=clean_role(row["role"]) if row["role"] else None,
        person_id=row["person_id"],
        person_name=person_name,
        expires_at=_aware(row["expires_at"]) or row["expires_at"],
    )
