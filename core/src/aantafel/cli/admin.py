"""``aantafel admin`` and ``aantafel migrate``: what the hosting admin does in a shell on the server.

These commands open the whole database, without ``--as``: whoever can open the database URL has every
dossier already, so they are no way in that the web page does not have. The first site admin is made here,
and a single-user database moves into its first organisation on the way. Links are printed, to be sent
any way the admin likes; the web page (``/join/…``, ``/reset/…``) takes them from there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from aantafel.catalogues import N_
from aantafel.cli import language_option
from aantafel.cli.language import _, command, ngettext, spoken
from aantafel.cli.userdata import (
    asked,
    confirm,
    data_group,
    db_option,
    from_option,
    link,
    open_database,
    organisation_named,
    run,
    say,
    when,
)
from aantafel.labels import label

if TYPE_CHECKING:
    from aantafel.dossiers.people import Person
    from aantafel.dossiers.store import Store


@data_group("admin", person=False)
@language_option
def admin(language: str | None) -> None:
    """Accounts mode, for the hosting admin: site admins, organisations, links to join, people.

    These commands work on the whole database, so they take no --as: run them on the server, where the
    database URL is known. Start with `aantafel admin create`.
    """


@admin.command("create")
@click.option(
    "--login", metavar=N_("SIGN-IN-NAME"), help="The new site admin's sign-in name (asked if left out)."
)
@click.option("--name", metavar=N_("NAME"), help="Their name, as the history shows it (asked if left out).")
@click.option("--email", metavar=N_("ADDRESS"), default="", help="Their e-mail address (optional).")
@click.option(
    "--password-file",
    metavar=N_("FILE"),
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the password from the first line of FILE (for scripts); else it is asked twice, unseen.",
)
@click.option(
    "--organisation",
    metavar=N_("NAME"),
    help="The name of the first organisation, when the database holds dossiers from before accounts "
    "(asked if left out).",
)
@language_option
@click.pass_context
def create(
    ctx: click.Context,
    login: str | None,
    name: str | None,
    email: str,
    password_file: Path | None,
    organisation: str | None,
    language: str | None,
) -> None:
    """Make a site admin: the first one, which switches the database to accounts mode, or another.

    When the database holds dossiers of no organisation (it was used by one person, without accounts),
    they go into a first organisation, unchanged, and the new site admin becomes its admin. Nobody can
    use the database without naming a person after this (--as).

    \b
    Examples:
      aantafel admin create
      aantafel admin create --login beheer --name "Sanne" --password-file wachtwoord.txt
    """
    from aantafel.dossiers.people import clean_email, clean_login, clean_name, clean_password

    store = open_database(ctx)
    chosen_login = _given_or_asked(login, _("Sign-in name"), clean_login, "--login")
    run(lambda: _free(store, chosen_login))
    chosen_name = _given_or_asked(name, _("Name"), clean_name, "--name")
    chosen_email = from_option(clean_email, email, "--email")
    unowned = run(store.unowned_dossiers)
    if unowned:
        organisation = _given_or_asked(
            organisation,
            _("Name of the first organisation"),
            clean_name,
            "--organisation",
            _("My organisation"),
        )
    password = _password(password_file, clean_password)
    person = run(
        lambda: store.create_person(
            login=chosen_login, name=chosen_name, password=password, email=chosen_email, site_admin=True
        )
    )
    click.echo(
        _("Site admin made: {name} (sign-in name: {login}).").format(name=person.name, login=person.login)
    )
    if unowned and organisation:
        _move_in(store, person, organisation, unowned)
    click.echo()
    click.echo(_("Next:"))
    click.echo(_("  1. Start the web page with accounts on: AANTAFEL_ACCOUNTS=on aantafel serve"))
    click.echo(_("     (for a server: see docs/hosting.md)"))
    click.echo(_("  2. Sign in as {login}.").format(login=person.login))
    click.echo(_("  3. Invite people: aantafel admin invite ORGANISATION --role member"))


def _free(store: Store, login: str) -> None:
    """Refuse a sign-in name that is taken before the password is typed, not after."""
    from aantafel.dossiers.people import AccountError

    try:
        store.person_by_login(login)
    except AccountError:
        return
    raise AccountError("login taken", login=login)


def _given_or_asked(
    given: str | None, question: str, reader: Callable[[str], str], option: str, default: str | None = None
) -> str:
    """The option's value if given (a mistake names the option), else asked until it can be read."""
    if given is not None:
        return from_option(reader, given, option)
    typed: str = click.prompt(question, default=default, value_proc=asked(reader), err=True)
    return typed


