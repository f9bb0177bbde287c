"""Saving a row field by field: merging a save made from an older version, and undoing a change.

Every change of a dossier, meeting or agreement keeps, in its history entry, the row's version after it
and the old and new value of each field it changed. That is enough to rebuild the row as any earlier
version saw it, so a save made from version 3 when the row is at 5 is a three-way merge: a field only
the other person changed keeps their value, a field only this person changed takes theirs, and a field
both changed to different values is a conflict (``EditConflict``) and nothing is stored. Undoing writes a
change's old values back as a new change, which is itself in the history and can be undone.

Values are kept as JSON holds them (text, ISO dates and times, lists), the same on SQLite and
PostgreSQL; ``_READERS`` and ``_WRITERS`` turn a row into such values and back, per subject.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

import attrs
from sqlalchemy import Connection, RowMapping, Table, delete, insert, select, update

from aantafel.dossiers.fields import TEXT_FIELDS
from aantafel.dossiers.model import (
    RECORD_FIELDS,
    STATUSES,
    TITLE_LIMIT,
    Action,
    Change,
    DossierError,
    EditConflict,
    FieldConflict,
    Move,
    Participant,
    Subject,
    UnknownDossier,
    clean_intervention,
    clean_move,
    clean_participant,
    listed,
    one_of,
    text,
)
from aantafel.dossiers.schema import (
    agreements,
    changes,
    dossiers,
    meeting_interventions,
    meetings,
    moves,
    participants,
)
from aantafel.dossiers.store.base import _TABLES, Base, _aware, _bump, _now
from aantafel.dossiers.store.history import change_of
from aantafel.dossiers.story import edits_of

Values = dict[str, Any]
"""A row's editable fields as JSON holds them."""
Edits = dict[str, tuple[Any, Any]]
"""Field → (old, new)."""


