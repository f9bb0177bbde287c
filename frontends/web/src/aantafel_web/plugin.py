"""The web page's plugin: the ``aantafel serve`` command. Flask and waitress load inside the command only."""

from __future__ import annotations

import click

from aantafel import hookimpl

DEFAULT_PORT = 8340


@hookimpl
def register_commands(cli: click.Group) -> None:
    @cli.command("serve")
    @click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
    @click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
    @click.option("--open", "open_browser", is_flag=True, help="Open the page in your browser.")
    def serve(host: str, port: int, open_browser: bool) -> None:
        """Start the web page (on this computer only, unless --host says otherwise).

        \b
        Examples:
          aantafel serve
          aantafel serve --open
          aantafel serve --host 0.0.0.0 --port 8080
        """
        import gc
        import webbrowser

        from waitress import serve as run

        from aantafel_web.app import LOCAL_HOSTS, create_app, trusted_hosts

        wildcard = host in ("0.0.0.0", "::")
        if host not in LOCAL_HOSTS:
            click.echo(
                f"aantafel: warning: listening on {host}: other computers can reach this page. "
                "Put it behind a proxy with a password before you share it.",
                err=True,
            )
        if wildcard:
            click.echo(
                "aantafel: the page answers only to the names in AANTAFEL_TRUSTED_HOSTS (comma-separated), "
                "e.g. AANTAFEL_TRUSTED_HOSTS=192.168.1.20,buurthuis.local",
                err=True,
            )
        url = f"http://{'127.0.0.1' if wildcard else host}:{port}/"
        click.echo(f"aantafel serves on {url} (stop with Ctrl-C)", err=True)
        if open_browser:
            webbrowser.open(url)
        config = {} if wildcard else {"TRUSTED_HOSTS": trusted_hosts(host)}
        app = create_app(config)
        gc.freeze()  # the library lives as long as the server: the collector need not walk it again and again
        run(app, host=host, port=port, threads=8, ident="aantafel")
