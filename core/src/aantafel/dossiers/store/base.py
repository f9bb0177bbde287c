"""What every part of the store shares: transactions, errors, finding rows, ids, versions and times.

The store is one class made of one mixin per aggregate (dossiers, the bin, meetings, preparation, agreements,
history, export rows); each mixin is small enough to read at once, and this base holds what they all lean
on, so that each write is one transaction, each driver error one ``StoreError``, and each stale version the
same refusal wherever it happens. Opening a database is ``opening``'s.
"""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from sqlalchemy import ColumnElement, Connection, Engine, RowMapping, Table, func, select, true, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.model import ROW_ID, Action, Change, ChangedMeanwhile, Subject, UnknownDossier, at_most
from aantafel.dossiers.people import Access, NotAllowed
from aantafel.dossiers.schema import agreements, dossiers, meetings
from aantafel.dossiers.store.opening import StoreError, check, connect, explain, migrate, version


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives times back without a zone; everything is stored in UTC, so say so."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class Base:
    """The database and the means every aggregate uses: ``transaction``, ``_errors``, ``_find``.

    A store opened with ``open`` touches every dossier (single-user mode). ``acting(access)`` gives the
    same store as one person sees it in accounts mode: every row is found through ``_find`` or
    ``_existing``, and every list through ``_visible``, so a dossier of an organisation the person does not
    belong to is "unknown" (never "not yours"), and a write they may not make is refused, below every
    front-end. Their name goes into the history."""

    _access: Access | None = None

    def __init__(self, engine: Engine, location: str) -> None:
        self._engine = engine
        self.location = location
        """The file, or the URL without its password: what messages name."""
        self._file: tuple[Path, tuple[int, int]] | None = None
        """The SQLite file and its identity (device, inode) when it was opened; see ``_same_file``."""

    @classmethod
    def open(cls, url: str, *, busy_timeout: float = 5.0) -> Self:
        """The store at ``url``, checked, and created or brought to the newest version; nothing stays open
        on failure.

        The check and the version are plain reads, which take no lock: opening does not wait for another
        program's write, nor fail on a read-only mount. Only a migration takes the write lock."""
        store, current = cls._checked(url, busy_timeout)
        try:
            if current != HEAD:
                with store.transaction() as connection:
                    migrate(connection, store.location)
        except BaseException:
            store.close()  # a store that could not be opened must not keep a connection open
            raise
        return store

    @classmethod
    def upgrade(cls, url: str, *, busy_timeout: float = 5.0, check_only: bool = False) -> str | None:
        """``aantafel migrate``: bring the database at ``url`` to the newest version, and return the
        version it was at (``HEAD`` when it was up to date, None when it was empty). With ``check_only``
        nothing changes. A deploy runs this once before the new version's workers start, so no page
        request waits for a migration; of two run at once, one migrates and the other finds it done."""
        store, current = cls._checked(url, busy_timeout)
        try:
            if check_only or current == HEAD:
                return current
            with store.transaction() as connection:
                return migrate(connection, store.location)
        finally:
            store.close()

    @classmethod
    def _checked(cls, url: str, busy_timeout: float) -> tuple[Self, str | None]:
        """The store at ``url``, checked, and the version it is at; nothing stays open on failure."""
        engine, location, file = connect(url, busy_timeout)
        store = cls(engine, location)
        try:
            with store._errors(), engine.connect() as connection:
                check(connection, location, file)
                current = version(connection, location)
            store._file = _identity(file)
        except BaseException:
            engine.dispose()
            raise
        return store, current

    def close(self) -> None:
        self._engine.dispose()

    def acting(self, access: Access) -> Self:
        """This store as the person of ``access`` sees it: the same database and connections, only their
        organisations' dossiers, and their name on every change."""
        scoped = copy.copy(self)
        vars(scoped)["_access"] = access  # the rest (engine, file, compiled statements) is shared
        return scoped

    @property
    def access(self) -> Access | None:
        """Whose store this is (``acting``), or None for the single user's, which sees every dossier."""
        return self._access

    def _visible(self) -> ColumnElement[bool]:
        """Which dossiers this store may read: all of them, or those of the person's organisations."""
        if self._access is None:
            return true()
        return dossiers.c.organisation_id.in_(sorted(self._access.reads))

    def _readable(self, table: Table) -> list[ColumnElement[bool]]:
        """The conditions that keep a query of ``table`` (dossiers, or rows that name a dossier) within
        what this store may read."""
        if self._access is None:
            return []
        if table is dossiers:
            return [self._visible()]
        return [table.c.dossier_id.in_(select(dossiers.c.id).where(self._visible()))]

    def _author(self, author: str) -> tuple[str, str | None]:
        """The name and person id a change is recorded under: the person acting, else ``author``."""
        if self._access is None:
            return author, None
        return self._access.name, self._access.person_id

    def _log(
        self,
        connection: Connection,
        dossier_id: str,
        action: Action,
        *,
        at: datetime,
        author: str,
        field: str | None = None,
        old: str | None = None,
        new: str | None = None,
        subject: Subject | None = None,
        row_id: str | None = None,
        version: int | None = None,
        edits: str | None = None,
        search: bool = True,
    ) -> None:
        """``log_change`` under the name of whoever acts (see ``_author``); ``subject`` to ``edits`` name
        the row changed and how (``Editing._save``). The search rows of what changed are made anew
        (``search.refresh``): every write comes here in its transaction, so the search finds what is
        stored, no more and no less, without a write method knowing about it. ``search`` is False for
        all but the last entry of a write that logs several (a dossier's fields): one refresh does."""
        from aantafel.dossiers.store.history import log_change
        from aantafel.dossiers.store.search import refresh

        name, person_id = self._author(author)
        entry = Change(
            dossier_id=dossier_id,
            at=at,
            author=name,
            action=action,
            field=field,
            old=old,
            new=new,
            subject=subject,
            row_id=row_id,
            version=version,
            edits=edits,
        )
        log_change(connection, entry, person_id=person_id)
        if search:
            refresh(connection, dossier_id, action, field=field, new=new, subject=subject, row_id=row_id)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn the driver's errors into a ``StoreError`` that names the database and what to do; and
        first make sure the database is still the file that was opened (``_same_file``)."""
        self._same_file()
        try:
            yield
        except DBAPIError as exc:
            raise explain(self.location, exc) from exc
        except PoolTimeout as exc:
            raise StoreError("too busy", location=self.location) from exc

    def _same_file(self) -> None:
        """Refuse to go on when the SQLite file was removed or replaced since it was opened. The pooled
        connections still hold the old file: a save would go into a file nobody can open again, and a read
        would show what is gone. One ``stat``, before every read and write."""
        if self._file is None:
            return
        path, identity = self._file
        try:
            found = path.stat()
        except FileNotFoundError:
            found = None
        except OSError:
            return  # the file cannot be looked at now; SQLite says what it makes of it
        if found is None or (found.st_dev, found.st_ino) != identity:
            raise StoreError("replaced", location=self.location)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything in it is stored, or nothing.

        On SQLite it begins with ``BEGIN IMMEDIATE``: the write lock is taken first, so the checks a write
        makes (does the dossier exist, is it still at this version) hold until it commits, and a busy
        database is waited for (``busy_timeout``) instead of failing halfway.
        """
        with self._errors(), self._engine.begin() as connection:
            if self._engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection

    @contextmanager
    def _snapshot(self) -> Iterator[Connection]:
        """One read transaction that sees the database as it was at its first statement, so a read of
        several tables never mixes what was there before and after a write made meanwhile. SQLite's
        deferred ``BEGIN`` gives that; PostgreSQL's default (read committed) does not, repeatable read does.
        """
        sqlite = self._engine.dialect.name == "sqlite"
        engine = self._engine if sqlite else self._engine.execution_options(isolation_level="REPEATABLE READ")
        with self._errors(), engine.begin() as connection:
            if sqlite:
                connection.exec_driver_sql("BEGIN")
            yield connection

    def _find(self, table: Table, reference: str) -> RowMapping:
        """The row with this id, or with the only id that starts with ``reference`` (as git does)."""
        what = _SUBJECTS[table]
        reference = reference.strip().lower()
        if not ROW_ID.fullmatch(reference):
            raise UnknownDossier("not an id", what=what, reference=reference)
        readable = self._readable(table)
        with self._errors(), self._engine.connect() as connection:
            exact = connection.execute(select(table).where(table.c.id == reference, *readable)).first()
            if exact is not None:
                return exact._mapping
            rows = connection.execute(
                select(table).where(table.c.id.startswith(reference), *readable).order_by(table.c.id).limit(5)
            ).all()
        if len(rows) == 1:
            return rows[0]._mapping
        if not rows:
            raise UnknownDossier("unknown", what=what, reference=reference)
        raise UnknownDossier("ambiguous", what=what, reference=reference, candidates=[row.id for row in rows])

    def _existing(
        self, connection: Connection, table: Table, row_id: str, *, writing: bool = True
    ) -> RowMapping:
        """The row with exactly this id, read in the write's transaction so it holds until the write
        commits; unknown when this store may not read it, and refused when it may read but not change it.
        A text that is no id (a web address with a NUL in it) is not asked for: PostgreSQL refuses a NUL."""
        row = None
        if ROW_ID.fullmatch(row_id):
            row = connection.execute(
                select(table).where(table.c.id == row_id, *self._readable(table))
            ).first()
        what = _SUBJECTS[table]
        if row is None:
            raise UnknownDossier("unknown", what=what, reference=row_id)
        if writing and self._access is not None:
            dossier_id = row.id if table is dossiers else row.dossier_id
            owner = connection.execute(
                select(dossiers.c.organisation_id).where(dossiers.c.id == dossier_id)
            ).scalar_one()
            if owner not in self._access.writes:
                raise NotAllowed("reading only", what=what, reference=row_id)
        return row._mapping

    def _locked(self, connection: Connection, table: Table, row_id: str, expected_version: int) -> RowMapping:
        """The row to change, if it exists, may be changed and is still at ``expected_version``."""
        row = self._existing(connection, table, row_id)
        if row["version"] != expected_version:
            raise _changed(table, row_id)
        return row

    def ensure_changeable(self, what: Subject, reference: str) -> None:
        """Refuse, before a form to change it is shown, a dossier, meeting or agreement this store may
        only read (``NotAllowed``) or not even see (``UnknownDossier``): a trainer gets no form they
        cannot save."""
        with self._errors(), self._engine.connect() as connection:
            self._existing(connection, _TABLES[what], reference)

    def _may_read(self, table: Table, row_id: str) -> None:
        """Refuse, as unknown, a row this store may not read, before a read that names it by id only."""
        if self._access is not None:
            with self._errors(), self._engine.connect() as connection:
                self._existing(connection, table, row_id, writing=False)

    @staticmethod
    def _new_id(connection: Connection, table: Table) -> str:
        while True:
            candidate = secrets.token_hex(4)
            if connection.execute(select(table.c.id).where(table.c.id == candidate)).first() is None:
                return candidate


