"""``aantafel agreement …``: what was agreed, who does it, by when, and whether it was kept."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from aantafel.catalogues import N_
from aantafel.cli import echo_json, json_option, language_option
from aantafel.cli.language import _, spoken
from aantafel.cli.userdata import (
    asked,
    author_option,
    data_group,
    day,
    from_option,
    open_for,
    run,
    said,
    say,
    writer,
)
from aantafel.labels import label
from aantafel.usecases import readers

if TYPE_CHECKING:
    from collections.abc import Callable

    from aantafel.dossiers.model import Agreement


@data_group("agreement")
def agreement() -> None:
    """Agreements: what, who, by when, what if it is not kept, and whether it was.

    \b
    Examples:
      aantafel agreement add 7f3a --what "Gemeente stuurt de taxatie" --side zij --due 10-12-2026
      aantafel agreement list --status overdue
      aantafel agreement edit 2f1d --due 17-12-2026
      aantafel agreement done 2f1d
    """


def _agreement_options(command: Callable[..., None]) -> Callable[..., None]:
    """--what, --side, --person, --due and --if-broken, which ``add`` and ``edit`` share."""
    for option in reversed(
        (
            click.option("--what", metavar=N_("TEXT"), help="What was agreed."),
            click.option(
                "--side", metavar=N_("SIDE"), help="Who does it: ours (wij), theirs (zij) or other (anders)."
            ),
            click.option("--person", metavar=N_("NAME"), help="Which person does it."),
            click.option("--due", metavar=N_("DATE"), help='By when, e.g. 10-12-2026 ("" for no date).'),
            click.option("--if-broken", metavar=N_("TEXT"), help="What happens if it is not kept."),
        )
    ):
        command = option(command)
    return command


@agreement.command("add")
@click.argument("dossier_id", metavar="DOSSIER")
@_agreement_options
@click.option("--meeting", "meeting_id", metavar=N_("MEETING"), help="The meeting it came from.")
@author_option("Who records it")
@language_option
@json_option
@click.pass_context
def add(
    ctx: click.Context,
    dossier_id: str,
    what: str | None,
    side: str | None,
    person: str | None,
    due: str | None,
    if_broken: str | None,
    meeting_id: str | None,
    author: str | None,
    language: str | None,
    as_json: bool,
) -> None:
    """Record an agreement. Without --what, aantafel asks for each part in turn.

    \b
    Examples:
      aantafel agreement add 7f3a
      aantafel agreement add 7f3a --what "Gemeente stuurt de taxatie" --side zij \\
          --person "Mevrouw De Vries" --due 10-12-2026 --meeting 41de \\
          --if-broken "We vragen de wethouder om uitleg"
    """
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    source = run(lambda: store.meeting(meeting_id)).id if meeting_id else None
    if what is None:
        added = _told(
            lambda fields: store.add_agreement(found.id, **fields, meeting_id=source, author=writer(author))
        )
    else:
        added = run(
            lambda: store.add_agreement(
                found.id,
                what=what,
                side=from_option(readers.side, side or "theirs", "--side"),
                person=person or "",
                due=from_option(readers.day, due, "--due") if due else None,
                if_broken=if_broken or "",
                meeting_id=source,
                author=writer(author),
            )
        )
    if as_json:
        echo_json(_data(added))
        return
    say(_("Agreement {id}: {what}").format(id=added.id, what=added.what))


@agreement.command("edit")
@click.argument("agreement_id", metavar=N_("AGREEMENT"))
@_agreement_options
@author_option("Who corrects it")
@language_option
@json_option
@click.pass_context
def edit(
    ctx: click.Context,
    agreement_id: str,
    what: str | None,
    side: str | None,
    person: str | None,
    due: str | None,
    if_broken: str | None,
    author: str | None,
    language: str | None,
    as_json: bool,
) -> None:
    """Correct an agreement: a typo, another person, a new due date. What you do not give stays, and so does
    its status. Without options, aantafel asks for each part and shows what it is now: Enter keeps it.

    \b
    Examples:
      aantafel agreement edit 2f1d --due 17-12-2026
      aantafel agreement edit 2f1d --person "Meneer Bakker"
      aantafel agreement edit 2f1d
    """
    store = open_for(ctx)
    current = run(lambda: store.agreement(agreement_id))
    version, who = current.version, writer(author)
    if all(value is None for value in (what, side, person, due, if_broken)):
        changed = _told(
            lambda fields: store.update_agreement(current.id, **fields, expected_version=version, author=who),
            current,
        )
    else:
        day_given = from_option(readers.day, due, "--due") if due else None
        changed = run(
            lambda: store.update_agreement(
                current.id,
                what=current.what if what is None else what,
                side=current.side if side is None else from_option(readers.side, side, "--side"),
                person=current.person if person is None else person,
                due=current.due if due is None else day_given,
                if_broken=current.if_broken if if_broken is None else if_broken,
                expected_version=version,
                author=who,
            )
        )
    if as_json:
        echo_json(_data(changed))
        return
    say(_("Agreement {id}: {what} (changed)").format(id=changed.id, what=changed.what))


QUESTIONS = {
    "what": N_("What was agreed?"),
    "who": N_("Who does it? Type ours (wij), theirs (zij) or other (anders), and a name if you like"),
    "due": N_("By when? (e.g. 10-12-2026; Enter = no date)"),
    "if broken": N_("What happens if it is not kept?"),
}
"""The command line's question for each part of an agreement (``aantafel.usecases.agreements.PARTS``)."""


