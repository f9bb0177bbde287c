"""What the web forms share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, request

from aantafel_web.translations import N_, gettext

if TYPE_CHECKING:
    from aantafel.dossiers.model import InvalidDossier


NOT_A_DATE = N_("Fill in a date, for example 2026-12-15.")
"""What a form says when its date field holds no date (the fields' own parsing raises ValueError)."""


def sent_version() -> int:
    """The version the page showed, sent back with a form; a missing or odd one is a bad request (400).

    The store refuses a change made from an older version (409), so two tabs never overwrite each other.
    """
    value = request.form.get("version", "")
    if not value.isdigit():
        abort(400)
    return int(value)


def refusal(exc: InvalidDossier) -> str:
    """The store's refusal in the page's language, for the mistakes people make in our forms; the store's
    own words for the rest (they cannot come from a form that the page made)."""
    if exc.reason == exc.MISSING:
        return gettext("a dossier needs a title") if exc.field == "title" else gettext("fill this in")
    if exc.reason == exc.TOO_LONG:
        return gettext("this is too long; make it shorter")
    if exc.reason == exc.BEFORE_MEETING:
        if exc.field == "starts_at":
            return gettext("an agreement made at this meeting is due before that date; change it first")
        return gettext("that date is before the meeting the agreement comes from")
    return str(exc)
