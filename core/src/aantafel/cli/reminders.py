"""``aantafel remind``: the open agreements due soon or late, per person, and with ``--send`` each person
their list by e-mail, at most once a day, for a cron job or a systemd timer.

Where a reminder goes: in a database with accounts, to the account in the dossier's organisation whose
name (or sign-in name) is the agreement's person; ``--to`` sends everything to one address instead, which
is how a single user (no accounts, so no addresses) gets them. A person without an address is listed and
skipped. Without ``--as`` a database with accounts is read whole: reminding is the hosting admin's job.
"""

from __future__ import annotations

import os
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import click

from aantafel.catalogues import N_
from aantafel.cli import echo_json, json_option, language_option
from aantafel.cli.language import _, command, spoken
from aantafel.cli.userdata import data_options, from_option, open_database, open_for, run, say

if TYPE_CHECKING:
    from datetime import date

    from aantafel.dossiers.store import Store
    from aantafel.usecases.reminders import Person


@command("remind")
@click.option(
    "--days",
    type=click.IntRange(min=0, max=366),
    default=7,
    show_default=True,
    metavar=N_("NUMBER"),
    help="List the agreements due within this many days, and every overdue one.",
)
@click.option(
    "--send",
    is_flag=True,
    help="Send each person their list by e-mail through $AANTAFEL_SMTP_URL, at most once a day.",
)
@click.option(
    "--to",
    "to",
    metavar=N_("ADDRESS"),
    help="Send everything to this one address (needed with --send in a database without accounts).",
)
@data_options
@language_option
@json_option
@click.pass_context
def remind(
    ctx: click.Context, days: int, send: bool, to: str | None, language: str | None, as_json: bool
) -> None:
    """Which open agreements are due soon or late, per person; with --send, each person gets them by e-mail.

    Run it every morning from cron or a systemd timer: a second run on the same day sends nobody the same
    reminder again. Messages are in the language of --lang (default: Dutch).

    \b
    Examples:
      aantafel remind
      aantafel remind --days 14 --json
      AANTAFEL_SMTP_URL=smtps://aantafel:secret@mail.example.nl aantafel remind --send --to ik@example.nl
    """
    from datetime import timedelta

    from aantafel.dossiers.people import clean_email
    from aantafel.mail import SMTP_URL
    from aantafel.usecases.reminders import gathered

    server = os.environ.get(SMTP_URL, "").strip()
    address = from_option(clean_email, to, "--to") if to else ""
    if send and not server:
        raise click.UsageError(
            _("set {variable} to the mail server first, e.g. {example}").format(
                variable=SMTP_URL, example="smtps://aantafel:password@mail.example.nl:465"
            )
        )
    store = _store(ctx)
    accounts = run(store.has_accounts)
    if send and not address and not accounts:
        raise click.UsageError(_("without accounts, say where the reminders go: --to ADDRESS"))
    today = datetime.now().astimezone().date()
    found = run(lambda: store.due_agreements(today + timedelta(days=days)))
    titles = run(lambda: store.titles({a.dossier_id for a in found}))
    wanted = {(a.dossier_id, a.person) for a in found if a.person}
    addresses = dict.fromkeys(wanted, address) if address else {}
    if accounts and not address:
        addresses = run(lambda: store.addresses(wanted))
    people = gathered(found, titles, addresses, today, spoken())
    if address:  # one message to one address: everyone's agreements
        people = [_to(person, address) for person in people]
    outcome = _sent(store, people, today, server) if send else {}
    if as_json:
        echo_json({"today": today.isoformat(), "days": days, "people": _data(people, outcome)})
        return
    _listed(people, days)
    for address, state in outcome.items():
        click.echo(_said(address, state, people))


def _store(ctx: click.Context) -> Store:
    """The store as ``--as`` names a person, else the whole database (the hosting admin's cron job)."""
    from aantafel.cli.userdata import ACTING

    if ctx.find_root().meta.get("aantafel.as") or os.environ.get(ACTING):
        return open_for(ctx)
    return open_database(ctx)


def _to(person: Person, address: str) -> Person:
    from attrs import evolve

    return evolve(person, address=address)


def _sent(store: Store, people: list[Person], today: date, server: str) -> dict[str, str]:
    """Send each address its message, once a day; what happened to each address ("" for the people
    without one): sent, already sent, or no address. A mail server that fails stops the run with its
    reason: what went out before stays noted, the rest is tried again next time."""
    from aantafel import mail
    from aantafel.usecases.reminders import message

    sender = os.environ.get(mail.MAIL_FROM, "")
    per_address: dict[str, list[Person]] = {}
    for person in people:
        per_address.setdefault(person.address, []).append(person)
    outcome: dict[str, str] = {}
    for address, theirs in per_address.items():
        if not address:
            outcome[address] = "no address"
            continue
        subject, body = message(theirs, spoken())
        count = sum(len(person.due) for person in theirs)
        try:
            sending = partial(mail.send, server, sender, address, subject, body)
            done = run(partial(store.remind_once, today, address, count, sending))
        except mail.MailError as exc:
            for before, state in outcome.items():
                click.echo(_said(before, state, people))
            raise click.ClickException(
                _(
                    "the mail server {server} did not take the reminder to {address}: {error}. It is not "
                    "marked as sent; the next run tries again."
                ).format(server=mail.shown(server), address=address, error=exc)
            ) from None
        outcome[address] = "sent" if done else "already sent"
    return outcome


def _said(address: str, state: str, people: list[Person]) -> str:
    """What happened to one address's reminder, in words."""
    if state == "sent":
        return _("Sent to {address}.").format(address=address)
    if state == "already sent":
        return _("{address} had its reminder today already: nothing sent.").format(address=address)
    names = ", ".join(person.name for person in people if not person.address)
    return _("No address known for {names}: nothing sent to them.").format(names=names)


def _listed(people: list[Person], days: int) -> None:
    from aantafel.usecases.reminders import line

    if not people:
        click.echo(_("No open agreements are due within {days} days, and none is late.").format(days=days))
        return
    for person in people:
        where = person.address or _("no address")
        say(f"{person.name} <{where}>", bold=True)
        for due in person.due:
            say(f"  {due.agreement.id}  {line(due, spoken())}", fg="red" if due.overdue else None)


def _data(people: list[Person], outcome: dict[str, str]) -> list[dict[str, Any]]:
    """The people and their agreements as ``--json`` gives them; ``sent`` is null without ``--send``."""
    return [
        {
            "person": person.name,
            "address": person.address or None,
            "sent": outcome.get(person.address),
            "agreements": [
                {
                    "id": due.agreement.id,
                    "dossier_id": due.agreement.dossier_id,
                    "dossier": due.dossier,
                    "what": due.agreement.what,
                    "due": due.agreement.due.isoformat() if due.agreement.due else None,
                    "overdue": due.overdue,
                }
                for due in person.due
            ],
        }
        for person in people
    ]


COMMANDS = (remind,)