def _told(store: Callable[[dict[str, Any]], Agreement], current: Agreement | None = None) -> Agreement:
    """The agreement told part by part and stored with ``store``; in an edit each question shows what the
    part is now and Enter keeps it. When the store refuses it, only that part is asked again, with the
    reason. Ctrl-C stops the questions, and then nothing is stored."""
    from aantafel.dossiers.model import InvalidDossier
    from aantafel.usecases import agreements

    told = agreements.told(current, spoken()) if current else {}
    try:
        for part in agreements.PARTS:
            told[part] = _ask_part(part, told.get(part, ""))
        while True:
            try:
                return store(agreements.fields(told))
            except InvalidDossier as refused:
                click.echo(_("Not saved yet: {reason}").format(reason=said(refused)), err=True)
                part = agreements.part_of(refused)
                told[part] = _ask_part(part, told[part])
    except click.Abort:
        raise click.ClickException(_("nothing was stored: the questions were not answered")) from None


def _ask_part(part: str, now: str) -> str:
    from aantafel.usecases.agreements import PARTS

    answer: str = click.prompt(
        _(QUESTIONS[part]), default=now, show_default=bool(now), value_proc=asked(PARTS[part]), err=True
    )
    return answer


def _data(item: Agreement) -> dict[str, Any]:
    import attrs

    today = datetime.now().astimezone().date()
    plain = attrs.asdict(
        item, value_serializer=lambda _i, _a, v: v.isoformat() if hasattr(v, "isoformat") else v
    )
    return {**plain, "overdue": item.overdue(today)}


@agreement.command("list")
@click.option("--dossier", "dossier_id", metavar="DOSSIER", help="Only this dossier's agreements.")
@click.option(
    "--status",
    type=click.Choice(["open", "done", "broken", "withdrawn", "overdue"]),
    help="Only open, done, broken, withdrawn or overdue (open past their date) agreements.",
)
@click.option("--bin", "in_bin", is_flag=True, help="The agreements put in the bin instead.")
@language_option
@json_option
@click.pass_context
def list_agreements(
    ctx: click.Context,
    dossier_id: str | None,
    status: str | None,
    in_bin: bool,
    language: str | None,
    as_json: bool,
) -> None:
    """List agreements across your dossiers, by due date: open, done, overdue and broken.

    \b
    Examples:
      aantafel agreement list
      aantafel agreement list --status overdue
      aantafel agreement list --dossier 7f3a --json
    """
    store = open_for(ctx)
    owner = run(lambda: store.dossier(dossier_id)).id if dossier_id else None
    found = run(lambda: store.agreements(owner, status, in_bin=in_bin))
    if as_json:
        echo_json({"agreements": [_data(item) for item in found]})
        return
    if not found:
        click.echo(_("No agreements found."), err=True)
        return
    today = datetime.now().astimezone().date()
    for item in found:
        state = "overdue" if item.overdue(today) else item.status
        who = item.person or label(spoken(), f"side {item.side}")
        line = (
            f"{item.id}  {day(item.due):<17}  {label(spoken(), f'status {state}'):<15}  {item.what} ({who})"
        )
        say(line, fg="red" if state in ("overdue", "broken") else None)


