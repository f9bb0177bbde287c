"""Where dossiers live: a SQLite file by default, or PostgreSQL by URL, through SQLAlchemy Core.

Every write is one transaction that also records what changed, by whom and when; a failure leaves nothing
half stored. Updates name the version they started from, and a stale one is refused ("changed meanwhile")
instead of silently overwriting. Deleting moves a dossier to the bin, from which it can be restored.
"""

from __future__ import annotations

import functools
import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
from attrs import fields
from sqlalchemy import (
    Connection,
    Engine,
    RowMapping,
    Table,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.model import (
    ANSWERS,
    STATUSES,
    TEXT_LIMIT,
    WRITTEN,
    Agreement,
    Answer,
    Change,
    ChangedMeanwhile,
    Dossier,
    DossierError,
    InvalidDossier,
    Meeting,
    Move,
    Participant,
    Record,
    UnknownDossier,
    clean,
    clean_agreement,
    clean_meeting,
    clean_record,
)
from aantafel.dossiers.schema import (
    agreements,
    answers,
    changes,
    dossiers,
    meeting_interventions,
    meetings,
    moves,
    participants,
)
from aantafel.items import ID_PATTERN

DATABASE_URL_VARIABLE = "AANTAFEL_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
_ID = re.compile(r"[0-9a-f]{1,16}")
_DOSSIER_FIELDS = tuple(a.name for a in fields(Dossier))


class StoreError(DossierError):
    """The database itself is the problem: missing, locked, read-only, damaged or from a newer aantafel."""


def default_url() -> str:
    """A SQLite file in the platform's data folder (``~/.local/share/aantafel/aantafel.sqlite`` on Linux)."""
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('aantafel', appauthor=False) / 'aantafel.sqlite'}"


def open_store(url: str | None = None, *, busy_timeout: float = 5.0) -> Store:
    """Open (and create or migrate) the store at ``url``, ``$AANTAFEL_DATABASE_URL``, or the default file.

    ``busy_timeout``: how many seconds a SQLite write waits for another writer before it gives up.
    """
    return Store.open(
        url or os.environ.get(DATABASE_URL_VARIABLE) or default_url(), busy_timeout=busy_timeout
    )


_LAST_CHANGE = select(func.count(), func.coalesce(func.max(changes.c.id), literal_column("0"))).where(
    changes.c.dossier_id == bindparam("dossier_id")
)  # one parameter only, so the driver's own call in Store.last_change can pass it


POOL_SIZE = 8
"""Connections a store keeps open: one for each of the threads ``aantafel serve`` runs. With SQLAlchemy's
default of 5, the other threads opened and closed a connection (and set its pragmas) on every request."""


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives times back without a zone; everything is stored in UTC, so say so."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _sqlite_pragmas(busy_timeout: float) -> Callable[[Any, object], None]:
    def configure(connection: Any, _record: object) -> None:
        connection.isolation_level = None  # the store says BEGIN itself (see Store.transaction)
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    return configure


