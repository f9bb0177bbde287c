"""The coach's built-in slash commands: one registry that feeds ``/help``, completion and dispatch.

Items are laid out by the same code as ``aantafel show`` (``aantafel.plaintext.render_item``), without
its terminal styling, so a page of the library reads the same in both places.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable

from aantafel.labels import label
from aantafel_repl.coach import WIDTH, Coach, Command, Reply

KIND_COMMANDS = {
    "checks": "check",
    "principles": "principle",
    "interventions": "intervention",
    "modules": "module",
}
STUCK_LIMIT = 3


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest, break_long_words=False)


def _listing(kind: str) -> Callable[[Coach, str], Reply]:
    def run(coach: Coach, _argument: str) -> Reply:
        items = coach.library.items(coach.language, kind)
        if not items:
            return Reply((coach.say("none of kind"),))
        width = max(len(item.id) for item in items) + 2
        lines = (_wrapped(item.title, f"{item.id:<{width}}", " " * width) for item in items)
        return Reply(tuple(line for item_lines in lines for line in item_lines))

    return run


def show(coach: Coach, argument: str) -> Reply:
    from aantafel import UnknownItem
    from aantafel.plaintext import render_item

    if not argument:
        return Reply((coach.say("needs argument", usage="/show ID"),))
    try:
        item = coach.library.get(argument.split()[0], coach.language)
    except UnknownItem as exc:
        lines = [coach.say("unknown item", item=argument)]
        if exc.suggestions:
            lines.append(coach.say("did you mean", suggestion=f"show {exc.suggestions[0]}"))
        return Reply(tuple(lines))
    return Reply(tuple(render_item(coach.library, item, coach.language).splitlines()))


def search(coach: Coach, argument: str) -> Reply:
    """Your dossiers first, each hit with where it is and its text around the words found; then the
    library. A store that cannot be opened is said in one line, and the library is searched anyway."""
    from aantafel.plaintext import harmless
    from aantafel.usecases.search import search as search_all
    from aantafel.usecases.search import where

    if not argument:
        return Reply((coach.say("needs argument", usage="/search WORDS"),))
    lines: list[str] = []
    try:
        store = coach.store
    except Exception as exc:  # the library needs no database
        store = None
        lines.append(coach.say("dossiers not searched", error=coach.explain(exc)))
    found = search_all(coach.library, store, argument, coach.language, limit=10)
    if not found:
        return Reply((*lines, coach.say("no results", query=argument)))
    if found.dossiers:
        lines.append(label(coach.language, "search dossiers"))
    for hit in found.dossiers:
        place = where(hit, coach.language)
        lines += _wrapped(harmless(hit.dossier_title) + (f" · {place}" if place else ""), "", "")
        lines += _wrapped(harmless(hit.snippet.text), "  ", "  ")
    if found.library and found.dossiers:
        lines += ["", label(coach.language, "search library")]
    if found.library:
        width = max(len(item.item.id) for item in found.library) + 2
        for item in found.library:
            lines += _wrapped(item.item.title, f"{item.item.id:<{width}}", " " * width)
    return Reply(tuple(lines))


def stuck(coach: Coach, argument: str) -> Reply:
    """What fits, each with what it is and what to say or ask: short enough to read in one glance. When
    nothing fits, a question back and the four checks instead of a guess."""
    from aantafel.advice import answer
    from aantafel.labels import label

    if not argument:
        return Reply((coach.say("needs argument", usage="/stuck WHAT HAPPENS"),))
    found = answer(coach.library, argument, coach.language, limit=STUCK_LIMIT)
    lines: list[str] = []
    if not found.fits:
        lines += ["", *_wrapped(label(coach.language, "no_suggestion"), "", "")]
        lines += _wrapped(found.follow_up, "", "")
        lines += ["", label(coach.language, "start with checks")]
        for check in found.checks:
            lines += _wrapped(f"{check.title} (/show {check.id})", "  - ", "    ")
    for advice in found.advice:
        lines += ["", *_wrapped(advice.item.title, "", ""), f"  ({advice.kind})"]
        if advice.lines:
            lines.append(f"  {advice.say}:")
        for sentence in advice.lines:
            lines += _wrapped(sentence, "  - ", "    ")
        if advice.related:
            see = ", ".join(f"/show {other.id}" for other in advice.related)
            lines += _wrapped(f"{label(coach.language, 'related')}: {see}", "  ", "    ")
        lines.append(f"  {coach.say('more', item=advice.item.id)}")
    return Reply(tuple(lines[1:]))


def language(coach: Coach, argument: str) -> Reply:
    available = coach.library.languages
    if argument not in available:
        return Reply((coach.say("unknown language", choices=", ".join(available)),))
    coach.language = argument
    coach.remember()
    return Reply((coach.say("language set"),))


def help_text(coach: Coach, _argument: str) -> Reply:
    width = max(len(command.usage) for command in coach.commands.values())
    lines = [coach.say("help title"), ""]
    lines += [
        f"  {command.usage:<{width}}  {command.help.get(coach.language) or command.help.get('en', '')}"
        for command in coach.commands.values()
    ]
    return Reply((*lines, "", coach.say("help free text")))


def prepare(coach: Coach, _argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.prepare(coach))


def agree(coach: Coach, _argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.agree(coach))


def review(coach: Coach, _argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.review(coach))


def note(coach: Coach, argument: str) -> Reply:
    from aantafel_repl import flows

    if not argument:
        return Reply((coach.say("needs argument", usage="/note TEXT"),))
    return coach.start(flows.note(coach, argument))


def dossier(coach: Coach, argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.dossier(coach, argument))


def meeting(coach: Coach, _argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.meeting(coach))


def history(coach: Coach, _argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.history(coach))


def undo(coach: Coach, argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.undo(coach, argument))


def sheet(coach: Coach, argument: str) -> Reply:
    from aantafel_repl import flows

    return coach.start(flows.sheet(coach, argument))


def agreements(coach: Coach, _argument: str) -> Reply:
    """Open and overdue agreements: of the current dossier, or of all when none is chosen."""
    from datetime import date, datetime

    from aantafel.dates import day

    today = datetime.now().astimezone().date()
    found = coach.store.agreements(coach.dossier_id, status="open")
    if not found:
        return Reply((coach.say("no agreements"),))
    lines = []
    for agreement in sorted(found, key=lambda a: (a.due is None, a.due or date.min)):
        parts = [
            agreement.what,
            agreement.person,
            day(agreement.due, coach.language) if agreement.due else "",
        ]
        late = f" ({coach.say('overdue')})" if agreement.overdue(today) else ""
        lines += _wrapped(" — ".join(part for part in parts if part) + late, "  - ", "    ")
    return Reply(tuple(lines))


def quit_session(coach: Coach, _argument: str) -> Reply:
    return Reply((coach.say("bye"),), done=True)


def _help(key: str) -> dict[str, str]:
    from aantafel_repl.words import say

    return {language: say(language, key) for language in ("nl", "en")}


def builtin() -> Iterable[Command]:
    """The built-in commands, in the order ``/help`` lists them."""
    for name, kind in KIND_COMMANDS.items():
        yield Command(name, f"/{name}", _help(f"help {name}"), _listing(kind))
    yield Command("show", "/show ID", _help("help show"), show, completes="item")
    yield Command("search", "/search WORDS", _help("help search"), search)
    yield Command("stuck", "/stuck WHAT HAPPENS", _help("help stuck"), stuck)
    yield Command("prepare", "/prepare", _help("help prepare"), prepare)
    yield Command("note", "/note TEXT", _help("help note"), note)
    yield Command("agree", "/agree", _help("help agree"), agree)
    yield Command("agreements", "/agreements", _help("help agreements"), agreements)
    yield Command("review", "/review", _help("help review"), review)
    yield Command("meeting", "/meeting", _help("help meeting"), meeting)
    yield Command("dossier", "/dossier [TITLE]", _help("help dossier"), dossier, completes="dossier")
    yield Command("history", "/history", _help("help history"), history)
    yield Command("undo", "/undo [NUMBER]", _help("help undo"), undo)
    yield Command("sheet", "/sheet [FORMAT [FILE]]", _help("help sheet"), sheet, completes="format")
    yield Command("lang", "/lang nl|en", _help("help lang"), language, completes="language")
    yield Command("help", "/help", _help("help help"), help_text)
    yield Command("quit", "/quit", _help("help quit"), quit_session)
