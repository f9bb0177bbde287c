"""Opening a database: from a URL to an engine on a database at the newest version, or a ``StoreError``.

Everything that can go wrong before the first dossier is read happens here (a URL that is none, a missing
driver, a folder that cannot be made, a database from a newer aantafel), and each says what to do; and the
words for the driver's own errors, which ``Base._errors`` gives every read and write.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.model import DossierError

MIGRATIONS = Path(__file__).parent.parent / "migrations"


class StoreError(DossierError):
    """The database itself is the problem: missing, locked, read-only, damaged or from a newer aantafel."""


POOL_SIZE = 8
"""Connections a store keeps open: one for each of the threads ``aantafel serve`` runs. With SQLAlchemy's
default of 5, the other threads opened and closed a connection (and set its pragmas) on every request."""


def connect(url: str, busy_timeout: float) -> tuple[Engine, str]:
    """An engine for ``url``, and what messages call the database: the file, or the URL without its
    password. A SQLite file's folder is made if it is missing."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError("not a url", url=url) from None
    sqlite = parsed.get_backend_name() == "sqlite"
    location = parsed.database or ":memory:" if sqlite else parsed.render_as_string(hide_password=True)
    if sqlite and parsed.database and parsed.database != ":memory:":
        folder = _folder(parsed.database, uri=parsed.query.get("uri") == "true")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError("no folder", folder=folder, error=exc.strerror) from None
    try:
        engine = create_engine(parsed, pool_pre_ping=not sqlite, pool_size=POOL_SIZE)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError("no driver", backend=parsed.get_backend_name(), error=exc) from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
    return engine, location


def migrate(connection: Connection, location: str) -> None:
    """Bring the database to the newest version (``HEAD``); an up-to-date one costs one query, no Alembic."""
    current = None
    if inspect(connection).has_table("alembic_version"):
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current == HEAD:
        return
    if current is not None and current > HEAD:
        raise StoreError("newer database", location=location, found=current, known=HEAD)
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _sqlite_pragmas(busy_timeout: float) -> Callable[[Any, object], None]:
    def configure(connection: Any, _record: object) -> None:
        connection.isolation_level = None  # the store says BEGIN itself (see Store.transaction)
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    return configure


def _folder(database: str, *, uri: bool) -> Path:
    """The folder a SQLite file goes in. A URI filename (``file:/path/aantafel.sqlite`` with ``uri=true``)
    names the file by the URI's path; taken as a path itself it made a folder ``file:`` where aantafel ran."""
    if uri and database.startswith("file:"):
        database = unquote(urlsplit(database).path)
    return Path(database).expanduser().parent


def explain(location: str, exc: DBAPIError) -> StoreError:
    """What went wrong with the database, as a refusal that says what to do; the driver's own words go
    with it as they are (they are the driver's, in English)."""
    error = str(exc.orig).strip() or type(exc.orig).__name__
    lowered = error.lower()
    reason = "database error"
    for words, found in (
        (("not a database", "malformed"), "damaged"),
        (("locked",), "busy"),
        (("readonly", "read-only"), "read only"),
        (("unable to open",), "cannot open"),
    ):
        if any(word in lowered for word in words):
            reason = found
            break
    return StoreError(reason, location=location, error=error)