def in_the_bin(table: Table, in_bin: bool = False) -> ColumnElement[bool]:
    """Rows of ``table`` (dossiers, meetings, agreements) in the bin, or, as every list wants, not."""
    return table.c.deleted_at.is_not(None) if in_bin else table.c.deleted_at.is_(None)


def _identity(file: Path | None) -> tuple[Path, tuple[int, int]] | None:
    """``file`` and what tells it apart from a file put in its place; ``None`` without a file on disk (a
    database in memory, PostgreSQL)."""
    if file is None:
        return None
    try:
        found = file.stat()
    except OSError:
        return None
    return file, (found.st_dev, found.st_ino)


_SUBJECTS: dict[Table, Subject] = {dossiers: "dossier", meetings: "meeting", agreements: "agreement"}
"""What a table's rows are called in messages and in the errors' ``what``."""
_TABLES: dict[Subject, Table] = {what: table for table, what in _SUBJECTS.items()}


def _bump(
    connection: Connection, table: Table, row_id: str, expected_version: int, values: Mapping[str, object]
) -> None:
    """Write ``values`` and the next version, only if nobody else changed the row in between."""
    result = connection.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == expected_version)
        .values(**values, version=expected_version + 1)
    )
    if result.rowcount != 1:
        raise _changed(table, row_id)


def _room_for_one_more(connection: Connection, table: Table, dossier_id: str, limit: int) -> None:
    """Refuse a new meeting or agreement in a dossier that has ``limit`` of them already; counted in the
    write's transaction, so two people adding the last one at once cannot both pass on SQLite."""
    count = connection.execute(
        select(func.count()).select_from(table).where(table.c.dossier_id == dossier_id)
    ).scalar_one()
    at_most(table.name, count + 1, limit)


def _changed(table: Table, row_id: str) -> ChangedMeanwhile:
    return ChangedMeanwhile("changed", what=_SUBJECTS[table], reference=row_id)
