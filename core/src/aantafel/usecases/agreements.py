"""Writing down an agreement as people tell it: what, who (a side and maybe a name, "zij Mevrouw De Vries"),
by when, and what happens if it is not kept. The coach and the command line ask these parts in this order,
read each answer here, and when the store refuses the agreement (a due date before the meeting it came
from, a text too long) ask again only the part the refusal is about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from aantafel.dossiers.model import InvalidDossier
from aantafel.usecases import readers

if TYPE_CHECKING:
    from aantafel.dossiers.model import Agreement


def _what(typed: str) -> str:
    if not typed.strip():
        raise InvalidDossier("missing", "what")
    return typed.strip()


def _due(typed: str) -> str:
    if typed.strip():
        readers.day(typed)
    return typed.strip()


PARTS: Mapping[str, Callable[[str], str]] = {
    "what": _what,
    "who": str.strip,
    "due": _due,
    "if broken": str.strip,
}
"""The parts of an agreement as they are asked, each with what checks its answer before it is stored (what
was agreed is needed; a date must be one); the rest is the store's to judge."""


def fields(told: Mapping[str, str]) -> dict[str, Any]:
    """The store's arguments (``add_agreement``, ``update_agreement``) for an agreement told part by part:
    "zij Mevrouw De Vries" is a side and a person, "10-12-2026" a date."""
    side, person = readers.side_and_person(told.get("who", ""))
    due = told.get("due", "")
    return {
        "what": told.get("what", ""),
        "side": side,
        "person": person,
        "due": readers.day(due) if due else None,
        "if_broken": told.get("if broken", ""),
    }


def told(agreement: Agreement, language: str) -> dict[str, str]:
    """An agreement as it would be told, so a question can show what a part is now (Enter keeps it)."""
    from aantafel.labels import label

    who = " ".join(part for part in (label(language, f"side {agreement.side}"), agreement.person) if part)
    return {
        "what": agreement.what,
        "who": who,
        "due": readers.typed_day(agreement.due),
        "if broken": agreement.if_broken,
    }


def part_of(refused: InvalidDossier) -> str:
    """The part to ask again after the store refused an agreement for ``refused``."""
    part = {"person": "who", "side": "who", "if_broken": "if broken"}.get(refused.field, refused.field)
    return part if part in PARTS else "what"
