"""The ``aantafel`` command.

Commands import what they need inside their function, and the library is loaded only by commands that show
content, so ``aantafel --help`` costs little more than starting Python. Plugins add commands through the
``register_commands`` hook; that is how ``serve`` and ``coach`` arrive.

Errors go to stderr with exit code 1 (2 for wrong usage), never as a traceback unless ``AANTAFEL_TRACE=1``.
Everything it says is in the user's language (``aantafel.cli.language``).
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from aantafel.catalogues import N_
from aantafel.cli.language import Group, _, asked, speaking

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
        self._commands: dict[str, click.Command] | None = None
        self.reported: set[str] = set()
        """Plugins whose problems were already shown in full, so no warning line repeats them."""

    @property
    def host(self) -> PluginHost:
        if self._host is None:
            from aantafel.plugins import make_plugin_host

            self._host = make_plugin_host()
        return self._host

    def plugin_commands(self, builtin: Collection[str]) -> dict[str, click.Command]:
        """The commands plugins add through ``register_commands``, asked once per run.

        Plugins add to a group of their own, so the module's ``cli`` stays as it is, and a plugin that takes a
        name already in use fails on its own instead of replacing someone else's command.
        """
        if self._commands is None:
            group = _PluginCommands(reserved=builtin)
            self.host.call("register_commands", cli=group)
            self._commands = dict(group.commands)
        return self._commands

    def library(self) -> Library:
        if self._library is None:
            from aantafel.library import load_library

            self._library = load_library(host=self.host)
        return self._library

    def warn_failures(self) -> None:
        """One line on stderr per plugin that failed or shipped a pack with errors, naming the first problem.

        The user learns that someone else's plugin is broken without a traceback; ``aantafel plugins`` has
        the rest, and ``AANTAFEL_TRACE=1`` adds the tracebacks here. Warnings (a missing translation) are left
        to ``aantafel plugins`` and ``aantafel check``: a user cannot fix them and should not see them daily.
        """
        if self._host is None:  # no plugin was loaded this run, so none failed
            return
        found: dict[str, list[str]] = {}
        for name, message in self.host.failures():
            found.setdefault(name, []).append(message)
        if self._library is not None:
            for problem in self._library.problems:
                plugin = self._library.plugin_of(problem)
                if plugin is not None and problem.severity == "error":
                    found.setdefault(plugin, []).append(
                        _("a pack is left out: {problem}").format(problem=problem.message)
                    )
        for name, messages in found.items():
            if name in self.reported:
                continue
            self.reported.add(name)
            record = self.host.records.get(name)
            origin = f" ({record.distribution} {record.version})" if record and record.distribution else ""
            more = f" (+{len(messages) - 1} more)" if len(messages) > 1 else ""
            first = textwrap.shorten(messages[0], width=100, placeholder=" …")
            click.echo(
                _(
                    "aantafel: warning: plugin '{name}'{origin}: {problem}{more}; see: aantafel plugins"
                ).format(name=name, origin=origin, problem=first, more=more),
                err=True,
            )
            if os.environ.get(TRACE) and record:
                for detail in record.details:
                    click.echo(detail, err=True, nl=False)


class _PluginCommands(Group):
    """The group plugins add commands to: a name that is taken raises, and the plugin host records that."""

    def __init__(self, reserved: Collection[str]) -> None:
        super().__init__()
        self.reserved = set(reserved)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        if name is None or name in self.reserved or name in self.commands:
            raise ValueError(f"the command name {name!r} is already taken; choose another")  # for its author
        super().add_command(cmd, name)


pass_state = click.make_pass_decorator(State, ensure=True)


def language_option(function: F) -> F:
    return click.option(
        "--lang",
        "language",
        metavar=N_("LANG"),
        envvar=LANGUAGE,
        help="The language to use: nl or en (default: $AANTAFEL_LANG, else your computer's, else nl).",
    )(function)


class _KindOption(click.Option):
    """``--kind``: the kinds it takes are those the plugins register, listed in its help and checked when
    given, so a kind a plugin adds works in every command without a list here. The plugin host answers
    that without reading any pack."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        help_record = super().get_help_record(ctx)
        if help_record is None:
            return None
        return help_record[0], _("Only this kind: {kinds}.").format(kinds=", ".join(_registered_kinds(ctx)))


def _registered_kinds(ctx: click.Context) -> list[str]:
    from aantafel.library import item_kinds

    return list(item_kinds(ctx.ensure_object(State).host))


