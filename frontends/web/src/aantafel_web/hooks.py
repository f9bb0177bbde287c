"""The hooks the web page adds for other plugins: pages of their own, and links to them in the menu.

As datasette's ``register_routes`` and ``menu_links``, but with Flask's own unit of pages, the blueprint:
a plugin's pages get its templates (which may extend ``base.html``), the page's language (``g.lang``),
its security headers and its protection against forged forms, like every built-in page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from aantafel.hookspecs import hookspec

if TYPE_CHECKING:
    from flask import Blueprint


class MenuLink(NamedTuple):
    """One entry of the page's menu: the words shown and where they lead (a path on this site, such as
    ``/oefenen``). A named tuple: this module loads on every start of ``aantafel``, attrs need not."""

    label: str
    href: str


class WebHooks:
    """The hooks ``aantafel-web`` specifies (see "Hooks that front-ends add" in docs/plugins.md)."""

    @staticmethod
    @hookspec
    def register_web_pages() -> Iterable[Blueprint]:
        """Return Flask blueprints with the plugin's pages. Each is registered on the app after the built-in
        ones; a blueprint whose name a built-in one has is left out and reported. Mark the implementation
        ``optionalhook=True`` if the web page may not be installed.
        """

    @staticmethod
    @hookspec
    def register_menu_links(language: str) -> Iterable[MenuLink]:
        """Return ``MenuLink`` entries for the page's menu, worded in ``language`` (``nl``, ``en``, …).

        Asked once per language when the app is made, not on every page.
        """
