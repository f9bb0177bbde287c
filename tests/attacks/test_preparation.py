"""The attack on a meeting's preparation (issue 12, items 5 and 9): two first answers to one check at the
same moment."""

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

CHECK = "bindende-afspraken"


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
