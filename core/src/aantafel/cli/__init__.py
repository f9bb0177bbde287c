"""The ``aantafel`` command.

Commands import what they need inside their function, and the library is loaded only by commands that show
content, so ``aantafel --help`` costs little more than starting Python. Plugins add commands through the
``register_commands`` hook; that is how ``serve`` and ``coach`` arrive.

Errors go to stderr with exit code 1 (2 for wrong usage), never as a traceback unless ``AANTAFEL_TRACE=1``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from aantafel.library import Library
    from aantafel.plugins import PluginHost

TRACE = "AANTAFEL_TRACE"
LANGUAGE = "AANTAFEL_LANG"

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """What commands share within one run: the plugin host, the library, warnings already shown."""

    def __init__(self) -> None:
        self._host: PluginHost | None = None
        self._library: Library | None = None
        self._warned: set[str] = set()

    @property
    def host(self) -> PluginHost:
        if self._host is None:
            from aantafel.plugins import make_plugin_host

            self._host = make_plugin_host()
        return self._host

    def library(self) -> Library:
        if self._library is None:
            from aantafel.library import load_library

            self._library = load_library(host=self.host)
        return self._library

    def warn_failures(self) -> None:
        """One short line on stderr per failing plugin; ``aantafel plugins`` has the details."""
        failing: dict[str, int] = {}
        for name, _message in self.host.failures():
            failing[name] = failing.get(name, 0) + 1
        if self._library is not None:
            for plugin, count in pack_problem_counts(self._library).items():
                if plugin is not None:
                    failing[plugin] = failing.get(plugin, 0) + count
        for name, count in failing.items():
            if name in self._warned:
                continue
            self._warned.add(name)
            record = self.host.records.get(name)
            origin = f" ({record.distribution} {record.version})" if record and record.distribution else ""
            click.echo(
                f"aantafel: warning: plugin '{name}'{origin} has {count} problem(s) and is partly or "
                "wholly left out; see: aantafel plugins",
                err=True,
            )


def pack_problem_counts(library: Library) -> dict[str | None, int]:
    """Problems per plugin, found by which plugin's pack folder holds the problem's file."""
    counts: dict[str | None, int] = {}
    for problem in library.problems:
        plugin = library.plugin_of(problem)
        counts[plugin] = counts.get(plugin, 0) + 1
    return counts


pass_state = click.make_pass_decorator(State, ensure=True)


def language_option(function: F) -> F:
    return click.option(
        "--lang",
        "language",
        metavar="LANG",
        envvar=LANGUAGE,
        help="Language of the content: nl or en (default: nl, or $AANTAFEL_LANG).",
    )(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(function)


def resolve_language(library: Library, requested: str | None) -> str:
    """The language to use, or a usage error that lists the ones installed."""
    if requested is not None and requested not in library.languages:
        available = ", ".join(library.languages) or "none (no content pack is installed)"
        raise click.UsageError(f"no content in language '{requested}'; available: {available}")
    language = library.language(requested)
    if language not in library.languages:
        raise click.ClickException(
            "no content packs are loaded. Install aantafel-nl or aantafel-en, "
            "or check AANTAFEL_LOAD_PLUGINS; see: aantafel plugins"
        )
    return language


def echo_json(data: object) -> None:
    import json

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class AantafelGroup(click.Group):
    """A group that asks plugins for their commands the first time commands are listed or looked up."""

    def _plugin_commands(self, ctx: click.Context) -> None:
        if getattr(self, "_plugins_added", False):
            return
        self._plugins_added = True
        state = ctx.ensure_object(State)
        state.host.call("register_commands", cli=self)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._plugin_commands(ctx)
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            self._plugin_commands(ctx)
            command = super().get_command(ctx, cmd_name)
        return command


@click.group(
    cls=AantafelGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog='Example: aantafel suggest "ze blijven maar vaag en beloven niks"\n\n'
    "Every command has --help. Set AANTAFEL_TRACE=1 to see tracebacks.",
)
@click.version_option(package_name="aantafel", message="%(prog)s %(version)s")
def cli() -> None:
    """aantafel: a negotiation coach for bewonersbedrijven and their gemeente.

    Look up the checks, principles and interventions for a negotiation, and find what to say when a talk
    gets stuck.
    """


def _register_commands() -> None:
    from aantafel.cli import content, packs, plugin_list

    for module in (content, packs, plugin_list):
        for command in module.COMMANDS:
            cli.add_command(command)


_register_commands()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: run, then show plugin warnings; never a bare traceback."""
    state = State()
    code = 0
    try:
        result = cli.main(args=argv, prog_name="aantafel", standalone_mode=False, obj=state)
        code = result if isinstance(result, int) else 0
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.Abort:
        click.echo("Aborted.", err=True)
        code = 1
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:
        if os.environ.get(TRACE):
            raise
        click.echo(f"aantafel: error: {type(exc).__name__}: {exc}", err=True)
        click.echo(f"Run again with {TRACE}=1 to see the traceback.", err=True)
        code = 1
    if state._host is not None:
        state.warn_failures()
    sys.exit(code)
