"""Figures of many organisations' dossiers at once, for a trainer who follows fifty of them on one page.

Each figure is one grouped query over every dossier asked for, never one per dossier or organisation, so
the page costs the same few queries for three organisations or fifty; all are read in one snapshot, so the
figures agree with each other.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, or_, select

from aantafel.dossiers.model import RECORD_FIELDS
from aantafel.dossiers.people import DossierFigures
from aantafel.dossiers.schema import agreements, answers, changes, dossiers, meetings
from aantafel.dossiers.store.agreements import _of_status
from aantafel.dossiers.store.base import Base, _aware, _now, in_the_bin

Picked = dict[str, tuple[str, datetime, int]]
"""One meeting per dossier, by dossier id: its id, when it starts, and the answers counted in it."""


class Overview(Base):
    """The trainer's view of the dossiers of several organisations."""

    def overview(
        self, organisation_ids: Collection[str], check_ids: Collection[str]
    ) -> dict[str, list[DossierFigures]]:
        """The dossiers not in the bin of these organisations, by organisation id, each by title: its next
        meeting with the number of answers to ``check_ids`` given for it (answers to checks no longer
        installed are not counted), its overdue agreements, and its last review (the latest meeting
        before now whose record holds any text). Only what this store may read: an organisation it may
        not read, or one without dossiers, is not in the answer.

        Four queries (the dossiers, the next meetings, the last reviews, the overdue counts), however
        many organisations and dossiers there are."""
        chosen = select(dossiers.c.id).where(
            dossiers.c.organisation_id.in_(sorted(organisation_ids)),
            dossiers.c.deleted_at.is_(None),
            self._visible(),
        )
        now = _now()
        with self._snapshot() as connection:
            rows = connection.execute(
                select(dossiers.c.id, dossiers.c.organisation_id, dossiers.c.title, dossiers.c.counterpart)
                .where(dossiers.c.id.in_(chosen))
                .order_by(dossiers.c.organisation_id, dossiers.c.title, dossiers.c.id)
            ).all()
            coming = _picked(connection, _next(chosen, now, check_ids))
            reviewed = _picked(connection, _last_review(chosen, now))
            late = connection.execute(
                select(agreements.c.dossier_id, func.count())
                .where(agreements.c.dossier_id.in_(chosen), *_of_status("overdue"), in_the_bin(agreements))
                .group_by(agreements.c.dossier_id)
            )
            overdue = {row[0]: row[1] for row in late}
        figures: dict[str, list[DossierFigures]] = {}
        for row in rows:
            next_id, next_at, answered = coming.get(row.id, (None, None, 0))
            review_id, review_at, _ = reviewed.get(row.id, (None, None, 0))
            figures.setdefault(row.organisation_id, []).append(
                DossierFigures(
                    id=row.id,
                    organisation_id=row.organisation_id,
                    title=row.title,
                    counterpart=row.counterpart,
                    next_meeting=next_at,
                    next_meeting_id=next_id,
                    answered=answered,
                    overdue=overdue.get(row.id, 0),
                    last_review=review_at,
                    last_review_id=review_id,
                )
            )
        return figures

    def overview_mark(self, organisation_ids: Collection[str]) -> tuple[int, int]:
        """A mark that moves with every change to any dossier of these organisations (each write adds to
        its dossier's history): the trainer's page is kept until it does. One query."""
        query = select(func.count(), func.coalesce(func.max(changes.c.id), 0)).where(
            changes.c.dossier_id.in_(
                select(dossiers.c.id).where(
                    dossiers.c.organisation_id.in_(sorted(organisation_ids)), self._visible()
                )
            )
        )
        with self._errors(), self._engine.connect() as connection:
            count, last = connection.execute(query).one()
        return int(count), int(last)


def _one_per_dossier(chosen: Select[Any], which: ColumnElement[bool], *, latest: bool) -> Select[Any]:
    """The meeting of each chosen dossier that is the first (or, ``latest``, the last) of those that
    match ``which``: one query, joined to its dossier's earliest (latest) time."""
    pick = func.max if latest else func.min
    times = (
        select(meetings.c.dossier_id, pick(meetings.c.starts_at).label("at"))
        .where(meetings.c.dossier_id.in_(chosen), which)
        .group_by(meetings.c.dossier_id)
        .subquery()
    )
    return (
        select(meetings.c.dossier_id, meetings.c.id, meetings.c.starts_at)
        .join(times, and_(times.c.dossier_id == meetings.c.dossier_id, times.c.at == meetings.c.starts_at))
        .where(which)
    )


def _next(chosen: Select[Any], now: datetime, check_ids: Collection[str]) -> Select[Any]:
    """Each dossier's next meeting, with the answers to ``check_ids`` given in its preparation."""
    first = _one_per_dossier(chosen, and_(meetings.c.starts_at >= now, _going_ahead()), latest=False)
    counted = and_(answers.c.meeting_id == meetings.c.id, answers.c.check_id.in_(sorted(check_ids)))
    return (
        first.add_columns(func.count(answers.c.check_id))
        .outerjoin(answers, counted)
        .group_by(meetings.c.dossier_id, meetings.c.id, meetings.c.starts_at)
    )


def _last_review(chosen: Select[Any], now: datetime) -> Select[Any]:
    """Each dossier's latest meeting before now whose record holds any text."""
    written = or_(*(meetings.c[field] != "" for field in RECORD_FIELDS))
    return _one_per_dossier(
        chosen, and_(meetings.c.starts_at < now, written, in_the_bin(meetings)), latest=True
    )


def _going_ahead() -> ColumnElement[bool]:
    """Meetings that will take place: not called off, not in the bin."""
    return and_(meetings.c.cancelled_at.is_(None), in_the_bin(meetings))


def _picked(connection: Connection, query: Select[Any]) -> Picked:
    """The meetings ``query`` gives, one per dossier (of two at the very same time, the lower id), with
    the count the query adds, if any."""
    picked: Picked = {}
    for dossier_id, meeting_id, starts_at, *counted in connection.execute(query.order_by(meetings.c.id)):
        picked.setdefault(
            dossier_id, (meeting_id, _aware(starts_at) or starts_at, counted[0] if counted else 0)
        )
    return picked
