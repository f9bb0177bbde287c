"""The Flask app: ``create_app`` binds one library, sets the language per request and the security headers.

Every page is a plain GET or a form with redirect after POST; no inline script anywhere, so the
Content-Security-Policy can forbid scripts altogether. Content text comes from the packs (Markdown rendered
with raw HTML off); the page's own words come from Babel catalogues (``translations``), the names of
fields and states from ``aantafel.labels``, which the exports share.
"""

from __future__ import annotations

import functools
import os
import secrets
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask, g, render_template, request
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_accept_header, parse_cookie

from aantafel import Library, load_library
from aantafel.dossiers.model import BINDINGS, MOVES, SIDES, VERDICTS
from aantafel.labels import LABELS, label
from aantafel.refusals import explain
from aantafel.usecases.preparation import answer_line
from aantafel_web import (
    accounts,
    agreements,
    context,
    dossiers,
    feeds,
    meetings,
    pages,
    people,
    plugin_pages,
    trainers,
    translations,
)
from aantafel_web.csrf import check_origin
from aantafel_web.forms import FormRequest
from aantafel_web.headers import with_security_headers
from aantafel_web.hosts import PROXIES, behind_proxies, only_for, trusted_hosts
from aantafel_web.memory import ARGS, SAVED_COOKIE, PageMemory
from aantafel_web.secret import VARIABLE as KEY_VARIABLE
from aantafel_web.secret import SecretKeyError, secret_key
from aantafel_web.translations import N_, gettext

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

LANGUAGE_COOKIE = "aantafel_lang"
MEMORY = "aantafel.memory"
DEFAULTS: Mapping[str, Any] = {
    "MAX_CONTENT_LENGTH": 1_000_000,
    "MAX_FORM_MEMORY_SIZE": 100_000,
    "MAX_FORM_PARTS": 1000,  # a record with 200 moves of four fields each; Django allows as many
    "PLUGIN_SECONDS": 10.0,  # a plugin's hook, page or export format that takes longer is reported (504)
}
BLUEPRINTS = (
    pages.blueprint,
    dossiers.blueprint,
    meetings.blueprint,
    agreements.blueprint,
    feeds.blueprint,
    feeds.calendar,
)
PRIVATE = frozenset(
    {
        dossiers.blueprint.name,
        meetings.blueprint.name,
        agreements.blueprint.name,
        feeds.blueprint.name,
        feeds.calendar.name,
        accounts.private.name,
        trainers.blueprint.name,
        people.blueprint.name,
        people.links.name,
    }
)
"""The pages that show what people wrote or who they are, and those with a link's secret: a browser keeps
none of them on disk (``no-store``), so the next person at a shared computer in the community centre
cannot read them from its cache or history."""
ERRORS = {
    400: N_("This request is not right. Go back and try again."),
    401: N_("Sign in first to see this page."),
    403: N_("This form did not come from this page. Reload the page and try again."),
    404: N_("This page does not exist."),
    405: N_("That cannot be done on this page."),
    409: N_(
        "Someone else changed this meanwhile. Nothing was overwritten. "
        "Reload the page and see whether your change is still needed."
    ),
    413: N_("What you sent is too large. Make it shorter and try again."),
    422: N_("That cannot be done now."),
    500: N_("Something went wrong on our side. Please try again later."),
    503: N_("The dossiers cannot be opened right now. Everything else in aantafel works."),
    504: N_("This page took too long and was stopped. Try again later; the rest of aantafel works."),
}


NOT_YOURS = N_("You can look at this, but not change it.")
"""The heading of a 403 in accounts mode (a trainer's read-only access), where the usual 403 is about a form
that came from another site."""


def _error_page(code: int, detail: str = "", *, heading: str | None = None) -> str:
    """The error page in the user's language (``heading``, else the code's own words), with ``detail``
    below it when there is something to add; plain text when even that cannot be made (a bad Host)."""
    message = gettext(heading or ERRORS.get(code) or ERRORS[400 if code < 500 else 500])
    try:
        return render_template("error.html", code=code, message=message, detail=detail)
    except Exception:
        return message


@functools.lru_cache(maxsize=4096)
def markdown(text: str) -> Markup:
    """Pack text as HTML, with raw HTML off so the output is safe. Remembered: pack text never changes
    while the app runs, and rendering it again was a third of the home page's time."""
    from markdown_it import MarkdownIt

    return Markup(MarkdownIt("js-default").render(text))


