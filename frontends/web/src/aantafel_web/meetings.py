"""Meeting pages: plan a meeting in a dossier (and change it when it moves), prepare it, and write down
afterwards what happened.

What a preparation asks, what an answer must hold, the advice after a no and what may go into the dossier
are the core's (``aantafel.usecases.preparation``); this page shows them as one form, and every answer
that is filled in is saved when it is sent, so a long preparation can stop and go on later.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from itertools import zip_longest
from typing import Any

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from aantafel.dossiers.model import (
    RECORD_FIELDS,
    Answer,
    AnswerChanged,
    ChangedMeanwhile,
    Dossier,
    EditConflict,
    InvalidDossier,
    Meeting,
    Move,
    Participant,
    Record,
    listed,
)
from aantafel.dossiers.people import Feedback
from aantafel.usecases.preparation import Given, Preparation, Question, answer_line
from aantafel.usecases.readers import NotUnderstood
from aantafel_web import merging
from aantafel_web.context import ACCOUNTS, AUTHOR, library, store
from aantafel_web.forms import NOT_A_DATE, said, sent_version
from aantafel_web.translations import N_, gettext

blueprint = Blueprint("meetings", __name__)
PEOPLE_ROWS = 4
MAX_PEOPLE = 100
"""Rows the meeting form can grow to: far more people than sit at any table."""
NEW_MOVE_ROWS = 2
"""Empty movement lines under the ones already written; sending the form again gives two more."""
ANSWERED_MEANWHILE = N_(
    "Someone else changed this answer meanwhile. Now it says: %(text)s. Your answer is below: save to "
    "keep it."
)


@blueprint.get("/dossiers/<dossier_id>/meetings/new")
def new(dossier_id: str) -> str:
    store().ensure_changeable("dossier", dossier_id)
    return _form(store().dossier(dossier_id), None, {}, None)


@blueprint.post("/dossiers/<dossier_id>/meetings/new")
def create(dossier_id: str) -> Response | tuple[str, int]:
    dossier = store().dossier(dossier_id)
    values = request.form.to_dict()
    try:
        plan = _plan(values)
    except ValueError:
        return _form(dossier, None, values, gettext(NOT_A_DATE)), 422
    try:
        planned = store().add_meeting(dossier_id, **plan, author=AUTHOR)
    except InvalidDossier as exc:
        return _form(dossier, None, values, said(exc)), 422
    return redirect(url_for("meetings.show", meeting_id=planned.id), 303)


@blueprint.get("/meetings/<meeting_id>/edit")
def edit(meeting_id: str) -> str:
    store().ensure_changeable("meeting", meeting_id)
    meeting = store().meeting(meeting_id)
    return _form(store().dossier(meeting.dossier_id), meeting, _values_of(meeting), None)


@blueprint.post("/meetings/<meeting_id>/edit")
def update(meeting_id: str) -> Response | tuple[str, int]:
    """Save a moved or changed meeting; when another tab saved first, the form comes back with this
    person's values and the newest version, saying so, and nothing is overwritten."""
    meeting = store().meeting(meeting_id)
    dossier = store().dossier(meeting.dossier_id)
    values = request.form.to_dict()
    try:
        plan = _plan(values)
    except ValueError:
        return _form(dossier, meeting, values, gettext(NOT_A_DATE)), 422
    version = sent_version()
    try:
        saved = store().update_meeting(
            meeting.id, **plan, expected_version=version, author=AUTHOR, keep=merging.kept()
        )
    except InvalidDossier as exc:
        return _form(dossier, meeting, values, said(exc)), 422
    except EditConflict as exc:
        shown = _values(
            datetime.fromisoformat(exc.shown["starts_at"]),
            exc.shown["place"],
            exc.shown["purpose"],
            [listed(Participant, person) for person in exc.shown["people"]],
        )
        return _form(dossier, store().meeting(meeting.id), shown, None, conflicts=merging.conflicts(exc)), 409
    except ChangedMeanwhile:
        return _form(dossier, store().meeting(meeting.id), values, None, meanwhile=True), 409
    target = url_for("meetings.show", meeting_id=meeting.id)
    return redirect(merging.merged_to(target, version, saved.version), 303)


@blueprint.post("/meetings/<meeting_id>/cancel")
def cancel(meeting_id: str) -> Response:
    """Call a meeting off (``cancelled=1``) or let it go ahead after all (``cancelled=0``)."""
    meeting = store().meeting(meeting_id)
    cancelled = request.form.get("cancelled") == "1"
    store().cancel_meeting(meeting.id, expected_version=sent_version(), author=AUTHOR, cancelled=cancelled)
    return redirect(url_for("meetings.show", meeting_id=meeting.id), 303)


