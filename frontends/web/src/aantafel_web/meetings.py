"""Meeting pages: plan a meeting in a dossier, and prepare it by answering the checks.

Every answer that is filled in is saved when the form is sent, so a long preparation can stop and go on
later; the advice of a check shows once it is answered no or not sure.
"""

from __future__ import annotations

from datetime import datetime
from itertools import zip_longest

from flask import Blueprint, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from aantafel.dossiers.model import MOVES
from aantafel.items import Check
from aantafel_web.app import library
from aantafel_web.dossiers import AUTHOR, store
from aantafel_web.forms import sent_version
from aantafel_web.translations import gettext

blueprint = Blueprint("meetings", __name__)
PEOPLE_ROWS = 4
SIDES = ("theirs", "ours", "other")
BINDINGS = ("unknown", "yes", "no")
ANSWERS = ("yes", "no", "unsure")
NEW_MOVE_ROWS = 2
"""Empty movement lines under the ones already written; sending the form again gives two more."""


@blueprint.get("/dossiers/<dossier_id>/meetings/new")
def new(dossier_id: str) -> str:
    dossier = store().dossier(dossier_id)
    return render_template("meeting_form.html", dossier=dossier, values={}, rows=PEOPLE_ROWS, error=None)


@blueprint.post("/dossiers/<dossier_id>/meetings/new")
def create(dossier_id: str) -> Response | tuple[str, int]:
    from aantafel.dossiers.model import InvalidDossier, Participant

    dossier = store().dossier(dossier_id)
    values = request.form.to_dict()
    people = []
    for row in range(PEOPLE_ROWS):
        name = values.get(f"name{row}", "").strip()
        if name:
            people.append(
                Participant(
                    name=name,
                    side=values.get(f"side{row}", "theirs"),
                    role=values.get(f"role{row}", ""),
                    binding=values.get(f"binding{row}", "unknown"),
                )
            )
    try:
        starts_at = datetime.fromisoformat(f"{values.get('date', '')}T{values.get('time', '') or '00:00'}")
    except ValueError:
        error = gettext("Fill in a date, for example 2026-12-15.")
        return render_template(
            "meeting_form.html", dossier=dossier, values=values, rows=PEOPLE_ROWS, error=error
        ), 422
    try:
        planned = store().add_meeting(
            dossier_id,
            starts_at=starts_at.astimezone(),
            place=values.get("place", ""),
            purpose=values.get("purpose", ""),
            people=people,
            author=AUTHOR,
        )
    except InvalidDossier as exc:
        return render_template(
            "meeting_form.html", dossier=dossier, values=values, rows=PEOPLE_ROWS, error=str(exc)
        ), 422
    return redirect(url_for("meetings.show", meeting_id=planned.id), 303)


def _checks() -> list[Check]:
    return [item for item in library().items(g.lang, "check") if isinstance(item, Check)]


@blueprint.get("/meetings/<meeting_id>")
def show(meeting_id: str) -> str:
    meeting = store().meeting(meeting_id)
    dossier = store().dossier(meeting.dossier_id)
    answers = store().answers(meeting.id)
    prompts = library().prompts(g.lang)
    known = {check.id for check in _checks()} | {prompt.id for _module, prompt in prompts}
    removed = {check_id: answer for check_id, answer in answers.items() if check_id not in known}
    return render_template(
        "meeting.html",
        meeting=meeting,
        dossier=dossier,
        checks=_checks(),
        prompts=prompts,
        answers=answers,
        removed=removed,
        saved=request.args.get("saved") is not None,
        record=store().record(meeting.id),
        sides=SIDES,
        move_kinds=MOVES,
        new_move_rows=NEW_MOVE_ROWS,
        interventions=library().items(g.lang, "intervention"),
    )


@blueprint.post("/meetings/<meeting_id>/prepare")
def prepare(meeting_id: str) -> Response:
    from aantafel.dossiers.model import WRITTEN

    meeting = store().meeting(meeting_id)
    for check in _checks():
        answer = request.form.get(f"answer-{check.id}", "")
        if answer in ANSWERS:
            note = request.form.get(f"note-{check.id}", "")
            store().answer(meeting.id, check.id, answer, note, author=AUTHOR)
    for _module, prompt in library().prompts(g.lang):  # the worksheet; an empty field is left as it was
        written = request.form.get(f"written-{prompt.id}", "").strip()
        if written:
            store().answer(meeting.id, prompt.id, WRITTEN, written, author=AUTHOR)
    return redirect(url_for("meetings.show", meeting_id=meeting.id, saved=1) + "#prepare", 303)


@blueprint.post("/meetings/<meeting_id>/record")
def record(meeting_id: str) -> Response:
    """What happened, written down afterwards; the version the page showed guards against another tab.

    Movement comes as parallel lists, one entry per line of the form; a line whose "what" is empty is left
    out, which is how a person removes one.
    """
    from aantafel.dossiers.model import Move, Record

    known = {item.id for item in library().items(g.lang, "intervention")}
    lines = zip_longest(
        *(request.form.getlist(f"move_{part}") for part in ("side", "kind", "what", "condition")),
        fillvalue="",
    )
    moves = tuple(
        Move(side=side, kind=kind, what=what.strip(), condition=condition.strip())
        for side, kind, what, condition in lines
        if what.strip()
    )
    written = Record(
        notes=request.form.get("notes", ""),
        interventions=tuple(i for i in request.form.getlist("used") if i in known),
        moves=moves,
        emotions=request.form.get("emotions", ""),
        went_well=request.form.get("went_well", ""),
        do_differently=request.form.get("do_differently", ""),
    )
    meeting = store().meeting(meeting_id)
    store().record_meeting(meeting.id, written, expected_version=sent_version(), author=AUTHOR)
    return redirect(url_for("meetings.show", meeting_id=meeting.id) + "#record", 303)
