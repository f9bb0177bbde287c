"""``aantafel meeting …`` and ``aantafel prepare``: the conversations of a dossier, and getting ready for one.

What a preparation asks, which answers it takes, the advice after a no and what an answer may fill in the
dossier are the core's (``aantafel.usecases.preparation``); these commands ask the questions in a terminal
and save each answer the moment it is given, so a preparation can stop at any question and carry on later.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import click

from aantafel.catalogues import N_
from aantafel.cli import State, echo_json, json_option, language_option, pass_state, resolve_language
from aantafel.cli.language import _, command, spoken
from aantafel.cli.userdata import (
    ask,
    asked,
    author_option,
    confirm,
    data_group,
    db_option,
    from_option,
    open_for,
    run,
    when,
    writer,
)
from aantafel.labels import label
from aantafel.usecases import readers

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from aantafel.dossiers.model import Answer, Meeting, Participant, Record
    from aantafel.usecases.preparation import Preparation, Question


@data_group("meeting")
def meeting() -> None:
    """The meetings of a dossier: when, where, who is at the table, and what for.

    \b
    Examples:
      aantafel meeting add 7f3a
      aantafel meeting add 7f3a --when "3-12-2026 14:00" --person "Wethouder Jansen; zij; wethouder; ja"
      aantafel meeting edit 41de --when "10-12-2026 15:30"
      aantafel meeting list 7f3a
    """


def _planning_options(function: Callable[..., None]) -> Callable[..., None]:
    """--when, --place, --purpose and --person, which ``add`` and ``edit`` share."""
    for option in reversed(
        (
            click.option(
                "--when", "moment", metavar="DATE TIME", help='When it starts, e.g. "3-12-2026 14:00".'
            ),
            click.option("--place", metavar="TEXT", help="Where it is."),
            click.option("--purpose", metavar="TEXT", help="What this meeting is for."),
            click.option(
                "--person",
                "people",
                multiple=True,
                metavar="'NAME; SIDE; ROLE; BINDING'",
                help='Someone at the table (repeat for each), e.g. "Wethouder Jansen; zij; wethouder; ja".',
            ),
        )
    ):
        function = option(function)
    return function


@meeting.command("add")
@click.argument("dossier_id", metavar="DOSSIER")
@_planning_options
@author_option()
@language_option
@click.pass_context
def add(
    ctx: click.Context,
    dossier_id: str,
    moment: str | None,
    place: str | None,
    purpose: str | None,
    people: tuple[str, ...],
    author: str | None,
    language: str | None,
) -> None:
    """Plan a meeting in a dossier. Without --when, aantafel asks for each part in turn.

    \b
    Examples:
      aantafel meeting add 7f3a
      aantafel meeting add 7f3a --when "3-12-2026 14:00" --place Stadhuis --purpose "Huur bespreken" \\
          --person "Wethouder Jansen; zij; wethouder; ja" --person "Fatima; wij; voorzitter; ja"
    """
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    persons = [from_option(readers.person, person, "--person") for person in people]
    if moment is None:
        starts_at, place, purpose = _asking(_ask_plan, None)
        persons += _asking(_ask_people)
    else:
        starts_at = from_option(readers.moment, moment, "--when")
    planned = run(
        lambda: store.add_meeting(
            found.id,
            starts_at=starts_at,
            place=place or "",
            purpose=purpose or "",
            people=persons,
            author=writer(author),
        )
    )
    click.echo(
        _("Meeting {id} on {when}: {title}").format(
            id=planned.id, when=when(planned.starts_at), title=found.title
        )
    )
    click.echo(_("Prepare it with: aantafel prepare {id}").format(id=planned.id[:4]), err=True)


@meeting.command("edit")
@click.argument("meeting_id", metavar="MEETING")
@_planning_options
@author_option()
@language_option
@click.pass_context
def edit(
    ctx: click.Context,
    meeting_id: str,
    moment: str | None,
    place: str | None,
    purpose: str | None,
    people: tuple[str, ...],
    author: str | None,
    language: str | None,
) -> None:
    """Change a meeting that was moved or changed: its date and time, place, purpose or the people at the
    table (--person replaces them all). What you do not give stays; the preparation stays too. Without
    options, aantafel asks for each part and shows what it is now: Enter keeps it.

    \b
    Examples:
      aantafel meeting edit 41de --when "10-12-2026 15:30"
      aantafel meeting edit 41de --place Buurthuis --person "Wethouder Jansen; zij; wethouder; ja"
      aantafel meeting edit 41de
    """
    store = open_for(ctx)
    current = run(lambda: store.meeting(meeting_id))
    starts_at = current.starts_at if moment is None else from_option(readers.moment, moment, "--when")
    if moment is None and place is None and purpose is None and not people:
        starts_at, place, purpose = _asking(_ask_plan, current)
    changed = run(
        lambda: store.update_meeting(
            current.id,
            starts_at=starts_at,
            place=current.place if place is None else place,
            purpose=current.purpose if purpose is None else purpose,
            people=[from_option(readers.person, p, "--person") for p in people]
            if people
            else current.participants,
            expected_version=current.version,
            author=writer(author),
        )
    )
    click.echo(_("Meeting {id} on {when}: changed").format(id=changed.id, when=when(changed.starts_at)))


def _asking(questions: Callable[..., Any], *arguments: Any) -> Any:
    """The answers to ``questions``; Ctrl-C stops them, and then nothing is stored by the command."""
    try:
        return questions(*arguments)
    except click.Abort:
        raise click.ClickException(_("nothing was stored: the questions were not answered")) from None


def _ask_plan(current: Meeting | None) -> tuple[datetime, str, str]:
    """When, where and what for, asked in turn; in an edit each question shows what it is now and Enter
    keeps it."""
    starts_at: datetime = click.prompt(
        _("Date and time (e.g. 3-12-2026 14:00)"),
        default=readers.typed_moment(current.starts_at) if current else None,
        value_proc=asked(readers.moment),
        err=True,
    )
    place = ask(_("Place"), current.place if current else "")
    purpose = ask(_("Purpose of this meeting"), current.purpose if current else "")
    return starts_at, place, purpose


def _ask_people() -> list[Participant]:
    from aantafel.dossiers.model import Participant

    people = []
    while name := ask(_("Who is at the table? Name (Enter when everyone is in)")):
        side = click.prompt(
            _("Which side: ours (wij), theirs (zij) or other (anders)"),
            default="zij",
            value_proc=asked(readers.side),
            err=True,
        )
        role = ask(_("Role (e.g. alderman, civil servant)"))
        binding = click.prompt(
            _("Can this person make binding agreements? yes, no or not sure (ja, nee, weet niet)"),
            default="",
            show_default=False,
            value_proc=asked(readers.binding),
            err=True,
        )
        people.append(Participant(name=name, side=side, role=role, binding=binding))
    return people


@meeting.command("list")
@click.argument("dossier_id", metavar="DOSSIER")
@language_option
@json_option
@click.pass_context
def list_meetings(ctx: click.Context, dossier_id: str, language: str | None, as_json: bool) -> None:
    """List the meetings of a dossier, the earliest first.

    \b
    Example:
      aantafel meeting list 7f3a
    """
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    planned = run(lambda: store.meetings(found.id))
    if as_json:
        echo_json({"dossier": found.id, "meetings": [_meeting_data(m, store.answers(m.id)) for m in planned]})
        return
    if not planned:
        click.echo(
            _("No meetings in this dossier yet. Plan one with: aantafel meeting add {id}").format(
                id=found.id[:4]
            ),
            err=True,
        )
        return
    for item in planned:
        where = f" · {item.place}" if item.place else ""
        click.echo(f"{item.id}  {when(item.starts_at)}{where}  {item.purpose}".rstrip())


def _meeting_data(item: Meeting, given: dict[str, Answer], written: Record | None = None) -> dict[str, Any]:
    import attrs

    plain = attrs.asdict(
        item, value_serializer=lambda _i, _a, v: v.isoformat() if hasattr(v, "isoformat") else v
    )
    answers = {
        check: {"verdict": a.verdict, "text": a.text, "author": a.author, "at": a.answered_at.isoformat()}
        for check, a in given.items()
    }
    return {**({"record": attrs.asdict(written)} if written is not None else {}), **plain, "answers": answers}


@meeting.command("show")
@click.argument("meeting_id", metavar="MEETING")
@language_option
@json_option
@pass_state
@click.pass_context
def show(ctx: click.Context, state: State, meeting_id: str, language: str | None, as_json: bool) -> None:
    """Show a meeting: when, where, who is at the table, and its preparation so far.

    \b
    Example:
      aantafel meeting show 41de
    """
    from aantafel.plaintext import heading, wrap
    from aantafel.usecases.preparation import Preparation, answer_line

    store = open_for(ctx)
    item = run(lambda: store.meeting(meeting_id))
    if as_json:
        echo_json(_meeting_data(item, store.answers(item.id), store.record(item.id)))
        return
    library = state.library()
    lang = resolve_language(library, language)
    prep = Preparation(store, library, item.id, lang)
    parts = [
        heading(f"{when(item.starts_at)} · {store.dossier(item.dossier_id).title}"),
        _("Meeting {id}").format(id=item.id),
    ]
    if item.place:
        parts.append(_section(label(lang, "meeting place"), f"  {item.place}"))
    if item.purpose:
        parts.append(_section(label(lang, "meeting purpose"), wrap(item.purpose, "  ")))
    if item.participants:
        lines = [
            f"  • {p.name} ({label(lang, f'side {p.side}')}{', ' + p.role if p.role else ''}): "
            f"{label(lang, f'binding {p.binding}')}"
            for p in item.participants
        ]
        parts.append(_section(label(lang, "meeting people"), "\n".join(lines)))
    lines = []
    for question, answer in [(q, prep.answers.get(q.id)) for q in prep.questions]:
        if question.is_check or answer is not None:
            said = f"→ {answer_line(answer.verdict, answer.text, lang)}" if answer else "—"
            lines.append(wrap(f"{question.text} {said}", "  • ", "    "))
    for check_id, answer in prep.removed().items():
        removed = label(lang, "prepare removed")
        lines.append(
            wrap(f"{check_id} ({removed}) → {answer_line(answer.verdict, answer.text, lang)}", "  • ", "    ")
        )
    parts.append(_section(label(lang, "prepare title"), "\n".join(lines)))
    written = store.record(item.id)
    for field in ("notes", "emotions", "went_well", "do_differently"):
        if getattr(written, field):
            parts.append(_section(label(lang, f"record {field}"), wrap(getattr(written, field), "  ")))
    if written.interventions:
        used = [getattr(library.find(i, lang), "title", i) for i in written.interventions]
        parts.append(_section(label(lang, "record used"), "\n".join(f"  • {title}" for title in used)))
    if written.moves:
        lines = [
            f"  • {label(lang, f'side {m.side}')} – {label(lang, f'move {m.kind}')}: {m.what}"
            + (f" ({m.condition})" if m.condition else "")
            for m in written.moves
        ]
        parts.append(_section(label(lang, "record moves"), "\n".join(lines)))
    click.echo("\n\n".join(parts))


def _section(title: str, body: str) -> str:
    return f"{click.style(title, bold=True)}\n{body}"


@meeting.command("record")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--notes", metavar="TEXT", help="What was said and decided.")
@click.option("--used", multiple=True, metavar="INTERVENTION", help="An intervention you used (repeatable).")
@click.option(
    "--move",
    "made",
    multiple=True,
    metavar="'SIDE; KIND; WHAT; CONDITION'",
    help='What a side offered, conceded or promised (repeatable), e.g. "zij; geboden; huur 850 euro".',
)
@click.option("--emotions", metavar="TEXT", help="Emotions to remember for next time.")
@click.option("--went-well", metavar="TEXT", help="What went well.")
@click.option("--do-differently", metavar="TEXT", help="What to do differently next time.")
@author_option("Who writes it")
@language_option
@pass_state
@click.pass_context
def record(
    ctx: click.Context,
    state: State,
    /,
    meeting_id: str,
    used: tuple[str, ...],
    made: tuple[str, ...],
    author: str | None,
    language: str | None,
    **texts: str | None,
) -> None:
    """After a meeting: notes, the interventions you used, what each side offered, conceded or promised,
    emotions to remember, and what went well or should change. Without options, aantafel asks.

    \b
    Examples:
      aantafel meeting record 41de
      aantafel meeting record 41de --notes "Huur besproken" --used niet-concreet \\
          --move "zij; geboden; huur 850 euro" --emotions "Wethouder was geïrriteerd"
    """
    from aantafel.dossiers.model import Record
    from aantafel.usecases.records import interventions_used

    store = open_for(ctx)
    item = run(lambda: store.meeting(meeting_id))
    library = state.library()
    lang = resolve_language(library, language)
    if not used and not made and all(value is None for value in texts.values()):
        written = _asking(_ask_record, lambda typed: interventions_used(library, lang, typed.split(",")))
    else:
        written = Record(
            interventions=from_option(lambda typed: interventions_used(library, lang, typed), used, "--used"),
            moves=tuple(from_option(readers.move, value, "--move") for value in made),
            **{field: value or "" for field, value in texts.items()},
        )
    run(lambda: store.record_meeting(item.id, written, expected_version=item.version, author=writer(author)))
    click.echo(_("Meeting {id}: what happened is saved.").format(id=item.id))


def _ask_record(used: Callable[[str], tuple[str, ...]]) -> Record:
    from aantafel.dossiers.model import Move, Record

    def text(question: str) -> str:
        return ask(question)

    notes = text(_("Notes of the meeting"))
    interventions = click.prompt(
        _("Which interventions did you use? (ids, comma-separated; Enter = none)"),
        default="",
        show_default=False,
        value_proc=asked(used),
        err=True,
    )
    moves = []
    while what := text(_("Movement: what did a side offer, concede or promise? (Enter = done)")):
        side = click.prompt(
            _("Which side: ours (wij), theirs (zij) or other (anders)"),
            value_proc=asked(readers.side),
            err=True,
        )
        kind = click.prompt(
            _("What: offered, conceded or promised (geboden, toegegeven, beloofd)"),
            value_proc=asked(readers.move_kind),
            err=True,
        )
        moves.append(
            Move(side=side, kind=kind, what=what, condition=text(_("On what condition? (Enter = none)")))
        )
    return Record(
        notes=notes,
        interventions=interventions or (),
        moves=tuple(moves),
        emotions=text(_("Emotions to remember next time")),
        went_well=text(_("What went well?")),
        do_differently=text(_("What will you do differently next time?")),
    )


@command("prepare")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--redo", is_flag=True, help="Ask every question again, also the ones already answered.")
@click.option(
    "--answer",
    "given",
    multiple=True,
    metavar="QUESTION=ANSWER",
    help="Answer a check without questions (repeatable), e.g. --answer bindende-afspraken=nee.",
)
@click.option("--note", "notes", multiple=True, metavar="CHECK=TEXT", help="A note with an --answer.")
@click.option(
    "--write",
    "texts",
    multiple=True,
    metavar="PROMPT=TEXT",
    help="Answer a module's worksheet prompt without questions (repeatable).",
)
@click.option(
    "--fill",
    is_flag=True,
    help="Also put written answers in the dossier fields they belong to (goal, limits).",
)
@author_option("Who answers")
@db_option
@language_option
@pass_state
@click.pass_context
def prepare(
    ctx: click.Context,
    state: State,
    meeting_id: str,
    redo: bool,
    given: tuple[str, ...],
    notes: tuple[str, ...],
    texts: tuple[str, ...],
    fill: bool,
    author: str | None,
    language: str | None,
) -> None:
    """Prepare a meeting: go through the checks before you start, one by one, then the worksheet of any
    installed module.

    Each answer is saved at once. Stop whenever you like (Ctrl-C); run the same command again to carry on
    where you stopped. For a no or a not sure, aantafel shows what you can do about it. An open question
    ("What is the goal?") takes your own words; they can go into the dossier too.

    \b
    Examples:
      aantafel prepare 41de
      aantafel prepare 41de --redo
      aantafel prepare 41de --answer bindende-afspraken=nee --note bindende-afspraken="Wethouder komt niet"
      aantafel prepare 41de --answer doel-van-het-gesprek="Lagere huur" --fill
      aantafel prepare 41de --write uitdaagrecht-taak="Het onderhoud van het park"
    """
    from aantafel.usecases.preparation import Preparation

    store = open_for(ctx)
    library = state.library()
    prep = run(lambda: Preparation(store, library, meeting_id, resolve_language(library, language)))
    if given or notes or texts:
        _answer_given(prep, (given, notes, texts), fill, writer(author))
    else:
        _ask(prep, redo, writer(author))
    done = _("{answered} of {total} checks answered.")
    click.echo(done.format(answered=prep.answered_checks(), total=len(prep.checks)))


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep:
            raise click.BadParameter(
                _("'{value}' needs the form QUESTION=TEXT").format(value=value), param_hint=option
            )
        pairs[key.strip()] = text.strip()
    return pairs


def _answer_given(prep: Preparation, options: tuple[tuple[str, ...], ...], fill: bool, who: str) -> None:
    """``--answer``, ``--note`` and ``--write`` as given; every value is read before anything is saved."""
    from aantafel.usecases.preparation import Given, read

    answers, notes, written = (
        _pairs(values, name) for values, name in zip(options, ("--answer", "--note", "--write"), strict=True)
    )
    for check_id in notes.keys() - answers.keys():
        raise click.BadParameter(
            _("--note {id}=… needs an --answer {id}=…").format(id=check_id), param_hint="--note"
        )
    todo = []
    for key, value in [*answers.items(), *written.items()]:
        question = from_option(prep.question, key, "--answer" if key in answers else "--write")
        found = from_option(partial(read, question), value, "--answer")
        todo.append((question, Given(found.verdict, notes.get(key, found.text))))
    for question, answer in todo:
        outcome = run(partial(prep.save, question, answer, author=who))
        if outcome.proposal is not None and fill:
            run(partial(prep.accept, outcome.proposal, author=who))


def _ask(prep: Preparation, redo: bool, who: str) -> None:
    """Every open question in turn (all of them with ``redo``), each answer saved at once."""
    from aantafel.plaintext import markdown, wrap

    lang = spoken()
    todo = prep.todo(again=redo)
    title = prep.store.dossier(prep.meeting.dossier_id).title
    click.secho(f"{label(lang, 'prepare title')}: {when(prep.meeting.starts_at)} · {title}", bold=True)
    if len(todo) < len(prep.questions) and not redo:
        resume = _("You had answered {answered} of {total} questions already; carrying on with the rest.")
        click.echo(resume.format(answered=len(prep.questions) - len(todo), total=len(prep.questions)))
    try:
        for question in todo:
            click.echo()
            click.secho(_where(prep, question), dim=True)
            click.secho(wrap(question.text), bold=True)
            if question.why:
                click.echo(markdown(question.why, "  "))
            given = click.prompt(
                _(PROMPTS[question.takes if question.is_check else "prompt"]),
                default="",
                show_default=False,
                value_proc=asked(partial(_read, question)),
            )
            if given is None:
                continue
            outcome = run(partial(prep.save, question, given, author=who))
            if outcome.advice:
                click.secho(f"{label(lang, 'prepare advice')}:", bold=True)
                click.echo(markdown(outcome.advice, "  "))
            if outcome.proposal is not None and confirm(
                _offer(outcome.proposal), default=not outcome.proposal.current
            ):
                run(partial(prep.accept, outcome.proposal, author=who))
    except click.Abort:
        click.echo()
        click.echo(
            _("Stopped. Your answers are saved. Carry on with: aantafel prepare {id}").format(
                id=prep.meeting.id[:4]
            )
        )
        return
    still_open = [question.text for question in prep.checks if question.id not in prep.answers]
    if still_open:
        click.echo()
        click.echo(_("Still open:"))
        for text in still_open:
            click.echo(wrap(text, "  • ", "    "))


def _read(question: Question, typed: str) -> Any:
    from aantafel.usecases.preparation import read

    return read(question, typed) if typed.strip() else None


def _where(prep: Preparation, question: Question) -> str:
    if not question.is_check:
        return f"{label(spoken(), 'sheet worksheet')} · {question.module}"
    position = prep.checks.index(question) + 1
    return _("Check {number} of {total}").format(number=position, total=len(prep.checks))


def _offer(proposal: Any) -> str:
    field = label(spoken(), f"dossier {proposal.field}")
    if not proposal.current:
        return _("Also put this in the dossier as {field}?").format(field=field)
    return _("Also put this in the dossier as {field}? Now it says: {current}").format(
        field=field, current=proposal.current
    )


PROMPTS = {
    "yes-no": N_("Your answer: yes, no or not sure, with a note after it if you like (Enter = later)"),
    "text": N_("Your answer in your own words, or: not sure (Enter = later)"),
    "both": N_("Your answer: yes or no, and what you know (e.g. ja, de wethouder; Enter = later)"),
    "prompt": N_("Your answer (Enter skips it)"),
}
"""What is asked under each kind of question."""


COMMANDS = (meeting, prepare)
