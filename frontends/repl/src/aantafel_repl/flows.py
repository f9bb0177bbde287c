"""Guided flows: the coach asks one question at a time and stores each answer the moment it is given.

A flow is a generator: it yields the lines to show (the question last), receives what the user typed, and
returns its closing lines. Every answer is written to the dossier store before the next question, so a
flow that is left halfway (Ctrl-C, ``/quit``, an error in a later step) loses nothing, and ``/prepare``
carries on where it stopped. What is asked, what an answer must hold and what it leads to are the core's
(``aantafel.usecases``); so is reading what people type ("nee, de wethouder komt niet", "3-12-2026 14:00").
"""

from __future__ import annotations

from collections.abc import Generator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from aantafel.dossiers.model import AnswerChanged, InvalidDossier
from aantafel.usecases import readers
from aantafel_repl.asking import Asking, choose_dossier, choose_meeting, until

if TYPE_CHECKING:
    from aantafel.usecases.preparation import Outcome, Preparation, Proposal, Question
    from aantafel.usecases.records import Part
    from aantafel_repl.coach import Coach

Flow = Generator[tuple[str, ...], str, tuple[str, ...]]
"""Yields lines ending in a question, receives the answer typed, returns the closing lines."""


def dossier(coach: Coach, typed: str) -> Flow:
    """Work in another dossier: one picked by number or title, or a new one (``/dossier Huur buurthuis``)."""
    chosen = yield from choose_dossier(coach, again=True, typed=typed)
    return (coach.say("dossier is", title=chosen.title),)


def prepare(coach: Coach) -> Flow:
    """Every open question of the preparation in turn (the checks, then the worksheet prompts of installed
    modules), with the advice after a no or not sure, and the offer to put a written answer in the dossier."""
    from aantafel.plaintext import markdown
    from aantafel.usecases.preparation import Preparation

    meeting = yield from choose_meeting(coach)
    prep = Preparation(coach.store, coach.library, meeting.id, coach.language)
    if not prep.todo():
        return (coach.say("all answered"),)
    said = [coach.say("carry on", done=len(prep.answers))] if prep.answers else []
    for question in prep.todo():
        outcome = yield from _saved(coach, prep, question, said)
        said = []
        if outcome is not None:
            said = [coach.say("saved")]
            if outcome.advice:
                said += [coach.say("advice"), *markdown(outcome.advice, "  ").splitlines()]
            if outcome.proposal is not None:
                said = yield from _offer(coach, prep, outcome.proposal, said)
    return (*said, coach.say("prepared"))


def _saved(coach: Coach, prep: Preparation, question: Question, said: list[str]) -> Asking[Outcome | None]:
    """One question asked until its answer is stored, or left for later (None). When someone else answered
    it meanwhile (the web page, another coach), the coach says what it is now and asks again: nothing is
    overwritten unseen, and Enter keeps theirs."""
    from aantafel.usecases.preparation import answer_line, read

    while True:
        given = yield from until(coach, said, _asked(coach, prep, question), partial(read, question))
        if given is None:
            return None
        try:
            return prep.save(question, given, author=coach.author)
        except AnswerChanged as exc:
            now = answer_line(exc.now.verdict, exc.now.text, coach.language) if exc.now else "—"
            said = [coach.explain(exc), coach.say("answer now", answer=now)]


def _asked(coach: Coach, prep: Preparation, question: Question) -> tuple[str, ...]:
    """How the coach asks one question of the preparation: what kind of answer it takes, then the question."""
    if not question.is_check:
        hint = (question.why,) if question.why else ()
        return (
            coach.say("worksheet", module=question.module),
            *hint,
            coach.say("worksheet question", question=question.text),
        )
    number, total = prep.checks.index(question) + 1, len(prep.checks)
    return (
        coach.say(f"answer {question.takes}"),
        coach.say("check question", number=number, total=total, title=question.text),
    )


def _offer(coach: Coach, prep: Preparation, proposal: Proposal, said: list[str]) -> Asking[list[str]]:
    """Ask whether a written answer goes into the dossier's field too; only a yes puts it there."""
    from aantafel.labels import label

    field = label(coach.language, f"dossier {proposal.field}")
    question = (
        coach.say("offer over", field=field, current=proposal.current)
        if proposal.current
        else coach.say("offer", field=field)
    )
    if (
        yield from until(coach, said, (question,), lambda typed: readers.yes_or_no(typed) if typed else False)
    ):
        prep.accept(proposal, author=coach.author)
        return [coach.say("filled", field=field)]
    return []