@blueprint.post("/meetings/<meeting_id>/remove")
def remove(meeting_id: str) -> Response:
    """To the bin, never gone: the dossier page says so and links to the bin to undo it."""
    meeting = store().meeting(meeting_id)
    store().remove_meeting(meeting.id, expected_version=sent_version(), author=AUTHOR)
    shown = url_for("dossiers.show", dossier_id=meeting.dossier_id, saved="meeting removed")
    return redirect(shown + "#meetings", 303)


@blueprint.post("/meetings/<meeting_id>/restore")
def restore(meeting_id: str) -> Response:
    meeting = store().meeting(meeting_id)
    store().restore_meeting(meeting.id, expected_version=sent_version(), author=AUTHOR)
    return redirect(url_for("meetings.show", meeting_id=meeting.id), 303)


def _form(
    dossier: Dossier,
    meeting: Meeting | None,
    values: dict[str, str],
    error: str | None,
    *,
    meanwhile: bool = False,
    conflicts: list[dict[str, str]] | None = None,
) -> str:
    """The meeting form, new (``meeting`` is None) or filled in for a change; one empty row after the last
    person sent or planned, so nobody at the table is dropped."""
    named = [row for row in _rows(values) if values.get(f"name{row}", "").strip()]
    rows = max(PEOPLE_ROWS, max(named, default=-2) + 2)
    return render_template(
        "meeting_form.html",
        dossier=dossier,
        meeting=meeting,
        values=values,
        rows=rows,
        error=error,
        meanwhile=meanwhile,
        conflicts=conflicts,
    )


def _rows(values: dict[str, str]) -> list[int]:
    """The numbers of the people rows that were sent (``name0``, ``name1``, …), in order; a number no
    form of ours has (MAX_PEOPLE or more) is not read."""
    numbers = (int(key[4:]) for key in values if key.startswith("name") and key[4:].isdigit())
    return sorted(number for number in numbers if number < MAX_PEOPLE)


def _people(values: dict[str, str]) -> list[Participant]:
    people = []
    for row in _rows(values):
        name = values.get(f"name{row}", "").strip()
        if name and not values.get(f"remove{row}"):
            people.append(
                Participant(
                    name=name,
                    side=values.get(f"side{row}", "theirs"),
                    role=values.get(f"role{row}", ""),
                    binding=values.get(f"binding{row}", "unknown"),
                )
            )
    return people


def _plan(values: dict[str, str]) -> dict[str, Any]:
    """The meeting form as the store's arguments, the time in this computer's time zone; ValueError when
    the date is no date."""
    moment = datetime.fromisoformat(f"{values.get('date', '')}T{values.get('time', '') or '00:00'}")
    return {
        "starts_at": moment.astimezone(),
        "place": values.get("place", ""),
        "purpose": values.get("purpose", ""),
        "people": _people(values),
    }


def _values_of(meeting: Meeting) -> dict[str, str]:
    """A planned meeting as the form's values."""
    return _values(meeting.starts_at, meeting.place, meeting.purpose, meeting.participants)


def _values(starts_at: datetime, place: str, purpose: str, people: Sequence[Participant]) -> dict[str, str]:
    local = starts_at.astimezone()
    values = {
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "place": place,
        "purpose": purpose,
    }
    for row, person in enumerate(people):
        values |= {
            f"name{row}": person.name,
            f"side{row}": person.side,
            f"role{row}": person.role,
            f"binding{row}": person.binding,
        }
    return values


@blueprint.get("/meetings/<meeting_id>")
def show(meeting_id: str) -> str:
    return page(Preparation(store(), library(), meeting_id, g.lang))


