"""A dossier and the record of its changes, as plain frozen values the store hands out.

Field names are the words the command line, the JSON export and the database use alike. Each text field has a
length limit: generous for prose, short for a title, so a pasted novel or a runaway script is refused with a
message instead of stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Literal, TypeVar, get_args

from attrs import evolve, fields, frozen

from aantafel.dossiers.fields import EDITABLE
from aantafel.items import ID_PATTERN
from aantafel.refusals import Refusal

Listed = TypeVar("Listed", "Participant", "Move")

TITLE_LIMIT = 200
TEXT_LIMIT = 20_000
PEOPLE_LIMIT = 50
"""People at one meeting's table; a council meeting with an audience is still far fewer."""
MOVES_LIMIT = 200
"""Moves in one meeting's record, and interventions used in it: more than anyone writes down."""
AGREEMENTS_LIMIT = 300
"""Agreements in one dossier. Each page of a dossier shows them all, so a runaway script must not make it
grow without end (one attack stored 20,000 moves, and the page became 16 MB)."""
MEETINGS_LIMIT = 300
"""Meetings in one dossier: years of talks, once a week."""
ROW_ID = re.compile(r"[0-9a-f]{1,16}")
"""A dossier's, meeting's or agreement's id, or the first part of one: the store makes eight hexadecimal
digits, and finds a row by any of its first ones."""
VERSION_LIMIT = 1_000_000_000
"""Far more changes than anyone makes, and below the 2**31 a database's whole number holds, so the next
change of a row at this version still fits."""
KEY_LIMIT = 2**31 - 1
"""The largest whole number both databases store in a column (a position in a meeting's lists)."""


class DossierError(Refusal):
    """Something about the user's dossiers that they can put right: a ``reason`` and its details, which
    ``aantafel.refusals.explain`` words in the user's language."""


class InvalidDossier(DossierError):
    """A value that cannot be stored; ``field`` names it (``participant 2`` for the second person)."""

    def __init__(self, reason: str, field: str, /, **details: object) -> None:
        super().__init__(reason, field=field, **details)
        self.field = field


Subject = Literal["dossier", "meeting", "agreement"]
"""What an id names."""


class AboutOne(DossierError):
    """A refusal about one dossier, meeting or agreement: ``what`` it is and the ``reference`` (id or id
    prefix) that was given, so that a front-end can add its own way to find the right one (a command, a
    link) to a message that names none."""

    def __init__(self, reason: str, /, *, what: Subject, reference: str, **details: object) -> None:
        super().__init__(reason, what=what, reference=reference, **details)
        self.what = what
        self.reference = reference


class UnknownDossier(AboutOne):
    """No dossier (or meeting, or agreement) has this id or id prefix."""


class ChangedMeanwhile(AboutOne):
    """It was changed since it was read; saving would overwrite someone's edit."""


@frozen(kw_only=True)
class FieldConflict:
    """One field that two people changed at once, to different values: what both started from, what is
    stored now (``theirs``, by ``by``) and what this person sent (``yours``). Values as the history keeps
    them (text, an ISO date, a list)."""

    field: str
    base: object
    theirs: object
    yours: object
    by: tuple[str, ...]


class EditConflict(ChangedMeanwhile):
    """A save made from an older version that changes a field someone else changed meanwhile. Nothing was
    stored. ``merged`` is the row as it is now with this person's other changes on top, ``version`` the
    version to save against, so a front-end can show the form again with both values of each conflict and
    lose nothing."""

    def __init__(
        self,
        what: Subject,
        reference: str,
        *,
        version: int,
        conflicts: tuple[FieldConflict, ...],
        merged: Mapping[str, object],
    ) -> None:
        fields = tuple(conflict.field for conflict in conflicts)
        super().__init__("conflict", what=what, reference=reference, fields=fields)
        self.version = version
        self.conflicts = conflicts
        self.merged: dict[str, Any] = dict(merged)
        self.shown: dict[str, Any] = {**merged, **{conflict.field: conflict.yours for conflict in conflicts}}
        """What the form should hold again: the row as it is now, with this person's changes on top, and
        their own value in each conflict. A form refilled with what was sent instead would put the other
        person's other changes back on the next save."""


