"""What people type, read into the values the store keeps: dates and times, sides, answers, bindings,
moves and the people at the table.

Dutch and English words are both read, whatever language is chosen ("nee" and "no", "zij" and "theirs"),
because people mix them, and a dossier is often shared by people who speak both. Anything that cannot be
read raises ``NotUnderstood`` naming what was typed; the front-end says it in the user's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING

from aantafel.refusals import Refusal

if TYPE_CHECKING:
    from aantafel.dossiers.model import Move, Participant

MOMENT_FORMATS = ("%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d-%m-%Y %H.%M")
DAY_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")
SIDE_WORDS: Mapping[str, tuple[str, ...]] = {
    "ours": ("ours", "us", "we", "wij", "ons", "onze", "eigen"),
    "theirs": ("theirs", "them", "they", "zij", "ze", "hun", "gemeente", "municipality"),
    "other": ("other", "anders", "ander", "derde"),
}
VERDICT_WORDS: Mapping[str, tuple[str, ...]] = {
    "yes": ("yes", "y", "ja", "j"),
    "no": ("no", "n", "nee"),
    "unsure": (
        *("unsure", "not sure", "unknown", "?", "maybe", "maybe not", "perhaps", "don't know", "no idea"),
        *("weet niet", "weet ik niet", "weet ik nog niet", "misschien", "misschien niet", "geen idee"),
        "onbekend",
    ),
}
MOVE_WORDS: Mapping[str, tuple[str, ...]] = {
    "offered": ("offered", "offer", "geboden", "bood", "bieden", "aanbod"),
    "conceded": ("conceded", "concede", "toegegeven", "gaf toe", "toegeven"),
    "promised": ("promised", "promise", "beloofd", "beloofde", "beloven", "toegezegd"),
}
_SPELLINGS = sorted(
    ((s, key) for key, words in VERDICT_WORDS.items() for s in words), key=lambda p: -len(p[0])
)


class NotUnderstood(Refusal):
    """What was typed is not a value of the kind asked for; ``details["typed"]`` holds it."""


def choice(words: Mapping[str, tuple[str, ...]], typed: str) -> str | None:
    """The stored value one of whose spellings ``typed`` is (case, hyphens and spaces aside), or None."""
    lowered = " ".join(typed.strip().lower().replace("-", " ").replace("_", " ").split())
    return next((key for key, spellings in words.items() if lowered in spellings), None)


def _one_of(words: Mapping[str, tuple[str, ...]], typed: str, reason: str) -> str:
    """``choice``, refusing with ``reason`` what is none of the words."""
    found = choice(words, typed)
    if found is None:
        raise NotUnderstood(reason, typed=typed)
    return found


def _written(typed: str, formats: tuple[str, ...], reason: str) -> datetime:
    """``typed`` read with the first of ``formats`` that fits, refusing with ``reason`` when none does."""
    for pattern in formats:
        try:
            return datetime.strptime(typed.strip(), pattern)
        except ValueError:
            continue
    raise NotUnderstood(reason, typed=typed)


def moment(typed: str) -> datetime:
    """A date and time as people type them ("3-12-2026 14:00"), in this computer's time zone."""
    return _written(typed, MOMENT_FORMATS, "not a moment").astimezone()


def day(typed: str) -> date:
    """A date as people type it ("10-12-2026")."""
    return _written(typed, DAY_FORMATS, "not a day").date()


def typed_moment(value: datetime) -> str:
    """A stored time as the user would type it, to show as what Enter keeps."""
    return value.astimezone().strftime(MOMENT_FORMATS[0])


def typed_day(value: date | None) -> str:
    """A date as the user would type it; empty for none."""
    return value.strftime(DAY_FORMATS[0]) if value else ""


def side(typed: str) -> str:
    return _one_of(SIDE_WORDS, typed, "not a side")


def verdict(typed: str) -> str:
    """yes, no or unsure."""
    return _one_of(VERDICT_WORDS, typed, "not a verdict")


def yes_or_no(typed: str) -> bool:
    """A yes or a no (to "shall I …?"); not sure is no answer here."""
    found = choice(VERDICT_WORDS, typed)
    if found not in ("yes", "no"):
        raise NotUnderstood("not yes or no", typed=typed)
    return found == "yes"


def binding(typed: str) -> str:
    """Whether someone may make binding agreements: yes, no, or unknown for "not sure" and nothing."""
    found = verdict(typed) if typed.strip() else "unsure"
    return "unknown" if found == "unsure" else found


def move_kind(typed: str) -> str:
    return _one_of(MOVE_WORDS, typed, "not a move")


def verdict_and_text(typed: str) -> tuple[str | None, str]:
    """``"nee, de wethouder komt niet"`` -> ``("no", "de wethouder komt niet")``: an answer that starts
    with yes, no or not sure, and the words after it; ``(None, typed)`` when it starts with none of them."""
    lowered = typed.strip().lower()
    for spelling, key in _SPELLINGS:
        rest = lowered[len(spelling) :]
        if lowered.startswith(spelling) and (not rest or not rest[0].isalnum()):
            return key, typed.strip()[len(spelling) :].strip(" ,.:;-–")
    return None, typed.strip()


def _parts(typed: str) -> list[str]:
    return ([part.strip() for part in typed.split(";")] + ["", "", "", ""])[:4]


def person(typed: str) -> Participant:
    """``"Name; side; role; binding"``: only the name is needed; the side is theirs when not given."""
    from aantafel.dossiers.model import Participant

    name, at_side, role, may_bind = _parts(typed)
    return Participant(
        name=name, side=side(at_side) if at_side else "theirs", role=role, binding=binding(may_bind)
    )


def move(typed: str) -> Move:
    """``"side; kind; what; condition"``, e.g. ``"zij; geboden; huur 850 euro"``."""
    from aantafel.dossiers.model import Move

    at_side, kind, what, condition = _parts(typed)
    return Move(side=side(at_side), kind=move_kind(kind), what=what, condition=condition)


def side_and_person(typed: str) -> tuple[str, str]:
    """``"zij Mevrouw De Vries"`` -> ``("theirs", "Mevrouw De Vries")``: who does something, as the coach
    asks it in one line. Without a side word first, everything is the person, on their side."""
    first, _, rest = typed.strip().partition(" ")
    found = choice(SIDE_WORDS, first)
    return ("theirs", typed.strip()) if found is None else (found, rest.strip())