class Store:
    """The dossiers of one database. Open it with ``open_store``; it is safe to share between threads."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        """The file, or the URL without its password: what messages name."""

    @classmethod
    def open(cls, url: str, *, busy_timeout: float = 5.0) -> Store:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise StoreError(
                f"'{url}' is not a database URL; use e.g. sqlite:///path/to/aantafel.sqlite or "
                "postgresql+psycopg://user:password@host/database"
            ) from None
        sqlite = parsed.get_backend_name() == "sqlite"
        location = parsed.database or ":memory:" if sqlite else parsed.render_as_string(hide_password=True)
        if sqlite and parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder {folder} for the database: {exc.strerror}"
                ) from None
        try:
            engine = create_engine(parsed, pool_pre_ping=not sqlite, pool_size=POOL_SIZE)
        except (NoSuchModuleError, ModuleNotFoundError) as exc:
            raise StoreError(
                f"no driver for {parsed.get_backend_name()} ({exc}); "
                "for PostgreSQL, install aantafel[postgres]"
            ) from None
        if sqlite:
            event.listen(engine, "connect", _sqlite_pragmas(busy_timeout))
        store = cls(engine, location)
        try:
            store._migrate()
        except BaseException:
            engine.dispose()  # a store that could not be opened must not keep a connection open
            raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def backup(self, target: Path) -> Path:
        """A consistent copy of a SQLite database, made while it may be in use (SQLite's backup API).

        PostgreSQL has its own tools for this (``pg_dump``); this says so instead of pretending.
        """
        if self.engine.dialect.name != "sqlite":
            raise StoreError(
                f"{self.location} is a {self.engine.dialect.name} database; back it up with its own tools "
                "(pg_dump for PostgreSQL), or export each dossier with: aantafel export ID --what dossier "
                "--format json"
            )
        if target.exists():
            raise StoreError(f"{target} exists already; choose another file name")
        target.parent.mkdir(parents=True, exist_ok=True)
        import sqlite3

        with self._errors(), self.engine.connect() as connection:
            source = connection.connection.dbapi_connection
            assert isinstance(source, sqlite3.Connection)
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()
        return target

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn the driver's errors into a ``StoreError`` that names the database and what to do."""
        try:
            yield
        except DBAPIError as exc:
            raise StoreError(_explain(self.location, exc)) from exc
        except PoolTimeout as exc:
            raise StoreError(
                f"{self.location} is too busy: every connection is in use ({exc}). Try again in a moment"
            ) from exc

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything in it is stored, or nothing.

        On SQLite it begins with ``BEGIN IMMEDIATE``: the write lock is taken first, so the checks a write
        makes (does the dossier exist, is it still at this version) hold until it commits, and a busy
        database is waited for (``busy_timeout``) instead of failing halfway.
        """
        with self._errors(), self.engine.begin() as connection:
            if self.engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection

    def _migrate(self) -> None:
        with self.transaction() as connection:
            current = None
            if inspect(connection).has_table("alembic_version"):
                current = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if current == HEAD:
                return
            if current is not None and current > HEAD:
                raise StoreError(
                    f"{self.location} was made by a newer aantafel (database version {current}, this one "
                    f"knows up to {HEAD}); update aantafel to open it"
                )
            from alembic import command
            from alembic.config import Config

            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    # Dossiers ---------------------------------------------------------------------------------------------

    def create_dossier(self, values: Mapping[str, object], *, author: str) -> Dossier:
        """Store a new dossier; ``values`` holds the title and any of the other fields."""
        cleaned = clean(values, creating=True)
        now = _now()
        with self.transaction() as connection:
            dossier_id = self._new_id(connection, dossiers)
            connection.execute(
                insert(dossiers).values(id=dossier_id, **cleaned, version=1, created_at=now, updated_at=now)
            )
            connection.execute(
                insert(changes).values(dossier_id=dossier_id, at=now, author=author, action="created")
            )
        return self.dossier(dossier_id)

    def dossier(self, reference: str) -> Dossier:
        """The dossier with this id, or with the only id that starts with ``reference`` (as git does)."""
        return _dossier(self._find(dossiers, reference, DOSSIER))

    def _find(self, table: Table, reference: str, names: tuple[str, str]) -> RowMapping:
        what, listing = names
        reference = reference.strip().lower()
        if not _ID.fullmatch(reference):
            raise UnknownDossier(f"'{reference}' is not a {what} id; see: {listing}")
        with self._errors(), self.engine.connect() as connection:
            exact = connection.execute(select(table).where(table.c.id == reference)).first()
            if exact is not None:
                return exact._mapping
            rows = connection.execute(
                select(table).where(table.c.id.startswith(reference)).order_by(table.c.id).limit(5)
            ).all()
        if len(rows) == 1:
            return rows[0]._mapping
        if not rows:
            raise UnknownDossier(f"no {what} '{reference}'; see: {listing}")
        raise UnknownDossier(
            f"'{reference}' fits several {what}s ({', '.join(row.id for row in rows)}); give more of the id"
        )

    def dossiers(self, *, in_bin: bool = False) -> list[Dossier]:
        """The dossiers in use (or, with ``in_bin``, the deleted ones), the most recently changed first."""
        bin_filter = dossiers.c.deleted_at.is_not(None) if in_bin else dossiers.c.deleted_at.is_(None)
        query = select(dossiers).where(bin_filter).order_by(dossiers.c.updated_at.desc(), dossiers.c.id)
        with self._errors(), self.engine.connect() as connection:
            return [_dossier(row._mapping) for row in connection.execute(query)]

    def next_meetings(self) -> dict[str, datetime]:
        """When each dossier's next meeting starts (the first from now on), by dossier id: one query, for a
        list of dossiers that says what comes next in each."""
        query = (
            select(meetings.c.dossier_id, func.min(meetings.c.starts_at))
            .where(meetings.c.starts_at >= _now())
            .group_by(meetings.c.dossier_id)
        )
        with self._errors(), self.engine.connect() as connection:
            return {dossier_id: _aware(start) or start for dossier_id, start in connection.execute(query)}

    def update_dossier(
        self, dossier_id: str, values: Mapping[str, object], *, expected_version: int, author: str
    ) -> Dossier:
        """Change fields of a dossier that is still at ``expected_version``; else ``ChangedMeanwhile``."""
        cleaned = clean(values, creating=False)
        with self.transaction() as connection:
            current = _dossier(_locked(connection, dossiers, dossier_id, expected_version, DOSSIER))
            edits = {field: value for field, value in cleaned.items() if getattr(current, field) != value}
            if not edits:
                return current
            now = _now()
            _bump(connection, dossiers, current.id, expected_version, {**edits, "updated_at": now}, DOSSIER)
            connection.execute(
                insert(changes),
                [
                    {
                        "dossier_id": dossier_id,
                        "at": now,
                        "author": author,
                        "action": "edited",
                        "field": field,
                        "old": getattr(current, field),
                        "new": value,
                    }
                    for field, value in edits.items()
                ],
            )
        return self.dossier(dossier_id)

    def delete_dossier(self, dossier_id: str, *, expected_version: int, author: str) -> Dossier:
        """Move a dossier to the bin. Nothing is lost: ``restore_dossier`` brings it back."""
        return self._move(dossier_id, expected_version, author, "deleted")

    def restore_dossier(self, dossier_id: str, *, expected_version: int, author: str) -> Dossier:
        """Bring a dossier back from the bin."""
        return self._move(dossier_id, expected_version, author, "restored")

    def last_change(self, dossier_id: str) -> tuple[int, int]:
        """A mark that moves with every change to dossier ``dossier_id``, its meetings and agreements
        included (each write adds to its history in the same transaction), and is ``(0, 0)`` for an
        unknown id. Something made from a dossier, such as its web page, can be kept until the mark moves.

        It is asked on every view of a dossier page, so it runs its statement, compiled once for this
        database, on a pooled driver connection: SQLAlchemy's execution layer took three quarters of the
        time (70 of 90 us). When the driver fails, the usual path runs again and reports the problem."""
        sql, positional = self._last_change_sql
        try:
            driver = self.engine.raw_connection()
            try:
                cursor = driver.cursor()
                cursor.execute(sql, (dossier_id,) if positional else {"dossier_id": dossier_id})
                count, last = cursor.fetchone() or (0, 0)
                cursor.close()
            finally:
                driver.close()
        except self.engine.dialect.loaded_dbapi.Error:
            with self._errors(), self.engine.connect() as connection:
                count, last = connection.execute(_LAST_CHANGE, {"dossier_id": dossier_id}).one()
        return int(count), int(last)

    @functools.cached_property
    def _last_change_sql(self) -> tuple[str, bool]:
        compiled = _LAST_CHANGE.compile(dialect=self.engine.dialect)
        return str(compiled), bool(compiled.positional)

    def history(self, dossier_id: str) -> list[Change]:
        """Everything that happened to a dossier, oldest first."""
        query = select(changes).where(changes.c.dossier_id == dossier_id).order_by(changes.c.id)
        with self._errors(), self.engine.connect() as connection:
            return [
                Change(
                    dossier_id=row.dossier_id,
                    at=_aware(row.at) or row.at,
                    author=row.author,
                    action=row.action,
                    field=row.field,
                    old=row.old,
                    new=row.new,
                )
                for row in connection.execute(query)
            ]

    def _move(self, dossier_id: str, expected_version: int, author: str, action: str) -> Dossier:
        with self.transaction() as connection:
            current = _dossier(_locked(connection, dossiers, dossier_id, expected_version, DOSSIER))
            if (current.deleted_at is not None) == (action == "deleted"):
                where = "in the bin" if current.deleted_at else "not in the bin"
                raise DossierError(f"dossier {dossier_id} is {where} already")
            now = _now()
            moved = {"deleted_at": now if action == "deleted" else None, "updated_at": now}
            _bump(connection, dossiers, current.id, expected_version, moved, DOSSIER)
            connection.execute(
                insert(changes).values(dossier_id=dossier_id, at=now, author=author, action=action)
            )
        return self.dossier(dossier_id)

    # Meetings and their preparation -----------------------------------------------------------------------

    def add_meeting(
        self,
        dossier_id: str,
        *,
        starts_at: datetime,
        place: str = "",
        purpose: str = "",
        people: Sequence[Participant] = (),
        author: str,
    ) -> Meeting:
        """Plan a meeting in a dossier, with the people who will be at the table."""
        place, purpose = clean_meeting(starts_at, place, purpose, tuple(people))
        now = _now()
        with self.transaction() as connection:
            dossier = connection.execute(select(dossiers).where(dossiers.c.id == dossier_id)).first()
            if dossier is None:
                raise UnknownDossier(f"no dossier '{dossier_id}'; see: aantafel dossier list")
            if dossier.deleted_at is not None:
                raise DossierError(f"dossier {dossier_id} is in the bin; restore it first")
            meeting_id = self._new_id(connection, meetings)
            connection.execute(
                insert(meetings).values(
                    id=meeting_id,
                    dossier_id=dossier_id,
                    starts_at=starts_at.astimezone(UTC),
                    place=place,
                    purpose=purpose,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            _in_order(connection, participants, meeting_id, [attrs.asdict(person) for person in people])
            connection.execute(
                insert(changes).values(
                    dossier_id=dossier_id, at=now, author=author, action="meeting added", new=meeting_id
                )
            )
        return self.meeting(meeting_id)

    def update_meeting(
        self,
        meeting_id: str,
        *,
        starts_at: datetime,
        place: str,
        purpose: str,
        people: Sequence[Participant],
        expected_version: int,
        author: str,
    ) -> Meeting:
        """Change when, where, why and with whom a meeting is (it was moved, someone else comes), against
        the version that was read. Refused when an agreement made at the meeting would then be due before
        it, as ``add_agreement`` refuses such an agreement."""
        place, purpose = clean_meeting(starts_at, place, purpose, tuple(people))
        now = _now()
        with self.transaction() as connection:
            row = _locked(connection, meetings, meeting_id, expected_version, MEETING)
            day = starts_at.astimezone().date()
            early = connection.execute(
                select(agreements.c.what, agreements.c.due)
                .where(agreements.c.meeting_id == meeting_id, agreements.c.due < day)
                .order_by(agreements.c.due)
            ).first()
            if early is not None:
                raise InvalidDossier(
                    "starts_at",
                    f"the agreement '{early.what}' made at this meeting is due {early.due.isoformat()}, "
                    f"before {day.isoformat()}; change its due date first",
                    reason=InvalidDossier.BEFORE_MEETING,
                )
            before = _aware(row["starts_at"]) or row["starts_at"]
            written = {"starts_at": starts_at.astimezone(UTC), "place": place, "purpose": purpose}
            _bump(connection, meetings, meeting_id, expected_version, {**written, "updated_at": now}, MEETING)
            connection.execute(delete(participants).where(participants.c.meeting_id == meeting_id))
            _in_order(connection, participants, meeting_id, [attrs.asdict(person) for person in people])
            connection.execute(
                insert(changes).values(
                    dossier_id=row["dossier_id"],
                    at=now,
                    author=author,
                    action="meeting changed",
                    field=meeting_id,
                    old=before.isoformat(),
                    new=starts_at.astimezone(UTC).isoformat(),
                )
            )
        return self.meeting(meeting_id)

    def meeting(self, reference: str) -> Meeting:
        """The meeting with this id, or with the only id that starts with ``reference``."""
        row = self._find(meetings, reference, MEETING)
        return self._meetings([row])[0]

    def meetings(self, dossier_id: str) -> list[Meeting]:
        """The meetings of a dossier, the earliest first."""
        query = select(meetings).where(meetings.c.dossier_id == dossier_id).order_by(meetings.c.starts_at)
        with self._errors(), self.engine.connect() as connection:
            rows = [row._mapping for row in connection.execute(query)]
        return self._meetings(rows)

    def _meetings(self, rows: Sequence[RowMapping]) -> list[Meeting]:
        ids = [row["id"] for row in rows]
        people: dict[str, list[Participant]] = {meeting_id: [] for meeting_id in ids}
        query = (
            select(participants)
            .where(participants.c.meeting_id.in_(ids))
            .order_by(participants.c.meeting_id, participants.c.position)
        )
        with self._errors(), self.engine.connect() as connection:
            for person in connection.execute(query):
                people[person.meeting_id].append(
                    Participant(name=person.name, side=person.side, role=person.role, binding=person.binding)
                )
        return [
            Meeting(
                id=row["id"],
                dossier_id=row["dossier_id"],
                starts_at=_aware(row["starts_at"]) or row["starts_at"],
                place=row["place"],
                purpose=row["purpose"],
                participants=tuple(people[row["id"]]),
                version=row["version"],
                created_at=_aware(row["created_at"]) or row["created_at"],
                updated_at=_aware(row["updated_at"]) or row["updated_at"],
            )
            for row in rows
        ]

    def answer(self, meeting_id: str, check_id: str, answer: str, note: str = "", *, author: str) -> Answer:
        """Record (or change) the answer to one check of a meeting's preparation, at once: nothing typed is
        lost when a preparation stops halfway. A worksheet prompt's answer is ``WRITTEN`` with the text as
        ``note``."""
        if answer not in (*ANSWERS, WRITTEN):
            raise InvalidDossier("answer", f"'{answer}' is not one of: {', '.join(ANSWERS)}")
        if len(check_id) > 100 or not ID_PATTERN.fullmatch(check_id):
            raise InvalidDossier("check", f"'{check_id}' is not a check id")
        note = note.strip()
        if len(note) > TEXT_LIMIT:
            raise InvalidDossier(
                "note",
                f"{len(note):,} characters, over the limit of {TEXT_LIMIT:,}",
                reason=InvalidDossier.TOO_LONG,
            )
        now = _now()
        key = (answers.c.meeting_id == meeting_id) & (answers.c.check_id == check_id)
        with self.transaction() as connection:
            meeting = connection.execute(select(meetings).where(meetings.c.id == meeting_id)).first()
            if meeting is None:
                raise UnknownDossier(f"no meeting '{meeting_id}'")
            old = connection.execute(select(answers.c.answer).where(key)).scalar()
            values = {"answer": answer, "note": note, "answered_at": now, "author": author}
            if old is None:
                connection.execute(insert(answers).values(meeting_id=meeting_id, check_id=check_id, **values))
            else:
                connection.execute(update(answers).where(key).values(**values))
            connection.execute(
                insert(changes).values(
                    dossier_id=meeting.dossier_id,
                    at=now,
                    author=author,
                    action="answered",
                    field=check_id,
                    old=old,
                    new=answer,
                )
            )
        return Answer(check_id=check_id, answer=answer, note=note, answered_at=now, author=author)

    def answers(self, meeting_id: str) -> dict[str, Answer]:
        """A meeting's preparation so far, by check id (checks that are no longer installed included)."""
        query = select(answers).where(answers.c.meeting_id == meeting_id)
        with self._errors(), self.engine.connect() as connection:
            return {
                row.check_id: Answer(
                    check_id=row.check_id,
                    answer=row.answer,
                    note=row.note,
                    answered_at=_aware(row.answered_at) or row.answered_at,
                    author=row.author,
                )
                for row in connection.execute(query)
            }

    # After the meeting, and agreements --------------------------------------------------------------------

    def record_meeting(
        self, meeting_id: str, record: Record, *, expected_version: int, author: str
    ) -> Record:
        """Write down what happened in a meeting, replacing an earlier record; one transaction."""
        clean_record(record)
        now = _now()
        with self.transaction() as connection:
            row = _locked(connection, meetings, meeting_id, expected_version, MEETING)
            written = {
                "notes": record.notes.strip(),
                "emotions": record.emotions.strip(),
                "went_well": record.went_well.strip(),
                "do_differently": record.do_differently.strip(),
                "updated_at": now,
            }
            _bump(connection, meetings, meeting_id, expected_version, written, MEETING)
            for table in (meeting_interventions, moves):
                connection.execute(delete(table).where(table.c.meeting_id == meeting_id))
            used = [{"intervention_id": intervention} for intervention in record.interventions]
            _in_order(connection, meeting_interventions, meeting_id, used)
            _in_order(connection, moves, meeting_id, [attrs.asdict(move) for move in record.moves])
            connection.execute(
                insert(changes).values(
                    dossier_id=row["dossier_id"],
                    at=now,
                    author=author,
                    action="meeting recorded",
                    field=meeting_id,
                )
            )
        return self.record(meeting_id)

    def record(self, meeting_id: str) -> Record:
        """What was written down about a meeting (empty fields when nothing was yet)."""
        with self._errors(), self.engine.connect() as connection:
            row = connection.execute(select(meetings).where(meetings.c.id == meeting_id)).first()
            if row is None:
                raise UnknownDossier(f"no meeting '{meeting_id}'")
            used = connection.execute(
                select(meeting_interventions.c.intervention_id)
                .where(meeting_interventions.c.meeting_id == meeting_id)
                .order_by(meeting_interventions.c.position)
            ).scalars()
            made = connection.execute(
                select(moves).where(moves.c.meeting_id == meeting_id).order_by(moves.c.position)
            )
            return Record(
                notes=row.notes,
                interventions=tuple(used),
                moves=tuple(Move(side=m.side, kind=m.kind, what=m.what, condition=m.condition) for m in made),
                emotions=row.emotions,
                went_well=row.went_well,
                do_differently=row.do_differently,
            )

    def add_agreement(
        self,
        dossier_id: str,
        *,
        what: str,
        side: str,
        person: str = "",
        due: date | None = None,
        if_broken: str = "",
        meeting_id: str | None = None,
        author: str,
    ) -> Agreement:
        """Record an agreement; ``meeting_id`` names the meeting it came from (no due date before it)."""
        what, side, person, if_broken = clean_agreement(what, side, person, if_broken)
        now = _now()
        with self.transaction() as connection:
            dossier = connection.execute(select(dossiers).where(dossiers.c.id == dossier_id)).first()
            if dossier is None:
                raise UnknownDossier(f"no dossier '{dossier_id}'; see: aantafel dossier list")
            if meeting_id is not None:
                _due_after_meeting(connection, dossier_id, meeting_id, due)
            agreement_id = self._new_id(connection, agreements)
            connection.execute(
                insert(agreements).values(
                    id=agreement_id,
                    dossier_id=dossier_id,
                    meeting_id=meeting_id,
                    what=what,
                    side=side,
                    person=person,
                    due=due,
                    if_broken=if_broken,
                    status="open",
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            connection.execute(
                insert(changes).values(
                    dossier_id=dossier_id,
                    at=now,
                    author=author,
                    action="agreement added",
                    field=agreement_id,
                    new="open",
                )
            )
        return self.agreement(agreement_id)

    def update_agreement(
        self,
        agreement_id: str,
        *,
        what: str,
        side: str,
        person: str,
        due: date | None,
        if_broken: str,
        expected_version: int,
        author: str,
    ) -> Agreement:
        """Correct an agreement (a typo, another person, a new due date) against the version that was read;
        its status and the meeting it came from stay, and the due date may not move before that meeting."""
        what, side, person, if_broken = clean_agreement(what, side, person, if_broken)
        now = _now()
        with self.transaction() as connection:
            row = _locked(connection, agreements, agreement_id, expected_version, AGREEMENT)
            if row["meeting_id"] is not None:
                _due_after_meeting(connection, row["dossier_id"], row["meeting_id"], due)
            written = {"what": what, "side": side, "person": person, "due": due, "if_broken": if_broken}
            _bump(
                connection,
                agreements,
                agreement_id,
                expected_version,
                {**written, "updated_at": now},
                AGREEMENT,
            )
            connection.execute(
                insert(changes).values(
                    dossier_id=row["dossier_id"],
                    at=now,
                    author=author,
                    action="agreement changed",
                    field=agreement_id,
                    old=_agreement_line(row["what"], row["due"]),
                    new=_agreement_line(what, due),
                )
            )
        return self.agreement(agreement_id)

    def agreement(self, reference: str) -> Agreement:
        """The agreement with this id, or with the only id that starts with ``reference``."""
        return _agreement(self._find(agreements, reference, AGREEMENT))

    def agreements(self, dossier_id: str | None = None, status: str | None = None) -> list[Agreement]:
        """Agreements (of one dossier, or of every dossier not in the bin), by due date, undated last.

        ``status`` is open, done, broken, or overdue: open with a due date before today.
        """
        if status is not None and status not in (*STATUSES, "overdue"):
            raise InvalidDossier("status", f"'{status}' is not one of: {', '.join((*STATUSES, 'overdue'))}")
        query = select(agreements).join(dossiers, dossiers.c.id == agreements.c.dossier_id)
        if dossier_id is not None:
            query = query.where(agreements.c.dossier_id == dossier_id)
        else:
            query = query.where(dossiers.c.deleted_at.is_(None))
        if status == "overdue":
            today = datetime.now().astimezone().date()
            query = query.where(agreements.c.status == "open", agreements.c.due < today)
        elif status is not None:
            query = query.where(agreements.c.status == status)
        query = query.order_by(agreements.c.due.is_(None), agreements.c.due, agreements.c.created_at)
        with self._errors(), self.engine.connect() as connection:
            return [_agreement(row._mapping) for row in connection.execute(query)]

    def set_agreement_status(
        self, agreement_id: str, status: str, *, expected_version: int, author: str, note: str = ""
    ) -> Agreement:
        """Mark an agreement open, done or broken; the dossier's history keeps every change of status."""
        if status not in STATUSES:
            raise InvalidDossier("status", f"'{status}' is not one of: {', '.join(STATUSES)}")
        now = _now()
        with self.transaction() as connection:
            row = _locked(connection, agreements, agreement_id, expected_version, AGREEMENT)
            if row["status"] == status:
                return _agreement(row)
            changed = {"status": status, "updated_at": now}
            _bump(connection, agreements, agreement_id, expected_version, changed, AGREEMENT)
            connection.execute(
                insert(changes).values(
                    dossier_id=row["dossier_id"],
                    at=now,
                    author=author,
                    action="agreement status",
                    field=agreement_id,
                    old=row["status"],
                    new=status if not note.strip() else f"{status}: {note.strip()}",
                )
            )
        return self.agreement(agreement_id)

    def agreement_history(self, agreement_id: str) -> list[Change]:
        """The agreement's entries in its dossier's history: added, and every change of status."""
        return [
            change
            for change in self.history(self.agreement(agreement_id).dossier_id)
            if change.field == agreement_id and change.action.startswith("agreement")
        ]

    @staticmethod
    def _new_id(connection: Connection, table: Table) -> str:
        while True:
            candidate = secrets.token_hex(4)
            if connection.execute(select(table.c.id).where(table.c.id == candidate)).first() is None:
                return candidate


DOSSIER = ("dossier", "aantafel dossier list")
MEETING = ("meeting", "aantafel meeting list DOSSIER")
AGREEMENT = ("agreement", "aantafel agreement list")
"""What a table's rows are called in messages, and where a user finds their ids."""


def _in_order(
    connection: Connection, table: Table, meeting_id: str, rows: Sequence[Mapping[str, object]]
) -> None:
    """A meeting's list (its people, the interventions used, the moves) in one statement, each row with
    its position so it reads back in the order it was given."""
    if rows:
        connection.execute(
            insert(table), [{"meeting_id": meeting_id, "position": n, **row} for n, row in enumerate(rows)]
        )


def _due_after_meeting(connection: Connection, dossier_id: str, meeting_id: str, due: date | None) -> None:
    """Refuse an agreement's due date before the day of the meeting it came from."""
    source = connection.execute(select(meetings).where(meetings.c.id == meeting_id)).first()
    if source is None or source.dossier_id != dossier_id:
        raise InvalidDossier("meeting", f"no meeting '{meeting_id}' in dossier {dossier_id}")
    held = (_aware(source.starts_at) or source.starts_at).astimezone().date()
    if due is not None and due < held:
        raise InvalidDossier(
            "due",
            f"{due.isoformat()} is before the meeting it came from ({held.isoformat()})",
            reason=InvalidDossier.BEFORE_MEETING,
        )


def _agreement_line(what: str, due: date | None) -> str:
    """An agreement as its history remembers it: what, and by when."""
    return f"{what} ({due.isoformat()})" if due else what


def _locked(
    connection: Connection, table: Table, row_id: str, expected_version: int, what: tuple[str, str]
) -> RowMapping:
    """The row to change, if it exists and is still at ``expected_version``: optimistic locking."""
    row = connection.execute(select(table).where(table.c.id == row_id)).first()
    if row is None:
        raise UnknownDossier(f"no {what[0]} '{row_id}'; see: {what[1]}")
    if row.version != expected_version:
        raise _changed(what[0], row_id, expected_version, row.version)
    return row._mapping


def _bump(
    connection: Connection,
    table: Table,
    row_id: str,
    expected_version: int,
    values: Mapping[str, object],
    what: tuple[str, str],
) -> None:
    """Write ``values`` and the next version, only if nobody else changed the row in between."""
    result = connection.execute(
        update(table)
        .where(table.c.id == row_id, table.c.version == expected_version)
        .values(**values, version=expected_version + 1)
    )
    if result.rowcount != 1:
        raise _changed(what[0], row_id, expected_version, None)


def _changed(what: str, row_id: str, expected_version: int, current: int | None) -> ChangedMeanwhile:
    now = f"; it is at version {current} now" if current is not None else ""
    return ChangedMeanwhile(
        f"{what} {row_id} was changed meanwhile (you started from version {expected_version}{now}). "
        "Nothing was saved: look at it again and redo your change"
    )


def _agreement(row: RowMapping) -> Agreement:
    return Agreement(
        id=row["id"],
        dossier_id=row["dossier_id"],
        meeting_id=row["meeting_id"],
        what=row["what"],
        side=row["side"],
        person=row["person"],
        due=row["due"],
        if_broken=row["if_broken"],
        status=row["status"],
        version=row["version"],
        created_at=_aware(row["created_at"]) or row["created_at"],
        updated_at=_aware(row["updated_at"]) or row["updated_at"],
    )


def _dossier(row: RowMapping) -> Dossier:
    values = {name: row[name] for name in _DOSSIER_FIELDS}
    for name in ("created_at", "updated_at", "deleted_at"):
        values[name] = _aware(values[name])
    return Dossier(**values)


def _explain(location: str, exc: DBAPIError) -> str:
    """What went wrong with the database, in words that say what to do."""
    reason = str(exc.orig).strip() or type(exc.orig).__name__
    lowered = reason.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return (
            f"{location} is not an aantafel database, or it is damaged ({reason}). Restore a backup, or move "
            "the file away to start with an empty one"
        )
    if "locked" in lowered:
        return f"{location} is busy: another program is writing to it ({reason}). Try again in a moment"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{location} cannot be written ({reason}); check the file's and folder's permissions"
    if "unable to open" in lowered:
        return f"cannot open {location} ({reason}); check that the folder exists and may be written"
    return f"database error in {location}: {reason}"
