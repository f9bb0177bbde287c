"""The trainer's view in the web page: the organisations they train, read-only pages, and feedback."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import event

from aantafel.dossiers.model import Record
from aantafel.dossiers.store import Store
from aantafel.items import Check
from aantafel_web.app import create_app
from aantafel_web.context import DATABASE_URL, LIBRARY, STORE
from aantafel_web.dossiers import CHECK_EVERY
from aantafel_web.memory import SAVED_COOKIE
from tests.accounts import PASSWORD, Team, acting
from tests.accounts.test_web_sign_in import closing, signed_in
from tests.web import SAME


def _checks(app: Flask) -> list[str]:
    return [item.id for item in app.extensions[LIBRARY].items("nl", "check") if isinstance(item, Check)]


def _busy(
    store: Store, checks: list[str], title: str = "Huur buurthuis", organisation_id: str | None = None
) -> tuple[str, str, str]:
    """A dossier with a coming meeting (two checks answered), one overdue agreement and an earlier
    meeting whose record says something: its id, the coming meeting's and the earlier one's."""
    now = datetime.now(UTC)
    values = {"title": title, "counterpart": "Gemeente"}
    dossier = store.create_dossier(values, author="x", organisation_id=organisation_id).id
    coming = store.add_meeting(dossier, starts_at=now + timedelta(days=3), author="x").id
    for check in checks[:2]:
        store.answer(coming, check, "yes", "Staat op papier", expected_version=0, author="x")
    earlier = store.add_meeting(dossier, starts_at=now - timedelta(days=20), author="x").id
    store.record_meeting(earlier, Record(notes="Ze wilden praten"), expected_version=1, author="x")
    late = date.today() - timedelta(days=1)
    store.add_agreement(dossier, what="Offerte sturen", side="theirs", due=late, author="x")
    return dossier, coming, earlier


def _posting_forms(page: str) -> set[str]:
    """Where the page's forms that change something send to (signing out is not one of them)."""
    found = re.findall(r'<form method="post" action="([^"]+)"', page)
    return {action for action in found if action != "/sign-out"}


def test_the_trainer_sees_the_organisations_they_train_with_their_figures(
    app: Flask, store: Store, team: Team
) -> None:
    checks = _checks(app)
    dossier, coming, earlier = _busy(acting(store, team.member), checks)
    _busy(acting(store, team.other), checks, "Speeltuin West")
    noord = store.create_organisation("Buurthuis Noord").id
    store.accept(store.invite(noord, "trainer"), login="", name="", password="", person_id=team.trainer.id)
    page = signed_in(app, "ria").get("/trainer").get_data(as_text=True)
    assert page.index("Buurtbedrijf Oost") < page.index("Buurthuis Noord")  # by name
    assert f'href="/dossiers/{dossier}">Huur buurthuis</a> — Gemeente' in page
    assert f'href="/meetings/{coming}"' in page
    assert f"voorbereid: 2 van {len(checks)} checks" in page
    assert '<strong class="overdue">1 afspraak te laat</strong>' in page
    assert f'href="/meetings/{earlier}#record"' in page
    assert "Nog geen dossiers." in page  # Noord
    assert "Speeltuin West" not in page
    assert 'href="/trainer">Trainer</a>' in page


@pytest.mark.parametrize("login", ["henk", "sanne"])
def test_someone_who_trains_nobody_is_told_what_the_page_is_for(
    app: Flask, store: Store, team: Team, login: str
) -> None:
    """A member (of this organisation or another) sees no organisation's figures there, only how a
    trainer gets onto the page; and no menu link to it."""
    _busy(acting(store, team.member), _checks(app))
    client = signed_in(app, login)
    answer = client.get("/trainer")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "Je traint nog geen organisatie" in page
    assert "Huur buurthuis" not in page
    assert "Buurtbedrijf Oost" not in page
    assert 'href="/trainer"' not in client.get("/dossiers/").get_data(as_text=True)


def test_the_trainer_page_needs_signing_in_and_accounts_mode(app: Flask, database_url: str) -> None:
    assert app.test_client().get("/trainer").headers["Location"].startswith("/sign-in?next=/trainer")
    single = create_app({"TESTING": True, DATABASE_URL: database_url})
    try:
        assert single.test_client().get("/trainer").status_code == 404  # the single user trains nobody
    finally:
        closing(single)


