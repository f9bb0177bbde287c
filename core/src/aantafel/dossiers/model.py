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
    """No dossier has this id (or id prefix)."""


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


Action = Literal["created", "edited", "deleted", "restored"]


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
