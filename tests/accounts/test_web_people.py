"""Getting in and managing people in the web page: links to join and to reset, the organisation admin's page
and the site admin's list; on SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from aantafel.dossiers.store import Store
from aantafel_web.accounts import SESSION_COOKIE
from aantafel_web.app import create_app
from aantafel_web.context import ACCOUNTS, DATABASE_URL
from tests.accounts import PASSWORD, Team
from tests.accounts.test_web_sign_in import closing, signed_in
from tests.web import SAME

NEW_PASSWORD = "een heel nieuw wachtwoord"


class English(FlaskClient):
    """A browser that asks for English, so the tests read the words of the code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def english_app(database_url: str, **config: object) -> Flask:
    made = create_app({"TESTING": True, ACCOUNTS: True, DATABASE_URL: database_url, **config})
    made.test_client_class = English
    return made


@pytest.fixture
def app(database_url: str, team: Team) -> Iterator[Flask]:
    made = english_app(database_url, AANTAFEL_PUBLIC_URL="https://a.nl/")
    yield made
    closing(made)


def link_on(page: str) -> str:
    """The path of the link a page shows to copy (``https://a.nl/join/…``)."""
    found = re.search(r'<input id="link" value="https://a\.nl(/[^"]+)" readonly>', page)
    assert found, page
    return html.unescape(found.group(1))


def invited(admin: FlaskClient, organisation: str, role: str = "member") -> str:
    made = admin.post(f"/organisations/{organisation}/invite", data={"role": role}, headers=SAME)
    assert made.status_code == 200, made.get_data(as_text=True)
    return link_on(made.get_data(as_text=True))


def joined(client: FlaskClient, link: str, login: str, name: str) -> int:
    form = {"name": name, "login": login, "password": PASSWORD, "password_again": PASSWORD}
    return client.post(link, data=form, headers=SAME).status_code


def test_an_admin_invites_and_the_link_works_once(app: Flask, store: Store, team: Team) -> None:
    fatima = signed_in(app, "fatima")
    made = fatima.post(f"/organisations/{team.oost}/invite", data={"role": "trainer"}, headers=SAME)
    page = made.get_data(as_text=True)
    assert "no-store" in made.headers["Cache-Control"]
    link = link_on(page)
    assert link.startswith("/join/")
    whatsapp = re.search(r'href="https://wa\.me/\?text=([^"]+)"', page)
    assert whatsapp is not None
    assert f"https://a.nl{link}" in unquote(html.unescape(whatsapp.group(1)))
    newcomer = app.test_client()
    shown = newcomer.get(link)
    assert "Buurtbedrijf Oost" in shown.get_data(as_text=True)
    assert "no-store" in shown.headers["Cache-Control"]
    done = newcomer.post(
        link,
        data={"name": "Joost", "login": "joost", "password": PASSWORD, "password_again": PASSWORD},
        headers=SAME,
    )
    assert done.status_code == 303
    assert done.headers["Location"] == "/dossiers/"
    assert "Joost" in newcomer.get("/dossiers/").get_data(as_text=True)  # signed in at once
    assert {m.person.name: m.role for m in store.people_of(team.oost)}["Joost"] == "trainer"
    again = app.test_client().get(link)
    assert again.status_code == 404
    assert "used already" in again.get_data(as_text=True)
    assert joined(app.test_client(), link, "joost2", "Joost 2") == 404


def test_an_expired_link_says_so(app: Flask, store: Store, team: Team) -> None:
    old = store.invite(team.oost, "member", life=timedelta(seconds=-1))
    page = app.test_client().get(f"/join/{old}")
    assert page.status_code == 404
    assert "expired" in page.get_data(as_text=True)
    assert app.test_client().get("/join/verzonnen").status_code == 404
    reset = store.reset_link(team.member.id)
    assert app.test_client().get(f"/join/{reset}").status_code == 404  # a reset link is not an invitation