class AnswerChanged(ChangedMeanwhile):
    """An answer of a meeting's preparation was changed since it was shown. ``now`` is the answer as it is
    stored now (None when there is none), so a front-end can show what changed next to what was typed."""

    def __init__(self, meeting_id: str, check_id: str, now: Answer | None) -> None:
        super().__init__("answer changed", what="meeting", reference=meeting_id, check=check_id)
        self.check_id = check_id
        self.now = now


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
    organisation_id: str | None = None
    """The organisation that owns it in accounts mode, whose members may change it; None for the single
    user's."""


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
    "feedback",
    "undone",
    "meeting cancelled",
    "meeting resumed",
    "meeting removed",
    "meeting restored",
    "agreement removed",
    "agreement restored",
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
    subject: Subject | None = None
    """What ``row_id`` names; with ``version`` and ``edits`` it is set on every change of a row since
    migration 0008, and None on older entries and on those that change no row (created, answered)."""
    row_id: str | None = None
    version: int | None = None
    """The row's version after this change."""
    edits: str | None = None
    """The changed fields' old and new values, as JSON: ``{"goal": ["old", "new"]}``. Merging reads them to
    find what a form was made from, undoing writes the old ones back."""
    id: int | None = None
    """Its place in the history, by which it is undone; None before it is stored."""


ACTIONS: tuple[str, ...] = get_args(Action)
NAME_LIMIT = 200
EDITS_LIMIT = 1_000_000
"""A history entry's edits: a meeting's whole record (notes and 200 moves) before and after fits."""
HISTORY_LIMIT = TEXT_LIMIT + 100
"""A history entry's old or new value: a text and a few words around it (an agreement's due date, an
answer's verdict, a status)."""


def clean_change(change: Change) -> Change:
    """Check a history entry: every write adds one, and an import brings them."""
    one_of("action", change.action, ACTIONS, "")
    if change.subject is not None:
        one_of("subject", change.subject, get_args(Subject), "")

    def kept(name: str, value: str | None, limit: int) -> str | None:
        return None if value is None else text(name, value, limit)

    return evolve(
        change,
        author=text("author", change.author, NAME_LIMIT),
        field=kept("field", change.field, 50),
        old=kept("old", change.old, HISTORY_LIMIT),
        new=kept("new", change.new, HISTORY_LIMIT),
        row_id=None if change.row_id is None else row_id("row_id", change.row_id),
        edits=None if change.edits is None else _edits_json(change.edits),
    )


def _edits_json(edits: str) -> str:
    """A history entry's edits, if they are what the store writes: a JSON object of field names, each
    with two values (old and new). An imported file can hold anything, and undoing writes these back."""
    if len(edits) > EDITS_LIMIT:
        raise InvalidDossier("too long", "edits", length=len(edits), limit=EDITS_LIMIT)
    try:
        loaded = json.loads(edits)
    except ValueError:
        raise InvalidDossier("not an object", "edits") from None
    if not isinstance(loaded, dict) or not all(
        isinstance(pair, list) and len(pair) == 2 and len(name) <= 50 for name, pair in loaded.items()
    ):
        raise InvalidDossier("not an object", "edits")
    return readable("edits", edits)


def readable(field: str, value: str) -> str:
    """``value`` if every database can store it: no NUL character (PostgreSQL refuses it) and no lone
    surrogate (a broken character, such as bytes that were not UTF-8 on the command line, which no driver
    can encode); else ``InvalidDossier`` naming ``field``."""
    if "\x00" in value:
        raise InvalidDossier("nul", field)
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise InvalidDossier("surrogate", field)
    return value


def text(field: str, value: str, limit: int = TEXT_LIMIT) -> str:
    """``value`` without the spaces around it, if it is within ``limit`` and ``readable``; else
    ``InvalidDossier`` naming ``field``."""
    value = value.strip()
    if len(value) > limit:
        raise InvalidDossier("too long", field, length=len(value), limit=limit)
    return readable(field, value)


