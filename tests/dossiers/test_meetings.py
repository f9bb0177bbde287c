"""Meetings and their preparation in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone

import pytest

from aantafel.dossiers.model import (
    AnswerChanged,
    ChangedMeanwhile,
    DossierError,
    InvalidDossier,
    Participant,
    UnknownDossier,
)
from aantafel.dossiers.store import Store

WHEN = datetime(2026, 12, 3, 14, 0, tzinfo=timezone(timedelta(hours=1)))
JANSEN = Participant(name="Wethouder Jansen", side="theirs", role="wethouder", binding="yes")
FATIMA = Participant(name="Fatima", side="ours", role="voorzitter", binding="unknown")


def test_a_meeting_keeps_its_people_in_order(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    planned = store.add_meeting(
        dossier.id, starts_at=WHEN, place="Stadhuis", purpose="Huur", people=[JANSEN, FATIMA], author="a"
    )
    found = store.meeting(planned.id[:5])
    assert found == planned
    assert found.starts_at == WHEN
    assert found.starts_at.tzinfo is not None
    assert found.participants == (JANSEN, FATIMA)
    assert [c.action for c in store.history(dossier.id)] == ["created", "meeting added"]


def test_meetings_are_listed_earliest_first(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    later = store.add_meeting(dossier.id, starts_at=WHEN + timedelta(days=7), author="a")
    sooner = store.add_meeting(dossier.id, starts_at=WHEN, author="a")
    assert [m.id for m in store.meetings(dossier.id)] == [sooner.id, later.id]


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (Participant(name=" "), "fill in person 1 at the table"),
        (Participant(name="X", side="gemeente"), "person 1 at the table: 'gemeente' is not one of: theirs"),
        (Participant(name="X", binding="misschien"), "person 1 at the table: 'misschien' is not one of"),
    ],
)
def test_bad_people_are_refused_and_nothing_is_stored(
    store: Store, person: Participant, message: str
) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    with pytest.raises(InvalidDossier, match=message):
        store.add_meeting(dossier.id, starts_at=WHEN, people=[person], author="a")
    assert store.meetings(dossier.id) == []


def test_a_meeting_needs_a_dossier_in_use_and_a_time_zone(store: Store) -> None:
    with pytest.raises(UnknownDossier):
        store.add_meeting("abcdef12", starts_at=WHEN, author="a")
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    with pytest.raises(InvalidDossier, match="the date and time: this needs a time zone"):
        store.add_meeting(dossier.id, starts_at=WHEN.replace(tzinfo=None), author="a")
    store.delete_dossier(dossier.id, expected_version=1, author="a")
    with pytest.raises(DossierError, match="in the bin"):
        store.add_meeting(dossier.id, starts_at=WHEN, author="a")


def test_answers_are_saved_one_by_one_and_can_change(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    planned = store.add_meeting(dossier.id, starts_at=WHEN, author="a")
    store.answer(
        planned.id,
        "bindende-afspraken",
        "no",
        "  De wethouder komt niet ",
        expected_version=0,
        author="Fatima",
    )
    store.answer(planned.id, "grenzen", "unsure", expected_version=0, author="Fatima")
    store.answer(planned.id, "bindende-afspraken", "yes", expected_version=1, author="Kees")
    given = store.answers(planned.id)
    assert {k: (v.verdict, v.text, v.author) for k, v in given.items()} == {
        "bindende-afspraken": ("yes", "", "Kees"),
        "grenzen": ("unsure", "", "Fatima"),
    }
    answered = [(c.field, c.old, c.new) for c in store.history(dossier.id) if c.action == "answered"]
    assert answered == [
        ("bindende-afspraken", None, "no: De wethouder komt niet"),
        ("grenzen", None, "unsure"),
        ("bindende-afspraken", "no: De wethouder komt niet", "yes"),
    ]


def test_the_same_answer_again_writes_nothing(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    planned = store.add_meeting(dossier.id, starts_at=WHEN, author="a")
    first = store.answer(planned.id, "grenzen", "no", "Niet boven 900", expected_version=0, author="Fatima")
    mark = store.last_change(dossier.id)
    for author in ("Kees", "Jansen"):  # a form sent again, the note as typed again
        again = store.answer(
            planned.id, "grenzen", "no", "  Niet boven 900 ", expected_version=0, author=author
        )
        assert again == first  # the stored answer: its own time and author
        assert store.last_change(dossier.id) == mark
    assert [c.action for c in store.history(dossier.id)].count("answered") == 1
    assert store.answers(planned.id) == {"grenzen": first}
    changed = store.answer(planned.id, "grenzen", "no", "Niet boven 950", expected_version=1, author="Kees")
    assert (changed.text, changed.author) == ("Niet boven 950", "Kees")
    assert store.last_change(dossier.id) != mark


def test_a_stale_answer_is_refused_with_the_answer_as_it_is_now_and_every_note_stays_in_the_history(
    store: Store,
) -> None:
    """Two tabs showed the same answer; the first adds a note, the second (still at version 1) changes the
    verdict. The second is refused with what the answer is now; sent again unchanged, nothing is refused."""
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    planned = store.add_meeting(dossier.id, starts_at=WHEN, author="a")
    shown = store.answer(planned.id, "grenzen", "no", expected_version=0, author="Fatima")
    noted = store.answer(planned.id, "grenzen", "no", "Niet boven 900", expected_version=1, author="Kees")
    assert (shown.version, noted.version) == (1, 2)
    with pytest.raises(AnswerChanged, match="the answer to grenzen was changed meanwhile") as refused:
        store.answer(planned.id, "grenzen", "unsure", expected_version=shown.version, author="Fatima")
    assert refused.value.now == noted
    assert store.answers(planned.id) == {"grenzen": noted}
    assert (
        store.answer(planned.id, "grenzen", "no", "Niet boven 900", expected_version=1, author="x") == noted
    )
    with pytest.raises(AnswerChanged):  # an answer no one had seen yet was given meanwhile
        store.answer(planned.id, "grenzen", "yes", expected_version=0, author="Fatima")
    redone = store.answer(planned.id, "grenzen", "unsure", expected_version=noted.version, author="Fatima")
    assert redone.version == 3
    answered = [(c.old, c.new) for c in store.history(dossier.id) if c.action == "answered"]
    assert answered == [(None, "no"), ("no", "no: Niet boven 900"), ("no: Niet boven 900", "unsure")]


@pytest.mark.parametrize(
    ("check", "answer", "message"),
    [
        ("grenzen", "misschien", "the answer: 'misschien' is not one of"),
        ("Grenzen!", "yes", "is not the id of a check"),
    ],
)
def test_a_bad_answer_is_refused(store: Store, check: str, answer: str, message: str) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    planned = store.add_meeting(dossier.id, starts_at=WHEN, author="a")
    with pytest.raises(InvalidDossier, match=message):
        store.answer(planned.id, check, answer, expected_version=0, author="a")
    assert store.answers(planned.id) == {}


def test_a_moved_meeting_keeps_its_preparation_and_says_so_in_the_history(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    planned = store.add_meeting(dossier.id, starts_at=WHEN, place="Stadhuis", people=[JANSEN], author="a")
    store.answer(
        planned.id, "bindende-afspraken", "no", "Wethouder komt niet", expected_version=0, author="a"
    )
    moved = store.update_meeting(
        planned.id,
        starts_at=WHEN + timedelta(days=7),
        place="Buurthuis",
        purpose="Huur bespreken",
        people=[FATIMA, JANSEN],
        expected_version=planned.version,
        author="b",
    )
    assert (moved.starts_at, moved.place, moved.purpose) == (
        WHEN + timedelta(days=7),
        "Buurthuis",
        "Huur bespreken",
    )
    assert moved.participants == (FATIMA, JANSEN)
    assert moved.version == planned.version + 1
    assert store.answers(planned.id)["bindende-afspraken"].text == "Wethouder komt niet"
    last = store.history(dossier.id)[-1]
    assert (last.action, last.author, last.field) == ("meeting changed", "b", planned.id)
    assert (last.old, last.new) == (
        WHEN.astimezone(UTC).isoformat(),
        moved.starts_at.astimezone(UTC).isoformat(),
    )
    with pytest.raises(ChangedMeanwhile):  # a second tab that read the first version
        store.update_meeting(
            planned.id, starts_at=WHEN, place="", purpose="", people=[], expected_version=1, author="c"
        )
    assert store.meeting(planned.id) == moved


def test_a_meeting_cannot_move_past_an_agreement_made_there(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    planned = store.add_meeting(dossier.id, starts_at=WHEN, author="a")
    store.add_agreement(
        dossier.id,
        what="Cijfers sturen",
        side="theirs",
        due=WHEN.date() + timedelta(days=3),
        meeting_id=planned.id,
        author="a",
    )
    move = functools.partial(
        store.update_meeting,
        planned.id,
        place="",
        purpose="",
        people=[],
        expected_version=planned.version,
        author="a",
    )
    with pytest.raises(
        InvalidDossier,
        match="'Cijfers sturen' made at this meeting is due on December 6, 2026, before December 10, 2026",
    ) as refused:
        move(starts_at=WHEN + timedelta(days=7))
    assert (refused.value.reason, refused.value.field) == ("after due", "starts_at")
    assert store.meeting(planned.id) == planned
    earlier = move(starts_at=WHEN - timedelta(days=1))
    assert earlier.starts_at == WHEN - timedelta(days=1)


def test_each_dossiers_next_meeting_is_found_in_one_go(store: Store) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    first = store.create_dossier({"title": "Huur"}, author="a")
    second = store.create_dossier({"title": "Subsidie"}, author="a")
    quiet = store.create_dossier({"title": "Stil"}, author="a")
    for dossier, days in ((first, -3), (first, 14), (first, 2), (second, 30), (quiet, -1)):
        store.add_meeting(dossier.id, starts_at=now + timedelta(days=days), author="a")
    coming = store.next_meetings()
    assert coming == {first.id: now + timedelta(days=2), second.id: now + timedelta(days=30)}
    assert all(start.tzinfo is not None for start in coming.values())
