"""``aantafel meeting …`` and ``aantafel prepare``: the conversations of a dossier, and getting ready for one.

``prepare`` walks through every check of the installed packs (a trainer module's checks included) and saves
each answer the moment it is given, so a preparation can stop at any question and carry on later.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import click

from aantafel.cli import State, echo_json, json_option, language_option, pass_state, resolve_language
from aantafel.cli.userdata import (
    ask_kept,
    author_option,
    db_option,
    labels_language,
    open_for,
    run,
    when,
    writer,
)
from aantafel.cli.words import (
    MOMENT_FORMATS,
    MOVE_WORDS,
    SIDE_WORDS,
    YES_NO,
    choice,
    in_option,
    one_of,
    parse_moment,
    parse_move,
    parse_person,
)
from aantafel.labels import label

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from aantafel.dossiers.model import Answer, Meeting, Participant, Record
    from aantafel.items import Check, Module, Prompt


@click.group("meeting")
@db_option
def meeting() -> None:
    """The meetings of a dossier: when, where, who is at the table, and what for.

    \b
    Examples:
      aantafel meeting add 7f3a
      aantafel meeting add 7f3a --when "3-12-2026 14:00" --person "Wethouder Jansen; zij; wethouder; ja"
      aantafel meeting edit 41de --when "10-12-2026 15:30"
      aantafel meeting list 7f3a
    """


def _planning_options(command: Callable[..., None]) -> Callable[..., None]:
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
        command = option(command)
    return command


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
    lang = labels_language(language)
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    persons = [in_option(parse_person, person, "--person") for person in people]
    try:
        if moment is None:
            starts_at, place, purpose = _ask_plan(lang, None)
            persons += _ask_people(lang)
        else:
            starts_at = in_option(parse_moment, moment, "--when")
    except click.Abort:
        raise click.ClickException("nothing was stored: the questions were not answered") from None
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
    click.echo(f"Meeting {planned.id} on {when(planned.starts_at, lang)}: {found.title}")
    click.echo(f"Prepare it with: aantafel prepare {planned.id[:4]}", err=True)


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
    lang = labels_language(language)
    store = open_for(ctx)
    current = run(lambda: store.meeting(meeting_id))
    persons = [in_option(parse_person, person, "--person") for person in people]
    starts_at = current.starts_at
    if moment is not None:
        starts_at = in_option(parse_moment, moment, "--when")
    elif place is None and purpose is None and not people:
        try:
            starts_at, place, purpose = _ask_plan(lang, current)
        except click.Abort:
            raise click.ClickException("nothing was changed: the questions were not answered") from None
    changed = run(
        lambda: store.update_meeting(
            current.id,
            starts_at=starts_at,
            place=current.place if place is None else place,
            purpose=current.purpose if purpose is None else purpose,
            people=persons if people else current.participants,
            expected_version=current.version,
            author=writer(author),
        )
    )
    click.echo(f"Meeting {changed.id} on {when(changed.starts_at, lang)}: changed")


def _ask_plan(lang: str, current: Meeting | None) -> tuple[datetime, str, str]:
    """When, where and what for, asked in turn; in an edit each question shows what it is now and Enter
    keeps it."""
    now = current.starts_at.astimezone().strftime(MOMENT_FORMATS[0]) if current else None
    starts_at: datetime = click.prompt(
        label(lang, "meeting when"), default=now, value_proc=parse_moment, err=True
    )
    place = ask_kept(label(lang, "meeting place"), current.place if current else "")
    purpose = ask_kept(label(lang, "meeting purpose"), current.purpose if current else "")
    return starts_at, place, purpose


def _ask_people(lang: str) -> list[Participant]:
    from aantafel.dossiers.model import Participant

    people = []
    while name := click.prompt(label(lang, "meeting person"), default="", show_default=False, err=True):
        side = click.prompt(
            label(lang, "meeting side"),
            default=label(lang, "side theirs"),
            value_proc=one_of(SIDE_WORDS),
            err=True,
        )
        role = click.prompt(label(lang, "meeting role"), default="", show_default=False, err=True)
        binding = click.prompt(
            label(lang, "meeting binding"),
            default=label(lang, "answer unsure"),
            value_proc=one_of(YES_NO),
            err=True,
        )
        people.append(
            Participant(
                name=name, side=side, role=role, binding="unknown" if binding == "unsure" else binding
            )
        )
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
    lang = labels_language(language)
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    planned = run(lambda: store.meetings(found.id))
    if as_json:
        echo_json({"dossier": found.id, "meetings": [_meeting_data(m, store.answers(m.id)) for m in planned]})
        return
    if not planned:
        click.echo(label(lang, "meeting none"), err=True)
        return
    for item in planned:
        where = f" · {item.place}" if item.place else ""
        click.echo(f"{item.id}  {when(item.starts_at, lang)}{where}  {item.purpose}".rstrip())


def _meeting_data(item: Meeting, given: dict[str, Answer], written: Record | None = None) -> dict[str, Any]:
    import attrs

    return {
        **({"record": attrs.asdict(written)} if written is not None else {}),
        **attrs.asdict(
            item, value_serializer=lambda _i, _a, v: v.isoformat() if hasattr(v, "isoformat") else v
        ),
        "answers": {
            check: {"answer": a.answer, "note": a.note, "author": a.author, "at": a.answered_at.isoformat()}
            for check, a in given.items()
        },
    }


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

    store = open_for(ctx)
    item = run(lambda: store.meeting(meeting_id))
    given = store.answers(item.id)
    if as_json:
        echo_json(_meeting_data(item, given, store.record(item.id)))
        return
    library = state.library()
    lang = resolve_language(library, language)
    found = store.dossier(item.dossier_id)
    parts = [heading(f"{when(item.starts_at, lang)} · {found.title}"), f"Meeting {item.id}"]
    if item.place:
        parts.append(f"{click.style(label(lang, 'meeting place'), bold=True)}\n  {item.place}")
    if item.purpose:
        parts.append(f"{click.style(label(lang, 'meeting purpose'), bold=True)}\n{wrap(item.purpose, '  ')}")
    if item.participants:
        lines = [
            f"  • {p.name} ({label(lang, f'side {p.side}')}{', ' + p.role if p.role else ''}): "
            f"{label(lang, f'binding {p.binding}')}"
            for p in item.participants
        ]
        parts.append(f"{click.style(label(lang, 'meeting people'), bold=True)}\n" + "\n".join(lines))
    checks = library.items(lang, "check")
    prompts = library.prompts(lang)
    known = {check.id for check in checks} | {prompt.id for _module, prompt in prompts}
    lines = []
    for check in checks:
        answer = given.get(check.id)
        lines.append(f"  • {check.title} {_answer_text(answer, lang)}")
    for _module, prompt in prompts:
        if prompt.id in given:
            lines.append(wrap(f"{prompt.question} {given[prompt.id].note}", "  • ", "    "))
    for check_id, answer in given.items():
        if check_id not in known:
            lines.append(f"  • {check_id} ({label(lang, 'prepare removed')}) {_answer_text(answer, lang)}")
    parts.append(f"{click.style(label(lang, 'prepare title'), bold=True)}\n" + "\n".join(lines))
    written = store.record(item.id)
    for field in ("notes", "emotions", "went_well", "do_differently"):
        if getattr(written, field):
            parts.append(_section(lang, f"record {field}", wrap(getattr(written, field), "  ")))
    if written.interventions:
        used = [getattr(library.find(i, lang), "title", i) for i in written.interventions]
        parts.append(_section(lang, "record used", "\n".join(f"  • {title}" for title in used)))
    if written.moves:
        lines = [
            f"  • {label(lang, f'side {m.side}')} – {label(lang, f'move {m.kind}')}: {m.what}"
            + (f" ({m.condition})" if m.condition else "")
            for m in written.moves
        ]
        parts.append(_section(lang, "record moves", "\n".join(lines)))
    click.echo("\n\n".join(parts))


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
    meeting_id: str,
    notes: str | None,
    used: tuple[str, ...],
    made: tuple[str, ...],
    emotions: str | None,
    went_well: str | None,
    do_differently: str | None,
    author: str | None,
    language: str | None,
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

    store = open_for(ctx)
    item = run(lambda: store.meeting(meeting_id))
    library = state.library()
    lang = resolve_language(library, language)
    interventions = {i.id for i in library.items(lang, "intervention")}
    moves = [in_option(parse_move, value, "--move") for value in made]
    flags = (notes, emotions, went_well, do_differently)
    try:
        if not used and not made and all(flag is None for flag in flags):
            asked = _ask_record(lang, interventions)
        else:
            asked = Record(
                notes=notes or "",
                interventions=tuple(used),
                moves=tuple(moves),
                emotions=emotions or "",
                went_well=went_well or "",
                do_differently=do_differently or "",
            )
    except click.Abort:
        raise click.ClickException("nothing was stored: the questions were not answered") from None
    unknown = [used_id for used_id in asked.interventions if used_id not in interventions]
    if unknown:
        raise click.BadParameter(
            f"no intervention {', '.join(unknown)}; see: aantafel list --kind intervention",
            param_hint="--used",
        )
    run(lambda: store.record_meeting(item.id, asked, expected_version=item.version, author=writer(author)))
    click.echo(f"Meeting {item.id}: what happened is saved.")


def _ask_record(lang: str, interventions: set[str]) -> Record:
    from aantafel.dossiers.model import Move, Record

    def text(key: str) -> str:
        return str(click.prompt(label(lang, f"record {key}"), default="", show_default=False, err=True))

    def known(value: str) -> tuple[str, ...]:
        ids = tuple(part.strip() for part in value.split(",") if part.strip())
        wrong = [i for i in ids if i not in interventions]
        if wrong:
            raise click.UsageError(
                f"no intervention {', '.join(wrong)}; choose from: {', '.join(sorted(interventions))}"
            )
        return ids

    notes = text("notes")
    used = click.prompt(
        label(lang, "record interventions"), default="", show_default=False, value_proc=known, err=True
    )
    moves = []
    while what := text("move"):
        side = click.prompt(label(lang, "record move side"), value_proc=one_of(SIDE_WORDS), err=True)
        kind = click.prompt(label(lang, "record move kind"), value_proc=one_of(MOVE_WORDS), err=True)
        moves.append(Move(side=side, kind=kind, what=what, condition=text("move condition")))
    return Record(
        notes=notes,
        interventions=used or (),
        moves=tuple(moves),
        emotions=text("emotions"),
        went_well=text("went_well"),
        do_differently=text("do_differently"),
    )


def _section(lang: str, key: str, body: str) -> str:
    return f"{click.style(label(lang, key), bold=True)}\n{body}"


def _answer_text(answer: Answer | None, lang: str) -> str:
    if answer is None:
        return "—"
    note = f" ({answer.note})" if answer.note else ""
    return f"→ {label(lang, f'answer {answer.answer}')}{note}"


@click.command("prepare")
@click.argument("meeting_id", metavar="MEETING")
@click.option("--redo", is_flag=True, help="Ask every check again, also the ones already answered.")
@click.option(
    "--answer",
    "given",
    multiple=True,
    metavar="CHECK=ANSWER",
    help="Answer without questions (repeatable), e.g. --answer bindende-afspraken=nee.",
)
@click.option("--note", "notes", multiple=True, metavar="CHECK=TEXT", help="A note with an --answer.")
@click.option(
    "--write",
    "texts",
    multiple=True,
    metavar="PROMPT=TEXT",
    help="Answer a module's worksheet prompt without questions (repeatable).",
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
    author: str | None,
    language: str | None,
) -> None:
    """Prepare a meeting: go through the checks before you start, one by one.

    Each answer is saved at once. Stop whenever you like (Ctrl-C); run the same command again to carry on
    where you stopped. For a no or a not sure, aantafel shows what you can do about it.

    \b
    Examples:
      aantafel prepare 41de
      aantafel prepare 41de --redo
      aantafel prepare 41de --answer bindende-afspraken=nee --note bindende-afspraken="Wethouder komt niet"
      aantafel prepare 41de --write uitdaagrecht-taak="Het onderhoud van het park"
    """
    store = open_for(ctx)
    item = run(lambda: store.meeting(meeting_id))
    library = state.library()
    lang = resolve_language(library, language)
    from aantafel.items import Check

    checks = [check for check in library.items(lang, "check") if isinstance(check, Check)]
    who = writer(author)
    if given or notes or texts:
        _answer_given(store, item, checks, library.prompts(lang), (given, notes, texts), who, lang)
        return
    _ask(store, item, checks, redo, who, lang)
    _write_worksheet(store, item, library.prompts(lang), redo, who, lang)


def _write_worksheet(
    store: Any, item: Meeting, prompts: Sequence[tuple[Module, Prompt]], redo: bool, who: str, lang: str
) -> None:
    """The worksheet prompts of installed modules, after the checks; each answer saved at once, Enter skips
    one (to write later), Ctrl-C stops and keeps what was written."""
    from aantafel.dossiers.model import WRITTEN
    from aantafel.plaintext import wrap

    answered = store.answers(item.id)
    try:
        for module, prompt in prompts:
            if prompt.id in answered and not redo:
                continue
            click.echo()
            click.secho(f"{label(lang, 'sheet worksheet')} · {module.title}", dim=True)
            click.secho(wrap(prompt.question), bold=True)
            if prompt.help:
                click.echo(wrap(prompt.help, "  "))
            before = answered[prompt.id].note if prompt.id in answered else ""
            text = click.prompt(label(lang, "prepare written"), default=before, show_default=False)
            if text.strip():
                run(partial(store.answer, item.id, prompt.id, WRITTEN, text, author=who))
    except click.Abort:
        click.echo()
        click.echo(label(lang, "prepare stopped").format(meeting=item.id[:4]))


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep:
            raise click.BadParameter(f"'{value}' needs the form CHECK=VALUE", param_hint=option)
        pairs[key.strip()] = text.strip()
    return pairs


def _answer_given(
    store: Any,
    item: Meeting,
    checks: list[Check],
    prompts: Sequence[tuple[Module, Prompt]],
    options: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]],
    who: str,
    lang: str,
) -> None:
    """``--answer``, ``--note`` and ``--write`` as given; every value is checked before anything is saved."""
    from aantafel.dossiers.model import WRITTEN

    given, notes, texts = options
    answers = _pairs(given, "--answer")
    written = _pairs(notes, "--note")
    sheet = _pairs(texts, "--write")
    open_prompts = {prompt.id for _module, prompt in prompts}
    for prompt_id in sheet:
        if prompt_id not in open_prompts:
            offered = ", ".join(sorted(open_prompts)) or "none (no module with a worksheet is installed)"
            raise click.BadParameter(
                f"no worksheet prompt '{prompt_id}'; the prompts are: {offered}", param_hint="--write"
            )
    known = {check.id for check in checks}
    for check_id in [*answers, *written]:
        if check_id not in known:
            raise click.BadParameter(
                f"no check '{check_id}'; the checks are: {', '.join(sorted(known))}", param_hint="--answer"
            )
    for check_id in written:
        if check_id not in answers:
            raise click.BadParameter(
                f"--note {check_id}=… needs an --answer {check_id}=…", param_hint="--note"
            )
    parsed = {}
    for check_id, value in answers.items():
        found = choice(YES_NO, value)
        if found is None:
            raise click.BadParameter(
                f"'{value}' is not yes, no or unsure (ja, nee, weet niet)", param_hint="--answer"
            )
        parsed[check_id] = found
    for check_id, answer in parsed.items():
        run(partial(store.answer, item.id, check_id, answer, written.get(check_id, ""), author=who))
    for prompt_id, text in sheet.items():
        if text:
            run(partial(store.answer, item.id, prompt_id, WRITTEN, text, author=who))
    answered = store.answers(item.id)
    click.echo(
        label(lang, "prepare done").format(answered=sum(c.id in answered for c in checks), total=len(checks))
    )


def _ask(store: Any, item: Meeting, checks: list[Check], redo: bool, who: str, lang: str) -> None:
    from aantafel.plaintext import markdown, wrap

    answered = store.answers(item.id)
    todo = checks if redo else [check for check in checks if check.id not in answered]
    found = store.dossier(item.dossier_id)
    click.secho(f"{label(lang, 'prepare title')}: {when(item.starts_at, lang)} · {found.title}", bold=True)
    done_before = len(checks) - len(todo)
    if done_before and not redo:
        click.echo(label(lang, "prepare resume").format(answered=done_before, total=len(checks)))
    try:
        for check in todo:
            number = checks.index(check) + 1
            click.echo()
            click.secho(label(lang, "prepare check").format(number=number, total=len(checks)), dim=True)
            click.secho(wrap(check.title), bold=True)
            click.echo(markdown(check.why, "  "))
            answer = click.prompt(
                label(lang, "prepare question"),
                default="",
                show_default=False,
                value_proc=lambda v: one_of(YES_NO)(v) if v.strip() else "",
            )
            if not answer:
                continue
            note = click.prompt(label(lang, "prepare note"), default="", show_default=False)
            run(partial(store.answer, item.id, check.id, answer, note, author=who))
            if answer != "yes":
                click.secho(f"{label(lang, 'prepare advice')}:", bold=True)
                click.echo(markdown(check.if_not, "  "))
    except click.Abort:
        click.echo()
        click.echo(label(lang, "prepare stopped").format(meeting=item.id[:4]))
        return
    answered = store.answers(item.id)
    still_open = [check.title for check in checks if check.id not in answered]
    click.echo()
    click.echo(label(lang, "prepare done").format(answered=len(checks) - len(still_open), total=len(checks)))
    if still_open:
        click.echo(f"{label(lang, 'prepare open')}:")
        for title in still_open:
            click.echo(wrap(title, "  • ", "    "))


COMMANDS = (meeting, prepare)