def whole(field: str, value: int, low: int, high: int) -> int:
    """``value`` if it is from ``low`` to ``high``: a version below 1 or beyond what a database holds
    cannot be edited again."""
    if not low <= value <= high:
        raise InvalidDossier("out of range", field, value=value, low=low, high=high)
    return value


def row_id(field: str, value: str) -> str:
    """``value`` if it is an id as the store makes them, so the row can be found by it again."""
    if not ROW_ID.fullmatch(value):
        raise InvalidDossier("bad id", field, value=value)
    return value


def at_most(field: str, count: int, limit: int) -> None:
    """Refuse a list of ``count`` things in ``field`` when there may be only ``limit``."""
    if count > limit:
        raise InvalidDossier("too many", field, count=count, limit=limit)


def one_of(field: str, value: str, choices: tuple[str, ...], words: str) -> str:
    """``value`` if it is one of ``choices``; else a refusal that names them as the user knows them (the
    labels ``"{words} {choice}"``: "wij, zij, anders" rather than the stored words)."""
    if value not in choices:
        raise InvalidDossier("not one of", field, value=value, choices=choices, words=words)
    return value


def clean(values: Mapping[str, object], *, creating: bool) -> dict[str, str]:
    """Check and tidy values for the editable fields; raise ``InvalidDossier`` naming the first bad one."""
    cleaned: dict[str, str] = {}
    for field, value in values.items():
        if field not in EDITABLE:
            raise InvalidDossier("unknown field", field, choices=EDITABLE)
        if not isinstance(value, str):
            raise InvalidDossier("not text", field)
        cleaned[field] = text(field, value, TITLE_LIMIT if field == "title" else TEXT_LIMIT)
    if (creating or "title" in cleaned) and not cleaned.get("title"):
        raise InvalidDossier("missing", "title")
    return cleaned


SIDES = ("theirs", "ours", "other")
"""Who someone is at the table, the counterpart first: most people named in a dossier are theirs."""
BINDINGS = ("unknown", "yes", "no")
"""Whether someone may make agreements that hold; not known until asked (the first check)."""
VERDICTS = ("yes", "no", "unsure")
"""The answer to a check that asks yes or no; "unsure" is "not sure yet"."""


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
    cancelled_at: datetime | None = None
    """Set when it was called off: it stays in the timeline, marked, and is no longer the next meeting."""
    deleted_at: datetime | None = None
    """Set while it is in the bin (a meeting planned by mistake); it can be restored from there."""


@frozen(kw_only=True)
class Answer:
    """The answer to one question of a meeting's preparation (a check, or a module's worksheet prompt);
    ``check_id`` may name one that has since been removed.

    ``verdict`` is yes, no or unsure where the question asks for one, else None; ``text`` is what was
    written: the answer to an open question, or a note beside a verdict. ``version`` counts its changes
    (1 for the first answer): a change names the version it was made against, as for a dossier.
    """

    check_id: str
    verdict: str | None = None
    text: str = ""
    answered_at: datetime
    author: str
    version: int = 1


def clean_answer(check_id: str, verdict: str | None, written: str, author: str) -> str:
    """Check an answer to a question of a preparation; the text as it is kept."""
    if verdict is not None:
        one_of("verdict", verdict, VERDICTS, "answer")
    if len(check_id) > 100 or not ID_PATTERN.fullmatch(check_id):
        raise InvalidDossier("not a check", "check_id", value=check_id)
    text("author", author, NAME_LIMIT)
    written = text("text", written)
    if verdict is None and not written:
        raise InvalidDossier("missing", "text")
    return written


