"""Agreements in the browser, and downloads of the preparation sheet through the core's exporters.

A status change or a correction carries the version the page showed; when another tab changed the
agreement meanwhile, nothing is overwritten and the page says so. Downloads are addressed by dossier id and
format name, never by a path from the request.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from aantafel.plugins import TooSlow, within
from aantafel_web import merging
from aantafel_web.context import AUTHOR, library, store
from aantafel_web.dossiers import show_page
from aantafel_web.forms import NOT_A_DATE, said, sent_version
from aantafel_web.headers import SECURITY_HEADERS
from aantafel_web.translations import gettext

if TYPE_CHECKING:
    from aantafel.dossiers.documents import What
    from aantafel.dossiers.model import Agreement
    from aantafel.exporters import Document, Exporter

blueprint = Blueprint("agreements", __name__)


@blueprint.post("/dossiers/<dossier_id>/agreements/new")
def create(dossier_id: str) -> Response | tuple[str, int]:
    from aantafel.dossiers.model import InvalidDossier

    values = request.form.to_dict()
    try:
        fields = _fields(values)
    except ValueError:
        return show_page(dossier_id, values, gettext(NOT_A_DATE)), 422
    try:
        store().add_agreement(dossier_id, **fields, author=AUTHOR)
    except InvalidDossier as exc:
        return show_page(dossier_id, values, said(exc)), 422
    return redirect(url_for("dossiers.show", dossier_id=dossier_id) + "#agreements", 303)


@blueprint.post("/agreements/<agreement_id>/status")
def status(agreement_id: str) -> Response:
    agreement = store().agreement(agreement_id)
    chosen = request.form.get("status", "")
    store().set_agreement_status(agreement.id, chosen, expected_version=sent_version(), author=AUTHOR)
    shown = url_for("dossiers.show", dossier_id=agreement.dossier_id, saved=chosen)
    return redirect(shown + "#agreements", 303)


@blueprint.post("/agreements/<agreement_id>/remove")
def remove(agreement_id: str) -> Response:
    """To the bin, never gone: the dossier page says so and links to the bin to undo it."""
    agreement = store().agreement(agreement_id)
    store().remove_agreement(agreement.id, expected_version=sent_version(), author=AUTHOR)
    shown = url_for("dossiers.show", dossier_id=agreement.dossier_id, saved="removed")
    return redirect(shown + "#agreements", 303)


@blueprint.post("/agreements/<agreement_id>/restore")
def restore(agreement_id: str) -> Response:
    agreement = store().agreement(agreement_id)
    store().restore_agreement(agreement.id, expected_version=sent_version(), author=AUTHOR)
    return redirect(url_for("dossiers.show", dossier_id=agreement.dossier_id) + "#agreements", 303)


@blueprint.get("/agreements/<agreement_id>/edit")
def edit(agreement_id: str) -> str:
    store().ensure_changeable("agreement", agreement_id)
    agreement = store().agreement(agreement_id)
    values = {
        "what": agreement.what,
        "side": agreement.side,
        "person": agreement.person,
        "due": agreement.due.isoformat() if agreement.due else "",
        "if_broken": agreement.if_broken,
    }
    return _form(agreement, values, None)


@blueprint.post("/agreements/<agreement_id>/edit")
def update(agreement_id: str) -> Response | tuple[str, int]:
    """Save a corrected agreement; when another tab changed it first, the form comes back with this
    person's text and the newest version, saying so, and nothing is overwritten."""
    from aantafel.dossiers.model import ChangedMeanwhile, EditConflict, InvalidDossier

    agreement = store().agreement(agreement_id)
    values = request.form.to_dict()
    try:
        fields = _fields(values)
    except ValueError:
        return _form(agreement, values, gettext(NOT_A_DATE)), 422
    version = sent_version()
    try:
        saved = store().update_agreement(
            agreement.id, **fields, expected_version=version, author=AUTHOR, keep=merging.kept()
        )
    except InvalidDossier as exc:
        return _form(agreement, values, said(exc)), 422
    except EditConflict as exc:
        shown = {
            field: str(exc.shown[field] or "") for field in ("what", "side", "person", "due", "if_broken")
        }
        return _form(store().agreement(agreement.id), shown, None, conflicts=merging.conflicts(exc)), 409
    except ChangedMeanwhile:
        return _form(store().agreement(agreement.id), values, None, meanwhile=True), 409
    target = url_for("dossiers.show", dossier_id=agreement.dossier_id) + "#agreements"
    return redirect(merging.merged_to(target, version, saved.version), 303)