def create_app(config: Mapping[str, Any] | None = None, *, library: Library | None = None) -> Flask:
    """The web page for ``library`` (by default every installed pack), with ``config`` over the defaults."""
    app = Flask(__name__)
    app.request_class = FormRequest
    app.config.update(DEFAULTS, TRUSTED_HOSTS=trusted_hosts())
    app.config.update(config or {})
    content = library if library is not None else load_library()
    content.plugins.deadline = app.config["PLUGIN_SECONDS"]
    context.init_app(app, content)
    translations.install(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    accounts.install(app, people.install)
    if not app.secret_key:
        try:
            app.secret_key = secret_key()
        except SecretKeyError as exc:
            if os.environ.get(KEY_VARIABLE) or accounts.on(app):
                raise  # a key given is wrong, or signing in needs one: stop rather than refuse everyone later
            app.logger.warning("aantafel: %s. Pages work; signed cookies (a plugin's session) do not.", exc)
    plugin_pages.install(app, content, taken=set(app.blueprints))
    app.before_request(check_origin)

    available = content.languages
    answers: dict[tuple[str | None, str], str] = {}  # a question asked before gets the same answer

    def language_of(asked: str | None, accept_language: str) -> str:
        """The page's language: ``asked`` (?lang=, else the language cookie) when it is one, else the best
        the browser accepts, else the library's default. Without a request: the page memory asks it too,
        before Flask does."""
        question = (asked, accept_language)
        lang = answers.get(question)
        if lang is None:
            if len(answers) >= 1000:  # browsers send a handful of different headers; odd ones cannot pile up
                answers.clear()
            if asked not in available:
                asked = parse_accept_header(accept_language, LanguageAccept).best_match(available) or None
            lang = answers[question] = content.language(asked)
        return lang

    def variant(environ: WSGIEnvironment) -> Hashable | None:
        """What a kept page depends on besides its address: its language, and the cookie a save sets
        (``memory.Unchanged``). A request that chooses a language is never answered from memory: it
        must set the cookie. Parsing an absent query string or cookie header was a fifth of a page
        served from memory, so neither is parsed when it is not there, and the cookies only once."""
        if "lang=" in environ.get("QUERY_STRING", ""):
            return None
        cookies = parse_cookie(environ) if "HTTP_COOKIE" in environ else {}
        accepted = environ.get("HTTP_ACCEPT_LANGUAGE", "")
        lang = language_of(cookies.get(LANGUAGE_COOKIE), accepted)
        if signed_in:
            return lang, cookies.get(SAVED_COOKIE), accounts.variant(cookies)
        return lang, cookies.get(SAVED_COOKIE)

    signed_in = accounts.on(app)

    @app.before_request
    def choose_language() -> None:
        environ = request.environ
        chosen = request.args.get("lang") if "lang=" in environ.get("QUERY_STRING", "") else None
        asked = chosen or (request.cookies.get(LANGUAGE_COOKIE) if "HTTP_COOKIE" in environ else None)
        g.lang = language_of(asked, environ.get("HTTP_ACCEPT_LANGUAGE", ""))
        g.remember = chosen in available

    app.extensions[MEMORY] = memory = PageMemory(with_security_headers(app.wsgi_app), variant)
    hosts, app.config["TRUSTED_HOSTS"] = app.config["TRUSTED_HOSTS"], None  # checked by only_for instead
    proxies = app.config.get(PROXIES, os.environ.get(PROXIES, "0"))
    app.wsgi_app = behind_proxies(proxies, only_for(hosts, memory))  # type: ignore[method-assign,assignment]

    @app.after_request
    def remember(response: Any) -> Any:
        if getattr(g, "remember", False):
            response.set_cookie(
                LANGUAGE_COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
            )
        if request.blueprint in PRIVATE:
            response.headers["Cache-Control"] = "no-store"
        if request.method == "POST" and response.status_code == 303:  # saved: see memory.Unchanged
            response.set_cookie(SAVED_COOKIE, secrets.token_urlsafe(6), samesite="Lax", httponly=True)
        return response

    @app.errorhandler(HTTPException)
    def error(exc: HTTPException) -> tuple[str, int]:
        return _error_page(exc.code or 500), exc.code or 500

    from aantafel.dossiers.model import ChangedMeanwhile, DossierError, InvalidDossier, UnknownDossier
    from aantafel.dossiers.people import NotAllowed

    @app.errorhandler(UnknownDossier)
    def unknown(_exc: UnknownDossier) -> tuple[str, int]:
        return _error_page(404), 404

    @app.errorhandler(ChangedMeanwhile)
    def stale(_exc: ChangedMeanwhile) -> tuple[str, int]:
        return _error_page(409), 409  # nothing was overwritten: the store refused the stale change

    @app.errorhandler(NotAllowed)
    def forbidden(exc: NotAllowed) -> tuple[str, int]:
        """Accounts mode: the person may read this but not do that (a trainer saving a dossier)."""
        return _error_page(403, explain(exc, g.lang), heading=NOT_YOURS), 403

    @app.errorhandler(InvalidDossier)
    def invalid(_exc: InvalidDossier) -> tuple[str, int]:
        return _error_page(400), 400

    @app.errorhandler(DossierError)
    def unavailable(exc: DossierError) -> tuple[str, int]:
        """The database itself (damaged, locked, read-only, newer): its message names the file and what
        to do, which is what the person running aantafel needs; the library's pages go on working. Any
        other refusal of the store (a dossier in the bin already) is a 422 with its reason."""
        from aantafel.dossiers.store import StoreError  # loaded already: the error came from the store

        if not isinstance(exc, StoreError):
            return _error_page(422, explain(exc, g.lang)), 422
        app.logger.error("aantafel: %s", exc)
        return _error_page(503, explain(exc, g.lang)), 503

    @app.errorhandler(Exception)
    def crash(_exc: Exception) -> tuple[str, int]:
        return _error_page(500), 500

    @app.template_global()
    def t(key: str) -> str:
        """A label in the page's language."""
        return label(g.lang, key)

    app.add_template_filter(markdown)

    @app.template_global()
    def with_lang(code: str) -> str:
        """This page in another language, keeping what was asked (a search, a description). Only the
        query: a link relative to the page itself, so an address such as ``/\\evil.example/x`` can never
        make it lead to another site, and only the arguments a page reads (``memory.ARGS``), so a kept
        page holds nothing of an argument its key leaves out."""
        from urllib.parse import urlencode

        kept = [(name, value) for name, value in request.args.items(multi=True) if name in ARGS]
        return "?" + urlencode([*kept, ("lang", code)])

    app.jinja_env.globals.update(
        accounts_on=accounts.on(app),
        languages=sorted(LABELS),
        sides=SIDES,
        bindings=BINDINGS,
        verdicts=VERDICTS,
        move_kinds=MOVES,
        answer_line=answer_line,
        can_change=context.may_change,
        gives_feedback=context.trains,
    )
    return app
