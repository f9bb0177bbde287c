"""The dossier pages: list, create (a form with redirect after POST), and one dossier with its meetings.

A form with a mistake comes back with every value the user typed and the mistake named at its field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask import Blueprint, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from aantafel.dossiers.fields import EDITABLE
from aantafel_web import context, merging, paging, picture
from aantafel_web.context import AUTHOR, library, store, writable_organisations
from aantafel_web.forms import said, sent_version
from aantafel_web.memory import Unchanged, keep
from aantafel_web.paging import window

if TYPE_CHECKING:
    from aantafel.dossiers.model import Dossier, Meeting

blueprint = Blueprint("dossiers", __name__, url_prefix="/dossiers")
CHECK_EVERY = 0.1
"""Seconds a kept dossier page is trusted before the store is asked again whether the dossier changed."""
OVERDUE_SHOWN = 20
"""Late agreements listed above the dossiers; the rest are counted there and in each dossier's line."""
HISTORY_SHOWN = 200
"""The newest changes on a dossier's history page; the command line shows them all."""


@blueprint.get("/")
def index() -> str:
    """The dossiers a page at a time, each with what comes next in it, and the first agreements that are
    late across all of them (each dossier in the list says how many of its own are late)."""
    found = store()
    shown = window(found.count_dossiers())
    listed = found.dossiers(limit=paging.SIZE, offset=shown.offset)
    ids = [dossier.id for dossier in listed]
    overdue = found.agreements(status="overdue", limit=OVERDUE_SHOWN)
    return render_template(
        "dossiers.html",
        dossiers=listed,
        shown=shown,
        titles=found.titles({agreement.dossier_id for agreement in overdue}),
        overdue=overdue,
        overdue_total=found.count_agreements("overdue"),
        late=found.overdue_counts(ids),
        coming=found.next_meetings(ids),
        binned=found.count_dossiers(in_bin=True),
    )


@blueprint.get("/bin")
def bin_page() -> str:
    """Dossiers put in the bin, and the meetings and agreements of the others, each with a button to
    restore it."""
    shown = window(store().count_dossiers(in_bin=True))
    listed = store().dossiers(in_bin=True, limit=paging.SIZE, offset=shown.offset)
    meetings = store().binned_meetings()
    agreements = store().agreements(in_bin=True, limit=paging.SIZE)
    titles = store().titles({m.dossier_id for m in meetings} | {a.dossier_id for a in agreements})
    return render_template(
        "bin.html", dossiers=listed, shown=shown, meetings=meetings, agreements=agreements, titles=titles
    )


@blueprint.post("/<dossier_id>/delete")
def delete(dossier_id: str) -> Response:
    """To the bin, never gone: the bin page that follows has the button to undo it."""
    store().delete_dossier(dossier_id, expected_version=sent_version(), author=AUTHOR)
    return redirect(url_for("dossiers.bin_page"), 303)


@blueprint.post("/<dossier_id>/restore")
def restore(dossier_id: str) -> Response:
    store().restore_dossier(dossier_id, expected_version=sent_version(), author=AUTHOR)
    return redirect(url_for("dossiers.show", dossier_id=dossier_id, saved="restored"), 303)


@blueprint.get("/new")
def new() -> str:
    if context.accounts_on() and not writable_organisations():
        from aantafel.dossiers.people import NotAllowed

        raise NotAllowed("not a member")  # a trainer or site admin only: no form they cannot save
    return _form(None, {}, None)


def _form(
    dossier: Dossier | None,
    values: dict[str, str],
    error: tuple[str, str] | None,
    *,
    meanwhile: bool = False,
    conflicts: list[dict[str, str]] | None = None,
) -> str:
    """The dossier form, new (``dossier`` is None) or filled in for editing; ``values`` are what shows."""
    return render_template(
        "dossier_form.html",
        fields=EDITABLE,
        dossier=dossier,
        values=values,
        error=error,
        meanwhile=meanwhile,
        conflicts=conflicts,
        organisations=writable_organisations(),
    )


@blueprint.post("/new")
def create() -> Response | tuple[str, int]:
    from aantafel.dossiers.model import InvalidDossier

    values = {field: request.form.get(field, "") for field in EDITABLE}
    owner = request.form.get("organisation_id") or None
    try:
        created = store().create_dossier(values, author=AUTHOR, organisation_id=owner)
    except InvalidDossier as exc:
        return _form(None, {**values, "organisation_id": owner or ""}, (exc.field, said(exc))), 422
    return redirect(url_for("dossiers.show", dossier_id=created.id), 303)


@blueprint.get("/<dossier_id>/edit")
def edit(dossier_id: str) -> str:
    store().ensure_changeable("dossier", dossier_id)
    dossier = store().dossier(dossier_id)
    return _form(dossier, {field: getattr(dossier, field) or "" for field in EDITABLE}, None)


