"""Dossiers themselves: creating, reading, listing and editing one, field by field.

An edit writes one history entry per changed field (with the old and new value), and none when nothing
changed, so the history reads as what people actually did.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from attrs import fields
from sqlalchemy import RowMapping, func, insert, select

from aantafel.dossiers.model import Dossier, InvalidDossier, clean
from aantafel.dossiers.people import NotAllowed
from aantafel.dossiers.schema import dossiers, meetings
from aantafel.dossiers.store.base import _aware, _now, in_the_bin
from aantafel.dossiers.store.edits import Editing

_DOSSIER_FIELDS = tuple(a.name for a in fields(Dossier))


class Dossiers(Editing):
    """The dossiers' own fields; their meetings and agreements are other aggregates."""

    def create_dossier(
        self, values: Mapping[str, object], *, author: str, organisation_id: str | None = None
    ) -> Dossier:
        """Store a new dossier; ``values`` holds the title and any of the other fields. In accounts mode it
        belongs to ``organisation_id``, which may be left out when the person changes the dossiers of one
        organisation only."""
        cleaned = clean(values, creating=True)
        owner = self._owner(organisation_id)
        now = _now()
        with self.transaction() as connection:
            dossier_id = self._new_id(connection, dossiers)
            connection.execute(
                insert(dossiers).values(
                    id=dossier_id, **cleaned, version=1, created_at=now, updated_at=now, organisation_id=owner
                )
            )
            self._log(connection, dossier_id, "created", at=now, author=author)
        return self.dossier(dossier_id)

    def _owner(self, organisation_id: str | None) -> str | None:
        """The organisation a new dossier of this store's person goes to; None in single-user mode."""
        if self._access is None:
            return organisation_id
        if not self._access.writes:
            raise NotAllowed("not a member")
        if organisation_id is None and len(self._access.writes) == 1:
            [organisation_id] = self._access.writes
        if organisation_id is None:
            raise InvalidDossier("no organisation", "organisation_id")
        if organisation_id not in self._access.writes:
            raise NotAllowed("not a member")
        return organisation_id

    def dossier(self, reference: str) -> Dossier:
        """The dossier with this id, or with the only id that starts with ``reference`` (as git does)."""
        return _dossier(self._find(dossiers, reference))

    def dossiers(self, *, in_bin: bool = False, limit: int | None = None, offset: int = 0) -> list[Dossier]:
        """The dossiers in use (or, with ``in_bin``, the deleted ones), the most recently changed first;
        ``limit`` of them from ``offset`` on, for a list shown a page at a time."""
        query = (
            select(dossiers)
            .where(in_the_bin(dossiers, in_bin), self._visible())
            .order_by(dossiers.c.updated_at.desc(), dossiers.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self._errors(), self._engine.connect() as connection:
            return [_dossier(row._mapping) for row in connection.execute(query)]

    def count_dossiers(self, *, in_bin: bool = False) -> int:
        """How many dossiers are in use (or in the bin)."""
        query = (
            select(func.count()).select_from(dossiers).where(in_the_bin(dossiers, in_bin), self._visible())
        )
        with self._errors(), self._engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def titles(self, dossier_ids: Collection[str]) -> dict[str, str]:
        """The titles of these dossiers, by id: for a list of agreements that names where each is from."""
        query = select(dossiers.c.id, dossiers.c.title).where(
            dossiers.c.id.in_(list(dossier_ids)), self._visible()
        )
        with self._errors(), self._engine.connect() as connection:
            return {row[0]: row[1] for row in connection.execute(query)}

    def next_meetings(self, dossier_ids: Collection[str] | None = None) -> dict[str, datetime]:
        """When each dossier's next meeting starts (the first from now on), by dossier id: one query, for a
        list of dossiers that says what comes next in each (only those in ``dossier_ids`` when given)."""
        query = (
            select(meetings.c.dossier_id, func.min(meetings.c.starts_at))
            .where(
                meetings.c.starts_at >= _now(),
                meetings.c.cancelled_at.is_(None),
                in_the_bin(meetings),
                *self._readable(meetings),
            )
            .group_by(meetings.c.dossier_id)
        )
        if dossier_ids is not None:
            query = query.where(meetings.c.dossier_id.in_(list(dossier_ids)))
        with self._errors(), self._engine.connect() as connection:
            return {dossier_id: _aware(start) or start for dossier_id, start in connection.execute(query)}

    def update_dossier(
        self,
        dossier_id: str,
        values: Mapping[str, object],
        *,
        expected_version: int,
        author: str,
        keep: Collection[str] = (),
    ) -> Dossier:
        """Change fields of a dossier, as they were at ``expected_version``: what others saved since is
        kept, and a field both changed is an ``EditConflict`` with nothing stored (see ``store.edits``)."""
        cleaned = clean(values, creating=False)
        with self.transaction() as connection:
            row = self._existing(connection, dossiers, dossier_id)
            self._save(
                connection,
                "dossier",
                row["id"],
                expected_version,
                cleaned,
                action="edited",
                author=author,
                keep=keep,
            )
        return self.dossier(dossier_id)


def _dossier(row: RowMapping) -> Dossier:
    values = {name: row[name] for name in _DOSSIER_FIELDS}
    for name in ("created_at", "updated_at", "deleted_at"):
        values[name] = _aware(values[name])
    return Dossier(**values)
