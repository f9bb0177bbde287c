"""``aantafel agreement …``: what was agreed, who does it, by when, and whether it was kept."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from aantafel.cli import echo_json, json_option, language_option
from aantafel.cli.userdata import ask_kept, author_option, db_option, labels_language, open_for, run, writer
from aantafel.cli.words import DAY_FORMATS, SIDE_WORDS, in_option, one_of, parse_day, parse_side
from aantafel.labels import label

if TYPE_CHECKING:
    from collections.abc import Callable

    from aantafel.dossiers.model import Agreement


@click.group("agreement")
@db_option
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
            click.option("--what", metavar="TEXT", help="What was agreed."),
            click.option(
                "--side", metavar="SIDE", help="Who does it: ours (wij), theirs (zij) or other (anders)."
            ),
            click.option("--person", metavar="NAME", help="Which person does it."),
            click.option("--due", metavar="DATE", help='By when, e.g. 10-12-2026 ("" for no date).'),
            click.option("--if-broken", metavar="TEXT", help="What happens if it is not kept."),
        )
    ):
        command = option(command)
    return command


@agreement.command("add")
@click.argument("dossier_id", metavar="DOSSIER")
@_agreement_options
@click.option("--meeting", "meeting_id", metavar="MEETING", help="The meeting it came from.")
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
    lang = labels_language(language)
    store = open_for(ctx)
    found = run(lambda: store.dossier(dossier_id))
    source = run(lambda: store.meeting(meeting_id)).id if meeting_id else None
    try:
        if what is None:
            what, side, person, day, if_broken = _ask(lang, None)
        else:
            day = in_option(parse_day, due, "--due") if due else None
            side = in_option(parse_side, side or "theirs", "--side")
    except click.Abort:
        raise click.ClickException("nothing was stored: the questions were not answered") from None
    added = run(
        lambda: store.add_agreement(
            found.id,
            what=what or "",
            side=side or "theirs",
            person=person or "",
            due=day,
            if_broken=if_broken or "",
            meeting_id=source,
            author=writer(author),
        )
    )
    if as_json:
        echo_json(_data(added))
        return
    click.echo(f"Agreement {added.id}: {added.what}")


@agreement.command("edit")
@click.argument("agreement_id", metavar="AGREEMENT")
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
    lang = labels_language(language)
    store = open_for(ctx)
    current = run(lambda: store.agreement(agreement_id))
    day = current.due
    if all(value is None for value in (what, side, person, due, if_broken)):
        try:
            what, side, person, day, if_broken = _ask(lang, current)
        except click.Abort:
            raise click.ClickException("nothing was changed: the questions were not answered") from None
    else:
        if due is not None:
            day = in_option(parse_day, due, "--due") if due.strip() else None
        if side is not None:
            side = in_option(parse_side, side, "--side")
    changed = run(
        lambda: store.update_agreement(
            current.id,
            what=current.what if what is None else what,
            side=current.side if side is None else side,
            person=current.person if person is None else person,
            due=day,
            if_broken=current.if_broken if if_broken is None else if_broken,
            expected_version=current.version,
            author=writer(author),
        )
    )
    if as_json:
        echo_json(_data(changed))
        return
    click.echo(f"Agreement {changed.id}: {changed.what} (changed)")


def _ask(lang: str, current: Agreement | None) -> tuple[str, str, str, date | None, str]:
    """What, who, by when and what if not, asked in turn; in an edit each question shows what it is now and
    Enter keeps it."""
    what: str = click.prompt(
        label(lang, "agreement what"), default=current.what if current else None, err=True
    )
    side: str = click.prompt(
        label(lang, "agreement side"),
        default=label(lang, f"side {current.side if current else 'theirs'}"),
        value_proc=one_of(SIDE_WORDS),
        err=True,
    )
    person = ask_kept(label(lang, "agreement person"), current.person if current else "")
    due = current.due if current else None
    day: date | None = click.prompt(
        label(lang, "agreement due"),
        default=due.strftime(DAY_FORMATS[0]) if due else "",
        show_default=due is not None,
        value_proc=lambda v: parse_day(v) if v.strip() else None,
        err=True,
    )
    if_broken = ask_kept(label(lang, "agreement if_broken"), current.if_broken if current else "")
    return what, side, person, day, if_broken


def _data(item: Agreement) -> dict[str, Any]:
    import attrs

    today = datetime.now().astimezone().date()
    return {
        **attrs.asdict(
            item, value_serializer=lambda _i, _a, v: v.isoformat() if hasattr(v, "isoformat") else v
        ),
        "overdue": item.overdue(today),
    }


@agreement.command("list")
@click.option("--dossier", "dossier_id", metavar="DOSSIER", help="Only this dossier's agreements.")
@click.option(
    "--status",
    type=click.Choice(["open", "done", "broken", "overdue"]),
    help="Only open, done, broken or overdue (open past their date) agreements.",
)
@language_option
@json_option
@click.pass_context
def list_agreements(
    ctx: click.Context, dossier_id: str | None, status: str | None, language: str | None, as_json: bool
) -> None:
    """List agreements across your dossiers, by due date: open, done, overdue and broken.

    \b
    Examples:
      aantafel agreement list
      aantafel agreement list --status overdue
      aantafel agreement list --dossier 7f3a --json
    """
    lang = labels_language(language)
    store = open_for(ctx)
    owner = run(lambda: store.dossier(dossier_id)).id if dossier_id else None
    found = run(lambda: store.agreements(owner, status))
    if as_json:
        echo_json({"agreements": [_data(item) for item in found]})
        return
    if not found:
        click.echo(label(lang, "agreement none"), err=True)
        return
    today = datetime.now().astimezone().date()
    for item in found:
        state = "overdue" if item.overdue(today) else item.status
        when = item.due.strftime(label(lang, "date format").split(" ")[0]) if item.due else "—"
        who = item.person or label(lang, f"side {item.side}")
        line = f"{item.id}  {when:<10}  {label(lang, f'status {state}'):<15}  {item.what} ({who})"
        click.secho(line, fg="red" if state in ("overdue", "broken") else None)


def _status_command(status: str, summary: str) -> click.Command:
    @click.command(status if status != "open" else "reopen", help=summary)
    @click.argument("agreement_id", metavar="AGREEMENT")
    @click.option("--note", default="", help="Why, in a few words; kept in the history.")
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
        click.echo(f"Agreement {changed.id}: {changed.status}")

    return command


for _status, _summary in (
    ("done", "Mark an agreement as done.\n\nExample: aantafel agreement done 2f1d"),
    (
        "broken",
        'Mark an agreement as not kept.\n\nExample: aantafel agreement broken 2f1d --note "Geen taxatie"',
    ),
    ("open", "Open an agreement again.\n\nExample: aantafel agreement reopen 2f1d"),
):
    agreement.add_command(_status_command(_status, _summary))


@agreement.command("show")
@click.argument("agreement_id", metavar="AGREEMENT")
@json_option
@click.pass_context
def show(ctx: click.Context, agreement_id: str, as_json: bool) -> None:
    """Show an agreement with the history of its status.

    \b
    Example:
      aantafel agreement show 2f1d
    """
    store = open_for(ctx)
    item = run(lambda: store.agreement(agreement_id))
    history = store.agreement_history(item.id)
    if as_json:
        echo_json(
            {
                **_data(item),
                "history": [
                    {"at": c.at.isoformat(), "author": c.author, "old": c.old, "new": c.new} for c in history
                ],
            }
        )
        return
    click.echo(
        f"{item.what}\n"
        f"agreement {item.id} · {item.status} · due {item.due or '—'} · {item.person or item.side}"
    )
    if item.if_broken:
        click.echo(f"if not kept: {item.if_broken}")
    for change in history:
        click.echo(
            f"  {change.at.astimezone():%Y-%m-%d %H:%M}  {change.author}  {change.old or '·'} → {change.new}"
        )


COMMANDS = (agreement,)