@blueprint.post("/<dossier_id>/edit")
def update(dossier_id: str) -> Response | tuple[str, int]:
    """Save an edit. One made from an older version is merged with what others saved meanwhile; when
    both changed a field, the form comes back with this person's text and the other, to choose, and
    nothing is stored until they do (``merging``)."""
    from aantafel.dossiers.model import ChangedMeanwhile, EditConflict, InvalidDossier

    values = {field: request.form.get(field, "") for field in EDITABLE}
    version = sent_version()
    try:
        saved = store().update_dossier(
            dossier_id, values, expected_version=version, author=AUTHOR, keep=merging.kept()
        )
    except InvalidDossier as exc:
        return _form(store().dossier(dossier_id), values, (exc.field, said(exc))), 422
    except EditConflict as exc:
        shown = {field: str(exc.shown[field]) for field in EDITABLE}
        return _form(store().dossier(dossier_id), shown, None, conflicts=merging.conflicts(exc)), 409
    except ChangedMeanwhile:
        return _form(store().dossier(dossier_id), values, None, meanwhile=True), 409
    target = url_for("dossiers.show", dossier_id=dossier_id)
    return redirect(merging.merged_to(target, version, saved.version), 303)


@blueprint.get("/<dossier_id>/history")
def history(dossier_id: str) -> str:
    """Who changed what and when, newest first, with a button to undo each change that can be."""
    return _history(store().dossier(dossier_id), None)


@blueprint.post("/<dossier_id>/undo/<int:change_id>")
def undo(dossier_id: str, change_id: int) -> Response | tuple[str, int]:
    """Undo one change, as a new change; when it cannot be (the field changed again since), the history
    comes back saying why."""
    from aantafel.dossiers.model import AboutOne, DossierError
    from aantafel.dossiers.people import NotAllowed

    dossier = store().dossier(dossier_id)
    try:
        store().undo(dossier.id, change_id, author=AUTHOR)
    except (AboutOne, NotAllowed):
        raise  # not found or not allowed: the app's own pages for those
    except DossierError as exc:
        return _history(dossier, said(exc)), 409
    return redirect(url_for("dossiers.history", dossier_id=dossier.id), 303)


def _history(dossier: Dossier, error: str | None) -> str:
    from aantafel.dossiers.story import undoable, what_changed

    entries = store().history(dossier.id, last=HISTORY_SHOWN)
    return render_template(
        "history.html",
        dossier=dossier,
        entries=[(change, what_changed(change, g.lang), undoable(change)) for change in reversed(entries)],
        more=len(entries) == HISTORY_SHOWN,
        error=error,
    )


@blueprint.get("/<dossier_id>")
def show(dossier_id: str) -> str:
    """Kept while the dossier has not changed (any write adds to its history) and the day has not turned
    (overdue moves), asked at most every CHECK_EVERY seconds (``memory.Unchanged``). An address by a
    short id has no history of its own, so it is made fresh each time, and so is the page that confirms a
    save (``?saved=``): the save's new cookie makes it a page the memory does not have yet."""
    found = store()
    change = found.last_change(dossier_id)
    if change != (0, 0) and not {"saved", "merged"} & request.args.keys():
        keep(Unchanged(lambda: (found.last_change(dossier_id), _today()), (change, _today()), CHECK_EVERY))
    return show_page(dossier_id, {}, None)


def timeline(meetings: list[Meeting], today: date) -> list[tuple[Meeting, str]]:
    """``meetings`` (the earliest first, as the store gives them), each with where it stands: cancelled,
    past, today, next (the first after today that goes ahead) or planned. By the day, not the hour, so
    a kept page holds all day."""
    states = []
    coming = False
    for meeting in meetings:
        day = meeting.starts_at.astimezone().date()
        if meeting.cancelled_at is not None:
            states.append((meeting, "cancelled"))
        elif day < today:
            states.append((meeting, "past"))
        elif day == today:
            states.append((meeting, "today"))
        else:
            states.append((meeting, "planned" if coming else "next"))
            coming = True
    return states


def _today() -> date:
    """Today where this computer is: the day the store calls an agreement overdue."""
    return datetime.now().astimezone().date()


def _formats() -> list[tuple[str, str]]:
    """Each export format's name and what its download button says ("Agenda (ics)"), in the page's
    language, by name."""
    from aantafel.labels import format_label

    exporters = library().exporters()
    return [(name, format_label(g.lang, name, exporters[name].title)) for name in sorted(exporters)]


def show_page(dossier_id: str, values: dict[str, str], error: str | None) -> str:
    """A dossier with its meetings and agreements, and the picture of them (one read more: every meeting's
    moves); ``values`` and ``error`` refill the agreement form."""
    from aantafel.dossiers.glance import glance

    dossier = store().dossier(dossier_id)
    today = _today()
    every = store().agreements(dossier.id)
    shown = window(len(every))
    agreements = [(a, a.overdue(today)) for a in shown.part(every)]
    meetings = store().meetings(dossier.id)
    seen = glance(meetings, store().moves_by_meeting(dossier.id), every, today)
    return render_template(
        "dossier.html",
        shown=shown,
        dossier=dossier,
        fields=EDITABLE[1:],
        meetings=timeline(meetings, today),
        agreements=agreements,
        glance=seen,
        pictures=picture.pictures(seen, g.lang),
        formats=_formats(),
        values=values,
        error=error,
        last=store().history(dossier.id, last=1)[-1] if context.accounts_on() else None,
        saved=request.args.get("saved"),
        merged=merging.merged_note("dossier", dossier.id),
    )
