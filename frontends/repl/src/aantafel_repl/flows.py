"""Guided flows: the coach asks one question at a time and stores each answer the moment it is given.

A flow is a generator: it yields the lines to show (the question last), receives what the user typed, and
returns its closing lines. Every answer is written to the dossier store before the next question, so a
flow that is left halfway (Ctrl-C, ``/quit``, an error in a later step) loses nothing, and ``/prepare``
carries on where it stopped. What is asked, what an answer must hold and what it leads to are the core's
(``aantafel.usecases``); so is reading what people type ("nee, de wethouder komt niet", "3-12-2026 14:00").
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING

from aantafel.refusals import Refusal
from aantafel.usecases import readers

if TYPE_CHECKING:
    from aantafel.dossiers.model import Dossier, Meeting
    from aantafel.usecases.preparation import Given, Preparation, Proposal, Question
    from aantafel.usecases.records import Part
    from aantafel_repl.coach import Coach

Flow = Generator[tuple[str, ...], str, tuple[str, ...]]
"""Yields lines ending in a question, receives the answer typed, returns the closing lines."""
Asking = Generator[tuple[str, ...], str, str]


def _advice(text: str) -> list[str]:
    """A check's advice (Markdown, often a list) laid out as ``aantafel show`` lays it out."""
    from aantafel.plaintext import markdown

    return markdown(text, "  ").splitlines()


def choose_dossier(
    coach: Coach, *, again: bool = False, typed: str = ""
) -> Generator[tuple[str, ...], str, Dossier]:
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
    listed = [f"  {number}. {dossier.title}" for number, dossier in enumerate(dossiers, 1)]
    question = coach.say("pick dossier") if dossiers else coach.say("new dossier")
    shown: tuple[str, ...] = (*listed, question)
    while True:
        typed = typed or (yield shown).strip()
        if typed.isdigit() and 1 <= int(typed) <= len(dossiers):
            chosen = dossiers[int(typed) - 1]
        elif typed.casefold() in by_title:
            chosen = by_title[typed.casefold()]
        elif typed:
            chosen = store.create_dossier({"title": typed[:TITLE_LIMIT]}, author=coach.author)
        else:
            shown = (question,)
            continue
        coach.dossier_id, coach.dossier_title = chosen.id, chosen.title
        coach.meeting_id = coach.meeting_starts = None
        coach.remember()
        return chosen


def choose_meeting(coach: Coach) -> Generator[tuple[str, ...], str, Meeting]:
    """The meeting to prepare or write about: the current one, else one picked or planned by its date."""
    store = coach.store
    dossier = yield from choose_dossier(coach)
    if coach.meeting_id:
        return store.meeting(coach.meeting_id)
    meetings = store.meetings(dossier.id)
    listed = [f"  {n}. {coach.when(m.starts_at)}" for n, m in enumerate(meetings, 1)]
    question = coach.say("pick meeting") if meetings else coach.say("new meeting")
    shown: tuple[str, ...] = (coach.say("dossier is", title=dossier.title), *listed, question)
    while True:
        typed = (yield shown).strip()
        if typed.isdigit() and 1 <= int(typed) <= len(meetings):
            chosen = meetings[int(typed) - 1]
            break
        try:
            chosen = store.add_meeting(dossier.id, starts_at=readers.moment(typed), author=coach.author)
            break
        except Refusal as exc:
            shown = (coach.explain(exc), question)
    coach.meeting_id, coach.meeting_starts = chosen.id, chosen.starts_at
    return chosen


def prepare(coach: Coach) -> Flow:
    """Every open question of the preparation in turn (the checks, then the worksheet prompts of installed
    modules), with the advice after a no or not sure, and the offer to put a written answer in the dossier."""
    from aantafel.usecases.preparation import Preparation

    meeting = yield from choose_meeting(coach)
    prep = Preparation(coach.store, coach.library, meeting.id, coach.language)
    todo = prep.todo()
    if not todo:
        return (coach.say("all answered"),)
    said = [coach.say("carry on", done=len(prep.answers))] if prep.answers else []
    for question in todo:
        given = yield from _answer(coach, prep, question, said)
        said = []
        if given is None:
            continue
        outcome = prep.save(question, given, author=coach.author)
        said = [coach.say("saved")]
        if outcome.advice:
            said += [coach.say("advice"), *_advice(outcome.advice)]
        if outcome.proposal is not None:
            said = yield from _offer(coach, prep, outcome.proposal, said)
    return (*said, coach.say("prepared"))


def _answer(
    coach: Coach, prep: Preparation, question: Question, said: list[str]
) -> Generator[tuple[str, ...], str, Given | None]:
    """The answer to one question, asked until it can be read; None when Enter leaves it for later."""
    from aantafel.usecases.preparation import read

    if question.is_check:
        number = prep.checks.index(question) + 1
        heading = coach.say("check question", number=number, total=len(prep.checks), title=question.text)
        lines = [coach.say(f"answer {question.takes}"), heading]
    else:
        lines = [coach.say("worksheet", module=question.module), *([question.why] if question.why else [])]
        lines.append(coach.say("worksheet question", question=question.text))
    shown: tuple[str, ...] = (*said, *lines)  # the question last: it comes back after a command
    while True:
        typed = (yield shown).strip()
        if not typed:
            return None
        try:
            return read(question, typed)
        except Refusal as exc:
            shown = (coach.explain(exc), *lines)


