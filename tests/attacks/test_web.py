"""Item 1 and the web parts of item 10 of the attack: nothing from outside exhausts the server's memory, a
long list comes a page at a time, and no link on a page leads to another site."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from aantafel.dossiers.model import (
    AGREEMENTS_LIMIT,
    MEETINGS_LIMIT,
    MOVES_LIMIT,
    PEOPLE_LIMIT,
    InvalidDossier,
    Move,
    Participant,
    Record,
)
from aantafel.dossiers.store import Store, open_store
from aantafel_web import memory, paging
from aantafel_web.app import MEMORY
from aantafel_web.context import DATABASE_URL
from tests.web import SAME


def _memory(app: Flask) -> memory.PageMemory:
    kept = app.extensions[MEMORY]
    assert isinstance(kept, memory.PageMemory)
    return kept


def _big_dossier(url: str, agreements: int, length: int) -> str:
    store = open_store(url)
    try:
        dossier = store.create_dossier({"title": "Huur buurthuis"}, author="test")
        for number in range(agreements):
            store.add_agreement(
                dossier.id, what=f"{number} " + "x" * (length - 10), side="ours", author="test"
            )
        return dossier.id
    finally:
        store.close()


def test_made_up_query_arguments_do_not_fill_the_page_memory(app: Flask, client: FlaskClient) -> None:
    """The repro: a big dossier page fetched as ?v=1 … ?v=300 grew the server by 1.3 GB. Arguments no page
    reads are one page now."""
    dossier = _big_dossier(app.config[DATABASE_URL], 10, 20_000)
    first = client.get(f"/dossiers/{dossier}")
    for number in range(1, 60):
        again = client.get(f"/dossiers/{dossier}?v={number}", headers={"Cookie": f"junk={number}"})
        assert again.data == first.data
    assert len(_memory(app).pages) == 1


def test_the_page_memory_stays_within_its_bytes(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages that do differ (a search per word) are kept up to ``BYTES`` together, the least recently asked
    going first; one page too large to keep is made each time."""
    monkeypatch.setattr(memory, "BYTES", 2_000_000)
    monkeypatch.setattr(memory, "LARGEST", 500_000)
    dossier = _big_dossier(app.config[DATABASE_URL], 8, 20_000)  # a page of about 170 KB
    kept = _memory(app)
    for number in range(40):
        assert (
            client.get(f"/dossiers/{dossier}?q={number}", headers={"Accept-Encoding": "gzip"}).status_code
            == 200
        )
        held = sum(
            len(page.body) + len(page.packed[1] if page.packed else b"") for page in kept.pages.values()
        )
        assert held == kept.size <= memory.BYTES
    assert 5 <= len(kept.pages) < 40
    assert ("q", "39") in next(reversed(kept.pages))[3]  # the newest stays
    huge = _big_dossier(app.config[DATABASE_URL], 30, 20_000)  # about 620 KB
    client.get(f"/dossiers/{huge}")
    assert not any(huge in key[2] for key in kept.pages)


def test_a_form_with_too_many_fields_is_refused_before_it_is_read(client: FlaskClient) -> None:
    """330,000 fields were accepted; Django stops at 1,000, and so does this page now."""
    body = "&".join(f"f{number}=x" for number in range(5_000))
    refused = client.post(
        "/dossiers/new", data=body, content_type="application/x-www-form-urlencoded", headers=SAME
    )
    assert refused.status_code == 413
    assert "te groot" in refused.get_data(as_text=True)
    assert client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).status_code == 303


def test_a_record_with_thousands_of_moves_or_people_is_refused_and_stores_nothing(store: Store) -> None:
    """One POST of 989 KB stored 20,000 moves and made a meeting page of 16 MB."""
    dossier = store.create_dossier({"title": "Huur"}, author="test")
    meeting = store.add_meeting(dossier.id, starts_at=datetime(2026, 12, 1, 10, tzinfo=UTC), author="test")
    moves = tuple(Move(side="ours", kind="offered", what=f"zet {n}") for n in range(MOVES_LIMIT + 1))
    with pytest.raises(InvalidDossier, match=r"too many: the moves \(201; the limit is 200\)"):
        store.record_meeting(meeting.id, Record(moves=moves), expected_version=meeting.version, author="t")
    assert store.record(meeting.id).moves == ()
    store.record_meeting(
        meeting.id, Record(moves=moves[:MOVES_LIMIT]), expected_version=meeting.version, author="t"
    )
    assert len(store.record(meeting.id).moves) == MOVES_LIMIT
    people = tuple(Participant(name=f"Iemand {n}") for n in range(PEOPLE_LIMIT + 1))
    with pytest.raises(InvalidDossier, match="the people at the table"):
        store.add_meeting(dossier.id, starts_at=meeting.starts_at, people=people, author="test")
    assert len(store.meetings(dossier.id)) == 1


