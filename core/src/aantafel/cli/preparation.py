"""``aantafel prepare``: getting ready for a meeting, one question at a time.

What a preparation asks, which answers it takes, the advice after a no and what an answer may fill in the
dossier are the core's (``aantafel.usecases.preparation``); this command asks the questions in a terminal
and saves each answer the moment it is given, so a preparation can stop at any question and carry on later.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

import click

from aantafel.catalogues import N_
from aantafel.cli import State, language_option, pass_state, resolve_language
from aantafel.cli.language import _, command, spoken
from aantafel.cli.userdata import (
    asked,
    author_option,
    confirm,
    data_options,
    from_option,
    open_for,
    run,
    say,
    when,
    writer,
)
from aantafel.labels import label

if TYPE_CHECKING:
    from aantafel.usecases.preparation import Preparation, Proposal, Question

PROMPTS = {
    "yes-no": N_("Your answer: yes, no or not sure, with a note after it if you like (Enter = later)"),
    "text": N_("Your answer in your own words, or: not sure (Enter = later)"),
    "both": N_("Your answer: yes or no, and what you know (e.g. ja, de wethouder; Enter = later)"),
    "prompt": N_("Your answer (Enter skips it)"),
}
"""What is asked under each kind of question."""


@command("prepare")
@click.argument("meeting_id", metavar=N_("MEETING"))
@click.option("--redo", is_flag=True, help="Ask every question again, also the ones already answered.")
@click.option(
    "--answer",
    "given",
    multiple=True,
    metavar=N_("QUESTION=ANSWER"),
    help="Answer a check without questions (repeatable), e.g. --answer bindende-afspraken=nee.",
)
@click.option("--note", "notes", multiple=True, metavar=N_("CHECK=TEXT"), help="A note with an --answer.")
@click.option(
    "--write",
    "texts",
    multiple=True,
    metavar=N_("PROMPT=TEXT"),
    help="Answer a module's worksheet prompt without questions (repeatable).",
)
@click.option(
    "--fill",
    is_flag=True,
    help="Also put written answers in the dossier fields they belong to (goal, limits).",
)
@author_option("Who answers")
@data_options
@language_option
@pass_state
@click.pass_context
def prepare(
    ctx: click.Context,
    state: State,
    /,
    meeting_id: str,
    redo: bool,
    given: tuple[str, ...],
    notes: tuple[str, ...],
    texts: tuple[str, ...],
    fill: bool,
    author: str | None,
    language: str | None,
) -> None:
    """Prepare a meeting: go through the checks before you start, one by one, then the worksheet of any
    installed module.

    Each answer is saved at once. Stop whenever you like (Ctrl-C); run the same command again to carry on
    where you stopped. For a no or a not sure, aantafel shows what you can do about it. An open question
    ("What is the goal?") takes your own words; they can go into the dossier too.

    \b
    Examples:
      aantafel prepare 41de
      aantafel prepare 41de --redo
      aantafel prepare 41de --answer bindende-afspraken=nee --note bindende-afspraken="Wethouder komt niet"
      aantafel prepare 41de --answer doel-van-het-gesprek="Lagere huur" --fill
      aantafel prepare 41de --write uitdaagrecht-taak="Het onderhoud van het park"
    """
    from aantafel.usecases.preparation import Preparation

    store = open_for(ctx)
    library = state.library()
    prep = run(lambda: Preparation(store, library, meeting_id, resolve_language(library, language)))
    if given or notes or texts:
        _answer_given(
            prep,
            _pairs(given, "--answer"),
            _pairs(notes, "--note"),
            _pairs(texts, "--write"),
            fill,
            writer(author),
        )
    else:
        _ask(prep, redo, writer(author))
    done = _("{answered} of {total} checks answered.")
    click.echo(done.format(answered=prep.answered_checks(), total=len(prep.checks)))


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep:
            raise click.BadParameter(
                _("'{value}' needs the form QUESTION=TEXT").format(value=value), param_hint=option
            )
        pairs[key.strip()] = text.strip()
    return pairs


def _answer_given(
    prep: Preparation,
    answers: dict[str, str],
    notes: dict[str, str],
    written: dict[str, str],
    fill: bool,
    who: str,
) -> None:
    """``--answer``, ``--note`` and ``--write`` as given; every value is read before anything is saved (an
    empty one is left out)."""
    from aantafel.usecases.preparation import Given, read

    for check_id in notes.keys() - answers.keys():
        raise click.BadParameter(
            _("--note {id}=… needs an --answer {id}=…").format(id=check_id), param_hint="--note"
        )
    todo = []
    for key, value in [*answers.items(), *written.items()]:
        question = from_option(prep.question, key, "--answer" if key in answers else "--write")
        found = from_option(partial(read, question), value, "--answer")
        if found is not None:
            todo.append((question, Given(found.verdict, notes.get(key, found.text))))
    for question, answer in todo:
        outcome = run(partial(prep.save, question, answer, author=who))
        if outcome.proposal is not None and fill:
            run(partial(prep.accept, outcome.proposal, author=who))


def _ask(prep: Preparation, redo: bool, who: str) -> None:
    """Every open question in turn (all of them with ``redo``), each answer saved at once; Ctrl-C stops and
    keeps what was answered."""
    from aantafel.plaintext import markdown, wrap
    from aantafel.usecases.preparation import read

    todo = prep.todo(again=redo)
    title = prep.store.dossier(prep.meeting.dossier_id).title
    say(f"{label(spoken(), 'prepare title')}: {when(prep.meeting.starts_at)} · {title}", bold=True)
    if len(todo) < len(prep.questions) and not redo:
        resume = _("You had answered {answered} of {total} questions already; carrying on with the rest.")
        click.echo(resume.format(answered=len(prep.questions) - len(todo), total=len(prep.questions)))
    try:
        for question in todo:
            click.echo()
            click.secho(_where(prep, question), dim=True)
            click.secho(wrap(question.text), bold=True)
            if question.why:
                click.echo(markdown(question.why, "  "))
            kind = question.takes if question.is_check else "prompt"
            given = click.prompt(
                _(PROMPTS[kind]), default="", show_default=False, value_proc=asked(partial(read, question))
            )
            if given is None:
                continue
            outcome = run(partial(prep.save, question, given, author=who))
            if outcome.advice:
                click.secho(f"{label(spoken(), 'prepare advice')}:", bold=True)
                click.echo(markdown(outcome.advice, "  "))
            if outcome.proposal is not None and confirm(
                _offer(outcome.proposal), default=not outcome.proposal.current
            ):
                run(partial(prep.accept, outcome.proposal, author=who))
    except click.Abort:
        click.echo()
        click.echo(
            _("Stopped. Your answers are saved. Carry on with: aantafel prepare {id}").format(
                id=prep.meeting.id[:4]
            )
        )
        return
    still_open = [question.text for question in prep.checks if question.id not in prep.answers]
    if still_open:
        click.echo()
        click.echo(_("Still open:"))
        for text in still_open:
            click.echo(wrap(text, "  • ", "    "))


def _where(prep: Preparation, question: Question) -> str:
    if not question.is_check:
        return f"{label(spoken(), 'sheet worksheet')} · {question.module}"
    return _("Check {number} of {total}").format(
        number=prep.checks.index(question) + 1, total=len(prep.checks)
    )


def _offer(proposal: Proposal) -> str:
    field = label(spoken(), f"dossier {proposal.field}")
    if not proposal.current:
        return _("Also put this in the dossier as {field}?").format(field=field)
    offered = _("Also put this in the dossier as {field}? Now it says: {current}")
    return offered.format(field=field, current=proposal.current)


COMMANDS = (prepare,)