class Editing(Base):
    """``_save``, the one way a row's fields change; ``undo``; and what changed a row since a version."""

    def _save(
        self,
        connection: Connection,
        subject: Subject,
        row_id: str,
        expected_version: int,
        yours: Mapping[str, Any],
        *,
        action: Action,
        author: str,
        check: Callable[[Edits], None] | None = None,
        keep: Collection[str] = (),
        field: str | None = None,
        old: str | None = None,
        new: str | None = None,
    ) -> Edits:
        """Write the fields of ``yours`` that differ from the row, merged with what others saved since
        ``expected_version``, and add one history entry (or, for a dossier, one per field, as its history
        has always read). ``check`` sees the edits before they are written and may refuse them. Returns the
        edits; none when nothing changed. ``keep`` names fields whose stored value stays, whatever
        ``yours`` says: the person chose the other person's value in a conflict."""
        yours = {name: value for name, value in yours.items() if name not in keep}
        table = _TABLES[subject]
        row = self._existing(connection, table, row_id)
        theirs = _READERS[subject](connection, row)
        version = row["version"]
        if version != expected_version:
            yours = self._merged(connection, subject, row_id, expected_version, version, theirs, yours)
        edits = {name: (theirs[name], value) for name, value in yours.items() if theirs[name] != value}
        if not edits:
            return {}
        if check is not None:
            check(edits)
        now = _now()
        _WRITERS[subject](connection, row_id, {name: value for name, (_, value) in edits.items()})
        _bump(connection, table, row_id, version, {"updated_at": now})
        dossier_id = row_id if subject == "dossier" else row["dossier_id"]
        per_field = [{name: edit} for name, edit in edits.items()] if subject == "dossier" else [edits]
        for number, part in enumerate(per_field, 1):
            shown = (field, old, new)
            if subject == "dossier" and action == "edited":
                [(name, (before, after))] = part.items()
                shown = (name, before, after)
            self._log(
                connection,
                dossier_id,
                action,
                at=now,
                author=author,
                field=shown[0],
                old=shown[1],
                new=shown[2],
                subject=subject,
                row_id=row_id,
                version=version + 1,
                edits=json.dumps(part, ensure_ascii=False, sort_keys=True),
                search=number == len(per_field),
            )
        return edits

    def _merged(
        self,
        connection: Connection,
        subject: Subject,
        row_id: str,
        expected_version: int,
        version: int,
        theirs: Values,
        yours: Mapping[str, Any],
    ) -> Values:
        """The part of ``yours`` to write on top of ``theirs``: the fields this person changed from what
        their form showed (the row at ``expected_version``, rebuilt from the history); ``EditConflict``
        when someone else changed one of them too, to something else."""
        later = self._changed_since(connection, subject, row_id, expected_version)
        base = dict(theirs)
        by: dict[str, list[str]] = {}
        for entry in reversed(later):
            for name, (before, _after) in edits_of(entry).items():
                base[name] = before
                by.setdefault(name, []).insert(0, entry.author)
        kept: Values = {}
        conflicts: list[FieldConflict] = []
        for name, value in yours.items():
            if value == base.get(name):
                continue  # not changed in this form: what others saved stays
            if name in by and value != theirs[name]:
                who = tuple(dict.fromkeys(by[name]))
                conflicts.append(
                    FieldConflict(field=name, base=base[name], theirs=theirs[name], yours=value, by=who)
                )
            else:
                kept[name] = value
        if conflicts:
            raise EditConflict(
                subject, row_id, version=version, conflicts=tuple(conflicts), merged={**theirs, **kept}
            )
        return kept

    @staticmethod
    def _changed_since(connection: Connection, subject: Subject, row_id: str, version: int) -> list[Change]:
        query = (
            select(changes)
            .where(changes.c.row_id == row_id, changes.c.subject == subject, changes.c.version > version)
            .order_by(changes.c.id)
        )
        return [change_of(row._mapping) for row in connection.execute(query)]

    def changes_since(self, subject: Subject, row_id: str, version: int) -> list[Change]:
        """What others changed in a row after ``version``, oldest first: a front-end names them after a
        save that was merged ("Anna changed the goal meanwhile; that is kept")."""
        table = _TABLES[subject]
        with self._errors(), self._engine.connect() as connection:
            row = self._existing(connection, table, row_id, writing=False)
            return self._changed_since(connection, subject, row["id"], version)

    def undo(self, dossier_id: str, change_id: int, *, author: str) -> Change:
        """Write back the old values of change ``change_id`` of a dossier's history, as a new change (which
        can be undone in turn). Refused when a field it changed has changed again since, or when the
        change wrote nothing that can be written back (a dossier made, a meeting added)."""
        with self.transaction() as connection:
            self._existing(connection, dossiers, dossier_id)
            found = connection.execute(
                select(changes).where(changes.c.id == change_id, changes.c.dossier_id == dossier_id)
            ).first()
            if found is None:
                raise DossierError("unknown change", reference=str(change_id))
            entry = change_of(found._mapping)
            if entry.subject is None or entry.row_id is None or entry.edits is None:
                raise DossierError("not undoable")
            try:
                row = self._existing(connection, _TABLES[entry.subject], entry.row_id)
            except UnknownDossier:
                raise DossierError("not undoable") from None
            if (row["id"] if entry.subject == "dossier" else row["dossier_id"]) != dossier_id:
                raise DossierError("not undoable")  # an imported history naming another dossier's row
            now = _READERS[entry.subject](connection, row)
            edits = edits_of(entry)
            moved = [name for name, (_before, after) in edits.items() if now.get(name) != after]
            if moved:
                raise DossierError("changed since", fields=tuple(moved))
            self._save(
                connection,
                entry.subject,
                entry.row_id,
                row["version"],
                {name: before for name, (before, _after) in edits.items()},
                action="undone",
                author=author,
                field=entry.field,
                old=entry.new,
                new=entry.old,
            )
            last = connection.execute(
                select(changes)
                .where(changes.c.dossier_id == dossier_id)
                .order_by(changes.c.id.desc())
                .limit(1)
            ).one()
        return change_of(last._mapping)


def _moment(value: datetime | None) -> str | None:
    value = _aware(value)
    return None if value is None else value.astimezone(UTC).isoformat()


def _dossier_values(_connection: Connection, row: RowMapping) -> Values:
    return {name: row[name] for name in ("title", *TEXT_FIELDS)}


