"""Backups of a SQLite database, and putting one back.

A backup is never seen half made: it is written under a temporary name in the target's folder, read back
(SQLite's integrity check, and as many dossiers as the database had when the copy began) and only then
given its name. On any failure nothing is left there, no temporary file, no journal, no empty target, and
the message says why: a full disk with how much room the copy needs. A backup is readable by its owner
only, as it holds people's notes, and it is one file (no -wal next to it) to carry away.

Restoring checks the file before anything changes (a database, sound, aantafel's, not from a newer
aantafel), keeps the database as it is as a backup of its own, and only then copies the file in through
SQLite's backup API: into the database itself, so its -wal and -shm files stay right and a program that has
it open sees the restored dossiers instead of a file replaced under it.
"""

from __future__ import annotations

import itertools
import math
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path

from attrs import frozen
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.schema import dossiers
from aantafel.dossiers.store.base import Base
from aantafel.dossiers.store.opening import StoreError, connect, explain


class Backups(Base):
    """``backup``: a verified copy of the database, while it may be in use."""

    def backup(self, target: Path | None = None) -> Path:
        """Copy the database to ``target``, or next to it named with the date and time. PostgreSQL has its
        own tools for this (``pg_dump``); this says so instead of pretending."""
        if self._engine.dialect.name != "sqlite":
            raise StoreError("other backup", location=self.location, backend=self._engine.dialect.name)
        target = target or beside(Path(self.location), "aantafel-backup")
        with self._snapshot() as connection:  # the count and the copy see the same database
            count = connection.execute(select(func.count()).select_from(dossiers)).scalar_one()
            source = connection.connection.dbapi_connection
            assert isinstance(source, sqlite3.Connection)
            _write(source, target, expected=count)
        return target


@frozen
class Restored:
    """What ``restore_backup`` did: the dossiers the database now holds, and where the database as it was
    is kept (``None`` when there was none yet)."""

    dossiers: int
    kept: Path | None


def restore_backup(file: Path, url: str, *, busy_timeout: float = 5.0) -> Restored:
    """Put the backup ``file`` in the place of the SQLite database at ``url``; the database as it was is
    kept next to it first, so a wrong restore loses nothing. Safe while nothing else writes to it: a write
    that holds on longer than ``busy_timeout`` seconds makes it give up with nothing changed."""
    engine, location, _file = connect(url, busy_timeout)
    try:
        if engine.dialect.name != "sqlite":
            raise StoreError("other restore", location=location, backend=engine.dialect.name)
        count = backup_dossiers(file)
        database = Path(location)
        existed = database.exists() and database.stat().st_size > 0  # connect makes an empty one
        if existed and database.samefile(file):
            raise StoreError("restore itself", file=file)
        try:
            live = engine.raw_connection()  # its pragmas read the file: one that is no database fails here
        except sqlite3.Error as exc:
            raise StoreError("cannot keep", location=location, error=exc) from exc
        try:
            target = live.dbapi_connection
            assert isinstance(target, sqlite3.Connection)
            kept = _keep(target, database) if existed else None
            _replace(target, file, kept)
        except sqlite3.Error as exc:
            raise explain(location, DBAPIError(None, None, exc)) from exc
        finally:
            live.close()
    finally:
        engine.dispose()
    Base.open(url).close()  # an older backup is brought up to date now, and the result is known to open
    return Restored(dossiers=count, kept=kept)


def backup_dossiers(file: Path) -> int:
    """How many dossiers the backup ``file`` holds, once it is known to be one aantafel can restore; the
    refusal names the file and says that nothing was changed."""
    try:
        if file.stat().st_size == 0:
            raise StoreError("empty backup", file=file)
        with closing(_open(file)) as connection:
            problem = _problem(connection)
            if problem is not None:
                raise StoreError("damaged backup", file=file, error=problem)
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
            if not {"dossiers", "alembic_version"} <= tables:
                raise StoreError("not aantafel", file=file)
            version = connection.execute("SELECT max(version_num) FROM alembic_version").fetchone()
            if version and version[0] and version[0] > HEAD:
                raise StoreError("newer database", location=file, found=version[0], known=HEAD)
            return _count(connection)
    except OSError as exc:
        raise StoreError("damaged backup", file=file, error=exc.strerror) from None
    except sqlite3.Error as exc:
        raise StoreError("damaged backup", file=file, error=exc) from None


