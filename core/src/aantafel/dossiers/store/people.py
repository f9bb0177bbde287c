"""Accounts mode: organisations, the people in them and their roles, signing in, and leaving.

Every method that changes who may do what checks it here when the store acts for a person (``acting``):
only a site admin makes organisations, only an organisation's admins invite, set roles and remove people.
The single user's store (the command line on the server) may do all of it: whoever can open the database
file or URL has every dossier already.

Sign-in failures are counted in the database, per sign-in name and per address, so every worker and every
host behind the proxy sees the same counts; a success clears the name's count.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, RowMapping, delete, func, insert, select, update

from aantafel import passwords
from aantafel.dossiers.model import Change
from aantafel.dossiers.people import (
    EX_MEMBER,
    WRITERS,
    Access,
    AccountError,
    Membership,
    NotAllowed,
    Organisation,
    Person,
    Role,
    clean_email,
    clean_login,
    clean_name,
    clean_password,
    clean_role,
)
from aantafel.dossiers.schema import (
    answers,
    changes,
    dossiers,
    feedback,
    meetings,
    memberships,
    organisations,
    people,
    sessions,
    sign_in_failures,
)
from aantafel.dossiers.store.base import Base, _aware, _now

WINDOW = timedelta(minutes=15)
"""How long a failed sign-in counts."""
FAILURES_PER_LOGIN = 10
"""Failed sign-ins per sign-in name within ``WINDOW``: far more than anyone mistypes, far too few to guess
a password (ASVS 5.0 V6.3.1 asks for at most 100 an hour)."""
SESSION_LIFE = timedelta(days=14)
"""How long a sign-in lasts: a volunteer's phone stays signed in between two weekly meetings, and a
forgotten session ends by itself."""
FAILURES_PER_ADDRESS = 100
"""Per address: a community centre's volunteers share one, so this is higher than per name."""


