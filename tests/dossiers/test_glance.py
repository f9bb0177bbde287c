"""The negotiation at a glance: the moves of every meeting read at once (SQLite and PostgreSQL), and what
the dossier's picture counts from them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from aantafel.dossiers.glance import SHOWN, glance
from aantafel.dossiers.model import Move, Record
from aantafel.dossiers.store import Store
from tests.accounts import acting, make_team

TODAY = datetime.now().astimezone().date()
RENT = Move(side="ours", kind="offered", what="900 euro huur", condition="als het dak gemaakt wordt")
CHAIRS = Move(side="theirs", kind="conceded", what="De stoelen mogen blijven")
KEYS = Move(side="theirs", kind="promised", what="Sleutels voor de avond", condition="als wij afsluiten")
PRESS = Move(side="other", kind="offered", what="De krant schrijft erover")


def _held(store: Store, dossier_id: str, days_ago: int, *moves: Move) -> str:
    """A meeting ``days_ago`` days ago (negative: still to come) with these moves written down."""
    starts = (datetime.now() - timedelta(days=days_ago)).replace(hour=12).astimezone()
    meeting = store.add_meeting(dossier_id, starts_at=starts, author="a")
    if moves:
        store.record_meeting(meeting.id, Record(moves=moves), expected_version=1, author="a")
    return meeting.id


def test_every_meetings_moves_come_in_one_read_in_the_order_written(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    first = _held(store, dossier.id, 20, RENT, CHAIRS, KEYS)
    quiet = _held(store, dossier.id, 10)
    second = _held(store, dossier.id, 3, KEYS, RENT)
    elsewhere = store.create_dossier({"title": "Speeltuin"}, author="a")
    _held(store, elsewhere.id, 5, PRESS)
    found = store.moves_by_meeting(dossier.id)
    assert found == {first: (RENT, CHAIRS, KEYS), second: (KEYS, RENT)}
    assert quiet not in found
    assert list(store.moves_by_meeting(elsewhere.id).values()) == [(PRESS,)]
    assert store.moves_by_meeting("ffffffff") == {}


def test_a_person_reads_no_moves_of_another_organisations_dossier(store: Store) -> None:
    team = make_team(store)
    theirs = acting(store, team.other).create_dossier({"title": "Speeltuin West"}, author="x")
    meeting = acting(store, team.other).add_meeting(
        theirs.id, starts_at=datetime.now().astimezone(), author="x"
    )
    acting(store, team.other).record_meeting(
        meeting.id, Record(moves=(RENT,)), expected_version=1, author="x"
    )
    assert acting(store, team.other).moves_by_meeting(theirs.id) == {meeting.id: (RENT,)}
    assert acting(store, team.admin).moves_by_meeting(theirs.id) == {}


def test_the_picture_counts_per_meeting_side_and_kind(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    _held(store, dossier.id, 20, RENT, CHAIRS, KEYS, RENT)
    _held(store, dossier.id, 10)
    _held(store, dossier.id, -7)  # planned: nothing could have moved there yet
    seen = glance(store.meetings(dossier.id), store.moves_by_meeting(dossier.id), [], TODAY)
    assert [column.number for column in seen.columns] == [1, 2]
    first, quiet = seen.columns
    assert first.count("ours") == 2
    assert first.count("ours", "offered") == 2
    assert first.made("theirs", "promised") == (KEYS,)
    assert first.count("theirs", "conceded") == 1
    assert quiet.count("ours") == quiet.count("theirs") == 0
    assert seen.total("ours", "offered") == 2
    assert seen.most == 2
    assert seen.sides == ("ours", "theirs")
    assert seen.moved
    assert seen.left_out == 0


def test_a_planned_meeting_with_moves_written_down_is_in_the_picture(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    _held(store, dossier.id, -7, PRESS)
    seen = glance(store.meetings(dossier.id), store.moves_by_meeting(dossier.id), [], TODAY)
    assert len(seen.columns) == 1
    assert seen.sides == ("ours", "theirs", "other")
    assert seen.columns[0].count("other", "offered") == 1


def test_only_the_latest_meetings_are_drawn_and_the_rest_are_counted(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    for days in range(SHOWN + 3, 0, -1):
        _held(store, dossier.id, days, RENT)
    seen = glance(store.meetings(dossier.id), store.moves_by_meeting(dossier.id), [], TODAY)
    assert len(seen.columns) == SHOWN
    assert seen.left_out == 3
    assert [column.number for column in seen.columns] == list(range(4, SHOWN + 4))


def test_an_empty_dossier_has_nothing_to_draw(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    _held(store, dossier.id, 3)
    seen = glance(store.meetings(dossier.id), store.moves_by_meeting(dossier.id), [], TODAY)
    assert not seen.moved
    assert not seen.agreed
    assert seen.most == 1
    assert seen.statuses == (("open", 0), ("overdue", 0), ("done", 0), ("broken", 0), ("withdrawn", 0))


def test_agreements_are_counted_per_state_a_late_one_as_overdue_only(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")

    def agreed(what: str, due: date | None = None) -> str:
        return store.add_agreement(dossier.id, what=what, side="theirs", due=due, author="a").id

    agreed("Cijfers sturen", TODAY - timedelta(days=1))
    agreed("Sleutels", TODAY)
    agreed("Verslag")
    kept, broken = agreed("Dak"), agreed("Verf")
    store.set_agreement_status(kept, "done", expected_version=1, author="a")
    store.set_agreement_status(broken, "broken", expected_version=1, author="a")
    late_but_done = agreed("Stoelen", TODAY - timedelta(days=9))
    store.set_agreement_status(late_but_done, "done", expected_version=1, author="a")
    dropped = agreed("Bankjes", TODAY - timedelta(days=3))  # late, but both sides dropped it
    store.set_agreement_status(dropped, "withdrawn", expected_version=1, author="a")
    mistake = agreed("Per ongeluk", TODAY - timedelta(days=3))  # in the bin: not counted at all
    store.remove_agreement(mistake, expected_version=1, author="a")
    seen = glance([], {}, store.agreements(dossier.id), TODAY)
    assert dict(seen.statuses) == {"open": 2, "overdue": 1, "done": 2, "broken": 1, "withdrawn": 1}
    assert [status for status, _count in seen.statuses] == ["open", "overdue", "done", "broken", "withdrawn"]
    assert seen.agreed
    assert not seen.moved


def test_moves_of_a_meeting_read_after_the_list_are_left_out(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    _held(store, dossier.id, 5, RENT)
    listed = store.meetings(dossier.id)
    late = _held(store, dossier.id, 1, CHAIRS)  # added between the two reads
    seen = glance(listed, store.moves_by_meeting(dossier.id), [], TODAY)
    assert late in store.moves_by_meeting(dossier.id)
    assert [column.meeting_id for column in seen.columns] == [listed[0].id]
