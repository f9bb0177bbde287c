"""A dossier and the record of its changes, as plain frozen values the store hands out.

Field names are the words the command line, the JSON export and the database use alike. Each text field has a
length limit: generous for prose, short for a title, so a pasted novel or a runaway script is refused with a
message instead of stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Literal

from attrs import frozen

TITLE_LIMIT = 200
TEXT_LIMIT = 20_000

TEXT_FIELDS = (
    "counterpart",
    "department",
    "organisation",
    "goal",
    "our_interests",
    "their_interests",
    "limits",
    "alternative",
    "options",
    "sources",
)
"""The dossier's fields besides the title, in the order people fill them in."""
EDITABLE = ("title", *TEXT_FIELDS)


class DossierError(Exception):
    """Something the user can put right; the message says what and how."""


class InvalidDossier(DossierError):
    """A value that cannot be stored; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class UnknownDossier(DossierError):
    """No dossier (or meeting) has this id or id prefix."""


class ChangedMeanwhile(DossierError):
    """The dossier was changed since it was read; saving would overwrite someone's edit."""


@frozen(kw_only=True)
class Dossier:
    """One negotiation with one counterpart, over several meetings."""

    id: str
    title: str
    counterpart: str = ""
    department: str = ""
    organisation: str = ""
    goal: str = ""
    our_interests: str = ""
    their_interests: str = ""
    limits: str = ""
    alternative: str = ""
    options: str = ""
    sources: str = ""
    version: int
    """Goes up by one with every change; an update must name the version it started from."""
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None
    """Set while the dossier is in the bin; it can be restored from there."""


Action = Literal["created", "edited", "deleted", "restored", "meeting added", "answered"]


@frozen(kw_only=True)
class Change:
    """One entry of a dossier's history: who did what, when, and for an edit the old and new value."""

    dossier_id: str
    at: datetime
    author: str
    action: Action
    field: str | None = None
    old: str | None = None
    new: str | None = None


def clean(values: Mapping[str, object], *, creating: bool) -> dict[str, str]:
    """Check and tidy values for the editable fields; raise ``InvalidDossier`` naming the first bad one."""
    cleaned: dict[str, str] = {}
    for field, value in values.items():
        if field not in EDITABLE:
            raise InvalidDossier(field, f"unknown field; use one of: {', '.join(EDITABLE)}")
        if not isinstance(value, str):
            raise InvalidDossier(field, f"expected text, got {type(value).__name__}")
        text = value.strip()
        limit = TITLE_LIMIT if field == "title" else TEXT_LIMIT
        if len(text) > limit:
            raise InvalidDossier(field, f"{len(text):,} characters, over the limit of {limit:,}")
        if "\x00" in text:
            raise InvalidDossier(field, "contains a NUL character")
        cleaned[field] = text
    if (creating or "title" in cleaned) and not cleaned.get("title"):
        raise InvalidDossier("title", "a dossier needs a title")
    return cleaned


SIDES = ("ours", "theirs", "other")
BINDINGS = ("yes", "no", "unknown")
ANSWERS = ("yes", "no", "unsure")
NAME_LIMIT = 200


@frozen(kw_only=True)
class Participant:
    """Someone at the table. ``binding``: can this person make agreements that hold (the first check)?"""

    name: str
    side: str = "theirs"
    role: str = ""
    binding: str = "unknown"


@frozen(kw_only=True)
class Meeting:
    """One conversation in a dossier: when, where, who, and what for."""

    id: str
    dossier_id: str
    starts_at: datetime
    place: str = ""
    purpose: str = ""
    participants: tuple[Participant, ...] = ()
    version: int
    created_at: datetime
    updated_at: datetime


@frozen(kw_only=True)
class Answer:
    """The answer to one check of a meeting's preparation; ``check_id`` may name a check since removed."""

    check_id: str
    answer: str
    note: str = ""
    answered_at: datetime
    author: str


def clean_meeting(place: str, purpose: str, participants: tuple[Participant, ...]) -> tuple[str, str]:
    """Check a meeting's texts and people; raise ``InvalidDossier`` naming the first bad value."""
    for field, value in (("place", place), ("purpose", purpose)):
        if len(value.strip()) > TEXT_LIMIT:
            raise InvalidDossier(field, f"{len(value):,} characters, over the limit of {TEXT_LIMIT:,}")
    for number, person in enumerate(participants, start=1):
        where = f"participant {number}"
        if not person.name.strip():
            raise InvalidDossier(where, "needs a name")
        if len(person.name) > NAME_LIMIT or len(person.role) > NAME_LIMIT:
            raise InvalidDossier(where, f"name and role may have {NAME_LIMIT} characters at most")
        if person.side not in SIDES:
            raise InvalidDossier(where, f"side '{person.side}' is not one of: {', '.join(SIDES)}")
        if person.binding not in BINDINGS:
            raise InvalidDossier(where, f"binding '{person.binding}' is not one of: {', '.join(BINDINGS)}")
    return place.strip(), purpose.strip()
