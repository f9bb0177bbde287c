"""A dossier's history in words: each entry as one line a volunteer reads, the same in the command line, the
web page and the coach, and which entries can be undone.

The store keeps what happened in stored words (a field's name, a status, an ISO time); this turns them into
the language of the reader, so an entry written in Dutch reads in English too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from aantafel.catalogues import N_, gettext
from aantafel.dates import when
from aantafel.dossiers.model import Change, FieldConflict
from aantafel.labels import label

HISTORY = {
    "created": N_("started the dossier"),
    "edited": N_("changed {field}: {old} → {new}"),
    "deleted": N_("put the dossier in the bin"),
    "restored": N_("took the dossier out of the bin"),
    "meeting added": N_("planned meeting {field}"),
    "meeting changed": N_("moved meeting {field}: {old} → {new}"),
    "answered": N_("answered {field}: {old} → {new}"),
    "meeting recorded": N_("wrote down what happened in meeting {field}"),
    "agreement added": N_("added agreement {field}"),
    "agreement status": N_("agreement {field}: {old} → {new}"),
    "agreement changed": N_("corrected agreement {field}: {new}"),
    "feedback": N_("gave feedback on meeting {field}"),
    "undone": N_("undid a change of {field}: {old} → {new}"),
    "meeting cancelled": N_("called off meeting {field}"),
    "meeting resumed": N_("let meeting {field} go ahead after all"),
    "meeting removed": N_("put meeting {field} in the bin"),
    "meeting restored": N_("took meeting {field} out of the bin"),
    "agreement removed": N_("put agreement {field} in the bin: {new}"),
    "agreement restored": N_("took agreement {field} out of the bin: {new}"),
}
"""Each kind of history entry in words (messages of the catalogue, filled in by ``what_changed``)."""


def what_changed(change: Change, language: str) -> str:
    """One history entry in words: a field by its name, a moved meeting's times and an answer's verdict or
    a status as the language writes them."""
    old, new, field = change.old or "", change.new or "", change.field or ""
    if change.subject == "dossier" or change.action == "edited":
        field = label(language, f"dossier {field}")
    elif change.action == "meeting added":
        field = new
    elif change.subject == "meeting" and _moments(old, new):
        old, new = (when(datetime.fromisoformat(moment), language) for moment in (old, new))
    elif change.action == "answered":  # the answer before too, so a replaced note can be read back
        old, new = (_answer_said(answer, language) for answer in (old, new))
    elif change.action == "agreement status" or (change.subject == "agreement" and _status(old)):
        old, new = (_status_said(status, language) for status in (old, new))
    if change.action.startswith(("meeting", "agreement")) or change.subject in ("meeting", "agreement"):
        field = field[:4]
    return gettext(language, HISTORY[change.action]).format(field=field, old=old or "—", new=new or "—")


def undoable(change: Change) -> bool:
    """Whether ``Store.undo`` can write this change back: it changed fields of a row and kept their
    values (every change since migration 0008 that edits a row)."""
    return change.edits is not None and change.row_id is not None


def edits_of(change: Change) -> dict[str, tuple[object, object]]:
    """The fields a history entry changed, with their old and new values (none for older entries)."""
    loaded = json.loads(change.edits) if change.edits else {}
    return {name: (pair[0], pair[1]) for name, pair in loaded.items()}


def _moments(*values: str) -> bool:
    try:
        return all(datetime.fromisoformat(value).tzinfo is not None for value in values)
    except ValueError:
        return False


def _status(value: str) -> bool:
    return value.partition(": ")[0] in ("open", "done", "broken")


def _status_said(value: str, language: str) -> str:
    status, colon, note = value.partition(": ")
    if status not in ("open", "done", "broken"):
        return value
    return label(language, f"status {status}") + (f": {note}" if colon else "")


def _answer_said(answer: str, language: str) -> str:
    """An answer as the history keeps it ("no: Jansen komt niet") with its verdict in ``language``."""
    verdict, colon, text = answer.partition(": ")
    if verdict in ("yes", "no", "unsure"):
        return label(language, f"answer {verdict}") + (f": {text}" if colon else "")
    return answer


_FIELD_LABELS = {
    "people": "meeting people",
    "place": "meeting place",
    "purpose": "meeting purpose",
    "interventions": "record used",
    "moves": "record moves",
    "what": "agreement what",
    "if_broken": "agreement if_broken",
    **{name: f"record {name}" for name in ("notes", "emotions", "went_well", "do_differently")},
}


def field_label(subject: str, field: str, language: str) -> str:
    """The name a form gives ``field`` of a dossier, meeting or agreement."""
    if subject == "dossier":
        return label(language, f"dossier {field}")
    return label(language, _FIELD_LABELS.get(field, f"field {field}"))


def shown(value: object, language: str) -> str:
    """A value as the history keeps it (text, an ISO time or date, a list of people or moves) in words."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(
            ", ".join(str(part) for part in item if part) if isinstance(item, list) else str(item)
            for item in value
        )
    text = str(value)
    if _moments(text):
        return when(datetime.fromisoformat(text), language)
    return _status_said(text, language)


def conflict_lines(conflicts: Sequence[FieldConflict], subject: str, language: str) -> list[str]:
    """Each field two people changed at once: both values, and who saved the other one."""
    said = gettext(language, N_("{field}: now {theirs} (saved by {by}); yours {yours}"))
    return [
        said.format(
            field=field_label(subject, conflict.field, language),
            theirs=shown(conflict.theirs, language),
            by=", ".join(conflict.by),
            yours=shown(conflict.yours, language),
        )
        for conflict in conflicts
    ]
