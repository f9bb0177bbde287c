"""A dossier and the record of its changes, as plain frozen values the store hands out.

Field names are the words the command line, the JSON export and the database use alike. Each text field has a
length limit: generous for prose, short for a title, so a pasted novel or a runaway script is refused with a
message instead of stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Literal

from attrs import frozen

from aantafel.dossiers.fields import EDITABLE

TITLE_LIMIT = 200
TEXT_LIMIT = 20_000


class DossierError(Exception):
    """Something the user can put right; the message says what and how."""


class InvalidDossier(DossierError):
    """A value that cannot be stored; ``field`` names it, and ``reason`` says which of the mistakes people
    make it is (one of the constants below, or empty), so a front-end can say it in the user's language
    without reading the English message."""

    TOO_LONG = "too long"
    MISSING = "missing"
    BEFORE_MEETING = "before meeting"

    def __init__(self, field: str, message: str, *, reason: str = "") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = reason


Subject = Literal["dossier", "meeting", "agreement"]
"""What an id names."""


class AboutOne(DossierError):
    """A refusal about one dossier, meeting or agreement: ``what`` it is and the ``reference`` (id or id
    prefix) that was given, so that a front-end can add its own way to find the right one (a command, a
    link) to a message that names none."""

    def __init__(self, message: str, *, what: Subject | None = None, reference: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.reference = reference


class UnknownDossier(AboutOne):
    """No dossier (or meeting, or agreement) has this id or id prefix."""


class ChangedMeanwhile(AboutOne):
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


Action = Literal[
    "created",
    "edited",
    "deleted",
    "restored",
    "meeting added",
    "meeting changed",
    "answered",
    "meeting recorded",
    "agreement added",
    "agreement status",
    "agreement changed",
]


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
            raise InvalidDossier(
                field,
                f"{len(text):,} characters, over the limit of {limit:,}",
                reason=InvalidDossier.TOO_LONG,
            )
        if "\x00" in text:
            raise InvalidDossier(field, "contains a NUL character")
        cleaned[field] = text
    if (creating or "title" in cleaned) and not cleaned.get("title"):
        raise InvalidDossier("title", "a dossier needs a title", reason=InvalidDossier.MISSING)
    return cleaned


SIDES = ("ours", "theirs", "other")
BINDINGS = ("yes", "no", "unknown")
ANSWERS = ("yes", "no", "unsure")
WRITTEN = "written"
"""The answer kind of a module's worksheet prompt: what was written is the answer's note."""
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


def clean_meeting(
    starts_at: datetime, place: str, purpose: str, participants: tuple[Participant, ...]
) -> tuple[str, str]:
    """Check a meeting's time, texts and people; raise ``InvalidDossier`` naming the first bad value."""
    if starts_at.tzinfo is None:
        raise InvalidDossier("starts_at", "needs a time zone")
    for field, value in (("place", place), ("purpose", purpose)):
        if len(value.strip()) > TEXT_LIMIT:
            raise InvalidDossier(
                field,
                f"{len(value):,} characters, over the limit of {TEXT_LIMIT:,}",
                reason=InvalidDossier.TOO_LONG,
            )
    for number, person in enumerate(participants, start=1):
        where = f"participant {number}"
        if not person.name.strip():
            raise InvalidDossier(where, "needs a name", reason=InvalidDossier.MISSING)
        if len(person.name) > NAME_LIMIT or len(person.role) > NAME_LIMIT:
            raise InvalidDossier(
                where,
                f"name and role may have {NAME_LIMIT} characters at most",
                reason=InvalidDossier.TOO_LONG,
            )
        if person.side not in SIDES:
            raise InvalidDossier(where, f"side '{person.side}' is not one of: {', '.join(SIDES)}")
        if person.binding not in BINDINGS:
            raise InvalidDossier(where, f"binding '{person.binding}' is not one of: {', '.join(BINDINGS)}")
    return place.strip(), purpose.strip()


MOVES = ("offered", "conceded", "promised")
"""What a side did at the table: offered something, gave something up, or promised it on a condition."""
STATUSES = ("open", "done", "broken")


@frozen(kw_only=True)
class Move:
    """One step in the give and take of a meeting (the sixth principle: a balance of give and take)."""

    side: str
    kind: str
    what: str
    condition: str = ""


@frozen(kw_only=True)
class Record:
    """What happened in a meeting, written down afterwards."""

    notes: str = ""
    interventions: tuple[str, ...] = ()
    """Ids of the interventions used at the table."""
    moves: tuple[Move, ...] = ()
    emotions: str = ""
    """Emotions to remember, and perhaps to raise, next time (the third check)."""
    went_well: str = ""
    do_differently: str = ""


@frozen(kw_only=True)
class Agreement:
    """What was agreed: what, who, by when, and what happens if it is not kept."""

    id: str
    dossier_id: str
    meeting_id: str | None = None
    what: str
    side: str
    person: str = ""
    due: date | None = None
    if_broken: str = ""
    status: str = "open"
    version: int
    created_at: datetime
    updated_at: datetime

    def overdue(self, today: date) -> bool:
        """Still open after its date."""
        return self.status == "open" and self.due is not None and self.due < today


def clean_record(record: Record) -> Record:
    """Check a meeting record; raise ``InvalidDossier`` naming the first bad value."""
    for field in ("notes", "emotions", "went_well", "do_differently"):
        if len(getattr(record, field)) > TEXT_LIMIT:
            raise InvalidDossier(
                field, f"over the limit of {TEXT_LIMIT:,} characters", reason=InvalidDossier.TOO_LONG
            )
    for number, move in enumerate(record.moves, start=1):
        where = f"move {number}"
        if move.side not in SIDES:
            raise InvalidDossier(where, f"side '{move.side}' is not one of: {', '.join(SIDES)}")
        if move.kind not in MOVES:
            raise InvalidDossier(where, f"'{move.kind}' is not one of: {', '.join(MOVES)}")
        if not move.what.strip():
            raise InvalidDossier(
                where, "say what was offered, conceded or promised", reason=InvalidDossier.MISSING
            )
        if len(move.what) > TEXT_LIMIT or len(move.condition) > TEXT_LIMIT:
            raise InvalidDossier(
                where, f"over the limit of {TEXT_LIMIT:,} characters", reason=InvalidDossier.TOO_LONG
            )
    return record


def clean_agreement(what: str, side: str, person: str, if_broken: str) -> tuple[str, str, str, str]:
    """Check an agreement's texts; raise ``InvalidDossier`` naming the first bad one."""
    if not what.strip():
        raise InvalidDossier("what", "say what was agreed", reason=InvalidDossier.MISSING)
    if side not in SIDES:
        raise InvalidDossier("side", f"'{side}' is not one of: {', '.join(SIDES)}")
    for field, value in (("what", what), ("if_broken", if_broken)):
        if len(value) > TEXT_LIMIT:
            raise InvalidDossier(
                field, f"over the limit of {TEXT_LIMIT:,} characters", reason=InvalidDossier.TOO_LONG
            )
    if len(person) > NAME_LIMIT:
        raise InvalidDossier(
            "person", f"over the limit of {NAME_LIMIT} characters", reason=InvalidDossier.TOO_LONG
        )
    return what.strip(), side, person.strip(), if_broken.strip()
