"""The page's own words in Babel catalogues, and dates and numbers the way each language writes them.

Translators edit ``locale/<lang>/LC_MESSAGES/messages.po``; gettext reads compiled ``.mo`` files. Those are
compiled here when the app is made, into a temporary folder that lives as long as the app, so no
generated file sits in the repository or the wheel and an edited ``.po`` shows at the next start. The words
about the data (field names, statuses, sides) are not here: they come from ``aantafel.labels``, which the
exports print too, so a downloaded sheet and the page name things the same way.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from datetime import date, datetime
from pathlib import Path

from flask import Flask, g

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "messages"


def gettext(message: str, **variables: str) -> str:
    """``message`` in the request's language; Flask-Babel's ``gettext`` with a type."""
    from flask_babel import gettext as translated

    return str(translated(message, **variables))


def compile_catalogues(target: Path) -> None:
    """Compile every ``.po`` under ``locale/`` into ``target``, in the folders gettext looks in."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for source in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        language = source.parent.parent.name
        with source.open("rb") as po:
            catalog = read_po(po, locale=language, domain=DOMAIN)
        compiled = target / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        compiled.parent.mkdir(parents=True)
        with compiled.open("wb") as mo:
            write_mo(mo, catalog)


def install(app: Flask) -> None:
    """Give ``app`` gettext in its templates (``_``, ``ngettext``) and the ``when`` and ``day`` filters,
    in the language each request chose (``g.lang``)."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date, format_time, get_datetime_format
    from flask_babel import Babel

    folder = tempfile.mkdtemp(prefix="aantafel-web-")
    weakref.finalize(app, shutil.rmtree, folder, ignore_errors=True)  # with the app, or at the latest at exit
    compile_catalogues(Path(folder))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = folder
    Babel(app, locale_selector=lambda: getattr(g, "lang", "nl"))

    @app.template_filter("when")
    def when(moment: datetime) -> str:
        """A meeting's date and time in this computer's time zone, without seconds: "3 december 2026, 14:00"
        in Dutch. Joined as Babel's own ``format_datetime`` joins a date and a time."""
        local = moment.astimezone()
        joined = str(get_datetime_format("medium", locale=g.lang)).replace("'", "")
        time = format_time(local, "short", locale=g.lang)
        return joined.replace("{0}", time).replace("{1}", format_date(local, "long", locale=g.lang))

    @app.template_filter("day")
    def day(value: date) -> str:
        """A date such as a due date: "15 december 2026" in Dutch."""
        return format_date(value, "long", locale=g.lang)

    @app.template_global()
    def language_name(code: str) -> str:
        """A language by its own name ("Nederlands", "English"), for the switch between them."""
        try:
            name = Locale.parse(code).get_display_name(code) or code
        except (ValueError, UnknownLocaleError):  # a pack may name a language Babel does not know
            return code
        return name[:1].upper() + name[1:]