def _status_command(status: str, name: str, summary: str) -> click.Command:
    @agreement.command(name, help=summary)
    @click.argument("agreement_id", metavar=N_("AGREEMENT"))
    @click.option("--note", metavar=N_("TEXT"), default="", help="Why, in a few words; kept in the history.")
    @author_option("Who changes it")
    @click.pass_context
    def command(ctx: click.Context, agreement_id: str, note: str, author: str | None) -> None:
        store = open_for(ctx)
        item = run(lambda: store.agreement(agreement_id))
        changed = run(
            lambda: store.set_agreement_status(
                item.id, status, expected_version=item.version, author=writer(author), note=note
            )
        )
        click.echo(
            _("Agreement {id}: {status}").format(
                id=changed.id, status=label(spoken(), f"status {changed.status}")
            )
        )

    return command


_status_command("done", "done", "Mark an agreement as done.\n\nExample: aantafel agreement done 2f1d")
_status_command(
    "broken",
    "broken",
    'Mark an agreement as not kept.\n\nExample: aantafel agreement broken 2f1d --note "Geen taxatie"',
)
_status_command("open", "reopen", "Open an agreement again.\n\nExample: aantafel agreement reopen 2f1d")
_status_command(
    "withdrawn",
    "withdraw",
    "Withdraw an agreement both sides dropped: it stays in the list, no longer open.\n\n"
    'Example: aantafel agreement withdraw 2f1d --note "Niet meer nodig na de nieuwe nota"',
)


def _bin_command(name: str, summary: str) -> click.Command:
    """``remove`` and ``restore``: an agreement into the bin and back."""

    @agreement.command(name, help=summary)
    @click.argument("agreement_id", metavar=N_("AGREEMENT"))
    @author_option("Who changes it")
    @click.pass_context
    def command(ctx: click.Context, agreement_id: str, author: str | None) -> None:
        store = open_for(ctx)
        item = run(lambda: store.agreement(agreement_id))
        move = store.remove_agreement if name == "remove" else store.restore_agreement
        run(lambda: move(item.id, expected_version=item.version, author=writer(author)))
        if name == "remove":
            message = _("Agreement {id} is in the bin. Bring it back with: aantafel agreement restore {id}")
        else:
            message = _("Agreement {id} is back: {what}")
        say(message.format(id=item.id, what=item.what))

    return command


_bin_command(
    "remove",
    "Put an agreement written down by mistake in the bin; nothing is lost.\n\n"
    "Example: aantafel agreement remove 2f1d",
)
_bin_command("restore", "Bring an agreement back from the bin.\n\nExample: aantafel agreement restore 2f1d")


@agreement.command("show")
@click.argument("agreement_id", metavar=N_("AGREEMENT"))
@language_option
@json_option
@click.pass_context
def show(ctx: click.Context, agreement_id: str, language: str | None, as_json: bool) -> None:
    """Show an agreement with the history of its status.

    \b
    Example:
      aantafel agreement show 2f1d
    """
    from aantafel.cli.userdata import when

    store = open_for(ctx)
    item = run(lambda: store.agreement(agreement_id))
    history = store.agreement_history(item.id)
    if as_json:
        changes = [{"at": c.at.isoformat(), "author": c.author, "old": c.old, "new": c.new} for c in history]
        echo_json({**_data(item), "history": changes})
        return
    lang = spoken()
    say(item.what)
    say(
        _("agreement {id} · {status} · due {due} · {who}").format(
            id=item.id,
            status=label(lang, f"status {item.status}"),
            due=day(item.due),
            who=item.person or label(lang, f"side {item.side}"),
        )
    )
    if item.if_broken:
        say(_("if it is not kept: {what}").format(what=item.if_broken))
    for change in history:
        old, new = (_status(value, lang) for value in (change.old, change.new))
        say(f"  {when(change.at)}  {change.author}  {old or '·'} → {new}")


def _status(value: str | None, lang: str) -> str:
    """A history entry's status ("broken: geen taxatie") in words; other entries as they are."""
    status, colon, note = (value or "").partition(": ")
    if status in ("open", "done", "broken"):
        return label(lang, f"status {status}") + colon + note
    return value or ""


COMMANDS = (agreement,)
