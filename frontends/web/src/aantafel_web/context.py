"""What every view reaches through the app, in one small module the blueprints import (as flaskr's
``db.py``): the library, the dossier store, and who makes a change.

The blueprints never import the app factory, and the factory imports them at the top: there is no import
circle to hide inside a function. ``init_app`` binds one library and one database to an app; the store
opens on first use and is kept only once it opened, so a database that was damaged and then fixed works
at the next request without a restart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, abort, current_app, g

if TYPE_CHECKING:
    from aantafel import Library
    from aantafel.dossiers.model import Dossier
    from aantafel.dossiers.people import Organisation
    from aantafel.dossiers.store import Store

LIBRARY = "aantafel.library"
STORE = "aantafel.store"
SINGLE = "aantafel.single"
"""Whether the database has no accounts, asked once: a database with accounts served without accounts mode
(a forgotten ``AANTAFEL_ACCOUNTS=on`` under gunicorn) would show every organisation's dossiers to anyone."""
DATABASE_URL = "AANTAFEL_DATABASE_URL"
"""The app's config key for the database; unset, the store uses ``$AANTAFEL_DATABASE_URL`` or the default."""
AUTHOR = "web"
"""Who made a change through the web page in single-user mode; in accounts mode the store writes the name
of the person signed in instead."""
ACCOUNTS = "AANTAFEL_ACCOUNTS"
"""The app's config key (and the environment variable) that switches accounts mode on."""


def init_app(app: Flask, library: Library) -> None:
    app.extensions[LIBRARY] = library


def library() -> Library:
    """The library this app was made with."""
    found: Library = current_app.extensions[LIBRARY]
    return found


def store() -> Store:
    """The store the views use: the app's, or in accounts mode the app's as the person signed in sees
    it (``Store.acting``), made once per request. Nobody signed in: 401, which the pages that show
    dossiers never reach (they send people to the sign-in page first)."""
    found = base_store()
    if not current_app.config.get(ACCOUNTS):
        if SINGLE not in current_app.extensions:
            current_app.extensions[SINGLE] = not found.has_accounts()
        if not current_app.extensions[SINGLE]:
            from aantafel.dossiers.store import StoreError

            raise StoreError("accounts on", location=found.location)  # everyone's dossiers, to anyone: no
        return found
    if "store" not in g:
        from flask_login import current_user

        if not current_user.is_authenticated:
            abort(401)
        g.store = found.acting(current_user.access)
    acting: Store = g.store
    return acting


def accounts_on() -> bool:
    return bool(current_app.config.get(ACCOUNTS))


def writable_organisations() -> list[Organisation]:
    """The organisations the person signed in can add a dossier to (none in single-user mode)."""
    if not current_app.config.get(ACCOUNTS):
        return []
    from flask_login import current_user

    writes = current_user.access.writes
    mine = base_store().memberships(current_user.person.id)
    return [membership.organisation for membership in mine if membership.organisation.id in writes]


def may_change(dossier: Dossier) -> bool:
    """Whether the person signed in may change ``dossier`` (a trainer reads it only); always in
    single-user mode. Pages show the forms that change something only then; the store refuses the change
    itself either way (``NotAllowed``)."""
    if not current_app.config.get(ACCOUNTS):
        return True
    from flask_login import current_user

    return current_user.is_authenticated and dossier.organisation_id in current_user.access.writes


def trains(dossier: Dossier) -> bool:
    """Whether the person signed in is a trainer of ``dossier``'s organisation: they may give feedback."""
    if not current_app.config.get(ACCOUNTS):
        return False
    from flask_login import current_user

    return current_user.is_authenticated and dossier.organisation_id in current_user.access.trains


def base_store() -> Store:
    """The app's store, opened on first use: every dossier. In accounts mode only signing in and the
    checks of who may do what use it."""
    from aantafel.dossiers.store import open_store

    found: Store | None = current_app.extensions.get(STORE)
    if found is None:
        found = open_store(current_app.config.get(DATABASE_URL))
        current_app.extensions[STORE] = found
    return found
