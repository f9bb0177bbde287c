"""Two people saving the same form: the web side of the store's merge (``aantafel.dossiers.store.edits``).

A save made from an older version is merged by the store. When it merged cleanly, the page the person lands
on names what the others changed meanwhile (``?merged=VERSION``). When both changed a field, the form
comes back with what this person typed and, per field, the other value and who saved it, with a choice
(``keep-FIELD``: theirs or mine); the next save keeps the chosen values and nothing else is touched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import g, request

from aantafel_web.context import store
from aantafel_web.translations import gettext

if TYPE_CHECKING:
    from aantafel.dossiers.model import EditConflict, Subject

THEIRS = "theirs"


def kept() -> frozenset[str]:
    """The fields whose stored value the person chose to keep over their own (``keep-FIELD=theirs``)."""
    return frozenset(
        name.removeprefix("keep-")
        for name, value in request.form.items()
        if name.startswith("keep-") and value == THEIRS
    )


def conflicts(exc: EditConflict) -> list[dict[str, str]]:
    """Each field both changed, as the conflict box shows it."""
    from aantafel.dossiers.story import field_label, shown

    return [
        {
            "field": conflict.field,
            "label": field_label(exc.what, conflict.field, g.lang),
            "theirs": shown(conflict.theirs, g.lang),
            "yours": shown(conflict.yours, g.lang),
            "by": ", ".join(conflict.by),
        }
        for conflict in exc.conflicts
    ]


def merged_note(subject: Subject, row_id: str) -> str | None:
    """After a save that was merged (``?merged=VERSION``, the version the form showed): who else changed
    which fields since, which were kept. None for an ordinary save or an odd argument."""
    from aantafel.dossiers.story import edits_of, field_label

    since = request.args.get("merged", "")
    if not since.isdigit():
        return None
    others = store().changes_since(subject, row_id, int(since))
    by: dict[str, list[str]] = {}
    newest = max((change.version or 0 for change in others), default=0)
    for change in others:
        if change.version == newest:
            continue  # this person's own save, the last one
        for field in edits_of(change):
            by.setdefault(change.author, []).append(field_label(subject, field, g.lang))
    if not by:
        return None
    who = "; ".join(f"{author}: {', '.join(dict.fromkeys(fields))}" for author, fields in by.items())
    return gettext(
        "Saved. Meanwhile others changed other fields, and their changes are kept too (%(who)s)."
    ) % {"who": who}


def merged_to(target: str, expected_version: int, version_now: int) -> str:
    """Where to go after a save: ``target``, with ``?merged=`` when others had saved in between."""
    if version_now > expected_version + 1:
        separator = "&" if "?" in target else "?"
        path, hash_mark, anchor = target.partition("#")
        return f"{path}{separator}merged={expected_version}{hash_mark}{anchor}"
    return target
