"""The trainer's overview in the core: many organisations' dossiers in a few queries, only readable ones."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event

from aantafel.dossiers.model import Record
from aantafel.dossiers.store import Store
from tests.accounts import PASSWORD, Team, acting

CHECKS = ("check-doel", "check-grens", "check-mandaat")


def _busy_dossier(store: Store, title: str = "Huur buurthuis") -> tuple[str, str, str]:
    """A dossier with a coming meeting (two checks answered, and an answer to a check no pack asks any
    more), an earlier recorded meeting, an even later one with nothing written, and one overdue agreement.
    Its id, the coming meeting's and the recorded one's."""
    now = datetime.now(UTC)
    dossier = store.create_dossier({"title": title, "counterpart": "Gemeente"}, author="x").id
    coming = store.add_meeting(dossier, starts_at=now + timedelta(days=3), author="x").id
    store.add_meeting(dossier, starts_at=now + timedelta(days=9), author="x")
    for check in (*CHECKS[:2], "check-van-weggehaald-pakket"):
        store.answer(coming, check, "yes", "", expected_version=0, author="x")
    recorded = store.add_meeting(dossier, starts_at=now - timedelta(days=20), author="x")
    store.record_meeting(recorded.id, Record(notes="Ze wilden praten"), expected_version=1, author="x")
    store.add_meeting(dossier, starts_at=now - timedelta(days=5), author="x")  # nothing written down
    yesterday = date.today() - timedelta(days=1)
    store.add_agreement(dossier, what="Offerte sturen", side="theirs", due=yesterday, author="x")
    done = store.add_agreement(dossier, what="Zaal huren", side="ours", due=yesterday, author="x")
    store.set_agreement_status(done.id, "done", expected_version=1, author="x")
    store.add_agreement(dossier, what="Later", side="ours", due=date.today() + timedelta(days=9), author="x")
    return dossier, coming, recorded.id


def test_a_trainer_sees_each_dossiers_figures(store: Store, team: Team) -> None:
    henk = acting(store, team.member)
    dossier, coming, recorded = _busy_dossier(henk)
    quiet = henk.create_dossier({"title": "Aanbesteding"}, author="x").id
    binned = henk.create_dossier({"title": "Weg"}, author="x")
    henk.delete_dossier(binned.id, expected_version=1, author="x")
    figures = acting(store, team.trainer).overview([team.oost], CHECKS)
    assert list(figures) == [team.oost]
    first, second = figures[team.oost]
    assert (first.id, first.title, second.id, second.title) == (
        quiet,
        "Aanbesteding",
        dossier,
        "Huur buurthuis",
    )
    assert (first.next_meeting, first.answered, first.overdue, first.last_review) == (None, 0, 0, None)
    assert second.counterpart == "Gemeente"
    assert second.next_meeting_id == coming
    assert second.next_meeting == store.meeting(coming).starts_at
    assert second.answered == 2  # the answer to the removed pack's check does not count
    assert second.overdue == 1
    assert second.last_review_id == recorded
    assert second.last_review == store.meeting(recorded).starts_at


def test_nobody_sees_the_figures_of_an_organisation_they_do_not_belong_to(store: Store, team: Team) -> None:
    _busy_dossier(acting(store, team.other), "Speeltuin West")
    _busy_dossier(acting(store, team.member))
    assert list(acting(store, team.trainer).overview([team.oost, team.west], CHECKS)) == [team.oost]
    assert acting(store, team.member).overview([team.west], CHECKS) == {}
    assert [d.title for d in acting(store, team.other).overview([team.west], CHECKS)[team.west]] == [
        "Speeltuin West"
    ]


@contextmanager
def _counted(store: Store) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(store._engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(store._engine, "before_cursor_execute", count)


def test_the_overview_costs_the_same_few_queries_for_3_or_30_organisations(store: Store, team: Team) -> None:
    """Built for a trainer of 50 organisations: no query per organisation or per dossier."""
    organisations = [team.oost]
    for number in range(29):
        organisation = store.create_organisation(f"Buurtbedrijf {number}").id
        store.accept(
            store.invite(organisation, "trainer"), login="", name="", password="", person_id=team.trainer.id
        )
        organisations.append(organisation)
    member = store.create_person(login="lid", name="Lid", password=PASSWORD)
    for organisation in organisations:
        store.accept(
            store.invite(organisation, "member"), login="", name="", password="", person_id=member.id
        )
    writer = acting(store, member)
    for organisation in organisations:
        for title in ("Huur", "Subsidie"):
            dossier = writer.create_dossier({"title": title}, author="x", organisation_id=organisation).id
            writer.add_meeting(dossier, starts_at=datetime.now(UTC) + timedelta(days=2), author="x")
    ria = acting(store, team.trainer)
    with _counted(store) as few:
        small = ria.overview(organisations[:3], CHECKS)
    with _counted(store) as many:
        large = ria.overview(organisations, CHECKS)
    assert (len(small), len(large)) == (3, 30)
    assert all(figures.next_meeting for listed in large.values() for figures in listed)
    assert len(few) == len(many)
    assert len([s for s in many if s.lstrip().upper().startswith("SELECT")]) == 4


def test_a_dossier_says_which_organisation_owns_it(store: Store, team: Team) -> None:
    """What a page asks to know whether the person may change it (a trainer reads only)."""
    ours = acting(store, team.member).create_dossier({"title": "Huur"}, author="x")
    assert ours.organisation_id == team.oost
    assert acting(store, team.trainer).dossier(ours.id).organisation_id == team.oost
    assert store.create_dossier({"title": "Eigen"}, author="web").organisation_id is None