def _meeting_values(connection: Connection, row: RowMapping) -> Values:
    meeting_id = row["id"]
    people = connection.execute(
        select(participants.c.name, participants.c.side, participants.c.role, participants.c.binding)
        .where(participants.c.meeting_id == meeting_id)
        .order_by(participants.c.position)
    ).all()
    used = connection.execute(
        select(meeting_interventions.c.intervention_id)
        .where(meeting_interventions.c.meeting_id == meeting_id)
        .order_by(meeting_interventions.c.position)
    ).scalars()
    made = connection.execute(
        select(moves.c.side, moves.c.kind, moves.c.what, moves.c.condition)
        .where(moves.c.meeting_id == meeting_id)
        .order_by(moves.c.position)
    ).all()
    return {
        "starts_at": _moment(row["starts_at"]),
        "place": row["place"],
        "purpose": row["purpose"],
        "people": [list(person) for person in people],
        **{name: row[name] for name in RECORD_FIELDS},
        "interventions": list(used),
        "moves": [list(move) for move in made],
        "cancelled_at": _moment(row["cancelled_at"]),
        "deleted_at": _moment(row["deleted_at"]),
    }


def _agreement_values(_connection: Connection, row: RowMapping) -> Values:
    due = row["due"]
    return {
        "what": row["what"],
        "side": row["side"],
        "person": row["person"],
        "due": due.isoformat() if isinstance(due, date) else None,
        "if_broken": row["if_broken"],
        "status": row["status"],
        "deleted_at": _moment(row["deleted_at"]),
    }


_READERS: dict[Subject, Callable[[Connection, RowMapping], Values]] = {
    "dossier": _dossier_values,
    "meeting": _meeting_values,
    "agreement": _agreement_values,
}


def _time(value: object) -> datetime | None:
    return None if value is None else datetime.fromisoformat(str(value))


def _write_dossier(connection: Connection, row_id: str, values: Values) -> None:
    written = {
        name: text(name, str(value), TITLE_LIMIT) if name == "title" else text(name, str(value))
        for name, value in values.items()
    }
    connection.execute(update(dossiers).where(dossiers.c.id == row_id).values(**written))


def _write_meeting(connection: Connection, row_id: str, values: Values) -> None:
    """The meeting's own columns, and each of its lists written whole (see ``store.meetings``)."""
    columns: Values = {}
    for name, value in values.items():
        if name in ("starts_at", "cancelled_at", "deleted_at"):
            columns[name] = _time(value)
        elif name in ("place", "purpose", *RECORD_FIELDS):
            columns[name] = text(name, str(value))
        elif name == "people":
            people = [
                clean_participant(f"participant {n}", listed(Participant, p)) for n, p in enumerate(value, 1)
            ]
            _replace(connection, participants, row_id, [attrs.asdict(person) for person in people])
        elif name == "interventions":
            used = [clean_intervention(f"intervention {n}", i) for n, i in enumerate(value, 1)]
            _replace(connection, meeting_interventions, row_id, [{"intervention_id": i} for i in used])
        elif name == "moves":
            made = [clean_move(f"move {n}", listed(Move, m)) for n, m in enumerate(value, 1)]
            _replace(connection, moves, row_id, [attrs.asdict(move) for move in made])
    if columns:
        connection.execute(update(meetings).where(meetings.c.id == row_id).values(**columns))


def _write_agreement(connection: Connection, row_id: str, values: Values) -> None:
    columns: Values = {}
    for name, value in values.items():
        if name == "due":
            columns[name] = None if value is None else date.fromisoformat(str(value))
        elif name == "deleted_at":
            columns[name] = _time(value)
        elif name == "status":
            columns[name] = one_of("status", str(value), STATUSES, "status")
        else:
            columns[name] = text(name, str(value))
    connection.execute(update(agreements).where(agreements.c.id == row_id).values(**columns))


_WRITERS: dict[Subject, Callable[[Connection, str, Values], None]] = {
    "dossier": _write_dossier,
    "meeting": _write_meeting,
    "agreement": _write_agreement,
}


def _replace(
    connection: Connection, table: Table, meeting_id: str, rows: Sequence[Mapping[str, object]]
) -> None:
    """A meeting's list written whole: an edit never leaves an old row behind."""
    connection.execute(delete(table).where(table.c.meeting_id == meeting_id))
    _in_order(connection, table, meeting_id, rows)


def _in_order(
    connection: Connection, table: Table, meeting_id: str, rows: Sequence[Mapping[str, object]]
) -> None:
    """A meeting's list (its people, the interventions used, the moves) in one statement, each row with
    its position so it reads back in the order it was given."""
    if rows:
        connection.execute(
            insert(table), [{"meeting_id": meeting_id, "position": n, **row} for n, row in enumerate(rows)]
        )
