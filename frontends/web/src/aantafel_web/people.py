"""Getting in and managing people, in accounts mode: joining through a link, choosing a new password, an
organisation admin's page and the site admin's list of organisations.

Who may invite, set roles and remove, that an organisation keeps an admin, that links work once and
expire: all of it is the core's. The views call it on the store acting for the person signed in
(``context.store()``), so the core refuses what they may not do. Such a refusal makes a page a 404, the
same as an organisation that does not exist, and a form a 422 with the reason.

A link's secret is shown once, as the answer to the POST that made it: a POST's answer is never kept in
the page memory, and these pages are ``no-store`` (``app.PRIVATE``), so no cache holds it either.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import quote

from attrs import evolve, frozen
from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from aantafel import dates, mail
from aantafel.dossiers.model import InvalidDossier
from aantafel.dossiers.people import EX_MEMBER, AccountError, NotAllowed, clean_email
from aantafel.labels import label
from aantafel_web import accounts, context
from aantafel_web.forms import said
from aantafel_web.translations import N_, gettext

if TYPE_CHECKING:
    from aantafel.dossiers.people import Invitation, Membership, Organisation
    from aantafel.dossiers.store import Store

links = Blueprint("links", __name__)
"""The pages a link leads to: for whoever holds the link, signed in or not."""
blueprint = Blueprint("people", __name__)
"""The admins' pages, which need someone signed in."""

MISMATCH = N_("The two passwords are not the same. Type the same password twice.")
LINK_GONE = frozenset({"link unknown", "link used", "link expired"})
FIELDS = {
    "bad login": "login",
    "login taken": "login",
    "no name": "name",
    "short password": "password",
    "long password": "password",
    "bad email": "email",
}
"""The form field a refusal of the core is about, to say it there."""
TYPED_LIMIT = 1000
"""What comes back of a typed field at most: the core names a longer value too long."""


def install(app: Flask) -> None:
    """The pages, the menu's links for admins, and the mail server when the host set one up."""
    for key in (mail.SMTP_URL, mail.MAIL_FROM):
        app.config.setdefault(key, os.environ.get(key, ""))
    app.register_blueprint(links)
    app.register_blueprint(blueprint)
    app.jinja_env.globals.update(managed_organisations=managed_organisations)


def managed_organisations() -> list[Organisation]:
    """The organisations the person signed in is an admin of, for the menu; asked only of admins."""
    if not current_user.is_authenticated or not current_user.access.manages:
        return []
    mine = context.base_store().memberships(current_user.person.id)
    return [membership.organisation for membership in mine if membership.role == "admin"]


@frozen(kw_only=True)
class Link:
    """A link just made, as its page shows it: to copy, to share, and whether an e-mail took it too."""

    title: str
    url: str
    message: str
    expires_at: datetime
    mailed_to: str = ""
    mail_error: str = ""

    @property
    def whatsapp(self) -> str:
        return "https://wa.me/?text=" + quote(self.message, safe="")


# --- following a link ---------------------------------------------------------------------------------


def _promise(found: Store, secret: str, kind: str) -> Invitation:
    """What the link promises; a link of the other kind is one this page does not know."""
    invitation = found.invitation(secret)
    if invitation.kind != kind:
        raise AccountError("link unknown")
    return invitation


def _gone(exc: AccountError) -> tuple[str, int]:
    """A link that is used, expired or unknown: a 404 that says only that, in the core's words."""
    return render_template("error.html", code=404, message=said(exc), detail=""), 404


def _passwords_match() -> bool:
    return request.form.get("password", "") == request.form.get("password_again", "")


@links.route("/join/<secret>", methods=["GET", "POST"])
def join(secret: str) -> str | Response | tuple[str, int]:
    """Join an organisation with a new account, or with the one signed in; signed in at once."""
    found = context.base_store()
    typed = {field: request.form.get(field, "")[:TYPED_LIMIT] for field in ("name", "login", "email")}

    def page(error: tuple[str, str] | None = None) -> str:
        return render_template("join.html", invitation=invitation, secret=secret, typed=typed, error=error)

    try:
        invitation = _promise(found, secret, "invite")
        if request.method == "GET":
            return page()
        if request.form.get("with_account") and current_user.is_authenticated:
            found.accept(secret, login="", name="", password="", person_id=current_user.person.id)
            return redirect(url_for("dossiers.index"), 303)
        if not _passwords_match():
            return page(("password_again", gettext(MISMATCH))), 422
        person = found.accept(secret, password=request.form.get("password", ""), **typed)
    except InvalidDossier as exc:
        return page((exc.field, said(exc))), 422
    except AccountError as exc:
        if exc.reason in LINK_GONE:
            return _gone(exc)
        return page((FIELDS.get(exc.reason, ""), said(exc))), 422
    accounts.begin(found, person)
    return redirect(url_for("dossiers.index"), 303)


