"""Accounts mode in the web page: signing in and out, and who the store acts for.

Switched on by ``AANTAFEL_ACCOUNTS=on`` (or ``aantafel serve --accounts``); off, the page is the single
user's, as before, and nothing here runs. Sessions are Flask-Login's, but what a cookie names is a row in
the database (``Store.start_session``): a new one at every sign-in, removed at sign-out, all of a person's
removed by "sign out everywhere", so a copied cookie is worth nothing afterwards, on every worker and host.
Who may see and change what is the core's: ``context.store()`` is the store acting for the person signed
in, and a dossier of another organisation is "unknown" there, a 404 like one that does not exist.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.wrappers import Response

from aantafel_web import context, trainers
from aantafel_web.context import ACCOUNTS
from aantafel_web.dossiers import CHECK_EVERY
from aantafel_web.forms import said
from aantafel_web.memory import KEEP, Unchanged
from aantafel_web.translations import N_, gettext

if TYPE_CHECKING:
    from aantafel.dossiers.people import Access, Person
    from aantafel.dossiers.store import Store

PUBLIC_URL = "AANTAFEL_PUBLIC_URL"
"""Where people reach the page (``https://aantafel.example.nl``): links to share start with it, and an
https address makes the session cookie ``Secure``."""
SESSION_COOKIE = "aantafel_session"
SIGNED_IN = frozenset(
    {"dossiers", "meetings", "agreements", "feeds", "accounts_private", "trainers", "people"}
)
"""The blueprints that need someone signed in, in accounts mode: everything that shows dossiers."""


blueprint = Blueprint("accounts", __name__)
private = Blueprint("accounts_private", __name__)
"""The pages about the person signed in (their account, their data), which need them signed in."""


def switched_on(value: object) -> bool:
    return str(value).strip().lower() in {"1", "on", "yes", "true"}


class User(UserMixin):  # type: ignore[misc]  # flask-login ships no types: its classes are Any
    """The person signed in, their session's secret (what Flask-Login keeps in the cookie) and what they
    may touch, worked out once per request."""

    def __init__(self, person: Person, secret: str, access: Access) -> None:
        self.person = person
        self.secret = secret
        self.access = access

    def get_id(self) -> str:
        return self.secret


def install(app: Flask, *parts: Callable[[Flask], None]) -> None:
    """Accounts mode for ``app``, when its config asks for it: the session cookie's settings, the login
    manager, the sign-in pages, the page memory kept per session, and ``parts``: the installers of the
    modules with more pages of accounts mode (``people.install``), which import this one for signing in
    and so are handed in by the app instead of imported here."""
    app.config.setdefault(ACCOUNTS, switched_on(os.environ.get(ACCOUNTS, "")))
    app.config.setdefault(PUBLIC_URL, os.environ.get(PUBLIC_URL, ""))
    if not app.config[ACCOUNTS]:
        return
    from aantafel.dossiers.store.people import SESSION_LIFE

    app.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=str(app.config[PUBLIC_URL]).startswith("https://"),
        PERMANENT_SESSION_LIFETIME=SESSION_LIFE,
        SESSION_REFRESH_EACH_REQUEST=False,  # a cookie that is sent again on every page is never kept
    )
    manager = LoginManager(app)
    manager.login_view = "accounts.sign_in"
    manager.login_message = ""  # the sign-in page says why on its own
    manager.session_protection = None  # a phone moving from wifi to 4G keeps its session; the row decides
    manager.user_loader(_load)
    app.register_blueprint(blueprint)
    app.register_blueprint(private)
    app.register_blueprint(trainers.blueprint)
    for part in parts:
        part(app)
    app.before_request(_signed_in_where_needed)
    app.after_request(_kept_per_session)


def public_address(endpoint: str, **values: Any) -> str:
    """A link to share (to join, a new password, a calendar) as people open it: ``AANTAFEL_PUBLIC_URL``
    and the path, else this request's own host."""
    public = str(current_app.config.get(PUBLIC_URL) or "").rstrip("/")
    if public:
        return public + url_for(endpoint, **values)
    return url_for(endpoint, **values, _external=True)


def on(app: Flask | None = None) -> bool:
    """Whether this app (the current one by default) is in accounts mode."""
    return bool((app or current_app).config.get(ACCOUNTS))


def variant(cookies: Mapping[str, str]) -> Hashable:
    """What a kept page depends on in accounts mode besides its language: the session (each person's
    pages are their own; nobody signed in shares the anonymous ones)."""
    return cookies.get(SESSION_COOKIE)


def _load(secret: str) -> User | None:
    found = context.base_store().session(secret)
    return None if found is None else User(found[0], secret, found[1])


def _signed_in_where_needed() -> Response | None:
    if request.blueprint in SIGNED_IN and not current_user.is_authenticated:
        return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")), 303)
    return None


def _kept_per_session(response: Response) -> Response:
    """A page kept for a signed-in person holds only while their session and their access do: signed out
    elsewhere, or taken out of the organisation, the next request is made anew (and refused)."""
    holds = request.environ.get(KEEP)
    if holds is not None and current_user.is_authenticated:
        found, secret, made = context.base_store(), current_user.secret, _access_mark(current_user.access)
        still = Unchanged(lambda: _access_mark(_access_of(found, secret)), made, CHECK_EVERY)
        request.environ[KEEP] = lambda: still() and holds()
    return response


def _access_of(found: Store, secret: str) -> Access | None:
    """Asked when a kept page is served, outside Flask's app context: hence the store, not ``context``."""
    session = found.session(secret)
    return None if session is None else session[1]


def _access_mark(access: Access | None) -> Hashable:
    return None if access is None else (access.reads, access.writes, access.trains, access.manages)


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path on this site (``/dossiers/``), never another site
    (``//evil.example``, ``/\\evil.example``, ``https://…``)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return url_for("dossiers.index")
    return target


@blueprint.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response | tuple[str, int]:
    """Sign in with a name and password; a new session every time (the old one, if any, is gone)."""
    from aantafel.dossiers.people import AccountError

    target = _safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target, 303)
        return render_template("sign_in.html", login="", error=None, next=target)
    login = request.form.get("login", "")[:200]
    found = context.base_store()
    try:
        person = found.sign_in(login, request.form.get("password", ""), address=request.remote_addr or "")
    except AccountError as exc:
        status = 429 if exc.reason == "too many attempts" else 401
        return render_template("sign_in.html", login=login, error=said(exc), next=target), status
    begin(found, person)
    return redirect(target, 303)


def begin(found: Store, person: Person) -> None:
    """Sign ``person`` in with a new session (after a password, a link to join or a new password): the
    session before, if any, is ended, and nothing of it carries over."""
    if current_user.is_authenticated:
        found.end_session(current_user.secret)
    session.clear()
    secret = found.start_session(person.id)
    session.permanent = True
    login_user(User(person, secret, found.access_for(person.id)))


@blueprint.post("/sign-out")
def sign_out() -> Response:
    if current_user.is_authenticated:
        context.base_store().end_session(current_user.secret)
    logout_user()
    session.clear()
    return redirect(url_for("pages.home"), 303)


@private.post("/sign-out-everywhere")
def sign_out_everywhere() -> Response:
    context.base_store().sign_out_everywhere(current_user.person.id)
    logout_user()
    session.clear()
    return redirect(url_for("accounts.sign_in"), 303)


@private.get("/account")
def account() -> str:
    """Who is signed in, the organisations they belong to and as what, their data to download, and
    signing out everywhere."""
    return _account_page(None, changed=request.args.get("changed") == "1")


def _account_page(error: str | None, *, changed: bool = False) -> str:
    memberships = context.base_store().memberships(current_user.person.id)
    return render_template(
        "account.html", person=current_user.person, memberships=memberships, error=error, changed=changed
    )


@private.post("/account/password")
def change_password() -> Response | tuple[str, int]:
    """A new password, given the current one (ASVS V6.2.3). Every other session ends with the old
    password; this browser stays signed in with a new session."""
    from aantafel.dossiers.people import AccountError

    new = request.form.get("new", "")
    if new != request.form.get("again", ""):
        return _account_page(gettext(N_("The two new passwords are not the same."))), 422
    person = current_user.person
    try:
        context.base_store().change_password(person.id, request.form.get("current", ""), new)
    except AccountError as exc:
        return _account_page(said(exc)), 422
    begin(context.base_store(), person)
    return redirect(url_for("accounts_private.account", changed=1), 303)


@private.get("/account/data.json")
def data() -> Response:
    """Everything stored about the person signed in (AVG/GDPR: the right of access), as a download."""
    body = context.base_store().personal_json(current_user.person.id)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="aantafel-mijn-gegevens.json"'
    return response
