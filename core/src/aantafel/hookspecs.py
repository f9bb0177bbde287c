"""The hooks a plugin can implement. ``docs/plugins.md`` documents each one; a test keeps the two in step.

Names say what a hook does: ``register_*`` hooks collect things from every plugin; ``suggest_*`` and
``validate_*`` collect results; ``choose_*`` is a decision, so the first answer wins. A plugin implements only
the hooks it needs and may leave out arguments it does not use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from aantafel.exporters import Exporter
    from aantafel.finder import Suggestion
    from aantafel.items import Item
    from aantafel.library import Library
    from aantafel.problems import Problem

PROJECT = "aantafel"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_content_packs() -> Iterable[Path]:
    """Return the folders of the packs this plugin ships (each holds a ``pack.toml``).

    The core reads and validates them; a pack with problems is left out and reported by the plugin's name.
    """


@hookspec
def register_item_kinds() -> Iterable[type[Item]]:
    """Return extra item classes: frozen attrs subclasses of ``aantafel.Item`` with a ``kind`` attribute.

    Pack files then use the new kind as ``kind = "…"``.
    """


@hookspec
def register_exporters() -> Iterable[Exporter]:
    """Return ``aantafel.Exporter`` objects: export formats for dossiers and preparation sheets.

    Import heavy libraries inside the exporter's ``render`` function, not at module level.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``aantafel`` command with ``@cli.command()``.

    :param cli: the top-level click group. Import what the command needs inside the command function, so that
        ``aantafel --help`` stays fast.
    """


@hookspec
def suggest_items(situation: str, library: Library, language: str) -> Sequence[Suggestion]:
    """Return items that fit a situation a user describes in their own words, with scores.

    :param situation: the user's description, as typed.
    :param library: the loaded library, for looking up items.
    :param language: the language of the description and of the items to suggest.

    A score means the same for every question: from ``aantafel.finder.FITS`` up the item fits, and below it
    the core leaves it out. The core merges the suggestions of every plugin, keeps the best score per item
    and sorts them.
    """


@hookspec
def validate_library(library: Library) -> Iterable[Problem]:
    """Return extra problems found in the loaded content: checks a trainer or publisher wants enforced."""


@hookspec(firstresult=True)
def choose_language(requested: str | None, available: Sequence[str]) -> str | None:
    """Decide which language to show when ``requested`` is missing or not available.

    :param requested: what the user asked for (``--lang``, ``AANTAFEL_LANG``), or None.
    :param available: the languages of the loaded packs.

    Return one of ``available``, or None to leave the choice to the next plugin. The built-in choice is the
    requested language when available, else Dutch, else the first available.
    """
