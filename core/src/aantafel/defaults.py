"""The core's own behaviour, registered as a plugin on the same manager as everybody else's.

Every implementation here is ``trylast``, so an installed plugin can add to it or decide before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from aantafel.hookspecs import hookimpl

if TYPE_CHECKING:
    from aantafel.exporters import Exporter
    from aantafel.finder import Suggestion
    from aantafel.items import Item
    from aantafel.library import Library

DEFAULT_LANGUAGE = "nl"


@hookimpl(trylast=True)
def register_item_kinds() -> Iterable[type[Item]]:
    from aantafel.items import BUILTIN_KINDS

    return BUILTIN_KINDS


@hookimpl(trylast=True)
def register_exporters() -> Iterable[Exporter]:
    from aantafel.exporters import HTML_EXPORTER, JSON_EXPORTER, MARKDOWN_EXPORTER, TEXT_EXPORTER
    from aantafel.ics import CALENDAR_EXPORTER

    return (TEXT_EXPORTER, MARKDOWN_EXPORTER, HTML_EXPORTER, JSON_EXPORTER, CALENDAR_EXPORTER)


@hookimpl(trylast=True)
def suggest_items(situation: str, library: Library, language: str) -> Sequence[Suggestion]:
    return library.finder(language).suggest(situation, limit=10)


@hookimpl(trylast=True)
def choose_language(requested: str | None, available: Sequence[str]) -> str | None:
    for choice in (requested, DEFAULT_LANGUAGE):
        if choice in available:
            return choice
    return available[0] if available else None
