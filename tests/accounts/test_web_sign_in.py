"""Accounts mode in the web page: signing in and out, sessions, and each organisation's own dossiers."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from aantafel.cli import cli
from aantafel.dossiers.store import Store
from aantafel_web.accounts import SESSION_COOKIE
from aantafel_web.app import create_app
from aantafel_web.context import ACCOUNTS, DATABASE_URL, STORE
from tests.accounts import PASSWORD, Team, acting
from tests.web import SAME


def closing(app: Flask) -> None:
    """Close the app's store, so no connection to a test's PostgreSQL schema outlives it."""
    opened = app.extensions.get(STORE)
    if opened is not None:
        opened.close()


def signed_in(app: Flask, login: str) -> FlaskClient:
    client = app.test_client()
    answer = client.post("/sign-in", data={"login": login, "password": PASSWORD}, headers=SAME)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return client


def test_nobody_signed_in_is_sent_to_the_sign_in_page_and_comes_back(app: Flask) -> None:
    client = app.test_client()
    asked = client.get("/dossiers/")
    assert asked.status_code == 303
    assert asked.headers["Location"].startswith("/sign-in?next=/dossiers/")
    page = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/dossiers/"' in page
    done = client.post(
        "/sign-in", data={"login": "Henk", "password": PASSWORD, "next": "/dossiers/"}, headers=SAME
    )
    assert done.headers["Location"] == "/dossiers/"
    assert "Henk" in client.get("/dossiers/").get_data(as_text=True)
    assert client.get("/").status_code == 200  # the library is for everyone


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example/"])
def test_signing_in_never_leads_to_another_site(app: Flask, target: str) -> None:
    done = app.test_client().post(
        "/sign-in", data={"login": "henk", "password": PASSWORD, "next": target}, headers=SAME
    )
    assert done.headers["Location"] == "/dossiers/"


def test_a_wrong_password_says_so_keeps_the_name_and_lets_nobody_in(app: Flask) -> None:
    client = app.test_client()
    wrong = client.post("/sign-in", data={"login": "henk", "password": "geraden!"}, headers=SAME)
    assert wrong.status_code == 401
    page = wrong.get_data(as_text=True)
    assert "not right" in page or "klopt niet" in page
    assert 'value="henk"' in page
    assert "geraden!" not in page
    assert client.get("/dossiers/").status_code == 303


def test_each_organisation_sees_only_its_own_dossiers(app: Flask, store: Store, team: Team) -> None:
    theirs = acting(store, team.other).create_dossier({"title": "Speeltuin West"}, author="x")
    henk = signed_in(app, "henk")
    made = henk.post("/dossiers/new", data={"title": "Huur Oost"}, headers=SAME)
    ours = made.headers["Location"].rsplit("/", 1)[1]
    listed = henk.get("/dossiers/").get_data(as_text=True)
    assert "Huur Oost" in listed
    assert "Speeltuin West" not in listed
    for address in (f"/dossiers/{theirs.id}", f"/dossiers/{theirs.id}/edit", f"/dossiers/{theirs.id}/sheet"):
        assert henk.get(address).status_code == 404
    assert henk.post(f"/dossiers/{theirs.id}/delete", data={"version": "1"}, headers=SAME).status_code == 404
    sanne = signed_in(app, "sanne")
    assert sanne.get(f"/dossiers/{ours}").status_code == 404
    assert sanne.get(f"/dossiers/{ours[:4]}").status_code == 404


def test_the_history_names_who_changed_what(app: Flask, store: Store) -> None:
    fatima, henk = signed_in(app, "fatima"), signed_in(app, "henk")
    ours = fatima.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    assert "Laatst veranderd door Fatima" in henk.get(ours).get_data(as_text=True)
    henk.post(f"{ours}/edit", data={"title": "Huur", "goal": "Lager", "version": "1"}, headers=SAME)
    assert "Laatst veranderd door Henk" in fatima.get(ours).get_data(as_text=True)
    assert [(c.author, c.action) for c in store.history(ours.rsplit("/", 1)[1])] == [
        ("Fatima", "created"),
        ("Henk", "edited"),
    ]


def test_a_trainer_reads_but_cannot_save(app: Flask, store: Store, team: Team) -> None:
    dossier = acting(store, team.member).create_dossier({"title": "Huur"}, author="x")
    ria = signed_in(app, "ria")
    assert "Huur" in ria.get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    refused = ria.post(f"/dossiers/{dossier.id}/edit", data={"title": "Weg", "version": "1"}, headers=SAME)
    assert refused.status_code == 403
    assert "niet veranderen" in refused.get_data(as_text=True)  # the page speaks Dutch by default
    assert store.dossier(dossier.id).title == "Huur"


def test_the_session_cookie_is_new_at_sign_in_private_and_same_site(database_url: str, team: Team) -> None:
    app = create_app(
        {"TESTING": True, ACCOUNTS: True, DATABASE_URL: database_url, "AANTAFEL_PUBLIC_URL": "https://a.nl"}
    )
    client = app.test_client()
    first = client.post("/sign-in", data={"login": "henk", "password": PASSWORD}, headers=SAME)
    cookie = next(v for v in first.headers.getlist("Set-Cookie") if v.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" in cookie
    before = client.get_cookie(SESSION_COOKIE)
    assert before is not None
    client.post("/sign-in", data={"login": "henk", "password": PASSWORD}, headers=SAME)
    after = client.get_cookie(SESSION_COOKIE)
    assert after is not None
    assert after.value != before.value
    replay = app.test_client()
    replay.set_cookie(SESSION_COOKIE, before.value)
    assert replay.get("/dossiers/").status_code == 303  # the session before signing in again is gone
    closing(app)


def test_a_cookie_copied_before_signing_out_lets_nobody_in(app: Flask) -> None:
    henk = signed_in(app, "henk")
    copied = henk.get_cookie(SESSION_COOKIE)
    assert copied is not None
    assert henk.get("/dossiers/").status_code == 200
    henk.post("/sign-out", headers=SAME)
    thief = app.test_client()
    thief.set_cookie(SESSION_COOKIE, copied.value)
    assert thief.get("/dossiers/").status_code == 303


def test_signing_out_everywhere_ends_the_other_sessions_and_their_kept_pages(
    app: Flask, store: Store
) -> None:
    phone, laptop = signed_in(app, "henk"), signed_in(app, "henk")
    made = phone.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    assert laptop.get(made).status_code == 200
    assert laptop.get(made).status_code == 200  # now kept in the page memory for this session
    phone.post("/sign-out-everywhere", headers=SAME)
    time.sleep(0.15)  # a kept page is checked again after CHECK_EVERY (0.1 s)
    assert laptop.get(made).status_code == 303
    assert phone.get("/dossiers/").status_code == 303


def test_taken_out_of_the_organisation_the_kept_page_is_gone(app: Flask, store: Store, team: Team) -> None:
    henk = signed_in(app, "henk")
    made = henk.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    assert henk.get(made).status_code == 200
    assert henk.get(made).status_code == 200
    store.set_role(team.oost, team.member.id, "member")  # unchanged: the kept page still holds
    assert henk.get(made).status_code == 200
    store.remove_member(team.oost, team.member.id)
    time.sleep(0.15)
    assert henk.get(made).status_code in (303, 404)


def test_a_person_downloads_their_data(app: Flask) -> None:
    henk = signed_in(app, "henk")
    henk.post("/dossiers/new", data={"title": "Huur"}, headers=SAME)
    download = henk.get("/account/data.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.json is not None
    assert download.json["person"]["login"] == "henk"
    assert download.json["history"][0]["action"] == "created"
    assert "no-store" in download.headers.get("Cache-Control", "")


def test_serving_beyond_this_computer_needs_accounts_or_says_no(database_url: str) -> None:
    runner = CliRunner()
    refused = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--db", database_url])
    assert refused.exit_code == 1
    assert "--accounts" in refused.output
    assert "--no-accounts" in refused.output
    empty = runner.invoke(cli, ["serve", "--accounts", "--db", database_url])
    assert empty.exit_code == 1
    assert "aantafel admin create" in empty.output


def test_single_user_mode_has_no_sign_in(database_url: str) -> None:
    app = create_app({"TESTING": True, DATABASE_URL: database_url})
    client = app.test_client()
    assert client.get("/dossiers/").status_code == 200
    assert client.get("/sign-in").status_code == 404
    assert b"Sign in" not in client.get("/").data
    closing(app)


def test_a_person_changes_their_password_and_stays_signed_in_here_only(app: Flask) -> None:
    here, there = signed_in(app, "henk"), signed_in(app, "henk")
    page = here.get("/account").get_data(as_text=True)
    assert 'type="password"' in page
    assert 'autocomplete="current-password"' in page
    mismatch = here.post(
        "/account/password",
        data={"current": PASSWORD, "new": "een nieuw lang wachtwoord", "again": "iets anders hier"},
        headers=SAME,
    )
    assert mismatch.status_code == 422
    wrong = here.post(
        "/account/password",
        data={"current": "fout!", "new": "een nieuw lang wachtwoord", "again": "een nieuw lang wachtwoord"},
        headers=SAME,
    )
    assert wrong.status_code == 422
    done = here.post(
        "/account/password",
        data={"current": PASSWORD, "new": "een nieuw lang wachtwoord", "again": "een nieuw lang wachtwoord"},
        headers=SAME,
    )
    assert done.status_code == 303
    assert here.get("/dossiers/").status_code == 200
    assert there.get("/dossiers/").status_code == 303


def test_a_database_with_accounts_is_never_served_to_anyone_without_them(
    database_url: str, team: Team
) -> None:
    """A forgotten AANTAFEL_ACCOUNTS=on (under gunicorn, say) would show every organisation's dossiers."""
    app = create_app({"TESTING": True, DATABASE_URL: database_url})
    client = app.test_client()
    refused = client.get("/dossiers/")
    assert refused.status_code == 503
    assert "AANTAFEL_ACCOUNTS=on" in refused.get_data(as_text=True)
    assert client.post("/dossiers/new", data={"title": "x"}, headers=SAME).status_code == 503
    assert client.get("/").status_code == 200  # the library still works
    closing(app)
