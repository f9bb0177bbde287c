"""What the web forms share: reading them within limits, the version they were made from, refusals."""

from __future__ import annotations

import io
from typing import IO, Any

from flask import Request, abort, g, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser

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


class _CountingParser(FormDataParser):
    """Werkzeug counts the fields of a multipart form (``MAX_FORM_PARTS``) but not of an ordinary one: a
    form of one megabyte held 330,000 fields, all parsed and kept. This counts them first, from the bytes,
    and refuses the form with a 413 before parsing it."""

    def parse(
        self,
        stream: IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str] | None = None,
    ) -> tuple[IO[bytes], Any, Any]:
        if mimetype == "application/x-www-form-urlencoded" and self.max_form_parts is not None:
            body = stream.read()
            if body.count(b"&") >= self.max_form_parts:
                raise RequestEntityTooLarge()
            stream = io.BytesIO(body)
        return super().parse(stream, mimetype, content_length, options)


class FormRequest(Request):
    """The app's requests: forms of either kind hold at most ``MAX_FORM_PARTS`` fields."""

    form_data_parser_class = _CountingParser
