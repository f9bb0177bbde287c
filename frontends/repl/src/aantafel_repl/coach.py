"""The coach as a state machine: a line in, a ``Reply`` out, no I/O, so every flow is tested directly.

A line that starts with ``/`` is a command from the registry (``commands.COMMANDS`` plus what plugins add
through ``register_repl_commands``); any other line describes a stuck talk and gets the interventions that
fit. A command that raises gives one line saying so, and the coach goes on: a plugin's mistake never ends
the session.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from attrs import frozen

from aantafel_repl.words import say

if TYPE_CHECKING:
    from aantafel import Library


@frozen
class Reply:
    """What the coach answers: lines of plain text, and whether the session ends."""

    lines: tuple[str, ...] = ()
    done: bool = False


@frozen
class Command:
    """One slash command: its name, how to use it, its help per language, and what it does.

    ``run`` gets the coach and the text after the name (stripped, maybe empty). ``completes`` says what the
    session may complete after the name: ``"item"`` (an item id), ``"language"``, or nothing.
    """

    name: str
    usage: str
    help: Mapping[str, str]
    run: Callable[[Coach, str], Reply]
    completes: str = ""


class Coach:
    """One conversation: the library, the language (``/lang`` changes it) and the commands."""

    def __init__(self, library: Library, language: str, commands: Mapping[str, Command]) -> None:
        self.library = library
        self.language = language
        self.commands = dict(commands)

    def say(self, key: str, /, **values: object) -> str:
        """The coach's words for ``key`` in the current language."""
        return say(self.language, key, **values)

    def welcome(self) -> Reply:
        return Reply((self.say("welcome"), self.say("welcome how")))

    def handle(self, line: str) -> Reply:
        """Answer one line typed by the user."""
        text = line.strip()
        if not text:
            return Reply()
        if not text.startswith("/"):
            return self.dispatch("stuck", text)
        name, _, argument = text[1:].partition(" ")
        return self.dispatch(name.lower(), argument.strip())

    def dispatch(self, name: str, argument: str) -> Reply:
        command = self.commands.get(name)
        if command is None:
            return self._unknown(name)
        try:
            return command.run(self, argument)
        except Exception as exc:  # one command's failure, a plugin's included, never ends the session
            return Reply((self.say("failed", name=name, error=str(exc) or type(exc).__name__),))

    def _unknown(self, name: str) -> Reply:
        close = difflib.get_close_matches(name, self.commands, n=1)
        lines = [self.say("unknown command", name=name)]
        lines.append(self.say("did you mean", suggestion=close[0]) if close else self.say("see help"))
        return Reply(tuple(lines))
