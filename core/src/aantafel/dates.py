"""Dates, times and numbers as each language writes them, the same in every front-end and on every sheet:
"3 december 2026, 14:00" in Dutch, "December 3, 2026, 2:00 PM" in English (Babel's long date and short
time, joined as Babel joins them).

Babel loads on the first date written, not before: commands that write none never pay for it.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale


@functools.cache
def _locale(language: str) -> Locale:
    """Babel's data for ``language``, looked up once (parsing it again cost a tenth of a dossier page);
    English for a language Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language)
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


@functools.cache
def _joined(language: str) -> str:
    from babel.dates import get_datetime_format

    return str(get_datetime_format("medium", locale=_locale(language))).replace("'", "")


def when(moment: datetime, language: str) -> str:
    """A meeting's date and time in this computer's time zone, without seconds."""
    return _when(moment.astimezone().replace(tzinfo=None), language)


@functools.lru_cache(maxsize=4096)
def _when(local: datetime, language: str) -> str:
    """Remembered by the wall-clock time (no time zone: two aware times are equal when they are the same
    instant, whatever their offset, and the words show the wall clock): Babel took 60 µs for each, and a
    dossier page writes dozens."""
    from babel.dates import format_date, format_time

    locale = _locale(language)
    time = format_time(local, "short", locale=locale)
    return _joined(language).replace("{0}", time).replace("{1}", format_date(local, "long", locale=locale))


def day(value: date, language: str) -> str:
    """A date such as a due date: "15 december 2026" in Dutch; of a time, the day it shows."""
    return _day(value.date() if isinstance(value, datetime) else value, language)


@functools.lru_cache(maxsize=4096)
def _day(value: date, language: str) -> str:
    """Remembered, as ``_when``: a dossier's agreements fall due on a few hundred days at most."""
    from babel.dates import format_date

    return format_date(value, "long", locale=_locale(language))


@functools.lru_cache(maxsize=1024)
def number(value: float, language: str) -> str:
    """A number with the language's separators: "1.234,5" in Dutch. Remembered: a dossier's picture writes
    the same few counts dozens of times, and Babel takes 50 µs for each."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(language))


def short_day(value: date, language: str) -> str:
    """A day and month in few letters, where a long date has no room (under a bar of a picture): "3 dec"
    in Dutch, "Dec 3" in English."""
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", value, locale=_locale(language))
