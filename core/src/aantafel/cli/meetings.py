"""``aantafel meeting …``: the conversations of a dossier: plan one, move it, show it, write down what
happened. What is valid is the store's; reading what people type is ``aantafel.usecases.readers``'; the
layout of a meeting is the core's plain-text document, which the coach shows too.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import click

from aantafel.catalogues import N_
from aantafel.cli import State, echo_json, json_option, language_option, pass_state, resolve_language
from aantafel.cli.language import _, spoken
from aantafel.cli.userdata import (
    ask,
    asked,
    author_option,
    data_group,
    from_option,
    open_for,
    run,
    say,
    when,
    writer,
)
from aantafel.labels import label
from aantafel.usecases import readers

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from aantafel.dossiers.model import Answer, Meeting, Participant, Record


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
                "--when", "moment", metavar=N_("DATE TIME"), help='When it starts, e.g. "3-12-2026 14:00".'
            ),
            click.option("--place", metavar=N_("TEXT"), help="Where it is."),
            click.option("--purpose", metavar=N_("TEXT"), help="What this meeting is for."),
            click.option(
                "--person",
                "people",
                multiple=True,
                metavar=N_("'NAME; SIDE; ROLE; BINDING'"),
                help='Someone at the table (repeat for each), e.g. "Wethouder Jansen; zij; wethouder; ja".',
            ),
            author_option(),
            language_option,
            click.pass_context,
        )
    ):
        function = option(function)
    return function


@meeting.command("add")
@click.argument("dossier_id", metavar="DOSSIER")
@_planning_options
def add(
    ctx: click.Context, /, dossier_id: str, author: str | None, language: str | None, **given: Any
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
    plan = _plan(None, **given)
    planned = run(lambda: store.add_meeting(found.id, **plan, author=writer(author)))
    say(
        _("Meeting {id} on {when}: {title}").format(
            id=planned.id, when=when(planned.starts_at), title=found.title
        )
    )
    click.echo(_("Prepare it with: aantafel prepare {id}").format(id=planned.id[:4]), err=True)


@meeting.command("edit")
@click.argument("meeting_id", metavar=N_("MEETING"))
@click.option(
    "--remove-person",
    "leaving",
    multiple=True,
    metavar=N_("NAME"),
    help="Someone who is not at the table after all (repeat for each); the others stay.",
)
@_planning_options
def edit(
    ctx: click.Context,
    /,
    meeting_id: str,
    leaving: tuple[str, ...],
    author: str | None,
    language: str | None,
    **given: Any,
) -> None:
    """Change a meeting that was moved or changed: its date and time, place, purpose or the people at the
    table (--person replaces them all). What you do not give stays; the preparation stays too. Without
    options, aantafel asks for each part and shows what it is now: Enter keeps it.

    \b
    Examples:
      aantafel meeting edit 41de --when "10-12-2026 15:30"
      aantafel meeting edit 41de --place Buurthuis --person "Wethouder Jansen; zij; wethouder; ja"
      aantafel meeting edit 41de --remove-person "Meneer Bakker"
      aantafel meeting edit 41de
    """
    store = open_for(ctx)
    current = run(lambda: store.meeting(meeting_id))
    plan: dict[str, Any]
    if leaving and all(value in (None, ()) for value in given.values()):
        plan = {
            "starts_at": current.starts_at,
            "place": current.place,
            "purpose": current.purpose,
            "people": current.participants,
        }
    else:
        plan = _plan(current, **given)
    if leaving:
        plan["people"] = _without(plan["people"], leaving)
    changed = run(
        lambda: store.update_meeting(
            current.id, **plan, expected_version=current.version, author=writer(author)
        )
    )
    click.echo(_("Meeting {id} on {when}: changed").format(id=changed.id, when=when(changed.starts_at)))


def _without(people: Sequence[Participant], leaving: Sequence[str]) -> list[Participant]:
    """``people`` without those named in ``leaving`` (case and spaces aside); a name not at the table is
    a mistake that names who is."""

    def same(name: str) -> str:
        return " ".join(name.split()).casefold()

    seated = {same(person.name) for person in people}
    unknown = [name for name in leaving if same(name) not in seated]
    if unknown:
        at_table = ", ".join(person.name for person in people) or "—"
        message = _("{name} is not at this table. At the table: {people}")
        raise click.BadParameter(
            message.format(name=unknown[0], people=at_table), param_hint="--remove-person"
        )
    gone = {same(name) for name in leaving}
    return [person for person in people if same(person.name) not in gone]


def _plan(
    current: Meeting | None,
    moment: str | None,
    place: str | None,
    purpose: str | None,
    people: tuple[str, ...],
) -> dict[str, Any]:
    """The store's arguments for a meeting: the flags as given, what ``current`` has for the ones left out,
    and questions for all of them when none is given (people are asked only for a new meeting)."""
    persons = [from_option(readers.person, person, "--person") for person in people]
    if moment is None and (current is None or (place is None and purpose is None and not people)):
        try:
            starts_at: datetime = click.prompt(
                _("Date and time (e.g. 3-12-2026 14:00)"),
                default=readers.typed_moment(current.starts_at) if current else None,
                value_proc=asked(readers.moment),
                err=True,
            )
            place = ask(_("Place"), current.place if current else "")
            purpose = ask(_("Purpose of this meeting"), current.purpose if current else "")
            persons += _ask_people() if current is None else []
        except click.Abort:
            raise click.ClickException(_("nothing was stored: the questions were not answered")) from None
    else:
        starts_at = (
            current.starts_at
            if moment is None and current
            else from_option(readers.moment, moment or "", "--when")
        )
    return {
        "starts_at": starts_at,
        "place": (current.place if current else "") if place is None else place,
        "purpose": (current.purpose if current else "") if purpose is None else purpose,
        "people": persons if people or current is None else current.participants,
    }


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
@click.option("--bin", "in_bin", is_flag=True, help="The meetings put in the bin instead.")
@language_option
@json_option
@click.pass_context
def list_meetings(
    ctx: click.Context, dossier_id: str, in_bin: bool, language: str | None, as_json: bool
) -> None:
    """List the meetings of a dossier, the earliest first; a cancelled one says so.

    \b
    Examples:
      aantafel meeting list 7f3a
      aantafel meeting list 7f3a --bin
    """
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    planned = run(lambda: store.meetings(found.id, in_bin=in_bin))
    if as_json:
        echo_json({"dossier": found.id, "meetings": [_meeting_data(m, store.answers(m.id)) for m in planned]})
        return
    if not planned:
        none = _("No meetings in this dossier yet. Plan one with: aantafel meeting add {id}")
        click.echo(none.format(id=found.id[:4]), err=True)
    for item in planned:
        where = f" · {item.place}" if item.place else ""
        off = f" ({label(spoken(), 'meeting cancelled')})" if item.cancelled_at else ""
        say(f"{item.id}  {when(item.starts_at)}{off}{where}  {item.purpose}".rstrip())


def _mark_command(name: str, summary: str, done: str) -> click.Command:
    """``cancel``, ``resume``, ``remove`` and ``restore``: a meeting called off or back on, into the bin
    and back; each a change in the history, so ``dossier undo`` can take it back too."""

    @meeting.command(name, help=summary)
    @click.argument("meeting_id", metavar=N_("MEETING"))
    @author_option()
    @click.pass_context
    def command(ctx: click.Context, meeting_id: str, author: str | None) -> None:
        store = open_for(ctx)
        item = run(lambda: store.meeting(meeting_id))
        actions: dict[str, Callable[..., Meeting]] = {
            "cancel": store.cancel_meeting,
            "resume": partial(store.cancel_meeting, cancelled=False),
            "remove": store.remove_meeting,
            "restore": store.restore_meeting,
        }
        act = actions[name]
        run(lambda: act(item.id, expected_version=item.version, author=writer(author)))
        say(_(done).format(id=item.id, when=when(item.starts_at)))

    return command


_mark_command(
    "cancel",
    "Call a meeting off: it stays in the dossier's timeline, marked, with its preparation.\n\n"
    "Example: aantafel meeting cancel 41de",
    N_("Meeting {id} on {when} is called off. Still on after all? aantafel meeting resume {id}"),
)
_mark_command(
    "resume",
    "Let a cancelled meeting go ahead after all.\n\nExample: aantafel meeting resume 41de",
    N_("Meeting {id} on {when} goes ahead."),
)
_mark_command(
    "remove",
    "Put a meeting planned by mistake in the bin; nothing is lost.\n\nExample: aantafel meeting remove 41de",
    N_("Meeting {id} is in the bin. Bring it back with: aantafel meeting restore {id}"),
)
_mark_command(
    "restore",
    "Bring a meeting back from the bin.\n\nExample: aantafel meeting restore 41de",
    N_("Meeting {id} on {when} is back."),
)


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
@click.argument("meeting_id", metavar=N_("MEETING"))
@language_option
@json_option
@pass_state
@click.pass_context
def show(ctx: click.Context, state: State, /, meeting_id: str, language: str | None, as_json: bool) -> None:
    """Show a meeting: when, where, who is at the table, its preparation so far and what happened.

    \b
    Example:
      aantafel meeting show 41de
    """
    from aantafel.documents import render_text
    from aantafel.dossiers.documents import meeting_document

    store = open_for(ctx)
    item = run(lambda: store.meeting(meeting_id))
    if as_json:
        echo_json(_meeting_data(item, store.answers(item.id), store.record(item.id)))
        return
    library = state.library()
    shown = run(lambda: meeting_document(store, library, item.id, resolve_language(library, language)))
    say(render_text(shown).decode("utf-8"), nl=False)


@meeting.command("record")
@click.argument("meeting_id", metavar=N_("MEETING"))
@click.option("--notes", metavar=N_("TEXT"), help="What was said and decided.")
@click.option(
    "--used", multiple=True, metavar=N_("INTERVENTION"), help="An intervention you used (repeatable)."
)
@click.option(
    "--move",
    "made",
    multiple=True,
    metavar=N_("'SIDE; KIND; WHAT; CONDITION'"),
    help='What a side offered, conceded or promised (repeatable), e.g. "zij; geboden; huur 850 euro".',
)
@click.option("--emotions", metavar=N_("TEXT"), help="Emotions to remember for next time.")
@click.option("--went-well", metavar=N_("TEXT"), help="What went well.")
@click.option("--do-differently", metavar=N_("TEXT"), help="What to do differently next time.")
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
    if used or made or any(value is not None for value in texts.values()):
        written = Record(
            interventions=from_option(lambda typed: interventions_used(library, lang, typed), used, "--used"),
            moves=tuple(from_option(readers.move, value, "--move") for value in made),
            **{field: value or "" for field, value in texts.items()},
        )
    else:
        written = _ask_record(lambda typed: interventions_used(library, lang, typed.split(",")))
    run(lambda: store.record_meeting(item.id, written, expected_version=item.version, author=writer(author)))
    click.echo(_("Meeting {id}: what happened is saved.").format(id=item.id))


def _ask_record(used: Callable[[str], tuple[str, ...]]) -> Record:
    """What happened, asked part by part; Ctrl-C stops the questions and nothing is stored."""
    from aantafel.dossiers.model import Move, Record

    try:
        notes = ask(_("Notes of the meeting"))
        interventions = click.prompt(
            _("Which interventions did you use? (ids, comma-separated; Enter = none)"),
            default="",
            show_default=False,
            value_proc=asked(used),
            err=True,
        )
        moves = []
        while what := ask(_("Movement: what did a side offer, concede or promise? (Enter = done)")):
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
                Move(side=side, kind=kind, what=what, condition=ask(_("On what condition? (Enter = none)")))
            )
        return Record(
            notes=notes,
            interventions=interventions or (),
            moves=tuple(moves),
            emotions=ask(_("Emotions to remember next time")),
            went_well=ask(_("What went well?")),
            do_differently=ask(_("What will you do differently next time?")),
        )
    except click.Abort:
        raise click.ClickException(_("nothing was stored: the questions were not answered")) from None


COMMANDS = (meeting,)