class People(Base):
    """Organisations, people, memberships and sign-in."""

    # --- who may do what -------------------------------------------------------------------------------

    def _must_manage(self, organisation_id: str, *, or_site_admin: bool = False) -> None:
        """Refused unless the person is an admin of the organisation (or, ``or_site_admin``, a site admin:
        they see every organisation's people and invite a new one's first admin)."""
        if self._access is None or organisation_id in self._access.manages:
            return
        if not (or_site_admin and self._access.site_admin):
            raise NotAllowed("admins only")

    def _must_be_site_admin(self) -> None:
        if self._access is not None and not self._access.site_admin:
            raise NotAllowed("site admins only")

    def has_accounts(self) -> bool:
        """Whether anyone has an account here: then the database is in accounts mode, and a program that
        opens it must say who it acts for."""
        with self._errors(), self._engine.connect() as connection:
            return connection.execute(select(people.c.id).limit(1)).first() is not None

    def access_for(self, person_id: str) -> Access:
        """What ``person_id`` may touch, worked out from their memberships: build a store for them with
        ``acting(store.access_for(id))``."""
        person = _person(self._person_row(person_id))
        return _access(person, {m.organisation.id: m.role for m in self._memberships(person)})

    # --- people ---------------------------------------------------------------------------------------

    def create_person(
        self, *, login: str, name: str, password: str, email: str = "", site_admin: bool = False
    ) -> Person:
        """A new account (``aantafel admin create`` makes the first, a site admin)."""
        if site_admin:
            self._must_be_site_admin()
        with self.transaction() as connection:
            return self._new_person(connection, login, name, password, email, site_admin=site_admin)

    def _new_person(
        self, connection: Connection, login: str, name: str, password: str, email: str, *, site_admin: bool
    ) -> Person:
        login = clean_login(login)
        values = {
            "login": login,
            "name": clean_name(name),
            "email": clean_email(email),
            "password": passwords.hashed(clean_password(password)),
            "site_admin": site_admin,
            "created_at": _now(),
        }
        if connection.execute(select(people.c.id).where(people.c.login == login)).first() is not None:
            raise AccountError("login taken", login=login)
        person_id = self._new_id(connection, people)
        connection.execute(insert(people).values(id=person_id, **values))
        return _person({"id": person_id, **values})

    def person(self, person_id: str) -> Person:
        """A person's account; acting for someone, only their own, their organisations' people when they
        are its admin, or anyone for a site admin (anyone else is unknown, as no one)."""
        self._about(person_id)
        return _person(self._person_row(person_id))

    def _about(self, person_id: str, *, own: bool = False) -> None:
        """Refuse, as unknown, a question about someone the acting person may not ask about: only
        themselves (``own``), or also the people of an organisation they manage and, for a site admin,
        anyone."""
        access = self._access
        if access is None or person_id == access.person_id:
            return
        if not own and access.site_admin:
            return
        if not own and access.manages:
            query = select(memberships.c.person_id).where(
                memberships.c.person_id == person_id,
                memberships.c.organisation_id.in_(sorted(access.manages)),
            )
            with self._errors(), self._engine.connect() as connection:
                if connection.execute(query.limit(1)).first() is not None:
                    return
        raise AccountError("unknown person", reference=person_id)

    def person_by_login(self, login: str) -> Person:
        with self._errors(), self._engine.connect() as connection:
            row = connection.execute(select(people).where(people.c.login == login.strip().lower())).first()
        if row is None:
            raise AccountError("unknown person", reference=login)
        return _person(row._mapping)

    def _person_row(self, person_id: str) -> RowMapping:
        with self._errors(), self._engine.connect() as connection:
            row = connection.execute(select(people).where(people.c.id == person_id)).first()
        if row is None:
            raise AccountError("unknown person", reference=person_id)
        return row._mapping

    def people_of(self, organisation_id: str) -> list[Membership]:
        """An organisation's people and their roles, by name; for its admins (and the site admin)."""
        self._must_manage(organisation_id, or_site_admin=True)
        organisation = self.organisation(organisation_id)
        query = (
            select(people, memberships.c.role)
            .join(memberships, memberships.c.person_id == people.c.id)
            .where(memberships.c.organisation_id == organisation_id)
            .order_by(people.c.name, people.c.login)
        )
        with self._errors(), self._engine.connect() as connection:
            return [
                Membership(person=_person(row._mapping), organisation=organisation, role=row.role)
                for row in connection.execute(query)
            ]

    def memberships(self, person_id: str) -> list[Membership]:
        """The organisations a person belongs to, and as what, by the organisation's name; acting for
        someone, as ``person`` allows."""
        self._about(person_id)
        return self._memberships(_person(self._person_row(person_id)))

    def _memberships(self, person: Person) -> list[Membership]:
        query = (
            select(organisations, memberships.c.role)
            .join(memberships, memberships.c.organisation_id == organisations.c.id)
            .where(memberships.c.person_id == person.id)
            .order_by(organisations.c.name)
        )
        with self._errors(), self._engine.connect() as connection:
            return [
                Membership(person=person, organisation=_organisation(row._mapping), role=row.role)
                for row in connection.execute(query)
            ]

    def change_password(self, person_id: str, current: str, new: str) -> None:
        """The person's own new password, given the one they have: someone at a phone left signed in
        cannot lock its owner out. Every session ends, this one too (they sign in again)."""
        if self._access is not None and self._access.person_id != person_id:
            raise NotAllowed("admins only")
        hashed = passwords.hashed(clean_password(new))
        if not passwords.matches(self._person_row(person_id)["password"], current):
            raise AccountError("wrong current password")
        with self.transaction() as connection:
            _new_password(connection, person_id, hashed)

    # --- sessions -------------------------------------------------------------------------------------

    def start_session(self, person_id: str) -> str:
        """A new session for the person who just signed in: the secret for their cookie. A new one at
        every sign-in, so a session fixed before it is never the one after it."""
        secret = secrets.token_urlsafe(32)
        with self.transaction() as connection:
            connection.execute(
                insert(sessions).values(token=_digest(secret), person_id=person_id, created_at=_now())
            )
        return secret

    def session(self, secret: str) -> tuple[Person, Access] | None:
        """Who this session is for and what they may touch, while it lasts (``SESSION_LIFE`` from sign-in);
        else None. One query: every request of someone signed in asks it, and each kept page every 0.1 s."""
        query = (
            select(people, memberships.c.organisation_id.label("member_of"), memberships.c.role)
            .join(sessions, sessions.c.person_id == people.c.id)
            .outerjoin(memberships, memberships.c.person_id == people.c.id)
            .where(sessions.c.token == _digest(secret), sessions.c.created_at > _now() - SESSION_LIFE)
        )
        with self._errors(), self._engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return None
        person = _person(rows[0]._mapping)
        return person, _access(person, {row.member_of: row.role for row in rows if row.member_of is not None})

    def end_session(self, secret: str) -> None:
        """Sign out here: the session is gone, and a copy of its cookie lets nobody in."""
        with self.transaction() as connection:
            connection.execute(delete(sessions).where(sessions.c.token == _digest(secret)))

    def sign_out_everywhere(self, person_id: str) -> None:
        """End every session of the person, on every phone and computer (acting for someone: their own)."""
        self._about(person_id, own=True)
        with self.transaction() as connection:
            connection.execute(delete(sessions).where(sessions.c.person_id == person_id))

    def sign_in(self, login: str, password: str, *, address: str) -> Person:
        """The person whose sign-in name and password these are; else ``AccountError`` that does not say
        which of the two was wrong. Refused without checking once either the name or the address has had
        too many failures lately."""
        login = login.strip().lower()[:200]
        keys = (f"login:{login}", f"address:{address[:200]}")
        since = _now() - WINDOW
        with self._errors(), self._engine.connect() as connection:
            for key, limit in zip(keys, (FAILURES_PER_LOGIN, FAILURES_PER_ADDRESS), strict=True):
                failures = connection.execute(
                    select(func.count())
                    .select_from(sign_in_failures)
                    .where(sign_in_failures.c.key == key, sign_in_failures.c.at > since)
                ).scalar_one()
                if failures >= limit:
                    raise AccountError("too many attempts", minutes=int(WINDOW.total_seconds() // 60))
            row = connection.execute(select(people).where(people.c.login == login)).first()
        stored = row.password if row is not None else passwords.decoy()
        if not passwords.matches(stored, password) or row is None:
            with self.transaction() as connection:
                now = _now()
                connection.execute(delete(sign_in_failures).where(sign_in_failures.c.at <= since))
                connection.execute(insert(sign_in_failures), [{"key": key, "at": now} for key in keys])
            raise AccountError("wrong password")
        with self.transaction() as connection:
            connection.execute(delete(sign_in_failures).where(sign_in_failures.c.key == keys[0]))
            if passwords.needs_rehash(stored):
                connection.execute(
                    update(people).where(people.c.id == row.id).values(password=passwords.hashed(password))
                )
        return _person(row._mapping)

    # --- organisations --------------------------------------------------------------------------------

    def create_organisation(self, name: str) -> Organisation:
        """A new organisation (a bewonersbedrijf), without people yet: invite its first admin."""
        self._must_be_site_admin()
        with self.transaction() as connection:
            return _new_organisation(connection, self._new_id(connection, organisations), name)

    def organisation(self, organisation_id: str) -> Organisation:
        with self._errors(), self._engine.connect() as connection:
            row = connection.execute(
                select(organisations).where(organisations.c.id == organisation_id)
            ).first()
        if row is None:
            raise AccountError("unknown organisation", reference=organisation_id)
        return _organisation(row._mapping)

    def organisations(self) -> list[Organisation]:
        """Every organisation, by name: the site admin's list."""
        self._must_be_site_admin()
        with self._errors(), self._engine.connect() as connection:
            rows = connection.execute(
                select(organisations).order_by(organisations.c.name, organisations.c.id)
            )
            return [_organisation(row._mapping) for row in rows]

    def organisation_sizes(self) -> dict[str, tuple[int, int]]:
        """Per organisation id, how many people belong to it and how many dossiers it has (those in the bin
        left out): what the site admin's list shows next to each name, in two queries however many
        organisations there are."""
        self._must_be_site_admin()
        owned = dossiers.c.organisation_id
        with self._errors(), self._engine.connect() as connection:
            members = connection.execute(
                select(memberships.c.organisation_id, func.count()).group_by(memberships.c.organisation_id)
            ).all()
            kept = connection.execute(
                select(owned, func.count())
                .where(owned.is_not(None), dossiers.c.deleted_at.is_(None))
                .group_by(owned)
            ).all()
        people_count: dict[str, int] = {row[0]: row[1] for row in members}
        dossier_count: dict[str, int] = {row[0]: row[1] for row in kept}
        return {
            each: (people_count.get(each, 0), dossier_count.get(each, 0))
            for each in people_count.keys() | dossier_count.keys()
        }

    def set_role(self, organisation_id: str, person_id: str, role: str) -> None:
        """Give a person a role in an organisation; an organisation keeps at least one admin. Acting for an
        admin, only the organisation's own people: a role never pulls someone of another organisation in
        (they join through a link). The command line on the server may add anyone."""
        chosen = clean_role(role)
        self._must_manage(organisation_id)
        self.organisation(organisation_id)
        self.person(person_id)
        with self.transaction() as connection:
            if self._access is not None and not _is_member(connection, organisation_id, person_id):
                raise AccountError("unknown person", reference=person_id)
            with _keeping_an_admin(connection, organisation_id):
                _join(connection, organisation_id, person_id, chosen)

    def remove_member(self, organisation_id: str, person_id: str) -> None:
        """Take a person out of an organisation. Their name in its dossiers' history, answers and feedback
        becomes "oud-lid"; a person who then belongs nowhere (and is no site admin) is removed altogether,
        with everything stored about them (AVG/GDPR)."""
        self._must_manage(organisation_id)
        organisation = self.organisation(organisation_id)
        with self.transaction() as connection, _keeping_an_admin(connection, organisation_id):
            removed = connection.execute(
                delete(memberships).where(
                    memberships.c.organisation_id == organisation.id, memberships.c.person_id == person_id
                )
            ).rowcount
            if not removed:
                raise AccountError("unknown person", reference=person_id)
            _forget(
                connection,
                person_id,
                select(dossiers.c.id).where(dossiers.c.organisation_id == organisation_id),
            )
            left = connection.execute(
                select(memberships.c.organisation_id).where(memberships.c.person_id == person_id).limit(1)
            ).first()
            row = connection.execute(select(people.c.site_admin).where(people.c.id == person_id)).first()
            if row is None:
                raise AccountError("unknown person", reference=person_id)
            if left is None and not row.site_admin:  # their sessions go with them (cascade)
                _forget(connection, person_id, select(dossiers.c.id))
                login = connection.execute(
                    select(people.c.login).where(people.c.id == person_id)
                ).scalar_one()
                connection.execute(delete(sign_in_failures).where(sign_in_failures.c.key == f"login:{login}"))
                connection.execute(delete(people).where(people.c.id == person_id))

    def unowned_dossiers(self) -> int:
        """How many dossiers belong to no organisation (those of a single-user database, the bin's too):
        what ``move_in`` would move."""
        with self._errors(), self._engine.connect() as connection:
            return connection.execute(
                select(func.count()).select_from(dossiers).where(dossiers.c.organisation_id.is_(None))
            ).scalar_one()

    def move_in(self, name: str, *, admin: str | None = None) -> Organisation | None:
        """Switching to accounts mode: every dossier that belongs to no organisation (all of a single-user
        database) goes into a new organisation called ``name``, nothing else changed, and the person
        ``admin`` (if given) becomes its admin in the same transaction, so it is never left without one.
        None when there was no such dossier."""
        self._must_be_site_admin()
        with self.transaction() as connection:
            homeless = dossiers.c.organisation_id.is_(None)
            if connection.execute(select(dossiers.c.id).where(homeless).limit(1)).first() is None:
                return None
            organisation = _new_organisation(connection, self._new_id(connection, organisations), name)
            connection.execute(update(dossiers).where(homeless).values(organisation_id=organisation.id))
            if admin is not None:
                _join(connection, organisation.id, admin, "admin")
        return organisation

    def personal_data(self, person_id: str) -> dict[str, Any]:
        """Everything stored about a person, for them to download (AVG/GDPR, the right of access): their
        account without the password's hash, their memberships, and every change, answer and feedback
        their name is on."""
        self._about(person_id, own=True)  # for the person themselves (and the hosting admin's CLI)
        person = _person(self._person_row(person_id))
        with self._errors(), self._engine.connect() as connection:
            written = connection.execute(
                select(changes).where(changes.c.person_id == person_id).order_by(changes.c.id)
            ).mappings()
            history = [
                _plain(Change(**{k: v for k, v in row.items() if k in _CHANGE_FIELDS})) for row in written
            ]
            answered = [
                {
                    "meeting": row.meeting_id,
                    "check": row.check_id,
                    "verdict": row.verdict,
                    "text": row.text,
                    "at": _iso(row.answered_at),
                }
                for row in connection.execute(select(answers).where(answers.c.person_id == person_id))
            ]
            said = [
                {"meeting": row.meeting_id, "part": row.part, "text": row.text, "at": _iso(row.created_at)}
                for row in connection.execute(select(feedback).where(feedback.c.person_id == person_id))
            ]
        return {
            "person": {
                "login": person.login,
                "name": person.name,
                "email": person.email,
                "site_admin": person.site_admin,
                "created_at": _iso(person.created_at),
            },
            "organisations": [
                {"name": m.organisation.name, "role": m.role} for m in self._memberships(person)
            ],
            "history": history,
            "answers": answered,
            "feedback": said,
        }

    def personal_json(self, person_id: str) -> str:
        return json.dumps(self.personal_data(person_id), ensure_ascii=False, indent=2)


_CHANGE_FIELDS = ("dossier_id", "at", "author", "action", "field", "old", "new")


def _plain(change: Change) -> dict[str, object]:
    return {
        "dossier": change.dossier_id,
        "at": _iso(change.at),
        "action": change.action,
        "field": change.field,
        "old": change.old,
        "new": change.new,
    }


def _iso(moment: datetime | None) -> str | None:
    aware = _aware(moment)
    return aware.isoformat() if aware else None


def _person(row: Any) -> Person:
    return Person(
        id=row["id"],
        login=row["login"],
        name=row["name"],
        email=row["email"],
        site_admin=bool(row["site_admin"]),
        created_at=_aware(row["created_at"]) or row["created_at"],
    )


def _access(person: Person, roles: dict[str, str]) -> Access:
    """What ``person`` may touch, from their role in each organisation (by id)."""
    return Access(
        person_id=person.id,
        name=person.name,
        reads=frozenset(roles),
        writes=frozenset(org for org, role in roles.items() if role in WRITERS),
        trains=frozenset(org for org, role in roles.items() if role == "trainer"),
        manages=frozenset(org for org, role in roles.items() if role == "admin"),
        site_admin=person.site_admin,
    )


def _organisation(row: Any) -> Organisation:
    return Organisation(
        id=row["id"], name=row["name"], created_at=_aware(row["created_at"]) or row["created_at"]
    )


def _new_organisation(connection: Connection, organisation_id: str, name: str) -> Organisation:
    values = {"id": organisation_id, "name": clean_name(name), "created_at": _now()}
    connection.execute(insert(organisations).values(**values))
    return _organisation(values)


def _join(connection: Connection, organisation_id: str, person_id: str, role: Role) -> None:
    """Make (or keep) the person a member with ``role``; an update first, so that a second invitation
    accepted by a member changes their role instead of failing on the key."""
    changed = connection.execute(
        update(memberships)
        .where(memberships.c.organisation_id == organisation_id, memberships.c.person_id == person_id)
        .values(role=role)
    ).rowcount
    if not changed:
        connection.execute(
            insert(memberships).values(
                organisation_id=organisation_id, person_id=person_id, role=role, since=_now()
            )
        )


def _is_member(connection: Connection, organisation_id: str, person_id: str) -> bool:
    found = connection.execute(
        select(memberships.c.role).where(
            memberships.c.organisation_id == organisation_id, memberships.c.person_id == person_id
        )
    ).first()
    return found is not None


@contextmanager
def _keeping_an_admin(connection: Connection, organisation_id: str) -> Iterator[None]:
    """Refuse what is done inside when it leaves people in an organisation that had admins without one:
    nobody could invite or remove anyone. A new organisation may get its trainer before its first admin."""

    def counted(*where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(memberships)
        return int(
            connection.execute(
                query.where(memberships.c.organisation_id == organisation_id, *where)
            ).scalar_one()
        )

    had = counted(memberships.c.role == "admin")
    yield
    if had and not counted(memberships.c.role == "admin") and counted():
        name = connection.execute(
            select(organisations.c.name).where(organisations.c.id == organisation_id)
        ).scalar_one()
        raise AccountError("last admin", organisation=name)


def _new_password(connection: Connection, person_id: str, hashed: str) -> None:
    """Store a new password's hash and end every session the person had: whoever knew the old password
    is signed out too."""
    done = connection.execute(update(people).where(people.c.id == person_id).values(password=hashed)).rowcount
    if not done:
        raise AccountError("unknown person", reference=person_id)
    connection.execute(delete(sessions).where(sessions.c.person_id == person_id))


def _digest(secret: str) -> str:
    """What the database keeps of a secret (a session's, a link's): its SHA-256, so a copy of the
    database lets nobody in."""
    return hashlib.sha256(secret[:200].encode("utf-8", "replace")).hexdigest()


def _forget(connection: Connection, person_id: str, within: Any) -> None:
    """Put "oud-lid" where the person's name is, in the history, answers and feedback of the dossiers
    ``within`` selects, and drop the link to their account there."""
    meetings_within = select(meetings.c.id).where(meetings.c.dossier_id.in_(within))
    for table, place in (
        (changes, changes.c.dossier_id.in_(within)),
        (answers, answers.c.meeting_id.in_(meetings_within)),
        (feedback, feedback.c.meeting_id.in_(meetings_within)),
    ):
        connection.execute(
            update(table)
            .where(table.c.person_id == person_id, place)
            .values(author=EX_MEMBER, person_id=None)
        )
