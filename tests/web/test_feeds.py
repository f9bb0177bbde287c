"""A dossier's calendar link on the web page: made on its own page, read by a calendar app without signing
in (parsed here with ``icalendar``, as a phone's calendar reads it), the same entries as the ``ics``
download, and a 404 once it is stopped or replaced; SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from flask import Flask
from flask.testing import FlaskClient

from aantafel.dossiers.store import open_store
from aantafel_web.app import create_app
from aantafel_web.context import DATABASE_URL, STORE
from tests.web import SAME

DUE = date.today() + timedelta(days=20)


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    made = create_app({"TESTING": True, DATABASE_URL: database_url, "AANTAFEL_PUBLIC_URL": "https://a.nl"})
    yield made
    found = made.extensions.get(STORE)
    if found is not None:
        found.close()


@pytest.fixture
def dossier(database_url: str) -> str:
    """A dossier with a meeting, an open agreement with a date, and one done (which no calendar shows)."""
    store = open_store(database_url)
    try:
        made = store.create_dossier({"title": "Huur buurthuis, Utrecht"}, author="a")
        store.add_meeting(
            made.id, starts_at=datetime(2030, 12, 3, 13, tzinfo=UTC), place="Stadhuis", author="a"
        )
        store.add_agreement(
            made.id, what="Taxatie sturen", side="theirs", person="Mevrouw De Vries", due=DUE, author="a"
        )
        done = store.add_agreement(made.id, what="Al gedaan", side="ours", due=DUE, author="a")
        store.set_agreement_status(done.id, "done", expected_version=1, author="a")
        return made.id
    finally:
        store.close()


def _english(app: Flask) -> FlaskClient:
    """A browser that chose English (the language cookie)."""
    client = app.test_client()
    client.get("/?lang=en")
    return client


def _link(page: str, field: str) -> str:
    found = re.search(rf'id="{field}" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


def _events(raw: bytes) -> list[icalendar.Component]:
    return list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))


def _made(client: FlaskClient, dossier: str) -> str:
    """A new link, made with the form as a browser sends it: its https address."""
    answer = client.post(f"/dossiers/{dossier}/calendar", headers=SAME)
    assert answer.status_code == 200
    assert answer.headers["Cache-Control"] == "no-store"  # the page with the secret is kept nowhere
    return _link(answer.get_data(as_text=True), "address")


def test_a_phone_subscribes_to_the_link_and_reads_the_meetings_and_due_dates(
    app: Flask, dossier: str
) -> None:
    client = _english(app)
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert f'href="/dossiers/{dossier}/calendar"' in page
    assert "This dossier has no calendar link yet." in client.get(f"/dossiers/{dossier}/calendar").get_data(
        as_text=True
    )
    answer = client.post(f"/dossiers/{dossier}/calendar", headers=SAME)
    shown = answer.get_data(as_text=True)
    address, webcal = _link(shown, "address"), _link(shown, "webcal")
    assert address.startswith("https://a.nl/feeds/")
    assert webcal == "webcal://" + address.removeprefix("https://")
    assert f'href="{webcal}"' in shown
    assert "Copy the link now: it is shown only this once." in shown

    phone = app.test_client()  # no cookie, no sign-in: the secret is the key
    feed = phone.get(address.removeprefix("https://a.nl"))
    assert feed.status_code == 200
    assert feed.headers["Content-Type"] == "text/calendar; charset=utf-8"
    parsed = icalendar.Calendar.from_ical(feed.data)
    assert str(parsed["x-wr-calname"]) == "Huur buurthuis, Utrecht"
    assert parsed.decoded("refresh-interval") == timedelta(hours=1)
    meeting, agreement = _events(feed.data)
    assert meeting.decoded("dtstart") == datetime(2030, 12, 3, 13, tzinfo=UTC)
    assert str(meeting["summary"]) == "Meeting: Huur buurthuis, Utrecht"  # the link's language: English
    assert str(meeting["location"]) == "Stadhuis"
    assert agreement.decoded("dtstart") == DUE  # all day
    assert str(agreement["summary"]) == "Agreement: Taxatie sturen (Mevrouw De Vries)"

    download = client.get(f"/dossiers/{dossier}/dossier.ics")
    uids = [str(event["uid"]) for event in _events(download.data)]
    assert [str(event["uid"]) for event in _events(feed.data)] == uids  # one builder, the same entries
    again = phone.get(address.removeprefix("https://a.nl"))
    assert [str(event["uid"]) for event in _events(again.data)] == uids  # a phone updates, never doubles
    dutch = phone.get(address.removeprefix("https://a.nl").replace("lang=en", "lang=nl"))
    assert str(_events(dutch.data)[0]["summary"]) == "Gesprek: Huur buurthuis, Utrecht"


def test_a_stopped_or_replaced_link_is_a_404(app: Flask, dossier: str) -> None:
    client = _english(app)
    first = _made(client, dossier).removeprefix("https://a.nl")
    second = _made(client, dossier).removeprefix("https://a.nl")
    assert client.get(first).status_code == 404  # the new link stopped the old one
    assert client.get(second).status_code == 200
    page = client.get(f"/dossiers/{dossier}/calendar").get_data(as_text=True)
    assert "This dossier has a calendar link since" in page
    assert second.partition("?")[0] not in page  # never shown again
    stopped = client.post(f"/dossiers/{dossier}/calendar/revoke", headers=SAME)
    assert stopped.status_code == 303
    assert client.get(second).status_code == 404
    assert client.get("/feeds/nothing-like-a-secret.ics").status_code == 404


def test_the_forms_refuse_a_post_from_another_site(app: Flask, dossier: str) -> None:
    client = _english(app)
    for headers in ({}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "http://evil.example"}):
        assert client.post(f"/dossiers/{dossier}/calendar", headers=headers).status_code == 403
    page = client.get(f"/dossiers/{dossier}/calendar").get_data(as_text=True)
    assert "no calendar link yet" in page  # nothing was made
    address = _made(client, dossier).removeprefix("https://a.nl")
    assert client.post(f"/dossiers/{dossier}/calendar/revoke").status_code == 403
    assert client.get(address).status_code == 200  # still works: the refused form stopped nothing


def test_a_dossier_in_the_bin_shows_no_calendar(app: Flask, dossier: str) -> None:
    client = app.test_client()
    address = _made(client, dossier).removeprefix("https://a.nl")
    client.post(f"/dossiers/{dossier}/delete", data={"version": "1"}, headers=SAME)
    assert client.get(address).status_code == 404
    assert "/calendar" not in client.get(f"/dossiers/{dossier}").get_data(as_text=True)