def test_a_trainer_reads_every_page_without_a_form_that_changes_something(
    app: Flask, store: Store, team: Team
) -> None:
    dossier, coming, earlier = _busy(acting(store, team.member), _checks(app))
    agreement = store.agreements(dossier)[0].id
    ria, henk = signed_in(app, "ria"), signed_in(app, "henk")
    page = ria.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert "Offerte sturen" in page
    assert _posting_forms(page) == set()
    assert "/edit" not in page
    assert "/meetings/new" not in page
    assert "niet veranderen" in page
    recorded = ria.get(f"/meetings/{earlier}").get_data(as_text=True)
    assert "Ze wilden praten" in recorded
    assert _posting_forms(recorded) == {f"/meetings/{earlier}/feedback"}
    prepared = ria.get(f"/meetings/{coming}").get_data(as_text=True)
    assert "Staat op papier" in prepared
    for address in (f"/dossiers/{dossier}/edit", f"/meetings/{coming}/edit", f"/agreements/{agreement}/edit"):
        assert ria.get(address).status_code == 403, address
    assert ria.get(f"/dossiers/{dossier}/meetings/new").status_code == 403
    members = _posting_forms(henk.get(f"/dossiers/{dossier}").get_data(as_text=True))
    assert {f"/dossiers/{dossier}/delete", f"/dossiers/{dossier}/agreements/new"} <= members
    assert f"/agreements/{agreement}/status" in members
    assert _posting_forms(henk.get(f"/meetings/{coming}").get_data(as_text=True)) == {
        f"/meetings/{coming}/prepare",
        f"/meetings/{coming}/record",
        f"/meetings/{coming}/cancel",
        f"/meetings/{coming}/remove",
    }


def test_a_trainers_forged_changes_are_refused_and_change_nothing(
    app: Flask, store: Store, team: Team
) -> None:
    checks = _checks(app)
    dossier, coming, _ = _busy(acting(store, team.member), checks)
    agreement = store.agreements(dossier)[0].id
    before = (store.history(dossier), store.answers(coming), store.record(coming), store.agreements(dossier))
    ria = signed_in(app, "ria")
    for address, data in (
        (f"/dossiers/{dossier}/edit", {"title": "Weg", "version": "1"}),
        (f"/dossiers/{dossier}/delete", {"version": "1"}),
        (f"/dossiers/{dossier}/meetings/new", {"date": "2027-01-12", "time": "14:00"}),
        (f"/meetings/{coming}/edit", {"date": "2027-01-12", "time": "14:00", "version": "1"}),
        (f"/meetings/{coming}/prepare", {f"answer-{checks[2]}": "no", f"version-{checks[2]}": "0"}),
        (f"/meetings/{coming}/record", {"notes": "Van de trainer", "version": "1"}),
        (f"/dossiers/{dossier}/agreements/new", {"what": "Iets", "side": "ours"}),
        (f"/agreements/{agreement}/status", {"status": "done", "version": "1"}),
        (f"/agreements/{agreement}/edit", {"what": "Iets", "side": "ours", "version": "1"}),
    ):
        assert ria.post(address, data=data, headers=SAME).status_code == 403, address
    after = (store.history(dossier), store.answers(coming), store.record(coming), store.agreements(dossier))
    assert after == before


def test_feedback_from_the_trainer_shows_to_the_team_at_once(app: Flask, store: Store, team: Team) -> None:
    dossier, coming, earlier = _busy(acting(store, team.member), _checks(app))
    henk, ria = signed_in(app, "henk"), signed_in(app, "ria")
    assert "Feedback op de voorbereiding" not in henk.get(f"/meetings/{coming}").get_data(as_text=True)
    given = ria.post(
        f"/meetings/{coming}/feedback",
        data={"part": "preparation", "text": "Schrijf jullie grens op."},
        headers=SAME,
    )
    assert given.status_code == 303
    assert given.headers["Location"] == f"/meetings/{coming}#prepare"
    ria.post(f"/meetings/{earlier}/feedback", data={"part": "review", "text": "Goed gedaan!"}, headers=SAME)
    page = henk.get(f"/meetings/{coming}").get_data(as_text=True)
    assert "Feedback op de voorbereiding" in page
    assert "Schrijf jullie grens op." in page
    assert "Ria (trainer)" in page
    assert "/feedback" not in page  # the team reads it; only a trainer writes it
    review = henk.get(f"/meetings/{earlier}").get_data(as_text=True)
    assert review.index("Feedback op de terugblik") > review.index('id="record"')
    assert "Goed gedaan!" in review
    assert [c.action for c in store.history(dossier)][-2:] == ["feedback", "feedback"]


