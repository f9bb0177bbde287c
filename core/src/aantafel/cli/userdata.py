"""What the commands on the user's own data share: the store and ``--db``, who is writing, how a refusal
or a value that cannot be read is said, and how a question is asked again until it can be.

The rules are the core's (``aantafel.usecases``); this module only turns their refusals into click's
errors, in the run's language, with the command line's own hint added (which command lists the ids).
SQLAlchemy loads only inside ``open_for``, so importing this module costs nothing at start-up.
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

    from aantafel.dossiers.store import Store

AUTHOR = "AANTAFEL_AUTHOR"
T = TypeVar("T")
V = TypeVar("V")
LISTINGS = {
    "dossier": "aantafel dossier list",
    "meeting": "aantafel meeting list DOSSIER",
    "agreement": "aantafel agreement list",
}


def _remember_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_root().meta["aantafel.db"] = value


def db_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--db URL`` on every command that opens the store; ``$AANTAFEL_DATABASE_URL`` otherwise."""
    return click.option(
        "--db",
        metavar="URL",
        expose_value=False,
        callback=_remember_db,
        help="Database URL (default: a SQLite file in your data folder, or $AANTAFEL_DATABASE_URL).",
    )(function)


class DataGroup(Group):
    """A group of commands on the user's data: every command in it takes ``--db`` after its name too
    (``aantafel dossier list --db URL``), as well as the group itself before it."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(param.name == "db" for param in cmd.params):
            db_option(cmd)
        super().add_command(cmd, name)


def data_group(name: str) -> Callable[[Callable[..., Any]], DataGroup]:
    """``click.group`` for a ``DataGroup``, which takes ``--db`` itself too."""

    def make(function: Callable[..., Any]) -> DataGroup:
        made: DataGroup = click.group(name, cls=DataGroup)(db_option(function))
        return made

    return make


def open_for(ctx: click.Context) -> Store:
    """The store named by ``--db``, opened once per command and closed when it ends."""
    from aantafel.dossiers.store import open_store

    root = ctx.find_root()
    store = root.meta.get("aantafel.store")
    if store is None:
        store = run(lambda: open_store(root.meta.get("aantafel.db")))
        root.meta["aantafel.store"] = store
        root.call_on_close(store.close)
    return store


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
    try:
        return action()
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
