"""The coach's plugin: the ``aantafel coach`` command, and the hook other plugins use to add coach commands.

prompt-toolkit loads inside the command only, so ``aantafel --help`` does not pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import click

from aantafel import hookimpl
from aantafel.hookspecs import hookspec

if TYPE_CHECKING:
    from aantafel import Library
    from aantafel.dossiers.store import Store
    from aantafel_repl.coach import Coach, Command


class CoachHooks:
    """The hook the coach adds to the plugin manager (see "Hooks that front-ends add" in docs/plugins.md)."""

    @staticmethod
    @hookspec
    def register_repl_commands() -> Iterable[Command]:
        """Return ``aantafel_repl.coach.Command`` objects to add to the coach (``/name`` in the REPL).

        A command whose name is taken by a built-in one is left out and reported. Mark the implementation
        ``optionalhook=True`` if the coach may not be installed.
        """


aantafel_hookspecs = CoachHooks


def make_coach(library: Library, language: str, *, open_store: Callable[[], Store] | None = None) -> Coach:
    """A coach with the built-in commands and those of plugins; a plugin's broken command is reported on
    its record (``aantafel plugins``) and left out."""
    from aantafel.plugins import HookResultError
    from aantafel_repl.coach import Coach, Command
    from aantafel_repl.commands import builtin

    commands = {command.name: command for command in builtin()}

    def check(result: object) -> tuple[Command, ...]:
        found = tuple(result) if isinstance(result, Iterable) else None
        if found is None or not all(isinstance(entry, Command) for entry in found):
            raise HookResultError(f"{type(result).__name__}; expected a list of aantafel_repl.coach.Command")
        taken = [entry.name for entry in found if entry.name in commands]
        if taken:
            raise HookResultError(f"/{', /'.join(taken)}, a name a built-in command already has")
        return found

    hooks = library.plugins.manager
    if not hasattr(
        hooks.hook, "register_repl_commands"
    ):  # a library loaded without this plugin's entry point
        hooks.add_hookspecs(CoachHooks)
    for _plugin, added in library.plugins.call("register_repl_commands", check):
        commands.update((command.name, command) for command in added)
    return Coach(library, language, commands, open_store=open_store)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """``aantafel coach``, its help in the language the command line speaks."""
    from aantafel.cli import State, language_option, pass_state, resolve_language
    from aantafel.cli.language import spoken
    from aantafel.cli.userdata import data_options, open_for
    from aantafel_repl.words import say

    @cli.command("coach", help=say(spoken(), "command"))
    @language_option
    @click.option("--no-history", is_flag=True, help=say(spoken(), "command no history"))
    @data_options
    @pass_state
    @click.pass_context
    def coach(ctx: click.Context, state: State, /, language: str | None, no_history: bool) -> None:
        from aantafel_repl.session import run

        library = state.library()
        talking = make_coach(library, resolve_language(library, language), open_store=lambda: open_for(ctx))
        run(talking, history=not no_history, language_given=language is not None)
