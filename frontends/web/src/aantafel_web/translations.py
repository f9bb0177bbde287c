"""The page's own words in Babel catalogues, and dates and numbers the way each language writes them.

Translators edit ``locale/<lang>/LC_MESSAGES/messages.po``. Each is compiled into the cache folder the first
time it is needed (``aantafel.catalogues``), so no generated ``.mo`` file sits in the repository or the
wheel, and an edited ``.po`` shows at the next start. A request picks the catalogue of ``g.lang`` from a
dict: Flask-Babel would look the locale and catalogue up through the request context for every message,
which cost a fifth of a page's time. The words about the data (field names, statuses, sides) are not here:
they come from ``aantafel.labels``, which the exports print too, so a downloaded sheet and the page name
things alike; dates and numbers are written by ``aantafel.dates``, as on the sheets and in the terminal.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from gettext import NullTranslations
from pathlib import Path

from flask import Flask, g
from markupsafe import Markup

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "messages"
FALLBACK = NullTranslations()  # the English of the code, for a language without a catalogue


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues (pybabel looks for ``N_``); ``gettext`` translates it on show."""
    return message


def catalogues() -> dict[str, NullTranslations]:
    """Every ``locale/*/LC_MESSAGES/messages.po``, compiled (once, into the cache folder, until it changes),
    by language."""
    from aantafel.catalogues import translations

    languages = sorted(source.parent.parent.name for source in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return {language: translations(language, LOCALE, DOMAIN) for language in languages}


def current() -> NullTranslations:
    """The catalogue of the request's language."""
    from flask import current_app

    known: dict[str, NullTranslations] = current_app.extensions["aantafel.translations"]
    return known.get(getattr(g, "lang", "nl"), FALLBACK)


def gettext(message: str) -> str:
    """``message`` in the request's language."""
    return current().gettext(message)


def install(app: Flask) -> None:
    """Give ``app``'s templates ``_`` and ``ngettext`` and the filters ``when``, ``day`` and ``number``, all
    in the language each request chose (``g.lang``).

    ``_`` and ``ngettext`` behave as Jinja's i18n extension with ``newstyle`` gettext: the translation is
    trusted (it is ours), the variables put into it are escaped. They are plain globals because the
    extension's three layers of calls per message cost a sixth of a page."""
    from babel import Locale, UnknownLocaleError

    from aantafel import dates

    known = app.extensions["aantafel.translations"] = catalogues()

    @app.template_global("_")
    def translate(message: str, **variables: object) -> Markup:
        text = Markup(known.get(g.lang, FALLBACK).gettext(message))
        return text % variables if variables else text

    @app.template_global()
    def ngettext(singular: str, plural: str, n: int, **variables: object) -> Markup:
        text = Markup(known.get(g.lang, FALLBACK).ngettext(singular, plural, n))
        return text % {"num": n, **variables}

    @app.template_filter("when")
    def when(moment: datetime) -> str:
        """A meeting's date and time: "3 december 2026, 14:00" in Dutch."""
        return dates.when(moment, g.lang)

    @app.template_filter("day")
    def day(value: date) -> str:
        """A date such as a due date: "15 december 2026" in Dutch."""
        return dates.day(value, g.lang)

    @app.template_filter("number")
    def number(value: float) -> str:
        """A number with the language's separators: "1.234,5" in Dutch."""
        return dates.number(value, g.lang)

    @app.template_global()
    @functools.cache
    def language_name(code: str) -> str:
        """A language by its own name ("Nederlands", "English"), for the switch between them."""
        try:
            name = Locale.parse(code).get_display_name(code) or code
        except (ValueError, UnknownLocaleError):  # a pack may name a language Babel does not know
            return code
        return name[:1].upper() + name[1:]
