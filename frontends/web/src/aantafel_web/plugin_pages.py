"""Pages and menu links that plugins add through ``register_web_pages`` and ``register_menu_links``.

Each plugin's answer is checked and isolated like any hook's: a plugin that raises or returns something
else is reported on its record (``aantafel plugins``, the About page) and left out, and the rest of the
page works. The menu is worked out once per language when the app is made, so pages kept in memory stay
as they are.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, g, request

from aantafel import Library
from aantafel.plugins import HookResultError, TooSlow, within
from aantafel_web.hooks import MenuLink, WebHooks

T = TypeVar("T")


def install(app: Flask, library: Library, *, taken: Collection[str]) -> None:
    """Register the plugins' blueprints on ``app`` and give its templates ``menu_links``."""
    hooks = library.plugins.manager
    if not hasattr(hooks.hook, "register_web_pages"):  # a library loaded without the web page's entry point
        hooks.add_hookspecs(WebHooks)
    names = set(taken)

    def blueprints(result: object) -> tuple[Blueprint, ...]:
        found = _all(result, Blueprint, "flask.Blueprint")
        clash = sorted({blueprint.name for blueprint in found} & names)
        if clash:
            raise HookResultError(f"a blueprint named '{clash[0]}', a name the page already uses")
        return found

    for plugin, found in library.plugins.call("register_web_pages", blueprints):
        for blueprint in found:
            app.register_blueprint(blueprint)
            names.add(blueprint.name)
            for endpoint, view in list(app.view_functions.items()):
                if endpoint.startswith(f"{blueprint.name}."):
                    app.view_functions[endpoint] = _in_time(library, plugin, view)
    menus = {
        language: tuple(
            link
            for _plugin, links in library.plugins.call(
                "register_menu_links",
                lambda result: _all(result, MenuLink, "aantafel_web.hooks.MenuLink"),
                language=language,
            )
            for link in links
        )
        for language in library.languages
    }

    @app.context_processor
    def menu() -> dict[str, tuple[MenuLink, ...]]:
        return {"menu_links": menus.get(getattr(g, "lang", ""), ())}


def _in_time(library: Library, plugin: str, view: Callable[..., Any]) -> Callable[..., Any]:
    """``view`` answered within the plugins' deadline; past it the page says it took too long (504)
    and the plugin's record says which page was too slow, so one hanging page never holds a worker."""

    @functools.wraps(view)
    def answer(*args: Any, **kwargs: Any) -> Any:
        try:
            return within(library.plugins.deadline, lambda: view(*args, **kwargs))
        except TooSlow as exc:
            library.plugins.fail(plugin, f"its page {request.path} {exc}")
            current_app.logger.error("aantafel: plugin %s: its page %s %s", plugin, request.path, exc)
            abort(504)

    return answer


def _all(result: object, kind: type[T], name: str) -> tuple[T, ...]:
    found = tuple(result) if isinstance(result, Iterable) and not isinstance(result, str | bytes) else None
    if found is None or not all(isinstance(entry, kind) for entry in found):
        raise HookResultError(f"{type(result).__name__}; expected a list of {name}")
    return found
