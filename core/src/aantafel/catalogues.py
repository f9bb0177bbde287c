"""The words aantafel says itself, in gettext catalogues: the command line, and the reasons it refuses.

Translators edit ``locale/<language>/LC_MESSAGES/aantafel.po`` (see docs/translating.md); the ``msgid`` is
the English in the code. A catalogue is compiled the first time it is needed and kept, compiled, in the
cache folder until its ``.po`` changes, so a start reads a small ``.mo`` file and never imports Babel; no
generated file sits in the repository or the wheel. The compiled files have gettext's own layout, so the
command line can hand them to the standard library for click's words too ("Usage:", "Error:").

Which language: what the user asked for (``--lang``, ``$AANTAFEL_LANG``), else the locale (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set, as gettext reads them), else Dutch. A language
without a catalogue gets the English of the code.
"""

from __future__ import annotations

import functools
import os
import zlib
from collections.abc import Mapping
from gettext import GNUTranslations, NullTranslations
from pathlib import Path

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "aantafel"
DEFAULT = "nl"
LANGUAGE_VARIABLE = "AANTAFEL_LANG"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue (the extraction looks for ``N_``); translate it when it is shown."""
    return message


def asked_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the environment asks for: ``$AANTAFEL_LANG``, else the locale's language (``nl`` for
    ``nl_NL.UTF-8``); None when neither says one (unset, ``C`` or ``POSIX``)."""
    environ = os.environ if environ is None else environ
    chosen = environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    if chosen:
        return chosen
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("@")[0].split("_")[0].strip().lower()
            return code if code not in ("", "c", "posix") else None
    return None


def compiled(language: str, folder: Path = LOCALE, domain: str = DOMAIN) -> Path | None:
    """The folder that holds ``<language>/LC_MESSAGES/<domain>.mo``, compiled from the catalogue in
    ``folder`` (made when missing or older than its ``.po``); None when there is no such catalogue."""
    source = folder / language / "LC_MESSAGES" / f"{domain}.po"
    try:
        stat = source.stat()
    except OSError:
        return None
    key = f"{zlib.crc32(str(source.resolve()).encode()):08x}-{stat.st_size}-{stat.st_mtime_ns}"
    target = _cache() / f"{domain}-{key}"
    mo = target / language / "LC_MESSAGES" / f"{domain}.mo"
    if not mo.exists():
        data = _compile(source, language, domain)
        try:
            mo.parent.mkdir(parents=True, exist_ok=True)
            draft = mo.with_suffix(f".{os.getpid()}")
            draft.write_bytes(data)
            draft.replace(mo)  # whole or not at all, also when two commands start at once
        except OSError:  # no cache folder we may write: compile into a folder of this run
            import tempfile

            target = Path(tempfile.mkdtemp(prefix="aantafel-catalogue-"))
            mo = target / language / "LC_MESSAGES" / f"{domain}.mo"
            mo.parent.mkdir(parents=True)
            mo.write_bytes(data)
    return target


def _cache() -> Path:
    from aantafel.places import cache_folder

    return cache_folder() / "catalogues"


def _compile(source: Path, language: str, domain: str) -> bytes:
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as po:
        catalog = read_po(po, locale=language, domain=domain)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


@functools.cache
def translations(language: str, folder: Path = LOCALE, domain: str = DOMAIN) -> NullTranslations:
    """The catalogue of ``language``, or the English of the code when there is none. Read once per
    process, as gettext does: each message asked for after that costs a dictionary lookup, not a look at
    the ``.po`` file; an edited ``.po`` shows at the next start."""
    where = compiled(language, folder, domain)
    if where is None:
        return _ENGLISH
    with (where / language / "LC_MESSAGES" / f"{domain}.mo").open("rb") as compiled_file:
        return GNUTranslations(compiled_file)


_ENGLISH = NullTranslations()


def gettext(language: str, message: str) -> str:
    """``message`` in ``language``."""
    return translations(language).gettext(message)


def ngettext(language: str, singular: str, plural: str, count: int) -> str:
    """The singular or plural of a message in ``language``, as ``count`` needs."""
    return translations(language).ngettext(singular, plural, count)
