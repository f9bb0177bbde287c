"""The user's data as documents for the exporters: a dossier's preparation sheet, the whole dossier, or one
meeting. The command line's ``export`` and ``meeting show``, the web page's downloads and the coach's
``/sheet`` and ``/meeting`` all ask here, so each says the same in every format.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from aantafel.exporters import Document

if TYPE_CHECKING:
    from aantafel.dossiers.store import Store
    from aantafel.library import Library

What = Literal["sheet", "dossier"]


def document(store: Store, library: Library, dossier_id: str, what: What, language: str) -> Document:
    """The preparation sheet for a dossier's next meeting (``sheet``) or the whole dossier (``dossier``)."""
    from aantafel.dossiers.exchange import export_dossier
    from aantafel.dossiers.sheet import preparation_sheet

    dossier = store.dossier(dossier_id)
    if what == "sheet":
        data = preparation_sheet(store, library, dossier.id, language)
    else:
        data = export_dossier(store, dossier.id)
    return Document(kind=what, title=dossier.title, language=language, data=data)


def file_name(what: What, dossier_id: str, suffix: str, language: str) -> str:
    """The name a document is saved or downloaded under: "voorbereiding-7f3a9c2e.pdf", "dossier-….json"."""
    from aantafel.labels import label

    name = label(language, "sheet title").lower() if what == "sheet" else "dossier"
    return f"{name}-{dossier_id}{suffix}"


def meeting_document(store: Store, library: Library, meeting_id: str, language: str) -> Document:
    """One meeting: when, where and who, its preparation so far (answers to questions no longer asked
    included), and what was written down afterwards."""
    from aantafel.dossiers.sheet import meeting_data
    from aantafel.usecases.preparation import Preparation

    prep = Preparation(store, library, meeting_id, language)
    meeting, record = prep.meeting, store.record(meeting_id)
    dossier = store.dossier(meeting.dossier_id)
    asked = [
        _answer(question.id, question.text, prep.answers.get(question.id), installed=True)
        for question in prep.questions
        if question.is_check or question.id in prep.answers
    ]
    removed = [_answer(key, key, answer, installed=False) for key, answer in prep.removed().items()]
    used = [getattr(library.find(i, language), "title", i) for i in record.interventions]
    data = {
        "dossier": {"id": dossier.id, "title": dossier.title},
        "meeting": meeting_data(meeting),
        "preparation": [*asked, *removed],
        "record": {
            **{part: getattr(record, part) for part in ("notes", "emotions", "went_well", "do_differently")},
            "interventions": used,
            "moves": [
                {"side": m.side, "kind": m.kind, "what": m.what, "condition": m.condition}
                for m in record.moves
            ],
        },
    }
    return Document(kind="meeting", title=dossier.title, language=language, data=data)


def _answer(key: str, question: str, answer: Any, *, installed: bool) -> dict[str, Any]:
    return {
        "id": key,
        "question": question,
        "answered": answer is not None,
        "verdict": answer.verdict if answer else None,
        "text": answer.text if answer else "",
        "installed": installed,
    }
