"""What every guided flow of the coach shares: a question asked until its answer can be read, and the
dossier and meeting a conversation is about, picked by number or title, or started from what is typed.

Each is a generator in the shape of a flow (``flows``): it yields the lines to show, the question last, and
receives what the user typed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Sequence
from typing import TYPE_CHECKING, TypeVar

from aantafel.dossiers.model import InvalidDossier
from aantafel.refusals import Refusal
from aantafel.usecases import readers

if TYPE_CHECKING:
    from aantafel.dossiers.model import Dossier, Meeting
    from aantafel_repl.coach import Coach

T = TypeVar("T")
Asking = Generator[tuple[str, ...], str, T]
"""Yields lines ending in a question, receives what was typed, returns what was chosen or read."""


def until(coach: Coach, said: Sequence[str], question: Sequence[str], read: Callable[[str], T]) -> Asking[T]:
    """Ask ``question`` (its last line is the question itself: it comes back after a command in between)
    until ``read`` takes what is typed; what it refuses is said, in the coach's words, and asked again."""
    shown = (*said, *question)
    while True:
        typed = (yield shown).strip()
        try:
            return read(typed)
        except Refusal as exc:
            shown = (coach.explain(exc), *question)


def _needed(field: str) -> Callable[[str], str]:
    """A reader for text that must not be empty."""

    def read(typed: str) -> str:
        if not typed:
            raise InvalidDossier("missing", field)
        return typed

    return read


def choose_dossier(coach: Coach, *, again: bool = False, typed: str = "") -> Asking[Dossier]:
    """The dossier to work in: the current one, else one picked by number or title, or started with a new
    title. ``typed`` is an answer given in advance (``/dossier Huur buurthuis``)."""
    from aantafel.dossiers.model import TITLE_LIMIT, UnknownDossier

    store = coach.store
    if coach.dossier_id and not again:
        with contextlib.suppress(UnknownDossier):
            current = store.dossier(coach.dossier_id)
            if current.deleted_at is None:
                return current
        coach.dossier_id = coach.meeting_id = coach.meeting_starts = None  # gone or in the bin since
    dossiers = store.dossiers()
    by_title = {dossier.title.casefold(): dossier for dossier in dossiers}

    def pick(title: str) -> Dossier:
        if title.isdigit() and 1 <= int(title) <= len(dossiers):
            return dossiers[int(title) - 1]
        found = by_title.get(_needed("title")(title).casefold())
        return found or store.create_dossier({"title": title[:TITLE_LIMIT]}, author=coach.author)

    listed = [f"  {number}. {dossier.title}" for number, dossier in enumerate(dossiers, 1)]
    question = coach.say("pick dossier") if dossiers else coach.say("new dossier")
    chosen = pick(typed) if typed else (yield from until(coach, listed, (question,), pick))
    coach.dossier_id, coach.dossier_title = chosen.id, chosen.title
    coach.meeting_id = coach.meeting_starts = None
    coach.remember()
    return chosen


def choose_meeting(coach: Coach) -> Asking[Meeting]:
    """The meeting to prepare or write about: the current one, else one picked or planned by its date."""
    store = coach.store
    dossier = yield from choose_dossier(coach)
    if coach.meeting_id:
        return store.meeting(coach.meeting_id)
    meetings = store.meetings(dossier.id)

    def pick(typed: str) -> Meeting:
        if typed.isdigit() and 1 <= int(typed) <= len(meetings):
            return meetings[int(typed) - 1]
        return store.add_meeting(dossier.id, starts_at=readers.moment(typed), author=coach.author)

    listed = [coach.say("dossier is", title=dossier.title)]
    listed += [f"  {n}. {coach.when(m.starts_at)}" for n, m in enumerate(meetings, 1)]
    question = coach.say("pick meeting") if meetings else coach.say("new meeting")
    chosen = yield from until(coach, listed, (question,), pick)
    coach.meeting_id, coach.meeting_starts = chosen.id, chosen.starts_at
    return chosen
