"""What the commands that touch the user's own data share: the store, who is writing, dates, errors.

SQLAlchemy loads only inside ``open_for`` and ``run``, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from aantafel.labels import LABELS, label

if TYPE_CHECKING:
    from aantafel.dossiers.store import Store

AUTHOR = "AANTAFEL_AUTHOR"
T = TypeVar("T")


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


def open_for(ctx: click.Context) -> Store:
    """The store named by ``--db``, opened once per command and closed when it ends."""
    from aantafel.dossiers.model import DossierError
    from aantafel.dossiers.store import open_store

    root = ctx.find_root()
    store = root.meta.get("aantafel.store")
    if store is None:
        try:
            store = open_store(root.meta.get("aantafel.db"))
        except DossierError as exc:
            raise click.ClickException(str(exc)) from None
        root.meta["aantafel.store"] = store
        root.call_on_close(store.close)
    return store


def run(action: Callable[[], T]) -> T:
    """Run a store action; its errors become a message and exit code 1, never a traceback. The store's
    messages name no command, so an unknown id gets the command that lists the ids added here."""
    from aantafel.dossiers.model import DossierError, UnknownDossier

    try:
        return action()
    except UnknownDossier as exc:
        listing = {
            "dossier": "aantafel dossier list",
            "meeting": "aantafel meeting list DOSSIER",
            "agreement": "aantafel agreement list",
        }
        hint = f"; see: {listing[exc.what]}" if exc.what else ""
        raise click.ClickException(f"{exc}{hint}") from None
    except DossierError as exc:
        raise click.ClickException(str(exc)) from None


def author_option(who: str = "Who makes the change") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--author`` option every writing command has; ``who`` says what the author does there."""
    return click.option("--author", help=f"{who} (default: ${AUTHOR} or your login name).")


def writer(given: str | None) -> str:
    """Who makes a change: ``--author``, else ``$AANTAFEL_AUTHOR``, else the login name."""
    if given:
        return given
    try:
        return os.environ.get(AUTHOR) or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def labels_language(requested: str | None) -> str:
    """The labels' language: as asked when aantafel has labels for it, else English."""
    lowered = (requested or "nl").strip().lower()
    return lowered if lowered in LABELS else "en"


def when(moment: Any, language: str) -> str:
    """A stored (UTC) time in the user's time zone, written the way the language writes dates."""
    return str(moment.astimezone().strftime(label(language, "date format")))


def ask_kept(question: str, now: str) -> str:
    """Ask ``question`` in an edit: Enter keeps the value it has ``now`` (shown in brackets if any)."""
    answer: str = click.prompt(question, default=now, show_default=bool(now), err=True)
    return answer
