"""Preparing a meeting: what the installed packs ask, what is still open, what an answer must hold, the
advice it brings, and what it may fill in the dossier.

Every front-end asks through ``Preparation`` and renders what it gives back, so the command line, the
coach and the web page ask the same questions in the same order, accept the same answers and show the same
advice. The questions are the checks of every installed pack, then the worksheet prompts of installed
modules. A check says what it takes (``Check.takes``): yes, no or not sure; a written answer; or both. A
written answer to a check that ``fills`` a dossier field (the goal, the limits) is offered for that field;
the user confirms it, so nothing in the dossier is overwritten unasked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attrs import frozen

from aantafel.items import Check
from aantafel.usecases.readers import NotUnderstood, verdict_and_text

if TYPE_CHECKING:
    from aantafel.dossiers.model import Answer, Dossier, Meeting
    from aantafel.dossiers.store import Store
    from aantafel.library import Library


@frozen(kw_only=True)
class Question:
    """One thing a preparation asks: a check, or a module's worksheet prompt."""

    id: str
    text: str
    """The question itself: the check's title, or the prompt's question."""
    takes: str
    """``yes-no``, ``text`` or ``both`` (a worksheet prompt takes ``text``)."""
    why: str = ""
    """Why it matters (a check's ``why``), or a prompt's hint."""
    advice: str = ""
    """What to do when the answer is no or not sure (a check's ``if_not``; Markdown)."""
    fills: str = ""
    """The dossier field a written answer may fill, or empty."""
    module: str = ""
    """The title of the module a worksheet prompt comes from; empty for a check."""

    @property
    def is_check(self) -> bool:
        return not self.module


def questions(library: Library, language: str) -> tuple[Question, ...]:
    """What a preparation asks in ``language``: every check, then every worksheet prompt."""
    checks = [
        Question(
            id=check.id,
            text=check.title,
            takes=check.takes,
            why=check.why,
            advice=check.if_not,
            fills=check.fills,
        )
        for check in library.items(language, "check")
        if isinstance(check, Check)
    ]
    prompts = [
        Question(id=prompt.id, text=prompt.question, takes="text", why=prompt.help, module=module.title)
        for module, prompt in library.prompts(language)
    ]
    return (*checks, *prompts)


@frozen
class Given:
    """An answer as the user gave it: yes, no or not sure (or None), and what they wrote."""

    verdict: str | None
    text: str = ""


@frozen
class Proposal:
    """A written answer offered for a dossier field: the field, what it holds now and what it would hold."""

    field: str
    current: str
    proposed: str


@frozen
class Outcome:
    """What an answer leads to: advice to show (empty for none) and a field it may fill (or None)."""

    advice: str = ""
    proposal: Proposal | None = None


def read(question: Question, typed: str) -> Given | None:
    """What the user typed for ``question``, read as the answer it takes: ``"nee, de wethouder komt niet"``
    for a yes-no check, any text for an open one (where "weet niet" is a not sure), both for ``both``.
    None when nothing was typed: the question is left for later. ``NotUnderstood`` when a yes, no or not
    sure is needed and missing."""
    if not typed.strip():
        return None
    verdict, rest = verdict_and_text(typed)
    if question.takes == "text":
        if verdict == "unsure" and not rest:
            return Given("unsure")
        return Given(None, typed.strip())
    if verdict is None:
        raise NotUnderstood("no verdict", typed=typed)
    return Given(verdict, rest)


def check_given(question: Question, given: Given) -> Given:
    """``given`` if it answers ``question`` (a verdict where one is asked, a text where one is needed),
    else ``NotUnderstood``; for answers that come from a form rather than a line of text."""
    if question.takes != "text" and given.verdict is None:
        raise NotUnderstood("no verdict", typed=given.text)
    if question.takes == "text" and given.verdict not in (None, "unsure"):
        return Given(None, given.text)
    if question.takes == "text" and given.verdict is None and not given.text.strip():
        raise NotUnderstood("no text", typed="")
    return given


def needs_advice(question: Question, answer: Answer | None) -> bool:
    """Whether the answer asks for the question's advice: a no or a not sure."""
    return bool(question.advice) and answer is not None and answer.verdict in ("no", "unsure")


