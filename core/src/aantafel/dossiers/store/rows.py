"""A dossier's rows as they are stored, for an export that loses nothing and an import that adds nothing.

The file format (which fields, how rows nest, how values are written and checked) is ``exchange``'s
business; the store only hands out and takes in the rows of its own tables, so that both go through its
connections, its error messages and its transactions like every other read and write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from itertools import groupby

from sqlalchemy import ColumnElement, Table, insert, select

from aantafel.dossiers.model import DossierError
from aantafel.dossiers.schema import (
    LOCAL,
    agreements,
    answers,
    changes,
    dossiers,
    meeting_interventions,
    meetings,
    moves,
    participants,
)
from aantafel.dossiers.store.base import _aware
from aantafel.dossiers.store.dossiers import Dossiers
from aantafel.dossiers.store.search import refresh_dossier

TABLES = (dossiers, meetings, participants, meeting_interventions, moves, answers, agreements, changes)
"""Every table that holds part of a dossier, each after the tables its rows refer to."""

DossierRows = dict[str, list[dict[str, object]]]
"""A dossier's rows by table name, each row by column name."""


class Rows(Dossiers):
    """A whole dossier's rows, out and in."""

    def export_rows(self, dossier_id: str) -> DossierRows:
        """Every row of dossier ``dossier_id`` (an exact id), each table's in the order of its key, with
        times in UTC; read in one transaction, so a change made meanwhile is in it wholly or not at all."""
        self._may_read(dossiers, dossier_id)
        with self._snapshot() as connection:
            return {
                table.name: [
                    {
                        name: _aware(value) if isinstance(value, datetime) else value
                        for name, value in row.items()
                        if name not in LOCAL
                    }
                    for row in connection.execute(
                        select(table).where(_belongs(table, dossier_id)).order_by(*table.primary_key)
                    ).mappings()
                ]
                for table in TABLES
            }

    def import_rows(
        self, rows: Mapping[str, Sequence[Mapping[str, object]]], *, organisation_id: str | None = None
    ) -> None:
        """Write one dossier's rows, by table name as ``export_rows`` gives them, checked already, in one
        transaction. Refused when the dossier's id, or a meeting's or agreement's, is in use: an import
        never mixes with another dossier. In accounts mode the dossier goes to the organisation of the
        person importing it (``organisation_id``, or their only one)."""
        [dossier] = rows[dossiers.name]
        owner = self._owner(organisation_id)
        rows = {**rows, dossiers.name: [{**dossier, "organisation_id": owner}]}
        with self.transaction() as connection:
            if connection.execute(select(dossiers.c.id).where(dossiers.c.id == dossier["id"])).first():
                raise DossierError("id in use", dossier=dossier["id"])
            for table, what in ((meetings, "meeting"), (agreements, "agreement")):
                ids = [row["id"] for row in rows.get(table.name, ())]
                taken = connection.execute(select(table.c.id).where(table.c.id.in_(ids))).scalars().first()
                if taken is not None:
                    raise DossierError("row in use", what=what, reference=taken)
            for table in TABLES:
                # one statement per run of rows with the same columns: a statement for several rows takes
                # its columns from the first, and would leave out a column only a later row has
                for _columns, same in groupby(rows.get(table.name, ()), key=set):
                    connection.execute(insert(table), list(same))
            refresh_dossier(connection, str(dossier["id"]))


def _belongs(table: Table, dossier_id: str) -> ColumnElement[bool]:
    """Which of ``table``'s rows are part of the dossier: by its own id, or through one of its meetings."""
    if table is dossiers:
        return dossiers.c.id == dossier_id
    if "dossier_id" in table.c:
        return table.c.dossier_id == dossier_id
    return table.c.meeting_id.in_(select(meetings.c.id).where(meetings.c.dossier_id == dossier_id))
