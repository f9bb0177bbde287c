"""Accounts mode in the core: who sees and changes what, links, sign-in, leaving; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy

from aantafel.dossiers.model import DossierError, UnknownDossier
from aantafel.dossiers.people import EX_MEMBER, AccountError, NotAllowed
from aantafel.dossiers.store import Store, open_store
from aantafel.dossiers.store.people import FAILURES_PER_LOGIN
from aantafel.passwords import _hasher
from aantafel.refusals import explain
from tests.accounts import PASSWORD, Team, acting


def _planned(store: Store, title: str = "Huur buurthuis") -> tuple[str, str]:
    dossier = store.create_dossier({"title": title}, author="web")
    meeting = store.add_meeting(dossier.id, starts_at=datetime(2027, 1, 12, 14, tzinfo=UTC), author="x")
    return dossier.id, meeting.id


def test_members_see_only_their_organisations_dossiers(store: Store, team: Team) -> None:
    oost = acting(store, team.member)
    west = acting(store, team.other)
    ours, meeting = _planned(oost)
    theirs, _ = _planned(west, "Speeltuin")
    assert [d.id for d in oost.dossiers()] == [ours]
    assert [d.id for d in west.dossiers()] == [theirs]
    assert oost.count_dossiers() == 1
    for attempt in (
        lambda: west.dossier(ours),
        lambda: west.dossier(ours[:3]),
        lambda: west.meeting(meeting),
        lambda: west.history(ours),
        lambda: west.answers(meeting),
        lambda: west.export_rows(ours),
        lambda: west.update_dossier(ours, {"goal": "weg"}, expected_version=1, author="x"),
        lambda: west.delete_dossier(ours, expected_version=1, author="x"),
        lambda: west.add_agreement(ours, what="Iets", side="ours", author="x"),
    ):
        with pytest.raises(UnknownDossier) as refused:
            attempt()
        assert refused.value.reason == "unknown"  # the same as an id that does not exist
    assert west.meetings(ours) == []
    assert store.dossier(ours).goal == ""


def test_the_history_names_each_person(store: Store, team: Team) -> None:
    fatima, henk = acting(store, team.admin), acting(store, team.member)
    created = fatima.create_dossier({"title": "Huur"}, author="web")
    henk.update_dossier(created.id, {"goal": "Lagere huur"}, expected_version=1, author="web")
    assert [(c.author, c.action) for c in store.history(created.id)] == [
        ("Fatima", "created"),
        ("Henk", "edited"),
    ]


def test_a_trainer_reads_and_gives_feedback_but_changes_nothing(store: Store, team: Team) -> None:
    dossier, meeting = _planned(acting(store, team.member))
    ria = acting(store, team.trainer)
    assert ria.dossier(dossier).title == "Huur buurthuis"
    with pytest.raises(NotAllowed) as refused:
        ria.update_dossier(dossier, {"goal": "x"}, expected_version=1, author="x")
    assert "not change it" in explain(refused.value, "en")
    with pytest.raises(NotAllowed):
        ria.create_dossier({"title": "Eigen dossier"}, author="web", organisation_id=team.oost)
    ria.add_feedback(meeting, "preparation", "Jullie grens staat er nog niet. Schrijf die eerst op.")
    with pytest.raises(NotAllowed) as member_refused:
        acting(store, team.member).add_feedback(meeting, "review", "Ik ben geen trainer")
    assert "trainer" in explain(member_refused.value, "en")
    said = acting(store, team.member).feedback(meeting)
    assert [(f.author, f.part) for f in said] == [("Ria (trainer)", "preparation")]
    with pytest.raises(UnknownDossier):
        acting(store, team.other).feedback(meeting)


def test_only_admins_invite_and_only_the_site_admin_makes_organisations(store: Store, team: Team) -> None:
    with pytest.raises(NotAllowed):
        acting(store, team.member).invite(team.oost, "member")
    with pytest.raises(NotAllowed):
        acting(store, team.other).invite(team.oost, "member")
    with pytest.raises(NotAllowed):
        acting(store, team.admin).create_organisation("Nog een")
    assert acting(store, team.site_admin).create_organisation("Nog een").name == "Nog een"
    link = acting(store, team.admin).invite(team.oost, "member")
    assert len(link) >= 40


def test_an_invitation_works_once_and_not_after_it_expires(store: Store, team: Team) -> None:
    link = store.invite(team.oost, "member")
    assert store.invitation(link).organisation_name == "Buurtbedrijf Oost"
    store.accept(link, login="joost", name="Joost", password=PASSWORD)
    with pytest.raises(AccountError) as used:
        store.accept(link, login="joost2", name="Joost", password=PASSWORD)
    assert used.value.reason == "link used"
    old = store.invite(team.oost, "member", life=timedelta(seconds=-1))
    with pytest.raises(AccountError) as expired:
        store.invitation(old)
    assert expired.value.reason == "link expired"
    with pytest.raises(AccountError) as unknown:
        store.invitation("made-up")
    assert unknown.value.reason == "link unknown"
    with store.transaction() as connection:  # only a digest is stored: the database lets nobody in
        stored = connection.execute(sqlalchemy.text("SELECT token FROM invitations")).scalars().all()
    assert link not in stored


def test_a_person_can_belong_to_several_organisations(store: Store, team: Team) -> None:
    link = store.invite(team.west, "member")
    store.accept(link, login="", name="", password="", person_id=team.member.id)
    henk = acting(store, team.member)
    assert {m.organisation.name for m in store.memberships(team.member.id)} == {
        "Buurtbedrijf Oost",
        "Wijkhuis West",
    }
    with pytest.raises(DossierError) as which:
        henk.create_dossier({"title": "Welke?"}, author="web")
    assert which.value.reason == "no organisation"
    assert henk.create_dossier({"title": "West"}, author="web", organisation_id=team.west).title == "West"


def test_sign_in_is_limited_per_name_across_workers(store: Store, team: Team, database_url: str) -> None:
    other_worker = open_store(database_url)
    try:
        for _ in range(FAILURES_PER_LOGIN):
            with pytest.raises(AccountError) as wrong:
                other_worker.sign_in("henk", "geraden", address="10.0.0.1")
            assert wrong.value.reason == "wrong password"
        with pytest.raises(AccountError) as limited:
            store.sign_in("henk", PASSWORD, address="10.0.0.2")
        assert limited.value.reason == "too many attempts"
        assert store.sign_in("fatima", PASSWORD, address="10.0.0.2").name == "Fatima"
    finally:
        other_worker.close()


def test_a_wrong_name_and_a_wrong_password_read_the_same(store: Store, team: Team) -> None:
    with pytest.raises(AccountError) as no_one:
        store.sign_in("niemand", PASSWORD, address="a")
    with pytest.raises(AccountError) as wrong:
        store.sign_in("henk", "verkeerd wachtwoord", address="a")
    assert explain(no_one.value, "nl") == explain(wrong.value, "nl")


def test_a_reset_link_sets_a_new_password_and_ends_every_session(store: Store, team: Team) -> None:
    session = store.start_session(team.member.id)
    link = acting(store, team.admin).reset_link(team.member.id)
    with pytest.raises(NotAllowed):
        acting(store, team.other).reset_link(team.member.id)
    store.reset(link, "een nieuw lang wachtwoord")
    assert store.session(session) is None
    assert store.sign_in("henk", "een nieuw lang wachtwoord", address="a").id == team.member.id
    with pytest.raises(AccountError):
        store.sign_in("henk", PASSWORD, address="a")


def test_an_organisation_keeps_an_admin(store: Store, team: Team) -> None:
    with pytest.raises(AccountError) as refused:
        acting(store, team.admin).set_role(team.oost, team.admin.id, "member")
    assert "admin" in explain(refused.value, "en")
    acting(store, team.admin).set_role(team.oost, team.member.id, "admin")
    acting(store, team.member).set_role(team.oost, team.admin.id, "member")
    assert {m.person.name: m.role for m in store.people_of(team.oost)}["Fatima"] == "member"


def test_a_removed_person_becomes_oud_lid_and_nothing_of_them_stays(store: Store, team: Team) -> None:
    henk = acting(store, team.member)
    dossier, meeting = _planned(henk)
    henk.update_dossier(dossier, {"goal": "Lagere huur"}, expected_version=1, author="web")
    henk.answer(meeting, "helder-doel", "yes", "", expected_version=0, author="web")
    data = json.loads(store.personal_json(team.member.id))
    assert data["person"]["name"] == "Henk"
    assert "password" not in json.dumps(data)
    assert {c["action"] for c in data["history"]} >= {"created", "edited"}
    assert data["answers"][0]["check"] == "helder-doel"
    acting(store, team.admin).remove_member(team.oost, team.member.id)
    assert {c.author for c in store.history(dossier)} == {EX_MEMBER}
    assert store.answers(meeting)["helder-doel"].author == EX_MEMBER
    assert store.dossier(dossier).goal == "Lagere huur"  # their work stays; their name does not
    with pytest.raises(AccountError):
        store.person(team.member.id)
    with pytest.raises(AccountError):
        store.sign_in("henk", PASSWORD, address="a")


def test_a_single_user_database_moves_into_a_first_organisation(store: Store) -> None:
    kept = store.create_dossier({"title": "Van voor de accounts"}, author="ik")
    admin = store.create_person(login="beheer", name="Beheer", password=PASSWORD, site_admin=True)
    first = acting(store, admin).move_in("Ons bewonersbedrijf")
    assert first is not None
    assert acting(store, admin).move_in("Nog een keer") is None
    store.set_role(first.id, admin.id, "admin")
    assert [d.title for d in acting(store, admin).dossiers()] == [kept.title]
    assert [c.author for c in store.history(kept.id)] == ["ik"]


def test_passwords_are_hashed_with_the_rfc_9106_low_memory_profile() -> None:
    from argon2.profiles import RFC_9106_LOW_MEMORY

    real = _hasher.__wrapped__()  # the tests run with a quicker one (tests/conftest.py)
    assert (
        (real.time_cost, real.memory_cost, real.parallelism)
        == (
            RFC_9106_LOW_MEMORY.time_cost,
            RFC_9106_LOW_MEMORY.memory_cost,
            RFC_9106_LOW_MEMORY.parallelism,
        )
        == (3, 65536, 4)
    )
    assert real.hash("x").startswith("$argon2id$")


def test_a_session_ends_when_signed_out_and_everywhere_at_once(store: Store, team: Team) -> None:
    phone, laptop = store.start_session(team.member.id), store.start_session(team.member.id)
    assert phone != laptop
    found = store.session(phone)
    assert found is not None
    assert found[0] == store.person(team.member.id)
    assert found[1] == store.access_for(team.member.id)  # who and what they may touch, in one query
    assert found[1].writes == {team.oost}
    store.end_session(phone)
    assert store.session(phone) is None  # a copy of the cookie is worth nothing now
    assert store.session(laptop) is not None
    store.sign_out_everywhere(team.member.id)
    assert store.session(laptop) is None
    assert store.session("made-up") is None


@pytest.mark.parametrize("guessed", ["password1", "Qwertyuiop", "iloveyou"])
def test_a_password_guessed_first_is_refused(store: Store, team: Team, guessed: str) -> None:
    link = store.invite(team.oost, "member")
    with pytest.raises(AccountError) as refused:
        store.accept(link, login="joost", name="Joost", password=guessed)
    assert "guess" in explain(refused.value, "en")
    assert store.accept(link, login="joost", name="Joost", password="onze buurt, onze zaak").name == "Joost"


def test_a_password_is_changed_only_with_the_current_one(store: Store, team: Team) -> None:
    other = store.start_session(team.member.id)
    with pytest.raises(AccountError) as wrong:
        store.change_password(team.member.id, "niet het goede", "een heel nieuw wachtwoord")
    assert wrong.value.reason == "wrong current password"
    with pytest.raises(NotAllowed):
        acting(store, team.admin).change_password(team.member.id, PASSWORD, "een heel nieuw wachtwoord")
    store.change_password(team.member.id, PASSWORD, "een heel nieuw wachtwoord")
    assert store.session(other) is None
    assert store.sign_in("henk", "een heel nieuw wachtwoord", address="a").login == "henk"


def test_who_sees_an_organisations_people_and_who_invites_its_first_admin(store: Store, team: Team) -> None:
    for outsider in (team.member, team.trainer, team.other):
        with pytest.raises(NotAllowed):
            acting(store, outsider).people_of(team.oost)
        with pytest.raises(NotAllowed):
            acting(store, outsider).organisations()
        with pytest.raises(NotAllowed):
            acting(store, outsider).organisation_sizes()
    assert len(acting(store, team.admin).people_of(team.oost)) == 3
    site = acting(store, team.site_admin)
    new = site.create_organisation("Nieuw Buurtbedrijf")
    assert [o.name for o in site.organisations()] == [
        "Buurtbedrijf Oost",
        "Nieuw Buurtbedrijf",
        "Wijkhuis West",
    ]
    assert site.organisation_sizes() == {team.oost: (3, 0), team.west: (1, 0)}
    first = store.accept(site.invite(new.id, "admin"), login="eerste", name="Eerste", password=PASSWORD)
    assert [(m.person.id, m.role) for m in site.people_of(new.id)] == [(first.id, "admin")]


def test_setting_a_role_never_pulls_in_someone_of_another_organisation(store: Store, team: Team) -> None:
    with pytest.raises(AccountError) as refused:
        acting(store, team.admin).set_role(team.oost, team.other.id, "member")
    assert refused.value.reason == "unknown person"
    assert {m.organisation.id for m in store.memberships(team.other.id)} == {team.west}


def test_the_last_admin_accepting_a_members_link_stays_admin(store: Store, team: Team) -> None:
    link = store.invite(team.oost, "member")
    with pytest.raises(AccountError) as refused:
        store.accept(link, login="", name="", password="", person_id=team.admin.id)
    assert refused.value.reason == "last admin"
    assert {m.person.name: m.role for m in store.people_of(team.oost)}["Fatima"] == "admin"
    assert store.invitation(link).organisation_id == team.oost  # the link was not used up


def test_acting_for_someone_asks_only_about_people_they_may_know(store: Store, team: Team) -> None:
    """A member learns nothing about someone of another organisation (name, e-mail, organisations, data),
    and cannot sign anyone else out; an admin sees their own organisation's people."""
    henk = acting(store, team.member)
    for question in (
        lambda: henk.person(team.other.id),
        lambda: henk.memberships(team.other.id),
        lambda: henk.personal_data(team.admin.id),
        lambda: henk.sign_out_everywhere(team.admin.id),
    ):
        with pytest.raises(AccountError) as refused:
            question()
        assert refused.value.reason == "unknown person"
    assert henk.person(team.member.id).name == "Henk"
    assert acting(store, team.admin).person(team.member.id).name == "Henk"
    assert [m.organisation.id for m in acting(store, team.admin).memberships(team.member.id)] == [team.oost]
    with pytest.raises(AccountError):
        acting(store, team.admin).person(team.other.id)
    assert acting(store, team.site_admin).person(team.other.id).name == "Sanne"
