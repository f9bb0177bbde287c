"""What the commands on the user's own data share: the store and ``--db``, who is writing, how a refusal
or a value that cannot be read is said, and how a question is asked again until it can be.

The rules are the core's (``aantafel.usecases``); this module only turns their refusals into click's
errors, in the run's language, with the command line's own hint added (which command lists the ids).
SQLAlchemy loads only inside ``open_database``, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from aantafel.catalogues import N_
from aantafel.cli.language import Group, _, spoken
from aantafel.refusals import Refusal, explain

if TYPE_CHECKING:
    from datetime import date, datetime

    from aantafel.dossiers.people import Organisation
    from aantafel.dossiers.store import Store

AUTHOR = "AANTAFEL_AUTHOR"
ACTING = "AANTAFEL_AS"
PUBLIC_URL = "AANTAFEL_PUBLIC_URL"
T = TypeVar("T")
V = TypeVar("V")
LISTINGS = {
    "dossier": "aantafel dossier list",
    "meeting": "aantafel meeting list DOSSIER",
    "agreement": "aantafel agreement list",
}


def _remember(key: str) -> Callable[[click.Context, click.Parameter, str | None], None]:
    """Keep an option's value for the whole run, whether it was given before the command or after it."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:
            ctx.find_root().meta[key] = value

    return remember


def db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--db URL`` on every command that opens the store; ``$AANTAFEL_DATABASE_URL`` otherwise."""
    return click.option(
        "--db",
        metavar="URL",
        expose_value=False,
        callback=_remember("aantafel.db"),
        help="Database URL (default: a SQLite file in your data folder, or $AANTAFEL_DATABASE_URL).",
    )(function)


def as_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--as SIGN-IN-NAME`` on every command that reads or changes dossiers; ``$AANTAFEL_AS`` otherwise."""
    return click.option(
        "--as",
        "acting_as",
        metavar=N_("SIGN-IN-NAME"),
        expose_value=False,
        callback=_remember("aantafel.as"),
        help=f"""Work as this person of a database with accounts (default: ${ACTING}): you see their
        organisations' dossiers and your changes carry their name. It is no sign-in: whoever can open the
        database can name anyone, so it is for the hosting admin and for scripts.""",
    )(function)


def data_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--db`` and ``--as``: what a command on the dossiers needs to know which, and as whom."""
    return db_option(as_option(function))


class DataGroup(Group):
    """A group of commands on the user's data: every command in it takes ``--db`` and ``--as`` after its
    name too (``aantafel dossier list --db URL``), as well as the group itself before it. The hosting
    admin's group (``person=False``) works on the whole database and takes ``--db`` only."""

    def __init__(self, *args: Any, person: bool = True, **settings: Any) -> None:
        self.options = data_options if person else db_option
        super().__init__(*args, **settings)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(param.name == "db" for param in cmd.params):
            self.options(cmd)
        super().add_command(cmd, name)


def data_group(name: str, *, person: bool = True) -> Callable[[Callable[..., Any]], DataGroup]:
    """``click.group`` for a ``DataGroup``, which takes the same options itself too."""

    def make(function: Callable[..., Any]) -> DataGroup:
        made: DataGroup = click.group(name, cls=DataGroup, person=person)(
            (data_options if person else db_option)(function)
        )
        return made

    return make


def open_database(ctx: click.Context) -> Store:
    """The whole database named by ``--db``, opened once per command and closed when it ends: for what the
    hosting admin does (``aantafel admin``, ``backup``), and the single user's every dossier."""
    from aantafel.dossiers.store import open_store

    root = ctx.find_root()
    store = root.meta.get("aantafel.store")
    if store is None:
        store = run(lambda: open_store(root.meta.get("aantafel.db")))
        root.meta["aantafel.store"] = store
        root.call_on_close(store.close)
    return store


def open_for(ctx: click.Context) -> Store:
    """The store named by ``--db`` as the person ``--as`` names sees it. A database without accounts is
    the single user's: all of it, as before. One with accounts is refused until someone is named, so that
    no change goes into the history without a person's name."""
    root = ctx.find_root()
    acting: Store | None = root.meta.get("aantafel.acting")
    if acting is None:
        named = root.meta.get("aantafel.as") or os.environ.get(ACTING)
        acting = run(lambda: _acting(open_database(ctx), named))
        root.meta["aantafel.acting"] = acting
    return acting


def _acting(store: Store, login: str | None) -> Store:
    from aantafel.dossiers.people import AccountError

    if not store.has_accounts():
        if login:
            raise AccountError("no accounts", location=store.location)
        return store
    if not login:
        raise AccountError("accounts needed", location=store.location)
    return store.acting(store.access_for(store.person_by_login(login).id))


def said(exc: Refusal) -> str:
    """A refusal in the run's language, with the command that lists the right ids where one helps."""
    from aantafel.dossiers.model import UnknownDossier
    from aantafel.plaintext import harmless

    text = explain(exc, spoken())
    if isinstance(exc, UnknownDossier):
        text += _("; see: {command}").format(command=LISTINGS[exc.what])
    return harmless(text)  # it may quote what a file or the database holds


