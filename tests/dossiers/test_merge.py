"""Two people saving the same dossier, meeting or agreement: nothing either typed is lost, and a change can
be undone as a new change. On SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aantafel.dossiers.fields import TEXT_FIELDS
from aantafel.dossiers.model import DossierError, EditConflict, Move, Participant, Record
from aantafel.dossiers.store import Store
from aantafel.dossiers.story import conflict_lines, undoable, what_changed

FIELDS = ("title", *TEXT_FIELDS)
WORDS = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_two_edits_of_different_fields_both_survive(store: Store, data: st.DataObject) -> None:
    """Both tabs opened version 1; each changes its own fields; the second save is merged, not refused,
    and nothing the first saved is put back."""
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    mine = data.draw(st.sets(st.sampled_from(FIELDS), min_size=1, max_size=4))
    theirs = data.draw(st.sets(st.sampled_from([f for f in FIELDS if f not in mine]), min_size=1, max_size=4))
    first = {field: data.draw(WORDS) for field in theirs}
    second = {field: data.draw(WORDS) for field in mine}
    store.update_dossier(dossier.id, first, expected_version=1, author="Anna")
    saved = store.update_dossier(
        dossier.id, {**_as_shown(dossier), **second}, expected_version=1, author="Bram"
    )
    for field, value in {**first, **second}.items():
        assert getattr(saved, field) == value, field


def _as_shown(dossier: object) -> dict[str, str]:
    """The whole form as the page showed it: every field, also the ones not changed."""
    return {field: getattr(dossier, field) for field in FIELDS}


def test_the_same_field_changed_twice_is_a_conflict_with_both_values(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur", "goal": "Huur omlaag"}, author="a")
    store.update_dossier(dossier.id, {"goal": "Huur gelijk"}, expected_version=1, author="Anna")
    with pytest.raises(EditConflict) as refused:
        store.update_dossier(
            dossier.id, {"goal": "Huur naar 800", "limits": "900"}, expected_version=1, author="Bram"
        )
    [conflict] = refused.value.conflicts
    assert (conflict.field, conflict.base, conflict.theirs, conflict.yours, conflict.by) == (
        "goal",
        "Huur omlaag",
        "Huur gelijk",
        "Huur naar 800",
        ("Anna",),
    )
    assert refused.value.version == 2
    assert refused.value.merged["goal"] == "Huur gelijk"
    assert refused.value.merged["limits"] == "900"  # Bram's other change is kept for the form
    assert store.dossier(dossier.id).limits == ""  # but nothing is stored until Bram chooses
    assert conflict_lines(refused.value.conflicts, "dossier", "nl") == [
        "Doel: nu Huur gelijk (opgeslagen door Anna); jij Huur naar 800"
    ]
    # Choosing: the form comes back at version 2 with Bram's text. Keeping Anna's goal saves the rest;
    # keeping his own is then a plain edit.
    form = {"goal": "Huur naar 800", "limits": "900"}
    chosen = store.update_dossier(dossier.id, form, expected_version=2, author="Bram", keep={"goal"})
    assert (chosen.goal, chosen.limits) == ("Huur gelijk", "900")
    mine = store.update_dossier(dossier.id, form, expected_version=3, author="Bram")
    assert mine.goal == "Huur naar 800"


def test_a_meeting_and_its_record_merge_field_by_field(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    starts = datetime(2027, 1, 12, 14, tzinfo=UTC)
    meeting = store.add_meeting(
        dossier.id, starts_at=starts, place="Stadhuis", people=[Participant(name="Jansen")], author="a"
    )
    # Anna writes the record; Bram, from the same first version, moves the meeting and adds a person.
    store.record_meeting(
        meeting.id,
        Record(notes="Jansen was positief", moves=(Move(side="ours", kind="offered", what="Tuin"),)),
        expected_version=1,
        author="Anna",
    )
    moved = store.update_meeting(
        meeting.id,
        starts_at=starts + timedelta(days=1),
        place="Stadhuis",
        purpose="",
        people=[Participant(name="Jansen"), Participant(name="Fatima", side="ours")],
        expected_version=1,
        author="Bram",
    )
    assert moved.starts_at == starts + timedelta(days=1)
    assert [p.name for p in moved.participants] == ["Jansen", "Fatima"]
    record = store.record(meeting.id)
    assert record.notes == "Jansen was positief"
    assert [m.what for m in record.moves] == ["Tuin"]
    # Both edit the notes from the version before Anna's record: a conflict, nothing stored.
    with pytest.raises(EditConflict) as refused:
        store.record_meeting(meeting.id, Record(notes="Anders"), expected_version=1, author="Bram")
    assert [c.field for c in refused.value.conflicts] == ["notes"]
    assert store.record(meeting.id).notes == "Jansen was positief"


def test_an_agreement_correction_and_a_status_change_merge(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    agreement = store.add_agreement(dossier.id, what="Offerte sturen", side="theirs", author="a")
    store.set_agreement_status(agreement.id, "done", expected_version=1, author="Anna")
    corrected = store.update_agreement(
        agreement.id,
        what="Offerte sturen",
        side="theirs",
        person="Jansen",
        due=date(2027, 2, 1),
        if_broken="",
        expected_version=1,
        author="Bram",
    )
    assert (corrected.status, corrected.person, corrected.due) == ("done", "Jansen", date(2027, 2, 1))


def test_undo_writes_the_old_values_back_as_a_change_that_can_be_undone(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur", "goal": "Huur omlaag"}, author="a")
    store.update_dossier(dossier.id, {"goal": "Per ongeluk"}, expected_version=1, author="Anna")
    mistake = store.history(dossier.id)[-1]
    assert undoable(mistake)
    assert not undoable(store.history(dossier.id)[0])  # "started the dossier" has nothing to write back
    undone = store.undo(dossier.id, mistake.id or 0, author="Bram")
    assert store.dossier(dossier.id).goal == "Huur omlaag"
    assert what_changed(undone, "nl") == "maakte een verandering van Doel ongedaan: Per ongeluk → Huur omlaag"
    assert what_changed(undone, "en") == "undid a change of Goal: Per ongeluk → Huur omlaag"
    store.undo(dossier.id, undone.id or 0, author="Bram")
    assert store.dossier(dossier.id).goal == "Per ongeluk"
    assert [c.action for c in store.history(dossier.id)] == ["created", "edited", "undone", "undone"]


def test_undo_of_meeting_and_agreement_changes(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    starts = datetime(2027, 1, 12, 14, tzinfo=UTC)
    meeting = store.add_meeting(dossier.id, starts_at=starts, place="Stadhuis", author="a")
    store.update_meeting(
        meeting.id,
        starts_at=starts,
        place="Buurthuis",
        purpose="",
        people=[Participant(name="Per ongeluk")],
        expected_version=1,
        author="a",
    )
    store.undo(dossier.id, store.history(dossier.id)[-1].id or 0, author="a")
    back = store.meeting(meeting.id)
    assert (back.place, back.participants) == ("Stadhuis", ())
    agreement = store.add_agreement(dossier.id, what="Offerte", side="theirs", author="a")
    store.set_agreement_status(agreement.id, "broken", expected_version=1, author="a")
    store.undo(dossier.id, store.history(dossier.id)[-1].id or 0, author="a")
    assert store.agreement(agreement.id).status == "open"


def test_undo_is_refused_when_the_field_changed_again_or_the_change_is_unknown(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    store.update_dossier(dossier.id, {"goal": "Een"}, expected_version=1, author="a")
    first = store.history(dossier.id)[-1]
    store.update_dossier(dossier.id, {"goal": "Twee"}, expected_version=2, author="a")
    with pytest.raises(DossierError, match="goal changed again since"):
        store.undo(dossier.id, first.id or 0, author="a")
    with pytest.raises(DossierError, match="no change 999999"):
        store.undo(dossier.id, 999999, author="a")
    other = store.create_dossier({"title": "Ander dossier"}, author="a")
    with pytest.raises(DossierError, match="no change"):  # a change of another dossier is not this one's
        store.undo(other.id, first.id or 0, author="a")
    assert store.dossier(dossier.id).goal == "Twee"