def page(
    prep: Preparation,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    *,
    changed: Collection[str] = (),
    record: Record | None = None,
    record_error: str | None = None,
    conflicts: list[dict[str, str]] | None = None,
    feedback_typed: tuple[str, str, str] | None = None,
) -> str:
    """The meeting with its preparation and its record, and in accounts mode a trainer's feedback on each.
    After a refusal, ``values`` refill the preparation form and ``errors`` name its questions (``changed``:
    those someone else answered meanwhile, whose form now carries the stored version); ``record`` is the
    record as typed, kept when it was refused (``record_error``) or stale (``record_error`` None), and
    shown next to what is stored now; ``feedback_typed`` is the part, text and refusal of feedback."""
    meeting = prep.meeting
    stored = store().record(meeting.id)
    given: dict[str, list[Feedback]] = {"preparation": [], "review": []}
    if current_app.config.get(ACCOUNTS):
        for feedback in store().feedback(meeting.id):
            given[feedback.part].append(feedback)
    return render_template(
        "meeting.html",
        meeting=meeting,
        dossier=store().dossier(meeting.dossier_id),
        prep=prep,
        values=values or {},
        errors=errors or {},
        changed=changed,
        saved=request.args.get("saved"),
        record=record or stored,
        recorded=stored,
        record_error=record_error,
        record_meanwhile=record is not None and record_error is None and not conflicts,
        conflicts=conflicts,
        merged=merging.merged_note("meeting", meeting.id),
        new_move_rows=NEW_MOVE_ROWS,
        interventions=library().items(g.lang, "intervention"),
        feedback=given,
        feedback_typed=feedback_typed,
    )


@blueprint.post("/meetings/<meeting_id>/prepare")
def prepare(meeting_id: str) -> Response | tuple[str, int]:
    """Save every answer the form holds, each against the version of it the page showed: the same answer
    again writes nothing. An answer that cannot be kept (a note without a yes or no, a text too long) is
    named at its question, with what was typed (422); one that someone else changed meanwhile is not
    overwritten, and its question says what it is now, next to what was typed (409). The others are saved;
    a written answer goes into the dossier too when its box is ticked."""
    store().ensure_changeable("meeting", meeting_id)  # a form with no answers in it is refused too
    prep = Preparation(store(), library(), meeting_id, g.lang)
    sent = [(question, _given(question)) for question in prep.questions]
    seen = {question.id: sent_version(f"version-{question.id}") for question, given in sent if given}
    errors, changed = {}, []
    for question, given in sent:
        if given is None:
            continue
        try:
            outcome = prep.save(question, given, seen=seen[question.id], author=AUTHOR)
            if outcome.proposal is not None and request.form.get(f"fill-{question.id}"):
                prep.accept(outcome.proposal, author=AUTHOR)
        except AnswerChanged as exc:
            errors[question.id] = _answered_meanwhile(exc.now)
            changed.append(question.id)
        except (NotUnderstood, InvalidDossier, ChangedMeanwhile) as exc:
            errors[question.id] = said(exc)
    if errors:
        return page(prep, request.form.to_dict(), errors, changed=changed), 409 if changed else 422
    return redirect(url_for("meetings.show", meeting_id=prep.meeting.id, saved="answers") + "#prepare", 303)


def _given(question: Question) -> Given | None:
    """What the form says for ``question``: the chosen yes, no or not sure and the written text; None when
    nothing was filled in."""
    verdict = request.form.get(f"answer-{question.id}") or None
    text = request.form.get(f"text-{question.id}", "").strip()
    return Given(verdict, text) if verdict or text else None


def _answered_meanwhile(now: Answer | None) -> str:
    said_now = answer_line(now.verdict, now.text, g.lang) if now is not None else "—"
    return gettext(ANSWERED_MEANWHILE) % {"text": said_now}


@blueprint.post("/meetings/<meeting_id>/record")
def record(meeting_id: str) -> Response | tuple[str, int]:
    """What happened, written down afterwards; the version the page showed guards against another tab.
    When it is refused (a text too long) or another tab saved first, the page comes back with what was
    typed, and for a stale save with what the record says now; nothing is overwritten.

    Movement comes as parallel lists, one entry per line of the form; a line whose "what" is empty is left
    out, which is how a person removes one.
    """
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
    version = sent_version()
    conflicts = None
    try:
        store().record_meeting(
            meeting.id, written, expected_version=version, author=AUTHOR, keep=merging.kept()
        )
    except InvalidDossier as exc:
        refused, status = said(exc), 422
    except EditConflict as exc:
        refused, status, conflicts = None, 409, merging.conflicts(exc)
        written = Record(
            **{field: exc.shown[field] for field in RECORD_FIELDS},
            interventions=tuple(exc.shown["interventions"]),
            moves=tuple(listed(Move, move) for move in exc.shown["moves"]),
        )
    except ChangedMeanwhile:
        refused, status = None, 409
    else:
        target = url_for("meetings.show", meeting_id=meeting.id, saved="record") + "#record"
        return redirect(merging.merged_to(target, version, store().meeting(meeting.id).version), 303)
    prep = Preparation(store(), library(), meeting.id, g.lang)
    return page(prep, record=written, record_error=refused, conflicts=conflicts), status
