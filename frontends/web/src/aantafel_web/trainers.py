"""The trainer's view: every organisation a trainer follows on one page, and their feedback on a meeting.

A trainer reads an organisation's dossiers and changes nothing in them (the store refuses it); what they
add is feedback on a meeting's preparation or its review, which the team reads on the meeting's page.
The page is made from ``Store.overview``: the same few queries for one organisation or fifty, never one
per dossier, and then kept (per session, see ``accounts``) until a dossier of those organisations changes
or the minute turns: fifty organisations' page took 100-200 ms to make. Only in accounts mode: the single
user trains nobody.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from aantafel.dossiers.model import InvalidDossier
from aantafel.dossiers.people import PARTS
from aantafel.items import Check
from aantafel.usecases.preparation import Preparation
from aantafel_web.context import base_store, library, store
from aantafel_web.dossiers import CHECK_EVERY
from aantafel_web.forms import said
from aantafel_web.meetings import page
from aantafel_web.memory import Unchanged, keep

blueprint = Blueprint("trainers", __name__)


def _minute() -> str:
    """The page is made again each minute too: a meeting that has begun is no longer the next one."""
    return datetime.now(UTC).strftime("%Y%m%d%H%M")


@blueprint.get("/trainer")
def overview() -> str:
    """The organisations the person trains, by name, each with its dossiers' figures. Someone who trains
    none gets the same page, saying what it is for and how a trainer gets here: the address is no
    secret, and a 404 would tell a trainer-to-be nothing."""
    trained = current_user.access.trains
    names = {
        membership.organisation.id: membership.organisation.name
        for membership in base_store().memberships(current_user.person.id)
        if membership.organisation.id in trained
    }
    checks = [item.id for item in library().items(g.lang, "check") if isinstance(item, Check)]
    found = store()
    mark = found.overview_mark(names)
    keep(Unchanged(lambda: (found.overview_mark(names), _minute()), (mark, _minute()), CHECK_EVERY))
    figures = found.overview(names, checks)
    organisations = [
        (name, figures.get(organisation_id, []))
        for organisation_id, name in sorted(names.items(), key=lambda pair: (pair[1].casefold(), pair[0]))
    ]
    return render_template("trainer.html", organisations=organisations, checks=len(checks))


@blueprint.post("/meetings/<meeting_id>/feedback")
def feedback(meeting_id: str) -> Response | tuple[str, int]:
    """A trainer's feedback on a meeting's preparation or review. Refused (empty, too long): the meeting's
    page again, the reason at the form and the text kept (422). From someone who is not the
    organisation's trainer: 403, as every change the person may not make. A meeting of an organisation
    the person does not belong to is unknown (404)."""
    asked, written = request.form.get("part", ""), request.form.get("text", "")
    part = asked if asked in PARTS else PARTS[0]  # the core names an unknown part; shown at the first form
    meeting = store().meeting(meeting_id)
    try:
        store().add_feedback(meeting.id, asked, written)
    except InvalidDossier as exc:
        prep = Preparation(store(), library(), meeting.id, g.lang)
        return page(prep, feedback_typed=(part, written, said(exc))), 422
    anchor = "#prepare" if part == "preparation" else "#record"
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + anchor, 303)