def _password(file: Path | None, clean: Callable[[str], str]) -> str:
    """The password from the first line of ``file``, or typed twice without being shown; never from the
    command line, where other users of the server can read it."""
    if file is None:
        typed: str = click.prompt(
            _("Password"),
            hide_input=True,
            confirmation_prompt=_("The same password again"),
            value_proc=asked(clean),
            err=True,
        )
        return typed
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(str(exc), param_hint="--password-file") from None
    return from_option(clean, lines[0] if lines else "", "--password-file")


def _move_in(store: Store, person: Person, organisation: str, unowned: int) -> None:
    moved = run(lambda: store.move_in(organisation, admin=person.id))
    if moved is None:  # someone else moved them meanwhile
        return
    say(
        ngettext(
            "{count} dossier from before accounts is now in the organisation {organisation} ({id}), with "
            "{name} as its admin.",
            "{count} dossiers from before accounts are now in the organisation {organisation} ({id}), with "
            "{name} as its admin.",
            unowned,
        ).format(count=unowned, organisation=moved.name, id=moved.id, name=person.name)
    )


@admin.command("organisations")
@language_option
@click.pass_context
def organisations(ctx: click.Context, language: str | None) -> None:
    """List the organisations: id, name, and how many people and dossiers each has."""
    store = open_database(ctx)
    found = run(store.organisations)
    sizes = run(store.organisation_sizes)
    if not found:
        click.echo(_("No organisations yet. Make one: aantafel admin new-organisation NAME"))
    for each in found:
        people, dossiers = sizes.get(each.id, (0, 0))
        counted = ", ".join(
            (
                ngettext("{count} person", "{count} people", people).format(count=people),
                ngettext("{count} dossier", "{count} dossiers", dossiers).format(count=dossiers),
            )
        )
        say(f"{each.id}  {each.name}  ({counted})")


@admin.command("new-organisation")
@click.argument("name", metavar=N_("NAME"))
@language_option
@click.pass_context
def new_organisation(ctx: click.Context, name: str, language: str | None) -> None:
    """Make an organisation (a bewonersbedrijf), without people yet: then invite its first admin.

    \b
    Example:
      aantafel admin new-organisation "Buurtbedrijf Oost"
    """
    store = open_database(ctx)
    made = run(lambda: store.create_organisation(name))
    say(_("Organisation made: {name} ({id}).").format(name=made.name, id=made.id))
    click.echo(_("Invite its first admin: aantafel admin invite {id} --role admin").format(id=made.id))


@admin.command("invite")
@click.argument("organisation", metavar=N_("ORGANISATION"))
@click.option(
    "--role",
    metavar=N_("ROLE"),
    default="member",
    show_default=True,
    help="member, admin (also invites and removes people) or trainer (reads and leaves feedback).",
)
@click.option(
    "--days",
    type=click.IntRange(1, 90),
    default=7,
    show_default=True,
    help="How many days the link works.",
)
@language_option
@click.pass_context
def invite(ctx: click.Context, organisation: str, role: str, days: int, language: str | None) -> None:
    """Print a link to join ORGANISATION (its id or its exact name). It works once: send it to one person
    (WhatsApp, a text message, on paper). They choose their sign-in name and password themselves.

    \b
    Examples:
      aantafel admin invite "Buurtbedrijf Oost" --role admin
      aantafel admin invite 3f9a02c1 --role trainer --days 14
    """
    from aantafel.dossiers.people import clean_role

    store = open_database(ctx)
    chosen = from_option(clean_role, role, "--role")
    found = organisation_named(store, organisation)
    secret = run(lambda: store.invite(found.id, chosen, life=timedelta(days=days)))
    shown = run(lambda: store.invitation(secret))
    say(
        _("A link to join {organisation} as {role}, once, until {until}:").format(
            organisation=found.name, role=label(spoken(), f"role {chosen}"), until=when(shown.expires_at)
        )
    )
    link(f"/join/{secret}")


@admin.command("reset")
@click.argument("login", metavar=N_("SIGN-IN-NAME"))
@language_option
@click.pass_context
def reset(ctx: click.Context, login: str, language: str | None) -> None:
    """Print a link with which SIGN-IN-NAME chooses a new password (it works once, for 24 hours). Send it
    to them yourself; their sessions end when they use it."""
    store = open_database(ctx)
    person = run(lambda: store.person_by_login(login))
    secret = run(lambda: store.reset_link(person.id))
    shown = run(lambda: store.invitation(secret))
    say(
        _("A link for {name} to choose a new password, once, until {until}:").format(
            name=person.name, until=when(shown.expires_at)
        )
    )
    link(f"/reset/{secret}")