@links.route("/reset/<secret>", methods=["GET", "POST"])
def reset(secret: str) -> str | Response | tuple[str, int]:
    """Choose a new password: every session the person had ends (the core's), and this one begins."""
    found = context.base_store()

    def page(error: tuple[str, str] | None = None) -> str:
        return render_template("reset.html", invitation=invitation, secret=secret, error=error)

    try:
        invitation = _promise(found, secret, "reset")
        if request.method == "GET":
            return page()
        if not _passwords_match():
            return page(("password_again", gettext(MISMATCH))), 422
        person = found.reset(secret, request.form.get("password", ""))
    except (AccountError, InvalidDossier) as exc:
        if isinstance(exc, AccountError) and exc.reason in LINK_GONE:
            return _gone(exc)
        return page(("password", said(exc))), 422
    accounts.begin(found, person)
    return redirect(url_for("dossiers.index"), 303)


# --- making a link ------------------------------------------------------------------------------------


def _invitation_link(found: Store, secret: str, email: str) -> Link:
    """The page's view of a new invitation, mailed to ``email`` too when there is one and a mail server."""
    invitation = found.invitation(secret)
    role = label(g.lang, f"role {invitation.role or 'member'}")
    url = accounts.public_address("links.join", secret=secret)
    until = dates.when(invitation.expires_at, g.lang)
    words = {"organisation": invitation.organisation_name, "role": role, "link": url, "until": until}
    made = Link(
        title=gettext("Invitation to join {organisation} as {role}").format(**words),
        url=url,
        message=gettext(
            "You are invited to join {organisation} in aantafel as {role}. Open this link and choose a "
            "password: {link} The link works once, until {until}."
        ).format(**words),
        expires_at=invitation.expires_at,
    )
    return _mailed(made, email, gettext("Your invitation to aantafel"))


def _mailed(made: Link, email: str, subject: str) -> Link:
    """``made``, sent to ``email`` as well when both an address and a mail server are there; a failed
    send is said on the page (and in the log, without the password) and the link still shows."""
    url = str(current_app.config.get(mail.SMTP_URL) or "")
    if not email or not url:
        return made
    body = gettext("Hello,") + "\n\n" + made.message + "\n\n" + gettext("Greetings, aantafel") + "\n"
    try:
        mail.send(url, str(current_app.config.get(mail.MAIL_FROM) or ""), email, subject, body)
    except mail.MailError as exc:
        current_app.logger.warning("aantafel: the e-mail with a link did not go out: %s", exc)
        return evolve(made, mail_error=str(exc))
    return evolve(made, mailed_to=email)


def _email() -> str:
    """The optional e-mail address of an invite form, checked by the core before any link is made."""
    typed = request.form.get("email", "")[:TYPED_LIMIT]
    return clean_email(typed) if current_app.config.get(mail.SMTP_URL) else ""


# --- an organisation's admin ------------------------------------------------------------------------


def _organisation_page(
    organisation_id: str,
    *,
    link: Link | None = None,
    error: tuple[str, str] | None = None,
    typed: dict[str, str] | None = None,
) -> str:
    """The organisation's people with a form per person, and the invite form; a refusal of the core
    (not an admin here) goes up, for the caller to answer."""
    found = context.store()
    people = found.people_of(organisation_id)
    return render_template(
        "organisation.html",
        organisation=found.organisation(organisation_id),
        people=people,
        manages=organisation_id in current_user.access.manages,
        link=link,
        error=error,
        typed=typed or {},
        mail_on=bool(current_app.config.get(mail.SMTP_URL)),
    )


@blueprint.get("/organisations/<organisation_id>")
def organisation(organisation_id: str) -> str:
    """The admin's page; for anyone else a 404, the same as an organisation that does not exist."""
    try:
        return _organisation_page(organisation_id)
    except (NotAllowed, AccountError):
        abort(404)