def _known_kind(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and value not in (kinds := _registered_kinds(ctx)):
        raise click.BadParameter(
            _("'{kind}' is not a kind; use one of: {kinds}").format(kind=value, kinds=", ".join(kinds)),
            ctx,
            param,
        )
    return value


def kind_option(function: F) -> F:
    return click.option("--kind", metavar=N_("KIND"), cls=_KindOption, callback=_known_kind)(function)


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(function)


def resolve_language(library: Library, requested: str | None) -> str:
    """The language of the content: as asked with ``--lang`` (a usage error that lists the installed ones
    when there is none in it), else the computer's language when there is content in it, else the choice
    of the ``choose_language`` hook."""
    from aantafel.catalogues import asked_language

    requested = requested.strip().lower() if requested else None
    if requested is not None and requested not in library.languages:
        available = ", ".join(library.languages) or _("none (no content pack is installed)")
        raise click.UsageError(
            _("there is no content in the language '{language}'; installed: {available}").format(
                language=requested, available=available
            )
        )
    if requested is None and asked_language() in library.languages:
        requested = asked_language()
    language = library.language(requested)
    if language not in library.languages:
        raise click.ClickException(
            _(
                "no content packs are loaded. Install aantafel-nl or aantafel-en, "
                "or check AANTAFEL_LOAD_PLUGINS; see: aantafel plugins"
            )
        )
    return language


def echo_json(data: object) -> None:
    import json
    import re

    written = json.dumps(data, ensure_ascii=False, indent=2)
    # JSON escapes C0 itself; DEL, C1 codes and broken characters a terminal would obey or cannot take
    click.echo(re.sub("[\x7f-\x9f\ud800-\udfff]", lambda found: f"\\u{ord(found.group()):04x}", written))


BUILTIN = {
    "list": "content",
    "show": "content",
    "search": "content",
    "suggest": "content",
    "check": "packs",
    "new-pack": "packs",
    "schema": "packs",
    "plugins": "plugin_list",
    "dossier": "dossiers",
    "meeting": "meetings",
    "prepare": "preparation",
    "agreement": "agreements",
    "export": "exchange",
    "import": "exchange",
    "backup": "backups",
    "restore": "backups",
    "admin": "admin",
    "migrate": "admin",
    "remind": "reminders",
}
"""Each built-in command and the module of ``aantafel.cli`` that defines it (in its ``COMMANDS``). A module
is imported when one of its commands is asked for, so ``aantafel list`` or a plugin's ``aantafel coach``
does not import the dossier commands; ``--help`` imports them all. A test keeps this in step."""


FRONT_ENDS = {"serve": "aantafel-web", "preview": "aantafel-web", "coach": "aantafel-repl"}
"""The commands a front-end brings and the package it comes in: asked for without it, the command line
names the package to install instead of "No such command"."""


def _front_end_missing(ctx: click.Context, name: str) -> click.UsageError:
    """Why ``aantafel NAME`` of a front-end cannot run: its package is not installed (install it), or it is
    installed but did not load (left out by ``AANTAFEL_LOAD_PLUGINS``, or broken: ``aantafel plugins``)."""
    from aantafel.distributions import version

    package = FRONT_ENDS[name]
    if version(package) is None:
        message = _(
            "'{command}' comes with the package {package}, which is not installed. Install it with: pip "
            "install {package}"
        )
    else:
        message = _(
            "'{command}' comes with the package {package}, which is installed but did not load. See: "
            "aantafel plugins"
        )
    return click.UsageError(message.format(command=name, package=package), ctx)


class AantafelGroup(Group):
    """The built-in commands plus those of plugins, which are asked only when a command is not built in;
    the whole run speaks the language asked for (see ``aantafel.cli.language``)."""

    def main(self, args: Sequence[str] | None = None, *more: Any, **settings: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        with speaking(asked(argv)):
            return super().main(argv, *more, **settings)

    def list_commands(self, ctx: click.Context) -> list[str]:
        extra = ctx.ensure_object(State).plugin_commands(BUILTIN)
        return sorted({*BUILTIN, *extra})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = BUILTIN.get(cmd_name)
        if module is None:
            found = ctx.ensure_object(State).plugin_commands(BUILTIN).get(cmd_name)
            if found is None and cmd_name in FRONT_ENDS:
                raise _front_end_missing(ctx, cmd_name)
            return found
        import importlib

        commands: list[click.Command] = importlib.import_module(f"aantafel.cli.{module}").COMMANDS
        return next(command for command in commands if command.name == cmd_name)


@click.group(
    cls=AantafelGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog='Example: aantafel suggest "ze blijven maar vaag en beloven niks"\n\n'
    "Every command has --help. Set AANTAFEL_TRACE=1 to see tracebacks.",
)
@click.version_option(
    package_name="aantafel", message="%(prog)s %(version)s", help="Show the version and exit."
)
def cli() -> None:
    """aantafel: a negotiation coach for bewonersbedrijven and their gemeente.

    Look up the checks, principles and interventions for a negotiation, and find what to say when a talk
    gets stuck.
    """


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: run, then show plugin warnings; never a bare traceback. Errors
    and warnings are said in the run's language too."""
    argv = list(sys.argv[1:] if argv is None else argv)
    with speaking(asked(argv)):
        code = _run(argv)
    sys.exit(code)


def _run(argv: list[str]) -> int:
    state = State()
    code = 0
    try:
        result = cli.main(args=argv, prog_name="aantafel", standalone_mode=False, obj=state)
        code = result if isinstance(result, int) else 0
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.Abort:
        click.echo(_("Stopped."), err=True)
        code = 1
    except KeyboardInterrupt:
        code = 130
    except Exception as exc:
        if os.environ.get(TRACE):
            raise
        click.echo(_("aantafel: error: {kind}: {error}").format(kind=type(exc).__name__, error=exc), err=True)
        click.echo(_("Run again with {variable}=1 to see the traceback.").format(variable=TRACE), err=True)
        code = 1
    state.warn_failures()
    return code
