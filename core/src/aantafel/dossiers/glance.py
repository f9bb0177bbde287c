"""The negotiation at a glance: what each side gave and took, meeting by meeting, and where the agreements
stand.

The sixth principle asks for a balance of give and take. Each meeting's record lists the moves one by one;
laid side by side they show what a list cannot: that we conceded three times and they only offered, or
that half of what was agreed is late. This module counts; a front-end draws (the web page an SVG and a
table). It takes what the dossier's page has read already, plus the moves of every meeting in one read
(``Store.moves_by_meeting``), so the picture costs the page one query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from attrs import frozen

from aantafel.dossiers.model import STATUSES, Agreement, Meeting, Move

SHOWN = 12
"""Meetings in the picture: the latest ones. A phone has room for a dozen bars side by side, and a year of
talks is about that; earlier meetings are counted as left out, and their moves are on their own pages."""
SIDES = ("ours", "theirs")
"""The sides every picture shows, ours first; a third side ("other") only where it made a move."""


@frozen(kw_only=True)
class Column:
    """One meeting in the picture: its number among the dossier's meetings that count, when it was, and
    the moves written down for it."""

    number: int
    meeting_id: str
    starts_at: datetime
    moves: tuple[Move, ...]

    def made(self, side: str, kind: str) -> tuple[Move, ...]:
        """The moves of ``side`` of this kind, in the order they were written down."""
        return tuple(move for move in self.moves if move.side == side and move.kind == kind)

    def count(self, side: str, kind: str | None = None) -> int:
        """How many moves ``side`` made here (of ``kind``, or of every kind)."""
        return sum(1 for move in self.moves if move.side == side and kind in (None, move.kind))


@frozen(kw_only=True)
class Glance:
    """A dossier's give and take per meeting and its agreements per status, ready to draw."""

    columns: tuple[Column, ...]
    """The latest meetings that count (held by today, or with moves written down), the earliest first."""
    left_out: int
    """Earlier meetings that count but are not in the picture (more than ``SHOWN``)."""
    sides: tuple[str, ...]
    """The sides to draw: ours and theirs, and "other" when it made a move in a column."""
    statuses: tuple[tuple[str, int], ...]
    """How many agreements are in each state: open (and not late), overdue, done, broken, in that order;
    every state the model knows, with zero where none is."""

    @property
    def moved(self) -> bool:
        """Whether any move was written down in the meetings shown."""
        return any(column.moves for column in self.columns)

    @property
    def agreed(self) -> bool:
        """Whether the dossier holds any agreement."""
        return any(count for _status, count in self.statuses)

    def total(self, side: str, kind: str) -> int:
        """How many moves of this kind ``side`` made in the meetings shown."""
        return sum(column.count(side, kind) for column in self.columns)

    @property
    def most(self) -> int:
        """The most moves one side made in one meeting shown (at least 1): the height of the scale."""
        return max((column.count(side) for column in self.columns for side in self.sides), default=0) or 1


def glance(
    meetings: Sequence[Meeting],
    moves: Mapping[str, Sequence[Move]],
    agreements: Sequence[Agreement],
    today: date,
    *,
    shown: int = SHOWN,
) -> Glance:
    """The picture of a dossier from its ``meetings`` (the earliest first, as the store gives them), the
    ``moves`` of each by meeting id (``Store.moves_by_meeting``) and its ``agreements``, on ``today``.

    A meeting counts once it was held (its day is ``today`` or earlier) or has moves written down: a
    planned one would stand as an empty bar, as if nothing had moved there. Moves of a meeting that is not
    in ``meetings`` (added between two reads) are left out."""
    counted = [
        meeting
        for meeting in meetings
        if meeting.starts_at.astimezone().date() <= today or moves.get(meeting.id)
    ]
    first = max(len(counted) - shown, 0)
    columns = tuple(
        Column(
            number=number,
            meeting_id=meeting.id,
            starts_at=meeting.starts_at,
            moves=tuple(moves.get(meeting.id, ())),
        )
        for number, meeting in enumerate(counted[first:], first + 1)
    )
    others = tuple(sorted({move.side for column in columns for move in column.moves} - set(SIDES)))
    return Glance(
        columns=columns, left_out=first, sides=SIDES + others, statuses=_by_status(agreements, today)
    )


def _by_status(agreements: Sequence[Agreement], today: date) -> tuple[tuple[str, int], ...]:
    """Agreements per state, a late one counted as overdue and not also as open, as the dossier's list
    names it; overdue right after open, where it belongs."""
    states = [
        state for status in STATUSES for state in ((status, "overdue") if status == "open" else (status,))
    ]
    counts = dict.fromkeys(states, 0)
    for agreement in agreements:
        state = "overdue" if agreement.overdue(today) else agreement.status
        counts[state] = counts.get(state, 0) + 1
    return tuple(counts.items())
