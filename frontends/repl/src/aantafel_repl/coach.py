"""The coach as a state machine: a line in, a ``Reply`` out, no I/O, so every flow is tested directly.

A line that starts with ``/`` is a command from the registry (``commands.builtin`` plus what plugins add
through ``register_repl_commands``); any other line describes a stuck talk and gets the interventions that
fit, unless a guided flow (``flows``) is waiting for an answer. A command that raises gives one line saying
so, and the coach goes on: a plugin's mistake never ends the session.
"""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from attrs import frozen

from aantafel_repl.words import say

if TYPE_CHECKING:
    from aantafel import Library
    from aantafel.dossiers.store import Store
    from aantafel_repl.flows import Flow


WIDTH = 78
"""Lines fit a terminal of 80 columns."""


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
    """One conversation: the library, the language (``/lang`` changes it), the commands, and where the user
    is working (a dossier and a meeting, chosen in a flow). The store opens on first use."""

    def __init__(
        self,
        library: Library,
        language: str,
        commands: Mapping[str, Command],
        *,
        open_store: Callable[[], Store] | None = None,
        author: str = "coach",
    ) -> None:
        self.library = library
        self.language = language
        self.commands = dict(commands)
        self.author = author
        self.dossier_id: str | None = None
        self.dossier_title = ""
        self.meeting_id: str | None = None
        self.meeting_starts: datetime | None = None
        self.on_choice: Callable[[Coach], None] | None = None
        """Called when the user picks a dossier or a language; the session keeps it for the next start."""
        self._open_store = open_store
        self._store: Store | None = None
        self._flow: Flow | None = None
        self._question: tuple[str, ...] = ()
        self._paused: list[tuple[Flow, tuple[str, ...]]] = []
        """Flows another flow interrupted, with their question; each goes on when the one above it ends."""

    def remember(self) -> None:
        if self.on_choice is not None:
            self.on_choice(self)

    @property
    def store(self) -> Store:
        if self._store is None:
            if self._open_store is None:
                from aantafel.dossiers.store import open_store

                self._open_store = open_store
            self._store = self._open_store()
        return self._store

    @property
    def asking(self) -> bool:
        """A guided flow waits for an answer."""
        return self._flow is not None

    def start(self, flow: Flow) -> Reply:
        """Begin a guided flow; its first question is the reply. A different flow still waiting is paused
        and goes on when this one ends, so what was typed there is not lost (an agreement half told);
        the same flow asked for again starts over."""
        if self._flow is not None:
            if _same_kind(self._flow, flow):
                self._flow.close()
            else:
                self._paused.append((self._flow, self._question))
        self._flow = flow
        return self._advance(None)

    def cancel(self) -> Reply:
        """Stop the flow (Ctrl-C): what was answered is stored already. A paused flow goes on."""
        if self._flow is None:
            return Reply()
        self._flow.close()
        return self._ended((self.say("stopped"),))

    def _ended(self, lines: tuple[str, ...]) -> Reply:
        """The current flow is over: ``lines``, and the question of the flow it paused, if any."""
        if not self._paused:
            self._flow, self._question = None, ()
            return Reply(lines)
        self._flow, self._question = self._paused.pop()
        return Reply((*lines, "", self.say("resumed"), *self._question))

    def _advance(self, typed: str | None) -> Reply:
        flow = self._flow
        assert flow is not None
        try:
            shown = next(flow) if typed is None else flow.send(typed)
        except StopIteration as finished:
            return self._ended(tuple(finished.value or ()))
        except Exception as exc:  # the flow is over; what it stored stays, and a paused one goes on
            return self._ended((self.say("flow failed", error=self.explain(exc)),))
        self._question = shown[-1:]
        return Reply(shown)

    def say(self, key: str, /, **values: object) -> str:
        """The coach's words for ``key`` in the current language."""
        return say(self.language, key, **values)

    def explain(self, exc: Exception) -> str:
        """Why something failed, in the coach's language: the core's words for its refusals (a value too
        long, a date that is no date, a change made meanwhile), which every front-end shares."""
        from aantafel.refusals import explain

        return explain(exc, self.language)

    def when(self, moment: datetime) -> str:
        """A meeting's date and time as the coach's language writes it."""
        from aantafel.dates import when

        return when(moment, self.language)

    def welcome(self) -> Reply:
        back = (self.say("welcome back", title=self.dossier_title),) if self.dossier_id else ()
        return _fit(Reply((self.say("welcome"), self.say("welcome how"), *back)))

    def handle(self, line: str) -> Reply:
        """Answer one line typed by the user, in lines that fit 80 columns."""
        from aantafel.plaintext import at_most

        with at_most(WIDTH):
            return _fit(self._handle(line))

    def _handle(self, line: str) -> Reply:
        text = line.strip()
        if self._flow is not None and not text.startswith("/"):
            return self._advance(text)
        if not text:
            return Reply()
        if not text.startswith("/"):
            return self.dispatch("stuck", text)
        name, _, argument = text[1:].partition(" ")
        reply = self.dispatch(name.lower(), argument.strip())
        pending = self._question if self._flow is not None and not reply.done else ()
        if pending and reply.lines[-1:] != pending:
            return Reply((*reply.lines, "", *pending))  # a command in the middle of a flow
        return reply

    def dispatch(self, name: str, argument: str) -> Reply:
        command = self.commands.get(name)
        if command is None:
            return self._unknown(name)
        try:
            return command.run(self, argument)
        except Exception as exc:  # one command's failure, a plugin's included, never ends the session
            return Reply((self.say("failed", name=name, error=self.explain(exc)),))

    def _unknown(self, name: str) -> Reply:
        close = difflib.get_close_matches(name, self.commands, n=1)
        lines = [self.say("unknown command", name=name)]
        lines.append(self.say("did you mean", suggestion=close[0]) if close else self.say("see help"))
        return Reply(tuple(lines))


def _same_kind(one: Flow, other: Flow) -> bool:
    """Whether two flows come from the same function; a generator carries its function's name."""
    name = getattr(one, "__name__", None)
    return name is not None and name == getattr(other, "__name__", None)


def _fit(reply: Reply) -> Reply:
    """The reply with every line longer than WIDTH wrapped at spaces, keeping its indent (and a bullet's
    hang); a single word longer than WIDTH (a path) stays whole."""
    if all(len(line) <= WIDTH for line in reply.lines):
        return reply
    lines: list[str] = []
    for line in reply.lines:
        text = line.lstrip()
        indent = line[: len(line) - len(text)]
        hang = indent + ("  " if text.startswith(("- ", "• ")) else "")
        lines += textwrap.wrap(
            text,
            WIDTH,
            initial_indent=indent,
            subsequent_indent=hang,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [line]  # a long path or address stays whole, so it can be copied
    return Reply(tuple(lines), done=reply.done)
