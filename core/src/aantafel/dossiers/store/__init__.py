"""Where dossiers live: a SQLite file by default, or PostgreSQL by URL, through SQLAlchemy Core.

Every write is one transaction that also records what changed, by whom and when; a failure leaves nothing
half stored. Updates name the version they started from, and a stale one is refused ("changed meanwhile")
instead of silently overwriting. Deleting moves a dossier to the bin, from which it can be restored.

``Store`` is one object, as front-ends expect, composed of one mixin per aggregate so that each module
stays small enough to read at once; they share the database through ``Base``.
"""

from __future__ import annotations

from aantafel.dossiers.location import DATABASE_URL_VARIABLE, database_url, default_url
from aantafel.dossiers.store.agreements import Agreements
from aantafel.dossiers.store.backups import Backups
from aantafel.dossiers.store.bin import Bin
from aantafel.dossiers.store.feedback import Trainers
from aantafel.dossiers.store.feeds import Feeds
from aantafel.dossiers.store.history import History
from aantafel.dossiers.store.invitations import Invitations
from aantafel.dossiers.store.meetings import Meetings
from aantafel.dossiers.store.movements import Movements
from aantafel.dossiers.store.opening import MIGRATIONS, POOL_SIZE, StoreError
from aantafel.dossiers.store.overview import Overview
from aantafel.dossiers.store.preparation import Preparation
from aantafel.dossiers.store.reminders import Reminders
from aantafel.dossiers.store.rows import Rows
from aantafel.dossiers.store.search import Search

__all__ = [
    "DATABASE_URL_VARIABLE",
    "MIGRATIONS",
    "POOL_SIZE",
    "Store",
    "StoreError",
    "database_url",
    "default_url",
    "open_store",
]


class Store(
    Bin,
    Meetings,
    Movements,
    Preparation,
    Agreements,
    History,
    Rows,
    Backups,
    Invitations,
    Trainers,
    Overview,
    Feeds,
    Reminders,
    Search,
):
    """The dossiers of one database. Open it with ``open_store``; it is safe to share between threads."""


def open_store(url: str | None = None, *, busy_timeout: float = 5.0) -> Store:
    """Open (and create or migrate) the store at ``url``, ``$AANTAFEL_DATABASE_URL``, or the default file.

    ``busy_timeout``: how many seconds a SQLite write waits for another writer before it gives up.
    """
    return Store.open(database_url(url), busy_timeout=busy_timeout)
