"""What people type for dates, sides, answers and moves, in Dutch or English, turned into stored values.

Each ``parse_*`` raises ``click.BadParameter`` with an example of what works; ``in_option`` names the option
the value came from, so a script sees which flag was wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from aantafel.dossiers.model import Move, Participant

T = TypeVar("T")

MOMENT_FORMATS = ("%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d-%m-%Y %H.%M")
DAY_FORMATS = ("%d-%m-%Y", "%Y-%m-%d")
SIDE_WORDS = {
    "ours": ("ours", "us", "we", "wij", "ons", "onze", "eigen"),
    "theirs": ("theirs", "them", "they", "zij", "ze", "hun", "gemeente", "municipality"),
    "other": ("other", "anders", "ander", "derde"),
}
YES_NO = {
    "yes": ("yes", "y", "ja", "j"),
    "no": ("no", "n", "nee"),
    "unsure": (
        *("unsure", "not sure", "unknown", "?", "maybe", "maybe not", "perhaps", "don't know", "no idea"),
        *("weet niet", "weet ik niet", "weet ik nog niet", "misschien", "misschien niet", "geen idee"),
        "onbekend",
    ),
}
MOVE_WORDS = {
    "offered": ("offered", "offer", "geboden", "bood", "bieden", "aanbod"),
    "conceded": ("conceded", "concede", "toegegeven", "gaf toe", "toegeven"),
    "promised": ("promised", "promise", "beloofd", "beloofde", "beloven", "toegezegd"),
}
SIDE_HINT = "use ours (wij), theirs (zij) or other (anders)"


def choice(words: Mapping[str, tuple[str, ...]], value: str) -> str | None:
    """The stored value for one of its spellings (case and spaces ignored), or None."""
    lowered = " ".join(value.strip().lower().replace("-", " ").replace("_", " ").split())
    return next((key for key, spellings in words.items() if lowered in spellings), None)


def one_of(words: Mapping[str, tuple[str, ...]]) -> Callable[[str], str]:
    """A prompt's ``value_proc`` that asks again until the answer is one of ``words``."""

    def check(value: str) -> str:
        found = choice(words, value)
        if found is None:
            raise click.UsageError(f"'{value}' is not one of the choices")
        return found

    return check


def in_option(parser: Callable[[str], T], value: str, option: str) -> T:
    """Parse a flag's value; a mistake names the flag."""
    try:
        return parser(value)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message, param_hint=option) from None


def parse_moment(value: str) -> datetime:
    """A date and time as people type them, in the local time zone."""
    for pattern in MOMENT_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern).astimezone()
        except ValueError:
            continue
    raise click.BadParameter(f"'{value}' is not a date and time; write it like 3-12-2026 14:00")


def parse_day(value: str) -> date:
    for pattern in DAY_FORMATS:
        try:
            return datetime.strptime(value.strip(), pattern).date()
        except ValueError:
            continue
    raise click.BadParameter(f"'{value}' is not a date; write it like 10-12-2026")


def parse_side(value: str) -> str:
    found = choice(SIDE_WORDS, value)
    if found is None:
        raise click.BadParameter(f"'{value}' is not a side; {SIDE_HINT}")
    return found


def parse_person(value: str) -> Participant:
    """``"Name; side; role; binding"``: only the name is needed."""
    from aantafel.dossiers.model import Participant

    name, side, role, binding = ([part.strip() for part in value.split(";")] + ["", "", "", ""])[:4]
    found_binding = choice(YES_NO, binding) if binding else "unsure"
    if found_binding is None:
        raise click.BadParameter(f"'{binding}' is not yes, no or unsure (ja, nee, weet niet)")
    return Participant(
        name=name,
        side=parse_side(side) if side else "theirs",
        role=role,
        binding="unknown" if found_binding == "unsure" else found_binding,
    )


def parse_move(value: str) -> Move:
    """``"side; kind; what; condition"``, e.g. ``"zij; geboden; huur 850 euro"``."""
    from aantafel.dossiers.model import Move

    side, kind, what, condition = ([part.strip() for part in value.split(";")] + ["", "", "", ""])[:4]
    found_kind = choice(MOVE_WORDS, kind)
    if found_kind is None:
        raise click.BadParameter(
            f"'{kind}' is not offered, conceded or promised (geboden, toegegeven, beloofd)"
        )
    return Move(side=parse_side(side), kind=found_kind, what=what, condition=condition)
