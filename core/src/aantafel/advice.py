"""What the finder's answer shows, the same on the web page, in the coach and on the command line.

A suggestion says what it is ("Principe", "Check voor het volgende gesprek"), why it was chosen, what to say
or ask at the table, what to do next, and the related items worth reading. When nothing fits, the answer
says so, asks one question that helps the user say more, and offers the checks, instead of a weak
match. Front-ends only lay this out.
"""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from aantafel.finder import Suggestion
from aantafel.items import Check, Intervention, Item
from aantafel.labels import label
from aantafel.library import Library


@frozen
class Advice:
    """One suggestion, ready to show."""

    item: Item
    kind: str
    """What the item is, as a user reads it: "Principe", "Check voor het volgende gesprek"."""
    score: float
    reasons: tuple[str, ...]
    say: str
    """The heading of ``lines``: "Wat je kunt zeggen" or "Vragen die je kunt stellen"."""
    lines: tuple[str, ...]
    next_steps: str
    related: tuple[Item, ...]


@frozen
class Answer:
    """The finder's whole answer: suggestions, or (when none fits) a question back and the checks."""

    advice: tuple[Advice, ...]
    follow_up: str
    checks: tuple[Check, ...]

    @property
    def fits(self) -> bool:
        return bool(self.advice)


def answer(library: Library, situation: str, language: str, *, limit: int = 3) -> Answer:
    """What to show for ``situation``."""
    found = library.suggest(situation, language, limit=limit)
    if found:
        return Answer(tuple(_advice(library, s, language) for s in found), "", ())
    checks = tuple(item for item in library.items(language, Check.kind) if isinstance(item, Check))
    return Answer((), label(language, "follow up"), checks)


def _advice(library: Library, suggestion: Suggestion, language: str) -> Advice:
    item = suggestion.item
    related: Sequence[Item] = [
        other for other in (library.find(target, language) for target in item.related) if other is not None
    ]
    return Advice(
        item=item,
        kind=label(language, f"suggested {item.kind}"),
        score=suggestion.score,
        reasons=suggestion.reasons,
        say=label(language, "sentences" if isinstance(item, Intervention) else "questions"),
        lines=item.to_say(),
        next_steps=item.next_steps if isinstance(item, Intervention) else "",
        related=tuple(related),
    )
