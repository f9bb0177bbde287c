"""What every view reaches through the app, in one small module the blueprints import (as flaskr's
``db.py``): the library, the dossier store, and who makes a change.

The blueprints never import the app factory, and the factory imports them at the top: there is no import
circle to hide inside a function. ``init_app`` binds one library and one database to an app; the store
opens on first use and is kept only once it opened, so a database that was damaged and then fixed works
at the next request without a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, current_app

if TYPE_CHECKING:
    from aantafel import Library
    from aantafel.dossiers.store import Store

LIBRARY = "aantafel.library"
STORE = "aantafel.store"
DATABASE_URL = "AANTAFEL_DATABASE_URL"
"""The app's config key for the database; unset, the store uses ``$AANTAFEL_DATABASE_URL`` or the default."""
AUTHOR = "web"
"""Who made a change through the web page; there are no accounts (yet)."""


def init_app(app: Flask, library: Library) -> None:
    app.extensions[LIBRARY] = library


def library() -> Library:
    """The library this app was made with."""
    found: Library = current_app.extensions[LIBRARY]
    return found


def store() -> Store:
    """The app's store, opened on first use."""
    from aantafel.dossiers.store import open_store

    found: Store | None = current_app.extensions.get(STORE)
    if found is None:
        found = open_store(current_app.config.get(DATABASE_URL))
        current_app.extensions[STORE] = found
    return found
