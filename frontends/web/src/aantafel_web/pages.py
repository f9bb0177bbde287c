"""The pages that show content: home, the library, one item, search, and "Vastgelopen?" (the finder)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, abort, g, make_response, render_template, request, url_for
from markupsafe import Markup, escape

from aantafel import UnknownItem
from aantafel.text import Analyzer
from aantafel_web.context import accounts_on, base_store, library, store
from aantafel_web.memory import content_page, keep
from aantafel_web.translations import gettext

if TYPE_CHECKING:
    from aantafel.dossiers.store import Store
    from aantafel.usecases.search import DossierHit, Snippet

blueprint = Blueprint("pages", __name__)

QUERY_LIMIT = 500
"""A search or a description longer than this is cut: nobody types more, and it keeps requests cheap."""
_WORD_OR_ENTITY = re.compile(r"(&#?\w+;)|(\w+)")


@blueprint.get("/")
@content_page
def home() -> str:
    intro = library().find("onderhandelen", g.lang)
    return render_template("home.html", intro=intro)


@blueprint.get("/library")
@content_page
def overview() -> str:
    groups = [(kind, library().items(g.lang, kind)) for kind in library().kinds]  # a plugin's kinds too
    return render_template("library.html", groups=[(k, items) for k, items in groups if items])


@blueprint.get("/library/<kind>")
@content_page
def kind_list(kind: str) -> str:
    if kind not in library().kinds:
        abort(404)
    return render_template("kind.html", kind=kind, items=library().items(g.lang, kind))


@blueprint.get("/item/<item_id>")
@content_page
def item(item_id: str) -> str:
    try:
        found = library().get(item_id, g.lang)
    except UnknownItem:
        abort(404)
    related = [(target, library().find(target, g.lang)) for target in found.related]
    linked = {target: library().find(target, g.lang) for target in found.references()}
    return render_template("item.html", item=found, fields=_fields(found), related=related, linked=linked)


def _fields(found: Any) -> list[tuple[str, Any]]:
    import attrs

    skip = {"id", "title", "summary", "related", "tags"}
    return [
        (a.name, getattr(found, a.name))
        for a in attrs.fields(type(found))
        if a.name not in skip and getattr(found, a.name)
    ]


@blueprint.get("/search")
def search() -> Response | str:
    """The library and the person's own dossiers. Without a query: what to search for, with examples, the
    same page for everyone (kept). With one, never kept: it shows what people wrote, found as it is now."""
    from aantafel.usecases.search import search as search_all
    from aantafel.usecases.search import where

    query = request.args.get("q", "")[:QUERY_LIMIT].strip()
    if not query:
        keep()
        examples = [gettext("agreements"), gettext("alderman"), gettext("interests")]
        return render_template("search.html", query=query, results=None, examples=examples)
    own, problem = _own_store()
    results = search_all(library(), own, query, g.lang)
    index = library().index(g.lang)
    stems = {stem for found in index.query_terms(query).values() for stem in found}
    hits = [(hit, _mark(hit.item.title, stems, index.analyzer)) for hit in results.library]
    found = [(hit, _link(hit), where(hit, g.lang), _marked(hit.snippet)) for hit in results.dossiers]
    page = render_template(
        "search.html", query=query, results=results, hits=hits, found=found, problem=problem
    )
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


def _own_store() -> tuple[Store | None, str]:
    """The dossiers to search, or none (nobody signed in), or none and why not (the database cannot be
    used now): the library is searched either way."""
    from aantafel.dossiers.model import DossierError

    if accounts_on():
        from flask_login import current_user

        if not current_user.is_authenticated:
            return None, ""
    try:
        return store(), ""
    except DossierError as exc:
        from aantafel.refusals import explain

        return None, explain(exc, g.lang)


def _link(hit: DossierHit) -> str:
    if hit.kind == "meeting":
        return url_for("meetings.show", meeting_id=hit.id)
    anchor = "#agreements" if hit.kind == "agreement" else ""
    return url_for("dossiers.show", dossier_id=hit.dossier_id) + anchor


def _marked(snippet: Snippet) -> Markup:
    """A hit's piece of text escaped, with the words the search found in ``<mark>``."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(text) if marked else escape(text) for text, marked in snippet.parts()
    )


def _mark(text: str, stems: set[str], analyzer: Analyzer) -> Markup:
    """``text`` escaped, with every word whose stem the query matched in ``<mark>``. Words are marked in the
    escaped text (a word has nothing to escape); the entities escaping made are skipped, never marked."""

    def mark(found: re.Match[str]) -> str:
        word = found.group(2)
        if word is None:
            return found.group()
        terms = analyzer.terms(word)
        return f"<mark>{word}</mark>" if terms and terms[0] in stems else word

    return Markup(_WORD_OR_ENTITY.sub(mark, str(escape(text))))


@blueprint.get("/stuck")
@content_page
def stuck() -> str:
    from aantafel.advice import answer

    situation = request.args.get("situation", "")[:QUERY_LIMIT].strip()
    found = answer(library(), situation, g.lang) if situation else None
    return render_template("stuck.html", situation=situation, found=found)


@blueprint.get("/about")
def about() -> str:
    """Version, installed plugins and packs with their state (failures too), and where the data lives:
    not in accounts mode, where the page is open to everyone and the database is the host's business."""
    import importlib.metadata

    from aantafel.dossiers.model import DossierError
    from aantafel.labels import language_label

    lib = library()
    lib.exporters()  # asked once, so a plugin that replaces a built-in format says so here
    lib.finder(g.lang)  # and so is a word list the finder cannot read
    plugins = []
    for record in lib.plugins.records.values():
        packs = [p for p in lib.packs if p.plugin == record.name]
        problems = [str(p) for p in lib.problems if lib.plugin_of(p) == record.name]
        missing = [language_label(g.lang, code) for code in lib.missing_languages(record.name)]
        plugins.append((record, packs, [*record.failures, *problems], missing))
    try:
        location, problem = (None if accounts_on() else base_store().location), ""
    except DossierError as exc:  # this page says what is wrong instead of failing with it
        from aantafel.refusals import explain

        location, problem = "", explain(exc, g.lang)
    return render_template(
        "about.html",
        version=importlib.metadata.version("aantafel"),
        plugins=plugins,
        location=location,
        problem=problem,
    )