@pytest.mark.parametrize(("text", "said"), [("  ", "feedback"), ("x" * 5001, "5.000")])
def test_refused_feedback_comes_back_at_its_field_with_the_text(
    app: Flask, store: Store, team: Team, text: str, said: str
) -> None:
    _, coming, _ = _busy(acting(store, team.member), _checks(app))
    answer = signed_in(app, "ria").post(
        f"/meetings/{coming}/feedback", data={"part": "review", "text": text}, headers=SAME
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    field = re.search(r'<textarea id="text-feedback-review"[^>]*>([^<]*)</textarea>', page)
    assert field is not None
    assert 'aria-invalid="true"' in field.group(0)
    assert field.group(1) == text
    error = re.search(r'id="error-feedback-review" role="alert">([^<]*)<', page)
    assert error is not None
    assert said in error.group(1)
    assert store.feedback(coming) == []


def test_a_members_forged_feedback_is_refused(app: Flask, store: Store, team: Team) -> None:
    _, coming, _ = _busy(acting(store, team.member), _checks(app))
    answer = signed_in(app, "henk").post(
        f"/meetings/{coming}/feedback", data={"part": "preparation", "text": "Van mij"}, headers=SAME
    )
    assert answer.status_code == 403
    assert "trainer" in answer.get_data(as_text=True)
    assert store.feedback(coming) == []


def test_a_trainer_of_another_organisation_gets_a_404(app: Flask, store: Store, team: Team) -> None:
    dossier, coming, _ = _busy(acting(store, team.member), _checks(app))
    store.accept(store.invite(team.west, "trainer"), login="tom", name="Tom", password=PASSWORD)
    tom = signed_in(app, "tom")
    answer = tom.post(f"/meetings/{coming}/feedback", data={"part": "review", "text": "Hoi"}, headers=SAME)
    assert answer.status_code == 404
    assert tom.get(f"/dossiers/{dossier}").status_code == 404
    assert "Huur buurthuis" not in tom.get("/trainer").get_data(as_text=True)
    assert store.feedback(coming) == []


def test_the_trainer_page_costs_the_same_queries_for_more_organisations(
    app: Flask, store: Store, team: Team
) -> None:
    """What ``bench/run --only hosted`` times with 50 organisations: no query per organisation or dossier."""
    checks = _checks(app)
    _busy(acting(store, team.member), checks)
    ria = signed_in(app, "ria")
    ria.get("/trainer")
    engine = app.extensions[STORE]._engine
    statements: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    def asked() -> int:
        """The statements of making the page: a new saved-cookie, as after a save, so the page memory
        never answers it (whether it would depends on the clock: the page is kept per minute)."""
        statements.clear()
        ria.set_cookie(SAVED_COOKIE, str(time.monotonic_ns()))
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert ria.get("/trainer").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    few = asked()
    for number in range(4):
        organisation = store.create_organisation(f"Buurtbedrijf {number}").id
        store.accept(
            store.invite(organisation, "trainer"), login="", name="", password="", person_id=team.trainer.id
        )
        store.accept(
            store.invite(organisation, "member"), login="", name="", password="", person_id=team.member.id
        )
        _busy(acting(store, team.member), checks, f"Huur {number}", organisation)
    time.sleep(CHECK_EVERY)  # a change shows once the kept page's store has been asked again
    page = ria.get("/trainer").get_data(as_text=True)
    assert all(f"Buurtbedrijf {number}" in page for number in range(4))
    assert asked() == few


def test_the_kept_trainer_page_shows_a_teams_change_at_once(app: Flask, store: Store, team: Team) -> None:
    """The page is kept (fifty organisations took 100-200 ms to make), but never past a change."""
    ria = signed_in(app, "ria")
    assert "Nieuw dossier" not in ria.get("/trainer").get_data(as_text=True)
    assert ria.get("/trainer").status_code == 200  # from the page memory now
    acting(store, team.member).create_dossier({"title": "Nieuw dossier"}, author="x")
    time.sleep(CHECK_EVERY)
    assert "Nieuw dossier" in ria.get("/trainer").get_data(as_text=True)
