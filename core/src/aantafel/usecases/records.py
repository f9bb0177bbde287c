"""Writing down what happened at the table: the interventions that were used, and a line added to a
meeting's notes or review while the rest of the record stays as it is."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

import attrs

from aantafel.usecases.readers import NotUnderstood

if TYPE_CHECKING:
    from aantafel.dossiers.model import Record
    from aantafel.dossiers.store import Store
    from aantafel.library import Library

Part = Literal["notes", "emotions", "went_well", "do_differently"]


def interventions_used(library: Library, language: str, typed: Iterable[str]) -> tuple[str, ...]:
    """The ids of interventions said to have been used, each one the library has; ``NotUnderstood`` names
    those it has not, and the ones to choose from."""
    used = tuple(dict.fromkeys(part.strip() for part in typed if part.strip()))
    known = [item.id for item in library.items(language, "intervention")]
    wrong = [intervention for intervention in used if intervention not in known]
    if wrong:
        raise NotUnderstood("unknown intervention", typed=", ".join(wrong), ids=wrong, choices=sorted(known))
    return used


def add_to_record(store: Store, meeting_id: str, part: Part, text: str, *, author: str) -> Record:
    """Add ``text`` as a new line to one part of a meeting's record (its notes, emotions, what went well or
    what to do differently), written against the meeting as it is now."""
    record = store.record(meeting_id)
    before: str = getattr(record, part)
    added: dict[str, Any] = {part: f"{before}\n{text}" if before else text}
    changed = attrs.evolve(record, **added)
    return store.record_meeting(
        meeting_id, changed, expected_version=store.meeting(meeting_id).version, author=author
    )
