"""A dossier's history: the one place that writes it, and the reads of it.

Every write method adds its entry through ``log_change``, inside its own transaction, so an entry exists
exactly when its change does. That makes the history also what tells a front-end that a dossier changed:
``last_change`` reads only its count and newest id, on the fastest path there is, because every view of a
dossier page asks it.
"""

from __future__ import annotations

import functools

import attrs
from sqlalchemy import Connection, RowMapping, bindparam, func, insert, literal_column, select

from aantafel.dossiers.model import ROW_ID, Change, clean_change
from aantafel.dossiers.schema import agreements, changes, dossiers
from aantafel.dossiers.store.base import Base, _aware

_LAST_CHANGE = select(func.count(), func.coalesce(func.max(changes.c.id), literal_column("0"))).where(
    changes.c.dossier_id == bindparam("dossier_id")
)  # one parameter only, so the driver's own call in Store.last_change can pass it


def log_change(connection: Connection, entry: Change, *, person_id: str | None = None) -> None:
    """Add one entry to a dossier's history, in the transaction of the change it records; checked like
    every other text, so an author no database can store refuses the change instead of failing in it."""
    values = attrs.asdict(clean_change(entry))
    del values["id"]
    connection.execute(insert(changes).values(**values, person_id=person_id))


def change_of(row: RowMapping) -> Change:
    """A history entry as the model holds it, with its place in the history (``id``)."""
    return Change(
        id=row["id"],
        dossier_id=row["dossier_id"],
        at=_aware(row["at"]) or row["at"],
        author=row["author"],
        action=row["action"],
        field=row["field"],
        old=row["old"],
        new=row["new"],
        subject=row["subject"],
        row_id=row["row_id"],
        version=row["version"],
        edits=row["edits"],
    )


class History(Base):
    """Reading what happened: the history of a dossier or of one agreement, and its latest mark."""

    def last_change(self, dossier_id: str) -> tuple[int, int]:
        """A mark that moves with every change to dossier ``dossier_id``, its meetings and agreements
        included (each write adds to its history in the same transaction), and is ``(0, 0)`` for an
        unknown id. Something made from a dossier, such as its web page, can be kept until the mark moves.

        It is asked on every view of a dossier page, so it runs its statement, compiled once for this
        database, on a pooled driver connection: SQLAlchemy's execution layer took three quarters of the
        time (70 of 90 us). When the driver fails, the usual path runs again and reports the problem."""
        if not ROW_ID.fullmatch(dossier_id):
            return 0, 0  # not an id (a web address with a NUL in it): no database is asked
        sql, positional = self._last_change_sql
        self._same_file()
        try:
            driver = self._engine.raw_connection()
            try:
                cursor = driver.cursor()
                cursor.execute(sql, (dossier_id,) if positional else {"dossier_id": dossier_id})
                count, last = cursor.fetchone() or (0, 0)
                cursor.close()
            finally:
                driver.close()
        except self._engine.dialect.loaded_dbapi.Error:
            with self._errors(), self._engine.connect() as connection:
                count, last = connection.execute(_LAST_CHANGE, {"dossier_id": dossier_id}).one()
        return int(count), int(last)

    @functools.cached_property
    def _last_change_sql(self) -> tuple[str, bool]:
        compiled = _LAST_CHANGE.compile(dialect=self._engine.dialect)
        return str(compiled), bool(compiled.positional)

    def history(self, dossier_id: str, *, last: int | None = None) -> list[Change]:
        """Everything that happened to a dossier (or the ``last`` entries of it), oldest first."""
        self._may_read(dossiers, dossier_id)
        newest_first = changes.c.id.desc()
        query = select(changes).where(changes.c.dossier_id == dossier_id).order_by(newest_first).limit(last)
        with self._errors(), self._engine.connect() as connection:
            return [change_of(row._mapping) for row in reversed(connection.execute(query).all())]

    def agreement_history(self, agreement_id: str) -> list[Change]:
        """The agreement's entries in its dossier's history: added, and every change of status."""
        return [
            change
            for change in self.history(self._find(agreements, agreement_id)["dossier_id"])
            if change.field == agreement_id and change.action.startswith("agreement")
        ]