def say(line: str, *, nl: bool = True, **style: Any) -> None:
    """Print a line that holds stored text (a title, a note, a history entry): a control character in it
    is shown as an escape instead of being obeyed by the terminal; ``style`` is click's, applied after."""
    from aantafel.plaintext import harmless

    click.secho(harmless(line), nl=nl, **style)


def run(action: Callable[[], T]) -> T:
    """Run a store action; a refusal becomes a message and exit code 1, never a traceback."""
    from aantafel.dossiers.model import EditConflict

    try:
        return action()
    except EditConflict as exc:
        from aantafel.dossiers.story import conflict_lines

        lines = [said(exc), *(f"  {line}" for line in conflict_lines(exc.conflicts, exc.what, spoken()))]
        lines.append(
            _("To keep yours, give the same command again with --expect-version {version}.").format(
                version=exc.version
            )
        )
        raise click.ClickException("\n".join(lines)) from None
    except Refusal as exc:
        raise click.ClickException(said(exc)) from None


def from_option(reader: Callable[[V], T], value: V, option: str) -> T:
    """A flag's value read by one of ``aantafel.usecases.readers``; a mistake names the flag (exit 2)."""
    try:
        return reader(value)
    except Refusal as exc:
        raise click.BadParameter(said(exc), param_hint=option) from None


def asked(reader: Callable[[str], T]) -> Callable[[str], T]:
    """A question's ``value_proc``: what was typed is read by ``reader``; when it cannot be, click says why
    and asks again, so nothing typed before is lost."""

    def read(typed: str) -> T:
        try:
            return reader(typed)
        except Refusal as exc:
            raise click.UsageError(said(exc)) from None

    return read


def ask(question: str, now: str = "", *, required: bool = False) -> str:
    """Ask ``question``; in an edit Enter keeps the value it has ``now`` (shown in brackets if any)."""
    answer: str = click.prompt(
        question, default=None if required and not now else now, show_default=bool(now), err=True
    )
    return answer


def confirm(question: str, *, default: bool) -> bool:
    """A yes or no question that takes ja and nee as well as yes and no; Enter gives ``default``."""
    from aantafel.labels import label
    from aantafel.usecases.readers import yes_or_no

    shown = label(spoken(), "answer yes" if default else "answer no")
    answer: bool = click.prompt(question, default=shown, value_proc=asked(yes_or_no), err=True)
    return answer


def author_option(who: str = "Who makes the change") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--author`` option every writing command has; ``who`` says what the author does there."""
    return click.option(
        "--author", metavar=N_("NAME"), help=f"{who} (default: ${AUTHOR} or your login name)."
    )


def writer(given: str | None) -> str:
    """Who makes a change: ``--author``, else ``$AANTAFEL_AUTHOR``, else the login name."""
    if given:
        return given
    try:
        return os.environ.get(AUTHOR) or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def when(moment: datetime) -> str:
    """A stored time in this computer's time zone, as the run's language writes it."""
    from aantafel.dates import when as written

    return written(moment, spoken())


def day(value: date | None) -> str:
    """A date as the run's language writes it; a dash for none."""
    from aantafel.dates import day as written

    return written(value, spoken()) if value else "—"


def link(path: str, *, webcal: bool = False) -> None:
    """The whole link when the web page's address is known (``$AANTAFEL_PUBLIC_URL``), else the path and
    how to make it whole. ``webcal``: a calendar's link, also as ``webcal://``, which a phone opens in its
    calendar app to subscribe."""
    public = os.environ.get(PUBLIC_URL, "").strip().rstrip("/")
    if public:
        if webcal:
            click.echo("webcal://" + f"{public}{path}".partition("://")[2])
        click.echo(f"{public}{path}")
        return
    click.echo(path)
    click.echo(
        _(
            "Put the address of the web page before it (set {variable}, for example "
            "https://aantafel.example.nl, and this prints the whole link)."
        ).format(variable=PUBLIC_URL),
        err=True,
    )


def organisation_named(store: Store, reference: str) -> Organisation:
    """The organisation with this id or exactly this name; two with the name ask for the id."""
    from aantafel.dossiers.people import AccountError

    acting = store.access
    if acting is None:
        every = run(store.organisations)
    else:  # someone acting sees their own organisations only
        every = [membership.organisation for membership in run(lambda: store.memberships(acting.person_id))]
    by_id = [each for each in every if each.id == reference.strip().lower()]
    named = by_id or [each for each in every if each.name == reference.strip()]
    if len(named) > 1:
        raise click.ClickException(
            _("more than one organisation is called '{name}'; give its id: {ids}").format(
                name=reference, ids=", ".join(each.id for each in named)
            )
        )
    if not named:
        raise click.ClickException(said(AccountError("unknown organisation", reference=reference)))
    return named[0]
