"""aantafel: a negotiation coach for Dutch community enterprises (bewonersbedrijven) and their gemeente.

Load the installed content and ask it things::

    from aantafel import load_library

    library = load_library()
    check = library.get("bindende-afspraken", "nl")
    print(check.title, check.why)
    for suggestion in library.suggest("ze blijven maar vaag en beloven niks", "nl"):
        print(suggestion.item.title, suggestion.reasons)

Content comes from packs that plugins register through the entry point group ``aantafel``; see
``docs/plugins.md``. The names below are imported on first use, so ``import aantafel`` (which every plugin
does) stays cheap and the command line starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aantafel.exporters import Document, Exporter
    from aantafel.finder import Suggestion
    from aantafel.hookspecs import hookimpl
    from aantafel.items import Check, Intervention, Item, Module, Principle, Prompt, Step, Topic
    from aantafel.library import Library, UnknownItem, load_library
    from aantafel.packs import Pack, PackInfo
    from aantafel.plugins import PluginHost, make_plugin_host
    from aantafel.problems import InvalidField, LibraryError, Problem
    from aantafel.search import Hit

_EXPORTS = {
    "Check": "items",
    "Document": "exporters",
    "Exporter": "exporters",
    "Hit": "search",
    "InvalidField": "problems",
    "Intervention": "items",
    "Item": "items",
    "Library": "library",
    "LibraryError": "problems",
    "Module": "items",
    "Pack": "packs",
    "PackInfo": "packs",
    "PluginHost": "plugins",
    "Principle": "items",
    "Problem": "problems",
    "Prompt": "items",
    "Step": "items",
    "Suggestion": "finder",
    "Topic": "items",
    "UnknownItem": "library",
    "hookimpl": "hookspecs",
    "load_library": "library",
    "make_plugin_host": "plugins",
}

__all__ = [
    "Check",
    "Document",
    "Exporter",
    "Hit",
    "Intervention",
    "InvalidField",
    "Item",
    "Library",
    "LibraryError",
    "Module",
    "Pack",
    "PackInfo",
    "PluginHost",
    "Principle",
    "Problem",
    "Prompt",
    "Step",
    "Suggestion",
    "Topic",
    "UnknownItem",
    "hookimpl",
    "load_library",
    "make_plugin_host",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'aantafel' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"aantafel.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