def test_a_dossier_holds_a_bounded_number_of_agreements_and_meetings(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="test")
    for number in range(AGREEMENTS_LIMIT):
        store.add_agreement(dossier.id, what=f"afspraak {number}", side="ours", author="test")
    with pytest.raises(InvalidDossier, match="the agreements in this dossier"):
        store.add_agreement(dossier.id, what="nog een", side="ours", author="test")
    assert len(store.agreements(dossier.id)) == AGREEMENTS_LIMIT
    start = datetime(2026, 12, 1, 10, tzinfo=UTC)
    for _ in range(MEETINGS_LIMIT):
        store.add_meeting(dossier.id, starts_at=start, author="test")
    with pytest.raises(InvalidDossier, match="the meetings in this dossier"):
        store.add_meeting(dossier.id, starts_at=start, author="test")


def test_the_dossier_list_comes_a_page_at_a_time(app: Flask, client: FlaskClient) -> None:
    """/dossiers/ with 2,700 dossiers answered 32 requests a second; a page of 50 costs the same at any
    size."""
    store = open_store(app.config[DATABASE_URL])
    try:
        for number in range(paging.SIZE * 2 + 7):
            store.create_dossier({"title": f"Dossier nummer {number}"}, author="test")
    finally:
        store.close()
    first = client.get("/dossiers/").get_data(as_text=True)
    assert first.count("Dossier nummer") == paging.SIZE
    assert "Pagina 1 van 3" in first
    assert 'href="?page=2"' in first
    last = client.get("/dossiers/?page=3").get_data(as_text=True)
    assert last.count("Dossier nummer") == 7
    assert "Dossier nummer 0<" in last  # the oldest change comes last
    assert client.get("/dossiers/?page=4").status_code == 404
    assert client.get("/dossiers/?page=twee").status_code == 400


def test_the_language_link_never_leads_to_another_site(client: FlaskClient) -> None:
    """``/%5Cevil.example/x`` gave ``href="/\\evil.example/x?lang=en"``, which browsers read as
    http://evil.example/x. The link is only a query now, kept on this page."""
    page = client.get("/%5Cevil.example/x").get_data(as_text=True)
    assert "evil.example" not in page
    search = client.get("/search?q=huur&v=1").get_data(as_text=True)
    assert 'href="?q=huur&amp;lang=en"' in search


@pytest.mark.parametrize("host", ["[::1]", "[::1]:8080", "localhost:5000", "127.0.0.1"])
def test_the_page_answers_on_this_computer_by_any_of_its_names(client: FlaskClient, host: str) -> None:
    """``aantafel serve --host ::1`` answered every request with a 400."""
    assert client.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "[::2]:80", "127.0.0.1.evil.example", "a b"])
def test_another_host_name_gets_a_400_that_says_what_to_do(client: FlaskClient, host: str) -> None:
    refused = client.get("/", headers={"Host": host})
    assert refused.status_code == 400
    assert "AANTAFEL_TRUSTED_HOSTS" in refused.get_data(as_text=True)
    assert "Deze pagina antwoordt niet op deze naam" in refused.get_data(as_text=True)


def test_pages_with_dossiers_are_never_stored_by_the_browser(client: FlaskClient) -> None:
    """Dossier pages sent no ``Cache-Control: no-store``: a shared computer kept them in its cache."""
    created = client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME)
    dossier = created.headers["Location"]
    for url in ("/dossiers/", dossier, dossier, f"{dossier}/edit", f"{dossier}/sheet"):
        assert client.get(url).headers.get("Cache-Control") == "no-store", url
    assert "no-store" not in client.get("/library").headers.get("Cache-Control", "")


def test_a_dossiers_agreements_come_a_page_at_a_time(app: Flask, client: FlaskClient) -> None:
    dossier = _big_dossier(app.config[DATABASE_URL], paging.SIZE + 10, 20)
    first = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert first.count('href="/agreements/') == paging.SIZE  # each with its link to change it
    assert 'href="?page=2#agreements"' in first
    assert client.get(f"/dossiers/{dossier}?page=2").get_data(as_text=True).count('href="/agreements/') == 10
