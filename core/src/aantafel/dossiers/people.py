"""People, organisations and who may do what: the values of accounts mode and the rules for them.

In accounts mode a bewonersbedrijf is an organisation that owns its dossiers. Its members read and change
them; its admins also invite, remove and set roles; a trainer it invited reads them and leaves feedback;
a site admin makes organisations. What a person may touch is worked out once into an ``Access`` and the
store checks every read and write against it (``Store.acting``), so no front-end holds these rules.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal, get_args

from attrs import frozen

from aantafel.dossiers.model import NAME_LIMIT, DossierError, readable, text

Role = Literal["member", "admin", "trainer"]
ROLES: tuple[Role, ...] = get_args(Role)
WRITERS: frozenset[str] = frozenset({"member", "admin"})
"""The roles that change an organisation's dossiers; a trainer reads them and leaves feedback."""
Part = Literal["preparation", "review"]
PARTS: tuple[Part, ...] = get_args(Part)
"""What of a meeting a trainer's feedback is about."""

LOGIN_LIMIT = 100
EMAIL_LIMIT = 254
PASSWORD_SHORTEST = 8
"""ASVS 5.0 (V6.2.1): at least 8 characters, 15 recommended; no rules about kinds of characters."""
PASSWORD_LONGEST = 1000
"""Long pass phrases are welcome; this only keeps argon2's work bounded (ASVS V6.2.9 asks for 64)."""
FEEDBACK_LIMIT = 5000
LOGIN = re.compile(r"[a-z0-9][a-z0-9._@+-]{1,99}")
"""A sign-in name: what people remember (a first name, an e-mail address), without spaces or capitals
that make two names look the same."""
EX_MEMBER = "oud-lid"
"""The name that takes the place of a removed person's in the history (AVG/GDPR: nothing of them stays)."""


class AccountError(DossierError):
    """A refusal about people and sign-in, worded by ``aantafel.refusals.explain`` like any other."""


class NotAllowed(DossierError):
    """The person may read this but not do that (a trainer saving a dossier, a member inviting)."""


@frozen(kw_only=True)
class Organisation:
    id: str
    name: str
    created_at: datetime


@frozen(kw_only=True)
class Person:
    id: str
    login: str
    name: str
    email: str = ""
    site_admin: bool = False
    created_at: datetime


@frozen(kw_only=True)
class Membership:
    person: Person
    organisation: Organisation
    role: Role


@frozen(kw_only=True)
class Invitation:
    """A link's promise: to join ``organisation_id`` as ``role`` (kind ``invite``) or to choose a new
    password for ``person_id`` (kind ``reset``); single-use, until ``expires_at``."""

    kind: Literal["invite", "reset"]
    organisation_id: str | None
    organisation_name: str
    role: Role | None
    person_id: str | None
    person_name: str
    expires_at: datetime


@frozen(kw_only=True)
class Feedback:
    id: str
    meeting_id: str
    part: Part
    text: str
    author: str
    created_at: datetime


@frozen(kw_only=True)
class DossierFigures:
    """One dossier as a trainer's overview shows it, so many organisations can be followed on one page:
    what comes next and how far its preparation is, what is late, and when the team last looked back."""

    id: str
    organisation_id: str
    title: str
    counterpart: str
    next_meeting: datetime | None = None
    next_meeting_id: str | None = None
    answered: int = 0
    """Answers to the checks asked for, in the next meeting's preparation."""
    overdue: int = 0
    last_review: datetime | None = None
    """When the most recent meeting before now took place whose record holds any text."""
    last_review_id: str | None = None


@frozen(kw_only=True)
class Access:
    """What one person may touch: the organisations whose dossiers they read, and those they change. The
    store built from it (``Store.acting``) answers "unknown" for everything else, so another
    organisation's dossier cannot be told apart from one that does not exist."""

    person_id: str
    name: str
    reads: frozenset[str]
    writes: frozenset[str]
    trains: frozenset[str] = frozenset()
    manages: frozenset[str] = frozenset()
    site_admin: bool = False


def clean_login(login: str) -> str:
    """A sign-in name as it is stored: trimmed, lower case, and one that can be typed again."""
    cleaned = readable("login", login).strip().lower()
    if not LOGIN.fullmatch(cleaned):
        raise AccountError("bad login", typed=cleaned[:LOGIN_LIMIT])
    return cleaned


def clean_name(name: str) -> str:
    cleaned = text("name", name.strip(), NAME_LIMIT)
    if not cleaned:
        raise AccountError("no name")
    return cleaned


def clean_password(password: str) -> str:
    """The length and whether it is one of the passwords guessed first, as NIST SP 800-63B and ASVS ask;
    spaces and any letters are fine, and nothing is asked about kinds of characters."""
    readable("password", password)
    if len(password) < PASSWORD_SHORTEST:
        raise AccountError("short password", shortest=PASSWORD_SHORTEST)
    if len(password) > PASSWORD_LONGEST:
        raise AccountError("long password", longest=PASSWORD_LONGEST)
    from aantafel.passwords import common

    if common(password):
        raise AccountError("common password")
    return password


def clean_email(email: str) -> str:
    cleaned = text("email", email.strip(), EMAIL_LIMIT)
    if cleaned and ("@" not in cleaned or any(c.isspace() for c in cleaned)):
        raise AccountError("bad email", typed=cleaned)
    return cleaned


def clean_role(role: str) -> Role:
    for known in ROLES:
        if role == known:
            return known
    raise AccountError("bad role", typed=role, choices=", ".join(ROLES))