def beside(database: Path, name: str) -> Path:
    """A backup's default place: next to the database, named with the date and time (and a number when
    that name was taken within the same second)."""
    stamp = f"{name}-{datetime.now():%Y%m%d-%H%M%S}"
    numbered = (f"{stamp}-{number}" if number > 1 else stamp for number in itertools.count(1))
    return next(
        path for path in (database.with_name(f"{each}.sqlite") for each in numbered) if not path.exists()
    )


def _keep(live: sqlite3.Connection, database: Path) -> Path:
    """The database as it is, before a restore replaces it: damaged or not, so it is not checked."""
    kept = beside(database, "aantafel-before-restore")
    _write(live, kept, expected=None)
    return kept


def _replace(live: sqlite3.Connection, file: Path, kept: Path | None) -> None:
    """Copy the backup in as one write: when it fails the database is as it was, so its copy goes too."""
    try:
        with closing(_open(file)) as backup:
            backup.backup(live, progress=_no_waiting_twice)
    except BaseException:
        if kept is not None:
            kept.unlink()
        raise


def _no_waiting_twice(status: int, _remaining: int, _total: int) -> None:
    """Give up when the database is still busy after ``busy_timeout``: Python's backup would try forever."""
    if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        raise sqlite3.OperationalError("database is locked")


def _open(file: Path) -> sqlite3.Connection:
    """A connection that only reads an existing file (``mode=rw`` never creates one); unlike ``mode=ro``,
    it removes the -wal and -shm files it made when it closes."""
    connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
    connection.execute("PRAGMA query_only = ON")
    return connection


def _write(source: sqlite3.Connection, target: Path, *, expected: int | None) -> None:
    """Copy ``source`` to ``target`` through a temporary file that only becomes ``target`` when it is
    complete and, with ``expected`` dossiers, verified."""
    if target.exists():
        raise StoreError("target exists", target=target)
    folder = target.parent
    needed = math.prod(
        source.execute(f"PRAGMA {pragma}").fetchone()[0] for pragma in ("page_count", "page_size")
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _room(folder, needed)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)  # mode 0600
        os.close(handle)
        partial = Path(name)
        try:
            _copy(source, partial, target, expected)
            _publish(partial, target)
        finally:
            for leftover in ("", "-journal", "-wal", "-shm"):
                Path(f"{partial}{leftover}").unlink(missing_ok=True)
    except (sqlite3.Error, OSError) as exc:
        _room(folder, needed)
        error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StoreError("backup failed", target=target, error=error) from exc


def _copy(source: sqlite3.Connection, partial: Path, target: Path, expected: int | None) -> None:
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one file: WAL would put a -wal and -shm next to it
        if expected is None:
            return
        problem = _problem(copy)
        if problem is not None:
            raise StoreError("backup unsound", target=target, error=problem)
        found = _count(copy)
        if found != expected:
            raise StoreError("backup incomplete", target=target, found=found, expected=expected)
    finally:
        copy.close()


def _publish(partial: Path, target: Path) -> None:
    """Give the finished copy its name without overwriting a file that appeared meanwhile: a hard link
    fails when the name is taken. Where there are no links (FAT on a USB stick), a rename after one more
    look."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise StoreError("target exists", target=target) from None
    except OSError:
        if target.exists():
            raise StoreError("target exists", target=target) from None
        partial.rename(target)


def _room(folder: Path, needed: int) -> None:
    """Refuse when the disk has less room than the copy needs, before writing or after a write failed."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:  # no folder to measure: the error that brought us here says enough
        return
    if free < needed:  # in tenths of a megabyte, rounded so that the need never looks smaller than the room
        raise StoreError(
            "disk full",
            folder=folder,
            needed=math.ceil(needed / 100_000) / 10,
            free=math.floor(free / 100_000) / 10,
        )


def _problem(connection: sqlite3.Connection) -> str | None:
    """What SQLite's integrity check finds wrong (a line of it), or ``None``."""
    try:
        found = connection.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:  # some damage stops the check itself
        return str(exc)
    return None if found == "ok" else str(found).splitlines()[-1]


def _count(connection: sqlite3.Connection) -> int:
    counted: int = connection.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    return counted
