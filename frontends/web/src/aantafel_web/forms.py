"""What the web forms share."""

from __future__ import annotations

from flask import abort, g, request

from aantafel.refusals import Refusal, explain
from aantafel_web.translations import N_

NOT_A_DATE = N_("Fill in a date, for example 2026-12-15.")
"""What a form says when its date field holds no date (the fields' own parsing raises ValueError)."""


def sent_version(name: str = "version") -> int:
    """The version the page showed, sent back with a form in the field ``name``; a missing or odd one is a
    bad request (400).

    The store refuses a change made from an older version (409), so two tabs never overwrite each other.
    """
    value = request.form.get(name, "")
    if not value.isdigit():
        abort(400)
    return int(value)


def said(exc: Refusal) -> str:
    """A refusal of the core in the page's language, in the same words every front-end uses."""
    return explain(exc, g.lang)