def clean_meeting(
    starts_at: datetime, place: str, purpose: str, participants: tuple[Participant, ...]
) -> tuple[str, str, tuple[Participant, ...]]:
    """Check a meeting's time, texts and people; raise ``InvalidDossier`` naming the first bad value. The
    place, the purpose and the people as they are kept."""
    if starts_at.tzinfo is None:
        raise InvalidDossier("no time zone", "starts_at")
    at_most("participants", len(participants), PEOPLE_LIMIT)
    people = tuple(
        clean_participant(f"participant {number}", person) for number, person in enumerate(participants, 1)
    )
    return text("place", place), text("purpose", purpose), people


def clean_participant(where: str, person: Participant) -> Participant:
    """Check one person at the table, as they are kept; ``where`` names them in a refusal."""
    if not person.name.strip():
        raise InvalidDossier("missing", where)
    one_of(where, person.side, SIDES, "side")
    one_of(where, person.binding, BINDINGS, "binding")
    name, role = text(where, person.name, NAME_LIMIT), text(where, person.role, NAME_LIMIT)
    return evolve(person, name=name, role=role)


MOVES = ("offered", "conceded", "promised")
"""What a side did at the table: offered something, gave something up, or promised it on a condition."""
STATUSES = ("open", "done", "broken", "withdrawn")
"""``withdrawn``: both sides agreed it no longer holds (it is not broken, and no longer open)."""


@frozen(kw_only=True)
class Move:
    """One step in the give and take of a meeting (the sixth principle: a balance of give and take)."""

    side: str
    kind: str
    what: str
    condition: str = ""


def listed(kind: type[Listed], values: Sequence[str]) -> Listed:
    """A person at the table or a move from the list the history keeps it as (its fields in order)."""
    return kind(**dict(zip((field.name for field in fields(kind)), values, strict=True)))


RECORD_FIELDS = ("notes", "emotions", "went_well", "do_differently")
"""The texts of a meeting's record, written down afterwards."""


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
    deleted_at: datetime | None = None
    """Set while it is in the bin (written down by mistake); it can be restored from there."""

    def overdue(self, today: date) -> bool:
        """Still open after its date."""
        return self.status == "open" and self.due is not None and self.due < today


def clean_record(record: Record) -> Record:
    """Check a meeting record, as it is kept; raise ``InvalidDossier`` naming the first bad value."""
    at_most("moves", len(record.moves), MOVES_LIMIT)
    at_most("interventions", len(record.interventions), MOVES_LIMIT)
    return evolve(
        record,
        **{field: text(field, getattr(record, field)) for field in RECORD_FIELDS},
        interventions=tuple(
            clean_intervention(f"intervention {number}", used)
            for number, used in enumerate(record.interventions, 1)
        ),
        moves=tuple(clean_move(f"move {number}", move) for number, move in enumerate(record.moves, 1)),
    )


def clean_intervention(where: str, intervention_id: str) -> str:
    """An intervention's id as a pack writes it; one whose pack was removed is kept, like an answer to a
    removed check."""
    if len(intervention_id) > 100 or not ID_PATTERN.fullmatch(intervention_id):
        raise InvalidDossier("not an intervention", where, value=intervention_id)
    return intervention_id


def clean_move(where: str, move: Move) -> Move:
    """Check one move of a meeting's give and take, as it is kept; ``where`` names it in a refusal."""
    one_of(where, move.side, SIDES, "side")
    one_of(where, move.kind, MOVES, "move")
    if not move.what.strip():
        raise InvalidDossier("missing", where)
    return evolve(move, what=text(where, move.what), condition=text(where, move.condition))


def clean_agreement(what: str, side: str, person: str, if_broken: str) -> tuple[str, str, str, str]:
    """Check an agreement's texts; raise ``InvalidDossier`` naming the first bad one."""
    if not what.strip():
        raise InvalidDossier("missing", "what")
    return (
        text("what", what),
        one_of("side", side, SIDES, "side"),
        text("person", person, NAME_LIMIT),
        text("if_broken", if_broken),
    )


def due_after(due: date | None, starts_at: datetime, field: str = "due") -> None:
    """Refuse an agreement's due date before the day (here) of the meeting it was made at."""
    held = starts_at.astimezone().date()
    if due is not None and due < held:
        raise InvalidDossier("before meeting", field, due=due, held=held)
