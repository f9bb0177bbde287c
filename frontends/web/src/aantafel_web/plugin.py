"""The web page's plugin: ``aantafel serve`` and ``aantafel preview``. Flask and waitress load inside them.

Their help and messages come from the web page's own catalogue, in the language the command line speaks
this run (``aantafel.cli.language``); the compiled catalogue is cached, so ``aantafel --help`` does not
import Babel or Flask for them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aantafel import hookimpl
from aantafel_web.hooks import WebHooks

DEFAULT_PORT = 8340
LOCALE = Path(__file__).parent / "locale"
aantafel_hookspecs = WebHooks
"""The hooks other plugins implement to add pages to the web page (docs/plugins.md)."""


def _(message: str) -> str:
    """``message`` from the web page's catalogue, in the language of this run of the command line."""
    from aantafel.catalogues import translations
    from aantafel.cli.language import spoken

    return translations(spoken(), LOCALE, "messages").gettext(message)


SLOW_CLIENTS = {"connection_limit": 1000, "channel_timeout": 30}
"""Waitress waits for a request's bytes without a thread, but by default accepts only 100 connections:
110 clients sending their headers a byte at a time stopped the page. A thousand fit in the usual limit of
1,024 open files; one that sends nothing for 30 seconds is closed."""


def _serve(make: Callable[[dict[str, Any]], Any], host: str, port: int, open_browser: bool) -> None:
    """Serve the WSGI app that ``make(config)`` returns with waitress, saying where and warning when others
    can reach it; what ``serve`` and ``preview`` share."""
    import gc
    import webbrowser

    from waitress import serve as run

    from aantafel_web.hosts import LOCAL_HOSTS, ProxiesError, trusted_hosts

    wildcard = host in ("0.0.0.0", "::")
    if host not in LOCAL_HOSTS:
        warning = _(
            "aantafel: warning: listening on {host}: other computers can reach this page. "
            "Put it behind a proxy with a password before you share it."
        )
        click.echo(warning.format(host=host), err=True)
    if wildcard:
        click.echo(
            _(
                "aantafel: the page answers only to the names in AANTAFEL_TRUSTED_HOSTS (comma-separated), "
                "e.g. AANTAFEL_TRUSTED_HOSTS=192.168.1.20,buurthuis.local"
            ),
            err=True,
        )
    url = f"http://{'127.0.0.1' if wildcard else host}:{port}/"
    from aantafel_web.secret import SecretKeyError

    try:
        app = make({} if wildcard else {"TRUSTED_HOSTS": trusted_hosts(host)})
    except (SecretKeyError, ProxiesError) as exc:  # a setting in the environment (the key, AANTAFEL_PROXIES)
        raise click.ClickException(str(exc)) from None
    gc.freeze()  # the library lives as long as the server: the collector need not walk it again and again
    click.echo(_("aantafel serves on {url} (stop with Ctrl-C)").format(url=url), err=True)
    if open_browser:
        webbrowser.open(url)
    run(app, host=host, port=port, threads=8, ident="aantafel", **SLOW_CLIENTS)


def _loopback(host: str) -> bool:
    """Whether only this computer can reach ``host`` (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _has_accounts(database: str | None) -> None:
    """Refuse accounts mode on a database where nobody could sign in, saying how to make the first."""
    from aantafel.cli.userdata import run
    from aantafel.dossiers.store import open_store

    store = run(lambda: open_store(database))
    try:
        if not run(store.has_accounts):
            message = _("nobody has an account in {location} yet; make the first with: aantafel admin create")
            raise click.ClickException(message.format(location=store.location))
    finally:
        store.close()


def _report(library: Any) -> None:
    """What ``preview`` says after each reading of the packs: how many items, and every problem."""
    items = sum(len(pack.items) for pack in library.packs)
    click.echo(
        _("aantafel: read {packs} pack(s), {items} items").format(packs=len(library.packs), items=items),
        err=True,
    )
    for problem in library.problems:
        click.echo(f"  {problem}", err=True)


@hookimpl
def register_commands(cli: click.Group) -> None:
    from aantafel.cli.userdata import db_option

    host_option = click.option(
        "--host",
        metavar=_("ADDRESS"),
        default="127.0.0.1",
        show_default=True,
        help=_("Address to listen on."),
    )
    port_option = click.option(
        "--port",
        metavar=_("PORT"),
        default=DEFAULT_PORT,
        show_default=True,
        type=click.IntRange(1, 65535),
        help=_("Port to listen on."),
    )
    open_option = click.option(
        "--open", "open_browser", is_flag=True, help=_("Open the page in your browser.")
    )

    @cli.command(
        "serve",
        help=_(
            "Start the web page (on this computer only, unless --host says otherwise).\n\n"
            "\b\nExamples:\n  aantafel serve\n  aantafel serve --open\n"
            "  aantafel serve --host 0.0.0.0 --port 8080"
        ),
    )
    @host_option
    @port_option
    @open_option
    @click.option(
        "--accounts/--no-accounts",
        default=None,
        help=_(
            "Accounts mode: people sign in and see their own organisation's dossiers (default: "
            "$AANTAFEL_ACCOUNTS). Needed for any --host but this computer; say --no-accounts to serve "
            "everyone's dossiers there anyway."
        ),
    )
    @db_option
    @click.pass_context
    def serve(ctx: click.Context, host: str, port: int, open_browser: bool, accounts: bool | None) -> None:
        from aantafel_web.accounts import switched_on
        from aantafel_web.app import create_app
        from aantafel_web.context import ACCOUNTS, DATABASE_URL

        chosen = switched_on(os.environ.get(ACCOUNTS, "")) if accounts is None else accounts
        if not chosen and accounts is None and not _loopback(host):
            raise click.ClickException(
                _(
                    "{host} is not this computer only: everyone on that network could read every dossier. "
                    "Serve with accounts (--accounts; make the first with: aantafel admin create), or say "
                    "--no-accounts to serve without them anyway."
                ).format(host=host)
            )
        database = ctx.find_root().meta.get("aantafel.db")
        if chosen:
            _has_accounts(database)
        config = {DATABASE_URL: database, ACCOUNTS: chosen}
        _serve(lambda more: create_app({**more, **config}), host, port, open_browser)

    @cli.command(
        "preview",
        help=_(
            "Show a pack you are writing in the web page, next to the installed ones; after you save a file, "
            "reload the page to see it. Problems are printed here each time the pack is read again.\n\n"
            "\b\nExamples:\n  aantafel preview ./aantafel-uitdaagrecht --open\n"
            "  aantafel preview plugins/aantafel-pilot/src/aantafel_pilot/packs/nl"
        ),
    )
    @click.argument(
        "path", metavar=_("FOLDER"), type=click.Path(exists=True, file_okay=False, path_type=Path)
    )
    @host_option
    @port_option
    @open_option
    def preview(path: Path, host: str, port: int, open_browser: bool) -> None:
        from aantafel.packs import pack_folders
        from aantafel_web.preview import Preview

        folders = pack_folders(path)
        if not folders:
            raise click.ClickException(
                _("there is no pack.toml in {path} or below; is this a content pack?").format(path=path)
            )
        _serve(lambda config: Preview(folders, config, _report), host, port, open_browser)
