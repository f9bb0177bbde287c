"""aantafel: a negotiation coach for Dutch community enterprises (bewonersbedrijven) and their gemeente.

Load the installed content and ask it things::

    from aantafel import load_library

    library = load_library()
    principle = library.get("belangen-niet-posities", "nl")
    print(principle.title)
    for suggestion in library.suggest("ze blijven maar vaag", "nl"):
        print(suggestion.item.title, suggestion.reasons)

Content comes from packs that plugins register (entry point group ``aantafel``); see ``docs/plugins.md``.
"""

from aantafel.exporters import Document, Exporter
from aantafel.finder import Suggestion
from aantafel.hookspecs import hookimpl
from aantafel.items import Check, Intervention, Item, Module, Principle, Prompt, Step, Topic
from aantafel.library import Library, UnknownItem, load_library
from aantafel.packs import Pack, PackInfo
from aantafel.plugins import PluginHost, make_plugin_host
from aantafel.problems import LibraryError, Problem
from aantafel.search import Hit

__all__ = [
    "Check",
    "Document",
    "Exporter",
    "Hit",
    "Intervention",
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