def _offer(
    coach: Coach, prep: Preparation, proposal: Proposal, said: list[str]
) -> Generator[tuple[str, ...], str, list[str]]:
    """Ask whether a written answer goes into the dossier's field too; only a yes puts it there."""
    from aantafel.labels import label

    field = label(coach.language, f"dossier {proposal.field}")
    question = (
        coach.say("offer", field=field)
        if not proposal.current
        else coach.say("offer over", field=field, current=proposal.current)
    )
    while True:
        typed = (yield (*said, question)).strip()
        try:
            accepted = readers.yes_or_no(typed) if typed else False
            break
        except Refusal as exc:
            said = [coach.explain(exc)]
    if accepted:
        prep.accept(proposal, author=coach.author)
        return [coach.say("filled", field=field)]
    return []


def agree(coach: Coach) -> Flow:
    """An agreement: what, who, by when, and what happens if it is not kept; only "what" is needed. When the
    store refuses a value (a due date before the meeting, a text too long) that one question comes again,
    with the reason, and the other answers stay."""
    from aantafel.dossiers.model import InvalidDossier

    dossier = yield from choose_dossier(coach)
    answers: dict[str, str] = {}
    said: tuple[str, ...] = ()
    for field in AGREEMENT_QUESTIONS:
        answers[field] = yield from _ask_agreement(coach, field, said)
    while True:
        side, person = readers.side_and_person(answers["who"])
        try:
            coach.store.add_agreement(
                dossier.id,
                what=answers["what"],
                side=side,
                person=person,
                due=readers.day(answers["due"]) if answers["due"] else None,
                if_broken=answers["if broken"],
                meeting_id=coach.meeting_id,
                author=coach.author,
            )
        except InvalidDossier as refused:
            field = {"person": "who", "side": "who", "if_broken": "if broken"}.get(
                refused.field, refused.field
            )
            field = field if field in answers else "what"
            said = (coach.say("not saved", reason=coach.explain(refused)),)
            answers[field] = yield from _ask_agreement(coach, field, said)
            continue
        return (coach.say("agreement saved"),)


AGREEMENT_QUESTIONS = ("what", "who", "due", "if broken")


def _ask_agreement(coach: Coach, field: str, said: tuple[str, ...]) -> Asking:
    """One question of ``agree``, asked until the answer can be used: "what" is needed, a date must be one."""
    question = coach.say(f"agree {field}")
    shown = (*said, question)
    while True:
        typed = (yield shown).strip()
        if field == "what" and not typed:
            shown = (question,)
            continue
        if field == "due" and typed:
            try:
                readers.day(typed)
            except Refusal as exc:
                shown = (coach.explain(exc), question)
                continue
        return typed


REVIEW: tuple[tuple[Part, str], ...] = (
    ("went_well", "review well"),
    ("do_differently", "review change"),
    ("emotions", "review emotions"),
)
"""The parts of a meeting's record ``/review`` asks for, and the coach's question for each."""


def review(coach: Coach) -> Flow:
    """The questions after a meeting; each answer is added to the meeting's record as it is given."""
    from aantafel.usecases.records import add_to_record

    meeting = yield from choose_meeting(coach)
    for part, key in REVIEW:
        typed = (yield (coach.say(key),)).strip()
        if typed:
            add_to_record(coach.store, meeting.id, part, typed, author=coach.author)
    return (coach.say("review saved"),)


def note(coach: Coach, text: str) -> Flow:
    """Add a line to the notes of the current meeting (picked or planned first if there is none)."""
    from aantafel.usecases.records import add_to_record

    meeting = yield from choose_meeting(coach)
    add_to_record(coach.store, meeting.id, "notes", text, author=coach.author)
    return (coach.say("note saved"),)


def sheet(coach: Coach, argument: str) -> Flow:
    """The preparation sheet of the dossier's next meeting: as text, or saved in a format an exporter
    offers (``/sheet html``, ``/sheet md FILE``)."""
    from aantafel.dossiers.sheet import preparation_sheet
    from aantafel.exporters import Document
    from aantafel.labels import label

    dossier = yield from choose_dossier(coach)
    data = preparation_sheet(coach.store, coach.library, dossier.id, coach.language)
    document = Document(kind="sheet", title=dossier.title, language=coach.language, data=data)
    exporters = coach.library.exporters()
    name, _, path = argument.partition(" ")
    if not name:
        return tuple(exporters["txt"].render(document).decode("utf-8").splitlines())
    exporter = exporters.get(name)
    if exporter is None:
        return (coach.say("unknown format", name=name, choices=", ".join(sorted(exporters))),)
    file = Path(
        path.strip() or f"{label(coach.language, 'sheet title').lower()}-{dossier.id}{exporter.suffix}"
    )
    try:
        file.expanduser().write_bytes(exporter.render(document))
    except OSError as exc:
        return (coach.say("not written", file=file, reason=exc.strerror or exc),)
    return (coach.say("sheet written", file=file.expanduser().resolve()),)
