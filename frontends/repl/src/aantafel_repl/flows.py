"""Guided flows: the coach asks one question at a time and stores each answer the moment it is given.

A flow is a generator: it yields the lines to show (the question last), receives what the user typed, and
returns its closing lines. Every answer is written to the dossier store before the next question, so a
flow that is left halfway (Ctrl-C, ``/quit``, an error in a later step) loses nothing, and ``/prepare``
carries on where it stopped. What people type is read as on the command line (``aantafel.cli.words``):
"nee", "no", "weet niet"; "3-12-2026 14:00"; "zij", "wij".
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aantafel.dossiers.model import Dossier, Meeting
    from aantafel_repl.coach import Coach

Flow = Generator[tuple[str, ...], str, tuple[str, ...]]
"""Yields lines ending in a question, receives the answer typed, returns the closing lines."""


def _advice(text: str) -> list[str]:
    """A check's advice (Markdown, often a list) laid out as ``aantafel show`` lays it out."""
    from aantafel.plaintext import markdown

    return markdown(text, "  ").splitlines()


def _moment(typed: str) -> datetime | None:
    import click

    from aantafel.cli.words import parse_moment

    try:
        return parse_moment(typed)
    except click.BadParameter:
        return None


def _day(typed: str) -> date | None:
    import click

    from aantafel.cli.words import parse_day

    try:
        return parse_day(typed)
    except click.BadParameter:
        return None


def answer_and_note(typed: str) -> tuple[str | None, str]:
    """ "nee, de wethouder komt niet" -> ("no", "de wethouder komt niet"); the note may be empty."""
    from aantafel.cli.words import YES_NO

    lowered = typed.strip().lower()
    spellings = sorted(((s, key) for key, words in YES_NO.items() for s in words), key=lambda p: -len(p[0]))
    for spelling, key in spellings:
        rest = lowered[len(spelling) :]
        if lowered.startswith(spelling) and (not rest or not rest[0].isalnum()):
            return key, typed.strip()[len(spelling) :].strip(" ,.:;-–")
    return None, typed.strip()


def choose_dossier(
    coach: Coach, *, again: bool = False, typed: str = ""
) -> Generator[tuple[str, ...], str, Dossier]:
    """The dossier to work in: the current one, else one picked by number or title, or started with a new
    title. ``typed`` is an answer given in advance (``/dossier Huur buurthuis``)."""
    from aantafel.dossiers.model import UnknownDossier

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
            chosen = store.create_dossier({"title": typed[:200]}, author=coach.author)
        else:
            shown = (question,)
            continue
        coach.dossier_id, coach.dossier_title = chosen.id, chosen.title
        coach.meeting_id = coach.meeting_starts = None
        coach.remember()
        return chosen


def choose_meeting(coach: Coach) -> Generator[tuple[str, ...], str, Meeting]:
    """The meeting to prepare or write about: the current one, else one picked or planned by its date."""
    from aantafel.cli.userdata import when

    store = coach.store
    dossier = yield from choose_dossier(coach)
    if coach.meeting_id:
        return store.meeting(coach.meeting_id)
    meetings = store.meetings(dossier.id)
    listed = [f"  {n}. {when(m.starts_at, coach.language)}" for n, m in enumerate(meetings, 1)]
    question = coach.say("pick meeting") if meetings else coach.say("new meeting")
    shown: tuple[str, ...] = (coach.say("dossier is", title=dossier.title), *listed, question)
    while True:
        typed = (yield shown).strip()
        if typed.isdigit() and 1 <= int(typed) <= len(meetings):
            chosen = meetings[int(typed) - 1]
            break
        moment = _moment(typed)
        if moment is not None:
            chosen = store.add_meeting(dossier.id, starts_at=moment, author=coach.author)
            break
        shown = (coach.say("bad moment", typed=typed), question)
    coach.meeting_id, coach.meeting_starts = chosen.id, chosen.starts_at
    return chosen