@admin.command("people")
@click.argument("organisation", metavar=N_("ORGANISATION"))
@language_option
@click.pass_context
def people(ctx: click.Context, organisation: str, language: str | None) -> None:
    """List the people of ORGANISATION (its id or its exact name): sign-in name, name and role."""
    store = open_database(ctx)
    found = organisation_named(store, organisation)
    members = run(lambda: store.people_of(found.id))
    if not members:
        say(
            _("{organisation} has nobody yet. Invite someone: aantafel admin invite {id}").format(
                organisation=found.name, id=found.id
            )
        )
    for member in members:
        role = label(spoken(), f"role {member.role}")
        say(f"{member.person.login}  {member.person.name}  ({role})")


@admin.command("remove")
@click.argument("organisation", metavar=N_("ORGANISATION"))
@click.argument("login", metavar=N_("SIGN-IN-NAME"))
@click.option("--yes", "-y", is_flag=True, help="Remove without asking first.")
@language_option
@click.pass_context
def remove(ctx: click.Context, organisation: str, login: str, yes: bool, language: str | None) -> None:
    """Take SIGN-IN-NAME out of ORGANISATION. Their work stays, but in its history their name becomes
    "oud-lid"; someone who then belongs nowhere is removed with everything stored about them.

    \b
    Example:
      aantafel admin remove "Buurtbedrijf Oost" henk
    """
    from aantafel.dossiers.people import EX_MEMBER

    store = open_database(ctx)
    found = organisation_named(store, organisation)
    person = run(lambda: store.person_by_login(login))
    question = _(
        'Take {name} out of {organisation}? In its history their name becomes "{ex_member}".'
    ).format(name=person.name, organisation=found.name, ex_member=EX_MEMBER)
    if not yes and not confirm(question, default=False):
        click.echo(_("Nothing was changed."))
        return
    run(lambda: store.remove_member(found.id, person.id))
    say(
        _('{name} is out of {organisation}; the history there now says "{ex_member}".').format(
            name=person.name, organisation=found.name, ex_member=EX_MEMBER
        )
    )


@admin.command("export")
@click.argument("login", metavar=N_("SIGN-IN-NAME"))
@click.option(
    "--output",
    "-o",
    metavar=N_("FILE"),
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the JSON to FILE instead of printing it.",
)
@language_option
@click.pass_context
def export(ctx: click.Context, login: str, output: Path | None, language: str | None) -> None:
    """Everything stored about SIGN-IN-NAME, as JSON: their account (not their password), organisations,
    changes, answers and feedback. This is what they may ask for under the AVG (GDPR)."""
    store = open_database(ctx)
    person = run(lambda: store.person_by_login(login))
    written = run(lambda: store.personal_json(person.id))
    if output is None:
        click.echo(written)
        return
    try:
        output.write_text(written + "\n", encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(
            _("cannot write {file}: {error}").format(file=output, error=exc.strerror)
        ) from None
    click.echo(_("Written: {file}").format(file=output), err=True)


@command("migrate")
@click.option("--check", is_flag=True, help="Only say whether a migration is needed: exit 1 if it is.")
@db_option
@language_option
@click.pass_context
def migrate(ctx: click.Context, check: bool, language: str | None) -> None:
    """Bring the database to this aantafel's version. Run it once after an update, before the web page
    starts again: then no worker waits for it, and two at once cannot clash (the second finds it done).

    \b
    Examples:
      aantafel migrate
      aantafel migrate --check || aantafel migrate
    """
    from aantafel.dossiers.migrations import HEAD
    from aantafel.dossiers.store import Store, database_url

    url = database_url(ctx.find_root().meta.get("aantafel.db"))
    found = run(lambda: Store.upgrade(url, check_only=check))
    if found == HEAD:
        click.echo(_("The database is up to date (version {version}).").format(version=HEAD))
    elif check:
        click.echo(
            _("The database needs a migration: from version {found} to {head}.").format(
                found=found or _("none (empty)"), head=HEAD
            )
        )
        ctx.exit(1)
    else:
        click.echo(
            _("The database was brought from version {found} to {head}.").format(
                found=found or _("none (empty)"), head=HEAD
            )
        )


COMMANDS = (admin, migrate)