def _form(
    agreement: Agreement,
    values: dict[str, str],
    error: str | None,
    *,
    meanwhile: bool = False,
    conflicts: list[dict[str, str]] | None = None,
) -> str:
    dossier = store().dossier(agreement.dossier_id)
    return render_template(
        "agreement_form.html",
        dossier=dossier,
        agreement=agreement,
        values=values,
        error=error,
        meanwhile=meanwhile,
        conflicts=conflicts,
    )


def _fields(values: dict[str, str]) -> dict[str, Any]:
    """The agreement form as the store's arguments, no due date when left empty; ValueError when the due
    date is no date."""
    return {
        "what": values.get("what", ""),
        "side": values.get("side", "theirs"),
        "person": values.get("person", ""),
        "due": date.fromisoformat(values["due"]) if values.get("due") else None,
        "if_broken": values.get("if_broken", ""),
    }


def _document(dossier_id: str, format_name: str, kind: What) -> tuple[Exporter, Document, bytes]:
    """The exporter, the document (the dossier's preparation sheet, ``kind`` sheet, or the whole dossier,
    ``kind`` dossier) and its bytes in one of the installed formats; an unknown format is a 404."""
    from aantafel.dossiers.documents import document

    exporter = library().exporters().get(format_name)
    if exporter is None:
        abort(404)
    dossier = store().dossier(dossier_id)
    made = document(store(), library(), dossier.id, kind, g.lang)
    try:
        return exporter, made, within(library().plugins.deadline, lambda: exporter.render(made))
    except TooSlow as exc:
        current_app.logger.error("aantafel: the export format %s %s", format_name, exc)
        abort(504)


def _download(dossier_id: str, format_name: str, kind: What) -> Response:
    from aantafel.dossiers.documents import file_name

    exporter, made, content = _document(dossier_id, format_name, kind)
    name = file_name(kind, made.data["dossier"]["id"], exporter.suffix, g.lang)
    return Response(
        content,
        mimetype=exporter.media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blueprint.get("/dossiers/<dossier_id>/sheet.<format_name>")
def sheet(dossier_id: str, format_name: str) -> Response:
    return _download(dossier_id, format_name, "sheet")


@blueprint.get("/dossiers/<dossier_id>/dossier.<format_name>")
def whole(dossier_id: str, format_name: str) -> Response:
    """The whole dossier, to keep or share; its JSON goes back in with ``aantafel import``."""
    return _download(dossier_id, format_name, "dossier")


@blueprint.get("/dossiers/<dossier_id>/sheet")
def print_view(dossier_id: str) -> Response:
    """The HTML sheet shown in the browser, to print or save as PDF, with a way back to the dossier and its
    meeting and a hint how to print above it (``sheet.css`` keeps those off paper). The sheet's stylesheet
    is inline, so that a downloaded file stands alone: this one page allows exactly that stylesheet by its
    hash, next to our own; everything else stays as strict as on other pages."""
    _, made, content = _document(dossier_id, "html", "sheet")
    page = content.decode("utf-8")
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
        for style in re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    )
    policy = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "style-src 'self'", f"style-src 'self' {hashes}"
    )
    around = render_template("sheet_nav.html", dossier=made.data["dossier"], meeting=made.data.get("meeting"))
    stylesheet = f'<link rel="stylesheet" href="{url_for("static", filename="sheet.css")}">\n</head>'
    page = page.replace("</head>", stylesheet, 1).replace("<body>", f"<body>\n{around}", 1)
    return Response(page, mimetype="text/html", headers={"Content-Security-Policy": policy})