def test_joining_with_passwords_that_differ_says_so_and_keeps_what_was_typed(app: Flask, team: Team) -> None:
    link = invited(signed_in(app, "fatima"), team.oost)
    client = app.test_client()
    form = {"name": "Joost de Vries", "login": "joost", "email": "joost@example.nl"}
    refused = client.post(
        link, data={**form, "password": PASSWORD, "password_again": "iets anders dan"}, headers=SAME
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "not the same" in page
    assert 'id="password_again-error"' in page
    assert 'value="Joost de Vries"' in page
    assert 'value="joost@example.nl"' in page
    assert PASSWORD not in page
    short = client.post(link, data={**form, "password": "kort", "password_again": "kort"}, headers=SAME)
    assert short.status_code == 422
    assert 'id="password-error"' in short.get_data(as_text=True)
    taken = client.post(
        link, data={**form, "login": "henk", "password": PASSWORD, "password_again": PASSWORD}, headers=SAME
    )
    assert taken.status_code == 422
    assert 'id="login-error"' in taken.get_data(as_text=True)
    assert joined(client, link, "joost", "Joost") == 303  # the link still works after the mistakes


def test_someone_signed_in_joins_with_the_account_they_have(app: Flask, store: Store, team: Team) -> None:
    link = invited(signed_in(app, "sanne"), team.west)
    henk = signed_in(app, "henk")
    assert "Join as Henk" in henk.get(link).get_data(as_text=True)
    assert henk.post(link, data={"with_account": "yes"}, headers=SAME).status_code == 303
    assert {m.organisation.id for m in store.memberships(team.member.id)} == {team.oost, team.west}
    fatima = signed_in(app, "fatima")
    own = invited(fatima, team.oost)
    refused = fatima.post(own, data={"with_account": "yes"}, headers=SAME)
    assert refused.status_code == 422
    assert "no admin left" in refused.get_data(as_text=True)
    assert 'aria-invalid="true"' not in refused.get_data(as_text=True)  # no field of the form was wrong


def test_a_member_cannot_reach_the_admin_page_nor_invite(app: Flask, store: Store, team: Team) -> None:
    henk = signed_in(app, "henk")
    assert henk.get(f"/organisations/{team.oost}").status_code == 404
    assert henk.get("/organisations/bestaat-niet").status_code == 404
    refused = henk.post(f"/organisations/{team.oost}/invite", data={"role": "admin"}, headers=SAME)
    assert refused.status_code == 403  # as every change the person may not make
    assert "admin" in refused.get_data(as_text=True)
    assert "Fatima" not in refused.get_data(as_text=True)  # nobody's name on a refusal
    for action in ("role", "remove", "reset"):
        answer = henk.post(
            f"/organisations/{team.oost}/people/{team.admin.id}/{action}",
            data={"role": "member", "confirm": "yes"},
            headers=SAME,
        )
        assert answer.status_code in (403, 404), action
        assert "Fatima" not in answer.get_data(as_text=True)
    assert {m.person.name: m.role for m in store.people_of(team.oost)}["Fatima"] == "admin"
    assert henk.get("/admin/organisations").status_code == 404
    assert henk.post("/admin/organisations", data={"name": "Stiekem"}, headers=SAME).status_code == 403
    assert "Stiekem" not in [o.name for o in store.organisations()]
    assert app.test_client().get(f"/organisations/{team.oost}").status_code == 303  # to sign in first


def test_an_admin_of_one_organisation_gets_404_on_anothers(app: Flask, team: Team) -> None:
    sanne = signed_in(app, "sanne")
    assert sanne.get(f"/organisations/{team.west}").status_code == 200
    assert sanne.get(f"/organisations/{team.oost}").status_code == 404
    refused = sanne.post(f"/organisations/{team.oost}/invite", data={"role": "member"}, headers=SAME)
    assert refused.status_code == 403
    pulled = sanne.post(
        f"/organisations/{team.west}/people/{team.member.id}/role", data={"role": "member"}, headers=SAME
    )
    assert pulled.status_code == 422  # Henk of Oost is not pulled into West by a role
    assert "Henk" not in sanne.get(f"/organisations/{team.west}").get_data(as_text=True)


def test_a_role_change_and_a_removal_show_in_the_list(app: Flask, store: Store, team: Team) -> None:
    fatima = signed_in(app, "fatima")
    page = fatima.get(f"/organisations/{team.oost}")
    assert "no-store" in page.headers["Cache-Control"]
    assert "Henk" in page.get_data(as_text=True)
    url = f"/organisations/{team.oost}/people/{team.member.id}"
    changed = fatima.post(f"{url}/role", data={"role": "admin"}, headers=SAME)
    assert changed.status_code == 303
    listed = fatima.get(changed.headers["Location"]).get_data(as_text=True)
    assert re.search(r"Henk</strong> \(henk\): (admin|beheerder)", listed)
    asked = fatima.post(f"{url}/remove", headers=SAME)
    assert asked.status_code == 200
    assert "oud-lid" in asked.get_data(as_text=True)
    assert "Henk" in fatima.get(f"/organisations/{team.oost}").get_data(as_text=True)  # not yet
    removed = fatima.post(f"{url}/remove", data={"confirm": "yes"}, headers=SAME)
    assert removed.status_code == 303
    assert "Henk" not in fatima.get(f"/organisations/{team.oost}").get_data(as_text=True)


def test_the_last_admin_can_be_neither_removed_nor_demoted(app: Flask, store: Store, team: Team) -> None:
    fatima = signed_in(app, "fatima")
    url = f"/organisations/{team.oost}/people/{team.admin.id}"
    demoted = fatima.post(f"{url}/role", data={"role": "member"}, headers=SAME)
    assert demoted.status_code == 422
    assert "no admin left" in demoted.get_data(as_text=True)
    assert f'id="role-{team.admin.id}-error"' in demoted.get_data(as_text=True)
    removed = fatima.post(f"{url}/remove", data={"confirm": "yes"}, headers=SAME)
    assert removed.status_code == 422
    assert "no admin left" in removed.get_data(as_text=True)
    assert {m.person.name: m.role for m in store.people_of(team.oost)}["Fatima"] == "admin"


def test_a_reset_link_sets_a_new_password_and_ends_the_old_sessions(app: Flask, team: Team) -> None:
    henk = signed_in(app, "henk")
    old = henk.get_cookie(SESSION_COOKIE)
    assert old is not None
    made = signed_in(app, "fatima").post(
        f"/organisations/{team.oost}/people/{team.member.id}/reset", headers=SAME
    )
    assert made.status_code == 200
    assert "no-store" in made.headers["Cache-Control"]
    link = link_on(made.get_data(as_text=True))
    assert link.startswith("/reset/")
    phone = app.test_client()
    assert "Henk" in phone.get(link).get_data(as_text=True)
    differ = phone.post(link, data={"password": NEW_PASSWORD, "password_again": PASSWORD}, headers=SAME)
    assert differ.status_code == 422
    done = phone.post(link, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, headers=SAME)
    assert done.status_code == 303
    assert phone.get("/dossiers/").status_code == 200  # signed in anew here
    thief = app.test_client()
    thief.set_cookie(SESSION_COOKIE, old.value)
    assert thief.get("/dossiers/").status_code == 303
    assert henk.get("/dossiers/").status_code == 303
    fresh = app.test_client()
    form = {"login": "henk", "password": NEW_PASSWORD}
    assert fresh.post("/sign-in", data=form, headers=SAME).status_code == 303
    assert "used already" in app.test_client().get(link).get_data(as_text=True)


def test_the_site_admin_makes_an_organisation_and_its_first_admin_joins(app: Flask, store: Store) -> None:
    beheer = signed_in(app, "beheer")
    listed = beheer.get("/admin/organisations").get_data(as_text=True)
    assert "Buurtbedrijf Oost" in listed
    assert re.search(r"Buurtbedrijf Oost</a>: 3 (people|mensen)", listed)
    empty = beheer.post("/admin/organisations", data={"name": "  "}, headers=SAME)
    assert empty.status_code == 422
    assert 'id="name-error"' in empty.get_data(as_text=True)
    made = beheer.post("/admin/organisations", data={"name": "Bewonersbedrijf Noord"}, headers=SAME)
    assert made.status_code == 200
    assert "no-store" in made.headers["Cache-Control"]
    link = link_on(made.get_data(as_text=True))
    newcomer = app.test_client()
    assert joined(newcomer, link, "noor", "Noor") == 303
    noord = next(o for o in store.organisations() if o.name == "Bewonersbedrijf Noord")
    assert [(m.person.name, m.role) for m in store.people_of(noord.id)] == [("Noor", "admin")]
    menu = newcomer.get("/dossiers/").get_data(as_text=True)
    assert f'href="/organisations/{noord.id}"' in menu
    assert newcomer.get(f"/organisations/{noord.id}").status_code == 200
    assert 'href="/admin/organisations"' in beheer.get("/dossiers/").get_data(as_text=True)
    assert 'href="/admin/organisations"' not in menu


def test_without_a_public_url_the_link_uses_the_requests_host(database_url: str, team: Team) -> None:
    app = english_app(database_url)
    fatima = signed_in(app, "fatima")
    made = fatima.post(f"/organisations/{team.oost}/invite", data={"role": "member"}, headers=SAME)
    assert 'value="http://localhost/join/' in made.get_data(as_text=True)
    closing(app)


class _Fields(HTMLParser):
    """The fields a page's forms hold and the labels it has, by id."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[str] = []
        self.labels: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "label" and found.get("for"):
            self.labels.add(str(found["for"]))
        elif tag in ("input", "select", "textarea") and found.get("type") not in ("hidden", "submit"):
            self.fields.append(str(found.get("id")))


def test_every_field_on_these_pages_has_a_label(app: Flask, store: Store, team: Team) -> None:
    fatima, beheer = signed_in(app, "fatima"), signed_in(app, "beheer")
    pages = {
        "join": app.test_client().get(f"/join/{store.invite(team.oost, 'member')}"),
        "join signed in": fatima.get(f"/join/{store.invite(team.west, 'member')}"),
        "reset": app.test_client().get(f"/reset/{store.reset_link(team.member.id)}"),
        "organisation": fatima.get(f"/organisations/{team.oost}"),
        "link": fatima.post(f"/organisations/{team.oost}/invite", data={"role": "member"}, headers=SAME),
        "remove": fatima.post(f"/organisations/{team.oost}/people/{team.member.id}/remove", headers=SAME),
        "organisations": beheer.get("/admin/organisations"),
    }
    for name, answer in pages.items():
        assert answer.status_code == 200, name
        parsed = _Fields()
        parsed.feed(answer.get_data(as_text=True))
        assert parsed.fields, name
        assert [field for field in parsed.fields if field not in parsed.labels] == [], name


def test_the_pages_speak_dutch(app: Flask, team: Team) -> None:
    fatima = signed_in(app, "fatima")
    page = fatima.get(f"/organisations/{team.oost}?lang=nl").get_data(as_text=True)
    assert "Iemand uitnodigen" in page
    assert "Beheer: Buurtbedrijf Oost" in page
