"""Opening a database: from a URL to an engine on a database at the newest version, or a ``StoreError``.

Everything that can go wrong before the first dossier is read happens here (a URL that is none, a missing
driver, a folder that cannot be made, a database from a newer aantafel), and each says what to do; and the
words for the driver's own errors, which ``Base._errors`` gives every read and write.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.model import DossierError

MIGRATIONS = Path(__file__).parent.parent / "migrations"


class StoreError(DossierError):
    """The database itself is the problem: missing, locked, read-only, damaged or from a newer aantafel."""


POOL_SIZE = 8
"""Connections a store keeps open: one for each of the threads ``aantafel serve`` runs. With SQLAlchemy's
default of 5, the other threads opened and closed a connection (and set its pragmas) on every request."""


def connect(url: str, busy_timeout: float) -> tuple[Engine, str, Path | None]:
    """An engine for ``url``, what messages call the database (the file, or the URL without its
    password), and the SQLite file, if it is one. A SQLite file's folder is made if it is missing."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError("not a url", url=url) from None
    sqlite = parsed.get_backend_name() == "sqlite"
    location = parsed.database or ":memory:" if sqlite else parsed.render_as_string(hide_password=True)
    file = None
    if sqlite and parsed.database and parsed.database != ":memory:":
        uri = parsed.query.get("uri") == "true"
        file = _file(parsed.database, uri=uri)
        _make_folder(file.parent)
        if not uri:  # a URI says itself how SQLite opens it
            parsed = _never_created(parsed, file, location)
    try:
        engine = create_engine(parsed, pool_pre_ping=not sqlite, pool_size=POOL_SIZE)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError("no driver", backend=parsed.get_backend_name(), error=exc) from None
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
    return engine, location, file


def _make_folder(folder: Path) -> None:
    """The database's folder, for its owner only when aantafel makes it (the dossiers are nobody else's)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError("no folder", folder=folder, error=exc.strerror) from None


def _never_created(parsed: URL, file: Path, location: str) -> URL:
    """The URL of ``file`` as SQLite opens it for the store: made here first, readable by its owner only
    (SQLite gives its ``-wal`` and ``-shm`` the same permissions), and then opened with ``mode=rw``, so
    that a file removed while aantafel runs is never silently made again, empty, by the next connection.

    In a folder that cannot be written, a database whose changes are all in the file itself (no
    ``-wal``) is opened ``immutable``: SQLite cannot make the ``-shm`` it needs to read a WAL database
    there, and nothing can change a file on a read-only mount while it is read."""
    if not file.exists():
        try:
            os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process made it just now
        except OSError as exc:
            raise StoreError("cannot open", location=location, error=exc.strerror) from None
    options = {"uri": "true", "mode": "rw"}
    if not os.access(file.parent, os.W_OK) and not Path(f"{file}-wal").exists():
        options["immutable"] = "1"
    return parsed.set(database=file.as_uri()).update_query_dict(options)


def version(connection: Connection, location: str) -> str | None:
    """The database's version, or ``None`` for an empty one; a plain read, which takes no lock. A version
    this aantafel does not know is refused."""
    current = None
    if inspect(connection).has_table("alembic_version"):
        current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current is not None and current > HEAD:
        raise StoreError("newer database", location=location, found=current, known=HEAD)
    return current


MIGRATION_LOCK = 0x61616E746166656C  # "aantafel"
"""The PostgreSQL advisory lock a migration holds: of several workers starting at once, one migrates and
the others wait, then find the database at the newest version."""


def migrate(connection: Connection, location: str) -> str | None:
    """Bring the database to the newest version (``HEAD``), in a transaction that holds the write lock (on
    SQLite ``BEGIN IMMEDIATE``, on PostgreSQL an advisory lock for the transaction): the version is read
    again under it, since another process may have migrated it meanwhile. Returns that version (``HEAD``
    when the other process did the work), so ``aantafel migrate`` says what it did itself."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    found = version(connection, location)
    if found == HEAD:
        return found
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    return found


def check(connection: Connection, location: str, file: Path | None) -> None:
    """Refuse a damaged SQLite file before anything is read from it. A damaged page can hide rows without
    an error (a list of 2 of 31 dossiers); ``quick_check`` walks every page of every table and index and
    finds it. It costs about 4 ms per MB of database (0.6-0.75 s for 10,000 dossiers, 181 MB), so a file
    that passed is not walked again until it (or its -wal) changes: a mark in the cache folder remembers
    what it looked like then. PostgreSQL checks its own pages."""
    if connection.dialect.name != "sqlite":
        return
    looks, mark = _looks(file), _mark(file)
    if looks is not None and mark is not None:
        with contextlib.suppress(OSError):
            if mark.read_text(encoding="ascii") == looks:
                return
    found = connection.exec_driver_sql("PRAGMA quick_check(1)").scalar()
    if found != "ok":
        problem = "; ".join(line for line in str(found).splitlines() if not line.startswith("***"))
        raise StoreError("damaged", location=location, error=problem)
    if looks is not None and mark is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written costs a check next time
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.write_text(looks, encoding="ascii")


def _looks(file: Path | None) -> str | None:
    """What changes when anything is written to ``file`` or its -wal: their inode, size and time."""
    if file is None:
        return None
    parts = []
    for each in (file, file.with_name(f"{file.name}-wal")):
        try:
            found = each.stat()
        except OSError:
            found = None
        if (
            found is None or found.st_size == 0
        ):  # SQLite makes an empty -wal at each opening: it holds nothing
            parts.append("-")
        else:
            parts.append(f"{found.st_ino}:{found.st_size}:{found.st_mtime_ns}")
    return " ".join(parts)


def _mark(file: Path | None) -> Path | None:
    """Where the look of ``file`` when it last passed ``check`` is kept: one small file per database."""
    if file is None:
        return None
    from aantafel.places import cache_folder

    name = hashlib.blake2b(str(file).encode(), digest_size=8).hexdigest()
    return cache_folder() / "checked" / name


def _sqlite_pragmas(busy_timeout: float) -> Callable[[Any, object], None]:
    def configure(connection: Any, _record: object) -> None:
        connection.isolation_level = None  # the store says BEGIN itself (see Store.transaction)
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    return configure


def _file(database: str, *, uri: bool) -> Path:
    """The SQLite file. A URI filename (``file:/path/aantafel.sqlite`` with ``uri=true``) names the file by
    the URI's path; taken as a path itself it made a folder ``file:`` where aantafel ran."""
    if uri and database.startswith("file:"):
        database = unquote(urlsplit(database).path)
    return Path(database).expanduser().absolute()


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