class Preparation:
    """The preparation of one meeting in one language: its questions, its answers so far, and the
    effect of one more. Made fresh for each use; it reads the store once."""

    def __init__(self, store: Store, library: Library, meeting_id: str, language: str) -> None:
        self.store = store
        self.meeting: Meeting = store.meeting(meeting_id)
        self.questions = questions(library, language)
        self.answers: dict[str, Answer] = store.answers(self.meeting.id)

    @property
    def checks(self) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if question.is_check)

    def question(self, question_id: str) -> Question:
        """The question with this id; ``NotUnderstood`` naming the ones there are."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise NotUnderstood(
            "unknown question", typed=question_id, choices=sorted(q.id for q in self.questions)
        )

    def todo(self, *, again: bool = False) -> list[Question]:
        """The questions still to answer, in order (every one, with ``again``)."""
        return [q for q in self.questions if again or q.id not in self.answers]

    def answered_checks(self) -> int:
        return sum(check.id in self.answers for check in self.checks)

    def removed(self) -> dict[str, Answer]:
        """Answers to questions no installed pack asks any more: kept, and shown as such."""
        known = {question.id for question in self.questions}
        return {key: answer for key, answer in self.answers.items() if key not in known}

    def version(self, question_id: str) -> int:
        """The version of the answer to this question as read (0 when there is none): what a form or a
        question shows, and names again when it is answered (``save``'s ``seen``)."""
        answer = self.answers.get(question_id)
        return 0 if answer is None else answer.version

    def save(self, question: Question, given: Given, *, author: str, seen: int | None = None) -> Outcome:
        """Store ``given`` as the answer to ``question`` (nothing is written when it is the stored answer
        already) and say what it leads to. ``seen`` is the version of the answer the person was shown, by
        default the one read here; when someone else changed it since, ``AnswerChanged`` says so with the
        answer as it is now, which this preparation then holds, so that answering again replaces it."""
        from aantafel.dossiers.model import AnswerChanged

        given = check_given(question, given)
        try:
            self.answers[question.id] = self.store.answer(
                self.meeting.id,
                question.id,
                given.verdict,
                given.text,
                expected_version=self.version(question.id) if seen is None else seen,
                author=author,
            )
        except AnswerChanged as exc:
            if exc.now is not None:
                self.answers[question.id] = exc.now
            raise
        return Outcome(
            advice=question.advice if self.needs_advice(question) else "",
            proposal=self.proposal(question),
        )

    def needs_advice(self, question: Question) -> bool:
        return needs_advice(question, self.answers.get(question.id))

    def proposal(self, question: Question) -> Proposal | None:
        """The dossier field this question's written answer may fill, when it says something the field does
        not say yet."""
        answer = self.answers.get(question.id)
        if not question.fills or answer is None or not answer.text:
            return None
        current = getattr(self._dossier(), question.fills)
        if current.strip() == answer.text.strip():
            return None
        return Proposal(question.fills, current, answer.text)

    def accept(self, proposal: Proposal, *, author: str) -> Dossier:
        """Put the proposed text in the dossier's field, against the dossier as it is now (the user just
        saw what the field holds; a change made meanwhile is refused, not overwritten)."""
        dossier = self._dossier()
        if getattr(dossier, proposal.field) != proposal.current:
            from aantafel.dossiers.model import ChangedMeanwhile

            raise ChangedMeanwhile("changed", what="dossier", reference=dossier.id)
        return self.store.update_dossier(
            dossier.id, {proposal.field: proposal.proposed}, expected_version=dossier.version, author=author
        )

    def _dossier(self) -> Dossier:
        return self.store.dossier(self.meeting.dossier_id)


def answer_line(verdict: str | None, text: str, language: str) -> str:
    """An answer in one line, as every front-end and sheet shows it: "nee — de wethouder komt niet", or
    only the text of an open question."""
    from aantafel.labels import label

    said = label(language, f"answer {verdict}") if verdict else ""
    return " — ".join(part for part in (said, text) if part)
