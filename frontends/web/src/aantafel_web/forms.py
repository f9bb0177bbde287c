"""What the web forms share."""

from __future__ import annotations

from flask import abort, request


def sent_version() -> int:
    """The version the page showed, sent back with a form; a missing or odd one is a bad request (400).

    The store refuses a change made from an older version (409), so two tabs never overwrite each other.
    """
    value = request.form.get("version", "")
    if not value.isdigit():
        abort(400)
    return int(value)
