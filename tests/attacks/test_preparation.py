"""The attack on a meeting's preparation (issue 12, items 5 and 9): two tabs that answer the same question,
a note without a yes or no, a stale record, and two first answers to one check at the same moment."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from aantafel.dossiers.model import AnswerChanged
from aantafel.dossiers.store import Store
from aantafel.library import load_library
from aantafel.usecases.preparation import Given, Preparation
from aantafel_web.app import create_app
from tests.web import SAME, carried, planned_meeting, versions

CHECK = "bindende-afspraken"


def test_a_second_tab_does_not_overwrite_the_first_tabs_note() -> None:
    """Both tabs showed the answer 'no'; the first adds a note, the second changes it to not sure. The
    second is told what the answer is now, keeps what it typed, and the note is stored and in the history."""
    client = create_app({"TESTING": True}).test_client()
    meeting = planned_meeting(client)
    blank = versions(client, meeting)
    assert (
        client.post(f"{meeting}/prepare", data={**blank, f"answer-{CHECK}": "no"}, headers=SAME).status_code
        == 303
    )
    shown = versions(client, meeting)
    first = {**shown, f"answer-{CHECK}": "no", f"text-{CHECK}": "Jansen komt niet, de wethouder wel"}
    assert client.post(f"{meeting}/prepare", data=first, headers=SAME).status_code == 303
    second = {**shown, f"answer-{CHECK}": "unsure", f"text-{CHECK}": "Bellen met de griffie"}
    stale = client.post(f"{meeting}/prepare", data=second, headers=SAME)
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Iemand anders heeft dit antwoord intussen veranderd" in page
    assert "Nu staat er: nee — Jansen komt niet, de wethouder wel" in page  # what changed meanwhile
    assert "Bellen met de griffie</textarea>" in page  # what this tab typed is kept
    assert f'name="answer-{CHECK}" value="unsure" checked' in page
    now = client.get(meeting).get_data(as_text=True)
    assert "Jansen komt niet, de wethouder wel</textarea>" in now
    again = {**carried(page), f"answer-{CHECK}": "unsure", f"text-{CHECK}": "Bellen met de griffie"}
    assert client.post(f"{meeting}/prepare", data=again, headers=SAME).status_code == 303  # saved knowingly
    assert "Bellen met de griffie</textarea>" in client.get(meeting).get_data(as_text=True)


def test_a_note_without_a_yes_or_no_is_refused_with_the_note_kept_never_dropped() -> None:
    client = create_app({"TESTING": True}).test_client()
    meeting = planned_meeting(client)
    shown = versions(client, meeting)
    sent = client.post(f"{meeting}/prepare", data={**shown, f"text-{CHECK}": "Jansen twijfelt"}, headers=SAME)
    assert sent.status_code == 422
    page = sent.get_data(as_text=True)
    assert "Je antwoorden zijn bewaard" not in page
    assert "begin je antwoord met ja, nee of weet niet" in page
    assert "Jansen twijfelt</textarea>" in page


def test_a_stale_record_keeps_the_typed_notes_and_shows_what_changed() -> None:
    client = create_app({"TESTING": True}).test_client()
    meeting = planned_meeting(client)
    shown = versions(client, meeting)
    first = {"version": shown["version"], "notes": "De wethouder zegt toe", "went_well": "Rustig gesprek"}
    assert client.post(f"{meeting}/record", data=first, headers=SAME).status_code == 303
    second = {"version": shown["version"], "notes": "Huur gaat 5% omlaag", "move_what": "5% korting"}
    second |= {"move_side": "theirs", "move_kind": "offered", "move_condition": ""}
    stale = client.post(f"{meeting}/record", data=second, headers=SAME)
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Huur gaat 5% omlaag</textarea>" in page  # typed, kept
    assert 'value="5% korting"' in page
    assert '<p class="text">De wethouder zegt toe</p>' in page  # what the other tab wrote, to choose
    assert "Rustig gesprek</textarea>" in page  # the other tab's other field, kept in the form
    assert "De wethouder zegt toe</textarea>" in client.get(meeting).get_data(as_text=True)
    chosen = {**second, "version": str(int(shown["version"]) + 1), "keep-notes": "mine"}
    chosen["went_well"] = "Rustig gesprek"  # as the form now holds it
    assert client.post(f"{meeting}/record", data=chosen, headers=SAME).status_code == 303
    saved = client.get(meeting).get_data(as_text=True)
    assert "Huur gaat 5% omlaag</textarea>" in saved
    assert "Rustig gesprek</textarea>" in saved


@pytest.mark.parametrize("same", [True, False], ids=["double click", "two people"])
def test_first_answers_at_the_same_moment_settle_without_an_error(store: Store, same: bool) -> None:
    """On PostgreSQL two first answers to one check at the same moment gave a 503 (duplicate key). Now a
    double click stores one answer; two different answers store one and tell the other it changed."""
    library = load_library()
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    for round_ in range(20):
        meeting = store.add_meeting(dossier.id, starts_at=datetime(2026, 12, 15, 13, tzinfo=UTC), author="a")
        people = 2 + round_ % 3
        preparations = [Preparation(store, library, meeting.id, "nl") for _ in range(people)]
        question = preparations[0].question(CHECK)
        given = [Given("no", "dubbel" if same else f"notitie {n}") for n in range(people)]
        outcomes = _at_once(
            [
                functools.partial(p.save, question, g, author="a")
                for p, g in zip(preparations, given, strict=True)
            ]
        )
        refused = [outcome for outcome in outcomes if outcome is not None]
        assert all(isinstance(outcome, AnswerChanged) for outcome in refused), refused
        assert len(refused) == (0 if same else people - 1)
        stored = store.answers(meeting.id)[CHECK]
        assert (stored.verdict, stored.text, stored.version) in [(g.verdict, g.text, 1) for g in given]
        assert all(isinstance(outcome, AnswerChanged) and outcome.now == stored for outcome in refused)
    answered = [change for change in store.history(dossier.id) if change.action == "answered"]
    assert len(answered) == 20


def _at_once(saves: list[Callable[[], object]]) -> list[Exception | None]:
    """Run each save in its own thread, all let go at the same moment; what each raised, or None."""
    start = threading.Barrier(len(saves))
    raised: list[Exception | None] = [None] * len(saves)

    def run(n: int) -> None:
        start.wait()
        try:
            saves[n]()
        except Exception as exc:
            raised[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(saves))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return raised
