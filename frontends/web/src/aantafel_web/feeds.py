"""A dossier's calendar link: made and stopped on its own page by the people who may change the dossier,
shown once as the answer to the form that made it (the database keeps only its SHA-256), and the calendar
itself at ``/feeds/<secret>.ics`` for any calendar app that has the link, without signing in: a phone's
calendar cannot sign in, so the secret is the key. An unknown, stopped or replaced link, or a dossier in
the bin, is a 404.
"""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from aantafel import ics
from aantafel_web import accounts
from aantafel_web.context import base_store, store

blueprint = Blueprint("feeds", __name__, url_prefix="/dossiers")
calendar = Blueprint("calendar", __name__)
"""The feed itself: no sign-in (see the module's docstring)."""


@blueprint.get("/<dossier_id>/calendar")
def page(dossier_id: str) -> str:
    """Whether the dossier has a calendar link, and the forms to make one or stop it."""
    return _page(dossier_id, "")


@blueprint.post("/<dossier_id>/calendar")
def make(dossier_id: str) -> str:
    """A new link, shown on this answer only (never kept by the browser: ``no-store``); the old one stops."""
    found = store().dossier(dossier_id)
    return _page(found.id, store().make_feed(found.id))


@blueprint.post("/<dossier_id>/calendar/revoke")
def revoke(dossier_id: str) -> Response:
    found = store().dossier(dossier_id)
    store().revoke_feed(found.id)
    return redirect(url_for("feeds.page", dossier_id=found.id), 303)


def _page(dossier_id: str, secret: str) -> str:
    store().ensure_changeable("dossier", dossier_id)
    dossier = store().dossier(dossier_id)
    address = accounts.public_address("calendar.feed", secret=secret, lang=g.lang) if secret else ""
    return render_template(
        "feed.html",
        dossier=dossier,
        made=store().feed_made(dossier.id),
        address=address,
        webcal="webcal://" + address.partition("://")[2] if address else "",
    )


@calendar.get("/feeds/<secret>.ics")
def feed(secret: str) -> Response:
    """The dossier's meetings and due dates, as its ``ics`` export has them, in the link's language."""
    found = base_store()
    body = ics.feed(found, found.feed_dossier(secret), g.lang)
    return Response(body, content_type="text/calendar; charset=utf-8")