def prepare(coach: Coach) -> Flow:
    """Every installed check in turn, skipping those answered before, with the advice after a no or not
    sure; then the worksheet prompts of installed modules (Enter skips one, to write later)."""
    from aantafel.dossiers.model import WRITTEN

    meeting = yield from choose_meeting(coach)
    checks = coach.library.items(coach.language, "check")
    answered = coach.store.answers(meeting.id)
    todo = [check for check in checks if check.id not in answered]
    prompts = [
        (module, prompt)
        for module, prompt in coach.library.prompts(coach.language)
        if prompt.id not in answered
    ]
    if not todo and not prompts:
        return (coach.say("all answered"),)
    said = [coach.say("carry on", done=len(checks) - len(todo))] if answered and todo else []
    said += [coach.say("answer how")] if todo else []
    for number, check in enumerate(todo, len(checks) - len(todo) + 1):
        question = coach.say("check question", number=number, total=len(checks), title=check.title)
        shown = (*said, question)
        while True:
            answer, note = answer_and_note((yield shown))
            if answer is not None:
                break
            shown = (coach.say("answer again"), coach.say("answer how"), question)
        coach.store.answer(meeting.id, check.id, answer, note, author=coach.author)
        said = [coach.say("saved")]
        if answer != "yes":
            said += [coach.say("advice"), *_advice(getattr(check, "if_not", ""))]
    for module, prompt in prompts:
        question = coach.say("worksheet question", question=prompt.question)
        hint = [prompt.help] if prompt.help else []
        about = coach.say("worksheet", module=module.title)
        written = (
            yield (*said, about, *hint, question)
        ).strip()  # the question last: it comes back after a command
        said = []
        if written:
            coach.store.answer(meeting.id, prompt.id, WRITTEN, written, author=coach.author)
            said = [coach.say("saved")]
    return (*said, coach.say("prepared"))


def agree(coach: Coach) -> Flow:
    """An agreement: what, who, by when, and what happens if it is not kept; only "what" is needed. When the
    store refuses a value (a due date before the meeting, a text too long) that one question comes again,
    with the reason, and the other answers stay."""
    from aantafel.cli.words import SIDE_WORDS, choice
    from aantafel.dossiers.model import InvalidDossier

    dossier = yield from choose_dossier(coach)
    answers: dict[str, str] = {}
    said: tuple[str, ...] = ()
    for field in AGREEMENT_QUESTIONS:
        answers[field] = yield from _ask_agreement(coach, field, said)
    while True:
        who, _, person = answers["who"].partition(" ")
        side = choice(SIDE_WORDS, who)
        if side is None:
            side, person = "theirs", answers["who"]
        try:
            coach.store.add_agreement(
                dossier.id,
                what=answers["what"],
                side=side,
                person=person.strip(),
                due=_day(answers["due"]) if answers["due"] else None,
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


def _ask_agreement(coach: Coach, field: str, said: tuple[str, ...]) -> Generator[tuple[str, ...], str, str]:
    """One question of ``agree``, asked until the answer can be used: "what" is needed, a date must be one."""
    question = coach.say(f"agree {field}")
    shown = (*said, question)
    while True:
        typed = (yield shown).strip()
        if field == "what" and not typed:
            shown = (question,)
        elif field == "due" and typed and _day(typed) is None:
            shown = (coach.say("bad day", typed=typed), question)
        else:
            return typed


def review(coach: Coach) -> Flow:
    """The questions after a meeting; each answer is added to the meeting's record as it is given."""
    meeting = yield from choose_meeting(coach)
    for field, key in (
        ("went_well", "review well"),
        ("do_differently", "review change"),
        ("emotions", "review emotions"),
    ):
        typed = (yield (coach.say(key),)).strip()
        if typed:
            _add_to_record(coach, meeting.id, field, typed)
    return (coach.say("review saved"),)


def note(coach: Coach, text: str) -> Flow:
    """Add a line to the notes of the current meeting (picked or planned first if there is none)."""
    meeting = yield from choose_meeting(coach)
    _add_to_record(coach, meeting.id, "notes", text)
    return (coach.say("note saved"),)


def _add_to_record(coach: Coach, meeting_id: str, field: str, text: str) -> None:
    """Append ``text`` to one field of the record, against the meeting's current version."""
    import attrs

    store = coach.store
    record = store.record(meeting_id)
    before = getattr(record, field)
    changes: dict[str, Any] = {field: f"{before}\n{text}" if before else text}
    version = store.meeting(meeting_id).version
    store.record_meeting(
        meeting_id, attrs.evolve(record, **changes), expected_version=version, author=coach.author
    )


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
        return tuple(exporters["md"].render(document).decode("utf-8").splitlines())
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