def agree(coach: Coach) -> Flow:
    """An agreement, part by part (``aantafel.usecases.agreements``); only what was agreed is needed. When
    the store refuses it, only the part it is about is asked again, with the reason; the others stay."""
    from aantafel.usecases import agreements

    dossier = yield from choose_dossier(coach)
    told: dict[str, str] = {}
    for part in agreements.PARTS:
        told[part] = yield from until(coach, (), (coach.say(f"agree {part}"),), agreements.PARTS[part])
    while True:
        try:
            fields = agreements.fields(told)
            coach.store.add_agreement(dossier.id, **fields, meeting_id=coach.meeting_id, author=coach.author)
            return (coach.say("agreement saved"),)
        except InvalidDossier as refused:
            part, said = agreements.part_of(refused), (coach.say("not saved", reason=coach.explain(refused)),)
            told[part] = yield from until(coach, said, (coach.say(f"agree {part}"),), agreements.PARTS[part])


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


HISTORY_SHOWN = 15
"""The newest changes ``/history`` shows; ``aantafel dossier history`` shows them all."""


def history(coach: Coach) -> Flow:
    """The newest changes of the current dossier, each with the number ``/undo`` takes."""
    from aantafel.dates import when
    from aantafel.dossiers.story import undoable, what_changed

    dossier = yield from choose_dossier(coach)
    lines = [coach.say("history of", title=dossier.title)]
    for change in coach.store.history(dossier.id, last=HISTORY_SHOWN):
        mark = f"{change.id:>5}" if undoable(change) else "     "
        lines.append(f"{mark}  {when(change.at, coach.language)}  {change.author}")
        lines.append(f"       {what_changed(change, coach.language)}")
    lines.append(coach.say("undo how"))
    return tuple(lines)


def undo(coach: Coach, argument: str) -> Flow:
    """Undo change ``argument`` of the current dossier (a number ``/history`` shows), or without one the
    newest change that can be undone; the undo is a new change, so ``/undo`` again puts it back."""
    from aantafel.dossiers.story import undoable, what_changed

    dossier = yield from choose_dossier(coach)
    if argument.strip():
        if not argument.strip().isdigit():
            return (coach.say("needs argument", usage="/undo [NUMBER]"),)
        change_id = int(argument)
    else:
        found = [change for change in coach.store.history(dossier.id, last=50) if undoable(change)]
        if not found:
            return (coach.say("nothing to undo"),)
        change_id = found[-1].id or 0
    done = coach.store.undo(dossier.id, change_id, author=coach.author)
    return (coach.say("undone", what=what_changed(done, coach.language)),)


def meeting(coach: Coach) -> Flow:
    """The current meeting as the command line's ``meeting show`` lays it out: when, who, its preparation
    so far and what was written down afterwards."""
    from aantafel.dossiers.documents import meeting_document

    chosen = yield from choose_meeting(coach)
    shown = coach.library.exporters()["txt"].render(
        meeting_document(coach.store, coach.library, chosen.id, coach.language)
    )
    return tuple(shown.decode("utf-8").splitlines())


def sheet(coach: Coach, argument: str) -> Flow:
    """The preparation sheet of the dossier's next meeting: as text, or saved in a format an exporter
    offers (``/sheet html``, ``/sheet md FILE``)."""
    from aantafel.dossiers.documents import document, file_name

    dossier = yield from choose_dossier(coach)
    exporters = coach.library.exporters()
    name, _, path = argument.partition(" ")
    exporter = exporters.get(name or "txt")
    if exporter is None:
        return (coach.say("unknown format", name=name, choices=", ".join(sorted(exporters))),)
    made = exporter.render(document(coach.store, coach.library, dossier.id, "sheet", coach.language))
    if not name:
        return tuple(made.decode("utf-8").splitlines())
    file = Path(path.strip() or file_name("sheet", dossier.id, exporter.suffix, coach.language))
    try:
        file.expanduser().write_bytes(made)
    except OSError as exc:
        return (coach.say("not written", file=file, reason=exc.strerror or exc),)
    return (coach.say("sheet written", file=file.expanduser().resolve()),)
