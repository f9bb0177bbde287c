"""The coach in a terminal (prompt-toolkit) or over a pipe (plain lines in, plain text out).

Ctrl-C drops the line being typed and the session goes on; Ctrl-D or ``/quit`` ends it. History is kept in
the platform's state folder unless the user asks for none. The toolbar shows the language.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from aantafel_repl.coach import Coach, Reply

Write = Callable[[str], None]


class CoachCompleter(Completer):
    """Commands after ``/``; after a command, what it takes: an item id, a language, a dossier's title or an
    export format.

    Item ids are sorted once per language and found by bisection, so a keystroke costs the same with a few
    hundred items as with 100,000; at most ``SHOWN`` are offered at a time."""

    SHOWN = 100

    def __init__(self, coach: Coach) -> None:
        self.coach = coach
        self._ids: dict[str, list[str]] = {}

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        text = document.text_before_cursor
        if not text.startswith("/"):
            return
        name, space, argument = text[1:].partition(" ")
        if not space:
            candidates: Iterable[str] = (f"/{command}" for command in sorted(self.coach.commands))
            typed = text
        else:
            command = self.coach.commands.get(name.lower())
            candidates = self._arguments(command.completes, argument) if command else ()
            typed = argument
        shown = (candidate for candidate in candidates if candidate.startswith(typed))
        for candidate in itertools.islice(shown, self.SHOWN):
            yield Completion(candidate, start_position=-len(typed))

    def _arguments(self, kind: str, typed: str) -> Iterable[str]:
        if kind == "item":
            language = self.coach.language
            ids = self._ids.get(language)
            if ids is None:
                ids = self._ids[language] = sorted(item.id for item in self.coach.library.items(language))
            after = itertools.islice(ids, bisect.bisect_left(ids, typed), None)
            return itertools.takewhile(lambda candidate: candidate.startswith(typed), after)
        if kind == "language":
            return self.coach.library.languages
        if kind == "dossier":
            return sorted(dossier.title for dossier in self.coach.store.dossiers())
        if kind == "format":
            return sorted(self.coach.library.exporters())
        return ()


def toolbar(coach: Coach) -> str:
    """The line at the bottom of the terminal: the language, the dossier and meeting, help and leaving."""
    parts = [coach.say("toolbar", language=coach.language)]
    if coach.dossier_id:
        parts.append(coach.say("toolbar dossier", title=coach.dossier_title))
    if coach.meeting_starts is not None:
        parts.append(coach.say("toolbar meeting", when=coach.when(coach.meeting_starts)))
    return " · ".join(parts)


def _state_file() -> Path:
    return history_file().with_name("coach.json")


def recall(coach: Coach, *, language: bool = True) -> None:
    """Pick up the dossier and language of the last session (kept next to the history), and keep later
    choices there too; ``language=False`` when one was asked for on the command line. Nothing is kept with
    ``--no-history``: a shared computer shows no one's work."""
    import json

    path = _state_file()
    with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
        kept = json.loads(path.read_text(encoding="utf-8"))
        if kept.get("dossier") and kept.get("title"):
            coach.dossier_id, coach.dossier_title = str(kept["dossier"]), str(kept["title"])
        if language and kept.get("language") in coach.library.languages:
            coach.language = str(kept["language"])

    def keep(chosen: Coach) -> None:
        state = {"dossier": chosen.dossier_id, "title": chosen.dossier_title, "language": chosen.language}
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(state), encoding="utf-8")
            path.chmod(0o600)

    coach.on_choice = keep


def history_file() -> Path:
    """Where the typed lines are kept: the platform's state folder (``~/.local/state/aantafel`` on Linux)."""
    from platformdirs import user_state_path

    return user_state_path("aantafel", appauthor=False) / "coach-history"


def _history(keep: bool) -> History:
    if not keep:
        return InMemoryHistory()
    path = history_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600, exist_ok=True)
    except OSError:
        return InMemoryHistory()  # a read-only home must not stop the coach
    return FileHistory(str(path))


def run(
    coach: Coach,
    *,
    history: bool = True,
    language_given: bool = False,
    input: Input | None = None,
    output: Output | None = None,
    write: Write = print,
) -> None:
    """Talk until the user leaves. Without a terminal on stdin (and no ``input`` given), read a pipe.
    ``language_given``: the language was asked for, so the one kept from the last session does not apply."""
    if input is None and not sys.stdin.isatty():
        run_pipe(coach, sys.stdin, write)
        return
    if history:
        recall(coach, language=not language_given)
    session: PromptSession[str] = PromptSession(
        completer=CoachCompleter(coach),
        complete_while_typing=False,
        history=_history(history),
        bottom_toolbar=lambda: toolbar(coach),
        input=input,
        output=output,
    )
    _write(coach.welcome(), write)
    while True:
        try:
            typed = session.prompt("> ")
        except KeyboardInterrupt:  # drops the line; in a flow it stops the flow, and what was answered stays
            _write(coach.cancel(), write)
            continue
        except EOFError:
            _write(coach.handle("/quit"), write)
            return
        reply = coach.handle(typed)
        _write(reply, write)
        if reply.done:
            return


def _write(reply: Reply, write: Write) -> None:
    """The reply's lines, and an empty line after them so one answer stands apart from the next."""
    for line in reply.lines:
        write(line)
    if reply.lines:
        write("")


def run_pipe(coach: Coach, lines: TextIO | Iterable[str], write: Write = print) -> None:
    """Each line in, its reply out, as plain text: scripts and tests drive the coach this way."""
    for typed in lines:
        reply = coach.handle(typed)
        _write(reply, write)
        if reply.done:
            return
