"""The preparation sheet: one page to take to the next meeting.

It gathers what a volunteer needs at the table: the goal and limits, the questions with this meeting's
answers (and the advice where the answer was no or not sure), the open agreements, the emotions written
down after the previous meeting, and the principles to keep in mind. The result is plain JSON-ready data,
so any exporter (plain text, Markdown, HTML, a PDF plugin) can lay it out. What is asked and when advice
shows is the preparation's (``aantafel.usecases.preparation``), so the sheet says what the front-ends say.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aantafel.usecases.preparation import needs_advice, questions

if TYPE_CHECKING:
    from aantafel.dossiers.model import Meeting
    from aantafel.dossiers.store import Store
    from aantafel.library import Library


def meeting_data(meeting: Meeting) -> dict[str, Any]:
    """A meeting as a document holds it: when, where, what for and who is at the table."""
    return {
        "id": meeting.id,
        "starts_at": meeting.starts_at.isoformat(),
        "place": meeting.place,
        "purpose": meeting.purpose,
        "participants": [
            {"name": p.name, "side": p.side, "role": p.role, "binding": p.binding}
            for p in meeting.participants
        ],
    }


def preparation_sheet(
    store: Store, library: Library, dossier_id: str, language: str, *, now: datetime | None = None
) -> dict[str, Any]:
    """The sheet's data for the next meeting of a dossier (or its last one, when none is planned)."""
    dossier = store.dossier(dossier_id)
    planned = [meeting for meeting in store.meetings(dossier.id) if meeting.cancelled_at is None]
    moment = now or datetime.now(UTC)
    upcoming = next((m for m in planned if m.starts_at >= moment), planned[-1] if planned else None)
    before = [m for m in planned if upcoming is None or m.starts_at < upcoming.starts_at]
    given = store.answers(upcoming.id) if upcoming else {}
    asked = questions(library, language)
    checks = [
        {
            "id": question.id,
            "question": question.text,
            "takes": question.takes,
            "verdict": given[question.id].verdict if question.id in given else None,
            "text": given[question.id].text if question.id in given else "",
            "answered": question.id in given,
            "advice": question.advice if needs_advice(question, given.get(question.id)) else "",
        }
        for question in asked
        if question.is_check
    ]
    worksheet = [
        {"module": question.module, "question": question.text, "text": given[question.id].text}
        for question in asked
        if not question.is_check and question.id in given
    ]
    today = moment.astimezone().date()
    return {
        "dossier": {
            field: getattr(dossier, field)
            for field in (
                "id",
                "title",
                "counterpart",
                "goal",
                "our_interests",
                "their_interests",
                "limits",
                "alternative",
            )
        },
        "meeting": None if upcoming is None else meeting_data(upcoming),
        "checks": checks,
        "worksheet": worksheet,
        "agreements": [
            {
                "what": a.what,
                "side": a.side,
                "person": a.person,
                "due": a.due.isoformat() if a.due else None,
                "overdue": a.overdue(today),
            }
            for a in store.agreements(dossier.id, "open")
        ],
        "emotions": store.record(before[-1].id).emotions if before else "",
        "principles": [
            {"title": p.title, "summary": p.summary} for p in library.items(language, "principle")
        ],
    }