@blueprint.post("/organisations/<organisation_id>/invite")
def invite(organisation_id: str) -> str | tuple[str, int]:
    """A link to join as the role chosen, shown at once (and mailed when asked)."""
    found = context.store()
    role = request.form.get("role", "")[:TYPED_LIMIT]
    try:
        email = _email()
        secret = found.invite(organisation_id, role)
    except (AccountError, InvalidDossier) as exc:
        typed = {"role": role, "email": request.form.get("email", "")[:TYPED_LIMIT]}
        return _organisation_page(organisation_id, error=("invite", said(exc)), typed=typed), 422
    return _organisation_page(organisation_id, link=_invitation_link(found, secret, email))


def _back(organisation_id: str) -> Response:
    return redirect(url_for("people.organisation", organisation_id=organisation_id), 303)


def _refused_for(organisation_id: str, person_id: str, form: str, exc: AccountError) -> tuple[str, int]:
    """The page again with the refusal at the person's form (at the top when they are not listed)."""
    listed = any(m.person.id == person_id for m in context.store().people_of(organisation_id))
    where = f"{form}-{person_id}" if listed else "page"
    return _organisation_page(organisation_id, error=(where, said(exc))), 422


@blueprint.post("/organisations/<organisation_id>/people/<person_id>/role")
def role(organisation_id: str, person_id: str) -> Response | tuple[str, int]:
    try:
        context.store().set_role(organisation_id, person_id, request.form.get("role", "")[:TYPED_LIMIT])
    except AccountError as exc:
        return _refused_for(organisation_id, person_id, "role", exc)
    return _back(organisation_id)


def _member(organisation_id: str, person_id: str) -> Membership:
    """The person as a member of the organisation; a 404 when they are not one."""
    for membership in context.store().people_of(organisation_id):
        if membership.person.id == person_id:
            return membership
    return abort(404)


@blueprint.post("/organisations/<organisation_id>/people/<person_id>/remove")
def remove(organisation_id: str, person_id: str) -> str | Response | tuple[str, int]:
    """Asks first (what happens to the name in the history); removes when the confirm field is sent."""
    if request.form.get("confirm") != "yes":
        return render_template(
            "remove.html", membership=_member(organisation_id, person_id), ex_member=EX_MEMBER
        )
    try:
        context.store().remove_member(organisation_id, person_id)
    except AccountError as exc:
        return _refused_for(organisation_id, person_id, "remove", exc)
    if person_id == current_user.person.id:  # left it: its page is no longer theirs
        return redirect(url_for("accounts_private.account"), 303)
    return _back(organisation_id)


@blueprint.post("/organisations/<organisation_id>/people/<person_id>/reset")
def reset_link(organisation_id: str, person_id: str) -> str:
    """A link to choose a new password, shown at once, for someone who forgot theirs."""
    found = context.store()
    person = _member(organisation_id, person_id).person
    secret = found.reset_link(person.id)
    invitation = found.invitation(secret)
    url = accounts.public_address("links.reset", secret=secret)
    until = dates.when(invitation.expires_at, g.lang)
    made = Link(
        title=gettext("New password for {name}").format(name=person.name),
        url=url,
        message=gettext(
            "Choose a new password for aantafel with this link: {link} The link works once, until {until}."
        ).format(link=url, until=until),
        expires_at=invitation.expires_at,
    )
    return _organisation_page(organisation_id, link=made)


# --- the site admin -----------------------------------------------------------------------------------


def _organisations_page(*, link: Link | None = None, error: str = "", name: str = "") -> str:
    found = context.store()
    return render_template(
        "organisations.html",
        organisations=found.organisations(),
        sizes=found.organisation_sizes(),
        link=link,
        error=error,
        name=name,
        mail_on=bool(current_app.config.get(mail.SMTP_URL)),
    )


@blueprint.route("/admin/organisations", methods=["GET", "POST"])
def organisations() -> str | tuple[str, int]:
    """Every organisation and its number of people; a new one, and a link for an organisation's admin.
    For anyone but a site admin the page does not exist."""
    if request.method == "GET":
        try:
            return _organisations_page()
        except NotAllowed:
            abort(404)
    found = context.store()
    name = request.form.get("name", "")[:TYPED_LIMIT]
    try:
        email = _email()
        chosen = request.form.get("organisation_id") or found.create_organisation(name).id
        secret = found.invite(chosen, "admin")
    except (AccountError, InvalidDossier) as exc:
        return _organisations_page(error=said(exc), name=name), 422
    return _organisations_page(link=_invitation_link(found, secret, email))
