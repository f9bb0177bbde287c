"""Writing down an agreement as people tell it: what, who (a side and maybe a name, "zij Mevrouw De Vries"),
by when, and what happens if it is not kept. The coach and the command line ask these parts in this order,
read each answer here, and when the store refuses the agreement (a due date before the meeting it came
from, a text too long) ask again only the part the refusal is about.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from aantafel.dossiers.model import InvalidDossier
from aantafel.usecases import readers

if TYPE_CHECKING:
    from aantafel.dossiers.model import Agreement
    from aantafel.dossiers.store import Store


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


def add(
    store: Store, dossier_id: str, told: Mapping[str, str], *, meeting_id: str | None, author: str
) -> Agreement:
    """Store the agreement ``told`` (one answer per part of ``PARTS``), from the meeting it came from."""
    side, person = readers.side_and_person(told.get("who", ""))
    due = told.get("due", "")
    return store.add_agreement(
        dossier_id,
        what=told.get("what", ""),
        side=side,
        person=person,
        due=readers.day(due) if due else None,
        if_broken=told.get("if broken", ""),
        meeting_id=meeting_id,
        author=author,
    )


def part_of(refused: InvalidDossier) -> str:
    """The part to ask again after the store refused an agreement for ``refused``."""
    part = {"person": "who", "side": "who", "if_broken": "if broken"}.get(refused.field, refused.field)
    return part if part in PARTS else "what"
