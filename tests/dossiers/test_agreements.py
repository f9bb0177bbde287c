"""What happened in a meeting, and the agreements that came out of it, on SQLite and PostgreSQL."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta, timezone

import pytest

from aantafel.dossiers.model import ChangedMeanwhile, EditConflict, InvalidDossier, Move, Record
from aantafel.dossiers.store import Store

WHEN = datetime(2026, 12, 3, 14, 0, tzinfo=timezone(timedelta(hours=1)))
RECORD = Record(
    notes="Huur besproken",
    interventions=("niet-concreet",),
    moves=(
        Move(side="theirs", kind="offered", what="Huur 850 euro"),
        Move(side="ours", kind="promised", what="Meer activiteiten", condition="als de huur omlaag gaat"),
    ),
    emotions="De wethouder was geïrriteerd",
    went_well="Het doel was helder",
    do_differently="Eerder naar de cijfers vragen",
)


def _meeting(store: Store) -> tuple[str, str]:
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    return dossier.id, store.add_meeting(dossier.id, starts_at=WHEN, author="a").id


def test_a_meeting_record_reads_back_and_can_be_rewritten(store: Store) -> None:
    _dossier, meeting = _meeting(store)
    assert store.record(meeting) == Record()
    assert store.record_meeting(meeting, RECORD, expected_version=1, author="a") == RECORD
    shorter = Record(notes="Alleen dit", moves=(RECORD.moves[1],))
    assert store.record_meeting(meeting, shorter, expected_version=2, author="a") == shorter
    assert store.meeting(meeting).version == 3


def test_a_stale_record_is_refused(store: Store) -> None:
    _dossier, meeting = _meeting(store)
    store.record_meeting(meeting, RECORD, expected_version=1, author="a")
    with pytest.raises(ChangedMeanwhile, match="changed meanwhile"):
        store.record_meeting(meeting, Record(notes="andere tab"), expected_version=1, author="b")
    assert store.record(meeting) == RECORD


def test_a_bad_move_is_refused_and_nothing_is_stored(store: Store) -> None:
    _dossier, meeting = _meeting(store)
    bad = Record(notes="x", moves=(Move(side="theirs", kind="gestolen", what="iets"),))
    with pytest.raises(InvalidDossier, match="move 1: 'gestolen' is not one of: offered, conceded, promised"):
        store.record_meeting(meeting, bad, expected_version=1, author="a")
    assert store.record(meeting) == Record()


def test_agreements_with_due_dates_overdue_and_status_history(store: Store) -> None:
    dossier, meeting = _meeting(store)
    later = store.add_agreement(
        dossier,
        what="Gemeente stuurt de taxatie",
        side="theirs",
        person="Mevrouw De Vries",
        due=date(2026, 12, 10),
        if_broken="Uitleg vragen",
        meeting_id=meeting,
        author="a",
    )
    late = store.add_agreement(dossier, what="Oude toezegging", side="ours", due=date(2020, 1, 1), author="a")
    undated = store.add_agreement(dossier, what="Koffie", side="other", author="a")
    assert [a.id for a in store.agreements(dossier)] == [late.id, later.id, undated.id]
    assert [a.id for a in store.agreements(status="overdue")] == [late.id]
    done = store.set_agreement_status(later.id, "done", expected_version=1, author="b", note="ontvangen")
    assert (done.status, done.version) == ("done", 2)
    broken = store.set_agreement_status(late.id, "broken", expected_version=1, author="b")
    assert [a.id for a in store.agreements(status="broken")] == [broken.id]
    assert store.agreements(status="overdue") == []
    history = store.agreement_history(later.id)
    assert [(c.author, c.old, c.new) for c in history] == [
        ("a", None, "open"),
        ("b", "open", "done: ontvangen"),
    ]
    # A page that still showed it open: "open" again changes nothing of what b did; "broken" conflicts
    # with b's "done", and nothing is stored.
    assert store.set_agreement_status(later.id, "open", expected_version=1, author="c").status == "done"
    with pytest.raises(ChangedMeanwhile) as refused:
        store.set_agreement_status(later.id, "broken", expected_version=1, author="c")
    assert isinstance(refused.value, EditConflict)
    [conflict] = refused.value.conflicts
    assert (conflict.field, conflict.theirs, conflict.yours, conflict.by) == (
        "status",
        "done",
        "broken",
        ("b",),
    )
    assert store.agreement(later.id).status == "done"


def test_a_due_date_before_the_meeting_is_refused(store: Store) -> None:
    dossier, meeting = _meeting(store)
    with pytest.raises(
        InvalidDossier,
        match=r"^December 1, 2026 is before the meeting the agreement comes from \(December 3, 2026\)$",
    ):
        store.add_agreement(
            dossier, what="x", side="ours", due=date(2026, 12, 1), meeting_id=meeting, author="a"
        )
    assert store.agreements(dossier) == []


@pytest.mark.parametrize(
    ("what", "side", "message"),
    [
        ("  ", "ours", "fill in what was agreed"),
        ("x", "gemeente", "the side: 'gemeente' is not one of"),
    ],
)
def test_bad_agreements_are_refused(store: Store, what: str, side: str, message: str) -> None:
    dossier, _meeting_id = _meeting(store)
    with pytest.raises(InvalidDossier, match=message):
        store.add_agreement(dossier, what=what, side=side, author="a")
    assert store.agreements(dossier) == []


def test_agreements_of_a_dossier_in_the_bin_are_not_listed_across_dossiers(store: Store) -> None:
    dossier, _meeting_id = _meeting(store)
    store.add_agreement(dossier, what="x", side="ours", author="a")
    store.delete_dossier(dossier, expected_version=1, author="a")
    assert store.agreements() == []
    assert len(store.agreements(dossier)) == 1


def test_an_agreement_is_corrected_and_keeps_its_status_and_meeting(store: Store) -> None:
    dossier, meeting = _meeting(store)
    made = store.add_agreement(
        dossier, what="Taxatie sturne", side="theirs", due=date(2026, 12, 10), meeting_id=meeting, author="a"
    )
    done = store.set_agreement_status(made.id, "done", expected_version=1, author="a")
    fixed = store.update_agreement(
        made.id,
        what="Taxatie sturen",
        side="theirs",
        person="Mevrouw De Vries",
        due=date(2026, 12, 17),
        if_broken="Wethouder bellen",
        expected_version=done.version,
        author="b",
    )
    assert (fixed.what, fixed.person, fixed.due, fixed.if_broken) == (
        "Taxatie sturen",
        "Mevrouw De Vries",
        date(2026, 12, 17),
        "Wethouder bellen",
    )
    assert (fixed.status, fixed.meeting_id, fixed.version) == ("done", meeting, done.version + 1)
    last = store.agreement_history(made.id)[-1]
    assert (last.action, last.author, last.old, last.new) == (
        "agreement changed",
        "b",
        "Taxatie sturne (2026-12-10)",
        "Taxatie sturen (2026-12-17)",
    )
    refused = functools.partial(store.update_agreement, made.id, side="ours", person="", if_broken="")
    with pytest.raises(InvalidDossier, match="December 1, 2026 is before the meeting") as early:
        refused(what="x", due=date(2026, 12, 1), expected_version=fixed.version, author="a")
    assert (early.value.reason, early.value.field) == ("before meeting", "due")
    with pytest.raises(ChangedMeanwhile):
        refused(what="Oud", due=None, expected_version=1, author="c")
    with pytest.raises(InvalidDossier, match="fill in what was agreed"):
        refused(what=" ", due=None, expected_version=fixed.version, author="c")
    assert store.agreement(made.id) == fixed
