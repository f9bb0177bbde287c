"""The dossier pages: forms with redirect after POST, values kept on a mistake, and CSRF on every POST."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from aantafel_web import dossiers
from aantafel_web.app import create_app
from aantafel_web.dossiers import CHECK_EVERY
from aantafel_web.memory import SAVED_COOKIE
from tests.web import SAME

HOSTILE = '<script>alert("x")</script>'


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({"Sec-Fetch-Site": "same-site"}, 403),
        ({"Sec-Fetch-Site": "same-origin"}, 303),
        ({"Sec-Fetch-Site": "none"}, 303),
        ({"Origin": "http://localhost"}, 303),
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "null"}, 403),
        ({"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"}, 403),
    ],
)
def test_a_post_must_come_from_this_site(client: FlaskClient, headers: dict[str, str], status: int) -> None:
    response = client.post("/dossiers/new", data={"title": "Huur"}, headers=headers)
    assert response.status_code == status
    if status == 403:
        assert "Dit formulier kwam niet van deze pagina" in response.get_data(as_text=True)
        assert "Nog geen dossiers" in client.get("/dossiers/").get_data(as_text=True)


def test_create_redirects_to_the_new_dossier(client: FlaskClient) -> None:
    created = client.post(
        "/dossiers/new", data={"title": "Huur buurthuis", "counterpart": "Gemeente Utrecht"}, headers=SAME
    )
    assert created.status_code == 303
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "<h1>Huur buurthuis</h1>" in page
    assert "Gemeente Utrecht" in page
    listed = client.get("/dossiers/").get_data(as_text=True)
    assert "Huur buurthuis</a> — Gemeente Utrecht" in listed


def test_a_mistake_keeps_every_value_typed(client: FlaskClient) -> None:
    typed = {"title": "", "goal": "Een lagere huur", "limits": "Niet meer dan 900 euro", "options": "Korting"}
    response = client.post("/dossiers/new", data=typed, headers=SAME)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "de titel: vul dit in" in page
    assert 'id="title" name="title" value="" maxlength="200" required aria-invalid="true"' in page
    for value in typed.values():
        assert value in page
    too_long = client.post("/dossiers/new", data={"title": "x" * 201, "goal": "bewaard"}, headers=SAME)
    assert too_long.status_code == 422
    assert "te lang: de titel (201 tekens; het maximum is 200)" in too_long.get_data(as_text=True)
    assert "bewaard" in too_long.get_data(as_text=True)


def test_what_users_type_is_escaped(client: FlaskClient) -> None:
    created = client.post("/dossiers/new", data={"title": HOSTILE, "goal": HOSTILE}, headers=SAME)
    for url in (created.headers["Location"], "/dossiers/"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in page
        assert "&lt;script&gt;" in page
    kept = client.post("/dossiers/new", data={"title": "", "goal": HOSTILE}, headers=SAME).get_data(
        as_text=True
    )
    assert "<script>alert" not in kept


def test_unknown_dossier_is_404(client: FlaskClient) -> None:
    assert client.get("/dossiers/abcdef12").status_code == 404
    assert client.get("/dossiers/..%2f..%2fetc").status_code == 404


def test_an_overdue_agreement_stands_out(client: FlaskClient) -> None:
    from aantafel.dossiers.store import open_store

    created = client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME)
    dossier_id = created.headers["Location"].rsplit("/", 1)[1]
    store = open_store()
    store.add_agreement(dossier_id, what="Taxatie sturen", side="theirs", due=date(2020, 1, 1), author="a")
    store.close()
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert '<li class="overdue">Taxatie sturen — 1 januari 2020 <strong>(te laat)</strong>' in page


def test_a_form_that_is_far_too_large_gets_a_friendly_message(client: FlaskClient) -> None:
    response = client.post("/dossiers/new", data={"title": "x", "goal": "y" * 2_000_000}, headers=SAME)
    assert response.status_code == 413
    assert "Wat je stuurde is te groot" in response.get_data(as_text=True)
    assert "Nog geen dossiers" in client.get("/dossiers/").get_data(as_text=True)


def test_a_dossier_is_edited_from_its_page(client: FlaskClient) -> None:
    dossier = client.post("/dossiers/new", data={"title": "Huur", "goal": "Lagere huur"}, headers=SAME)
    url = dossier.headers["Location"]
    form = client.get(f"{url}/edit").get_data(as_text=True)
    assert f'href="{url}/edit"' in client.get(url).get_data(as_text=True)
    assert "<h1>Dossier aanpassen</h1>" in form
    assert 'value="Huur"' in form
    assert ">Lagere huur</textarea>" in form
    assert 'name="version" value="1"' in form
    saved = client.post(f"{url}/edit", data={"version": "1", "title": "Huur 2027", "goal": ""}, headers=SAME)
    assert saved.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "<h1>Huur 2027</h1>" in page
    assert "Lagere huur" not in page


def test_an_edit_with_a_mistake_keeps_the_text_and_changes_nothing(client: FlaskClient) -> None:
    url = client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    typed = {"version": "1", "title": "", "goal": "Mijn lange doel"}
    refused = client.post(f"{url}/edit", data=typed, headers=SAME)
    assert refused.status_code == 422
    assert "de titel: vul dit in" in refused.get_data(as_text=True)
    assert "Mijn lange doel" in refused.get_data(as_text=True)
    assert "<h1>Huur</h1>" in client.get(url).get_data(as_text=True)


def test_an_edit_from_a_stale_tab_keeps_both_texts(client: FlaskClient) -> None:
    """Both tabs change the goal: the second gets both texts side by side and a choice; nothing of the
    first is put back, and choosing its own text saves it."""
    url = client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    first = {"version": "1", "title": "Huur", "goal": "Eerste tab", "sources": "Nota 2026"}
    assert client.post(f"{url}/edit", data=first, headers=SAME).status_code == 303
    second = {"version": "1", "title": "Huur", "goal": "Tweede tab", "limits": "900"}
    stale = client.post(f"{url}/edit", data=second, headers=SAME)
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "Iemand anders heeft intussen dezelfde velden veranderd. Er is nog niets opgeslagen" in page
    assert "<legend>Doel</legend>" in page
    assert "Houd de tekst van web:" in page
    assert '<p class="text">Eerste tab</p>' in page
    assert ">Tweede tab</textarea>" in page
    assert ">900</textarea>" in page
    assert 'name="version" value="2"' in page
    assert ">Nota 2026</textarea>" in page  # the first tab's other field is in the form, not the old one
    assert "Eerste tab" in client.get(url).get_data(as_text=True)
    second["sources"] = "Nota 2026"  # as the form now holds it
    keep_theirs = {**second, "version": "2", "keep-goal": "theirs"}
    assert client.post(f"{url}/edit", data=keep_theirs, headers=SAME).status_code == 303
    shown = client.get(url).get_data(as_text=True)
    assert "Eerste tab" in shown
    assert "900" in shown
    keep_mine = {**second, "version": "3", "keep-goal": "mine"}
    assert client.post(f"{url}/edit", data=keep_mine, headers=SAME).status_code == 303
    shown = client.get(url).get_data(as_text=True)
    assert "Tweede tab" in shown
    assert "Nota 2026" in shown


def test_an_edit_of_other_fields_from_a_stale_tab_is_merged_and_says_so(client: FlaskClient) -> None:
    url = client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    first = {"version": "1", "title": "Huur", "goal": "Eerste tab"}
    assert client.post(f"{url}/edit", data=first, headers=SAME).status_code == 303
    second = {"version": "1", "title": "Huur", "goal": "", "limits": "Niet boven 900"}
    saved = client.post(f"{url}/edit", data=second, headers=SAME)
    assert saved.status_code == 303
    assert saved.headers["Location"].endswith("?merged=1")
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert (
        "Intussen hebben anderen andere velden veranderd. Die veranderingen zijn ook bewaard (web: Doel)"
        in page
    )
    assert "Eerste tab" in page
    assert "Niet boven 900" in page
    assert "Intussen" not in client.get(url).get_data(as_text=True)  # the note is for that one view


def test_the_history_page_undoes_a_change_and_the_undo(client: FlaskClient, dossier: str) -> None:
    url = f"/dossiers/{dossier}"
    edit = {"version": "1", "title": "Huur buurthuis", "goal": "Per ongeluk gewist"}
    assert client.post(f"{url}/edit", data=edit, headers=SAME).status_code == 303
    assert "Geschiedenis en ongedaan maken" in client.get(url).get_data(as_text=True)
    page = client.get(f"{url}/history").get_data(as_text=True)
    assert "veranderde Doel: Lager → Per ongeluk gewist" in page
    undo = re.search(r'action="(/dossiers/[0-9a-f]+/undo/\d+)"', page)
    assert undo is not None
    assert page.count('action="/dossiers/') == 1  # "started the dossier" cannot be undone
    done = client.post(undo.group(1), headers=SAME)
    assert done.status_code == 303
    assert "Lager" in client.get(url).get_data(as_text=True)
    page = client.get(f"{url}/history").get_data(as_text=True)
    assert "maakte een verandering van Doel ongedaan: Per ongeluk gewist → Lager" in page
    again = client.post(undo.group(1), headers=SAME)  # the first change again: the goal moved since
    assert again.status_code == 409
    assert "het doel is daarna weer veranderd" in again.get_data(as_text=True)
    assert client.post(f"{url}/undo/999999", headers=SAME).status_code == 409
    assert client.post(undo.group(1)).status_code == 403  # from another site: refused


def test_a_change_made_elsewhere_shows_on_the_dossier_page_within_a_tenth_of_a_second(
    client: FlaskClient, dossier: str
) -> None:
    """The page is kept in memory; a change from the terminal or another worker (another store on the
    same database) shows once the store is asked again, CHECK_EVERY seconds later."""
    from aantafel.dossiers.store import open_store

    assert CHECK_EVERY <= 0.1
    url = f"/dossiers/{dossier}"
    assert "Huur buurthuis" in client.get(url).get_data(as_text=True)
    assert "Huur buurthuis" in client.get(url).get_data(as_text=True)  # from memory
    elsewhere = open_store()
    try:
        changed = elsewhere.update_dossier(
            dossier, {"title": "Huur wijkcentrum"}, expected_version=1, author="terminal"
        )
        time.sleep(CHECK_EVERY)
        assert "Huur wijkcentrum" in client.get(url).get_data(as_text=True)
        agreement = elsewhere.add_agreement(dossier, what="Zaal vrijhouden", side="ours", author="terminal")
        time.sleep(CHECK_EVERY)
        assert "Zaal vrijhouden" in client.get(url).get_data(as_text=True)
        elsewhere.set_agreement_status(agreement.id, "done", expected_version=1, author="terminal")
        time.sleep(CHECK_EVERY)
        assert "Zaal vrijhouden <strong>(gedaan)</strong>" in client.get(url).get_data(as_text=True)
        assert changed.version == 2
        short = client.get(f"/dossiers/{dossier[:5]}").get_data(as_text=True)  # by a short id: made fresh
        assert "Huur wijkcentrum" in short
        elsewhere.update_dossier(dossier, {"title": "Huur sporthal"}, expected_version=2, author="terminal")
        assert "Huur sporthal" in client.get(f"/dossiers/{dossier[:5]}").get_data(as_text=True)
    finally:
        elsewhere.close()


def test_who_saves_sees_the_change_at_once_whichever_worker_answers(
    client: FlaskClient, dossier: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under gunicorn the redirect after a save can land on another worker that keeps the old page; the
    cookie set by the save makes that worker make the page again, however long it would trust it."""
    monkeypatch.setattr(dossiers, "CHECK_EVERY", 3600.0)
    other = create_app({"TESTING": True}).test_client()  # a second worker on the same database
    url = f"/dossiers/{dossier}"
    assert "Zaal vrijhouden" not in other.get(url).get_data(as_text=True)
    assert "Zaal vrijhouden" not in other.get(url).get_data(as_text=True)  # kept by the second worker
    agreement = {"what": "Zaal vrijhouden", "side": "ours"}
    assert client.post(f"{url}/agreements/new", data=agreement, headers=SAME).status_code == 303
    saved = client.get_cookie(SAVED_COOKIE)
    assert saved is not None
    other.set_cookie(SAVED_COOKIE, saved.value)  # the browser sends its cookies to every worker
    assert "Zaal vrijhouden" in other.get(url).get_data(as_text=True)


def test_a_dossier_goes_to_the_bin_and_comes_back(client: FlaskClient, dossier: str) -> None:
    url = f"/dossiers/{dossier}"
    assert "Naar de prullenbak" in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/delete", data={"version": "1"}).status_code == 403  # not from this site
    moved = client.post(f"{url}/delete", data={"version": "1"}, headers=SAME)
    assert moved.status_code == 303
    assert moved.headers["Location"] == "/dossiers/bin"
    in_bin = client.get("/dossiers/bin").get_data(as_text=True)
    assert "Huur buurthuis" in in_bin
    assert "Terugzetten" in in_bin
    listing = client.get("/dossiers/").get_data(as_text=True)
    assert "Huur buurthuis" not in listing
    assert "Prullenbak (1 dossier)" in listing
    page = client.get(url).get_data(as_text=True)
    assert "Dit dossier ligt in de prullenbak." in page
    assert "Naar de prullenbak" not in page
    assert client.post(f"{url}/delete", data={"version": "1"}, headers=SAME).status_code == 409  # an old tab
    restored = client.post(f"{url}/restore", data={"version": "2"}, headers=SAME)
    assert restored.status_code == 303
    assert "Dit dossier ligt in de prullenbak." not in client.get(url).get_data(as_text=True)
    assert "Huur buurthuis" in client.get("/dossiers/").get_data(as_text=True)
    assert "De prullenbak is leeg." in client.get("/dossiers/bin").get_data(as_text=True)


def test_my_dossiers_says_what_comes_next_and_what_is_late(client: FlaskClient, dossier: str) -> None:
    plan = {"date": (date.today() + timedelta(days=7)).isoformat(), "time": "14:00"}
    assert client.post(f"/dossiers/{dossier}/meetings/new", data=plan, headers=SAME).status_code == 303
    late = {"what": "Taxatie sturen", "side": "theirs", "person": "Mevrouw De Vries", "due": "2020-01-10"}
    assert client.post(f"/dossiers/{dossier}/agreements/new", data=late, headers=SAME).status_code == 303
    on_time = {"what": "Zaal vrijhouden", "side": "ours", "due": "2099-01-10"}
    assert client.post(f"/dossiers/{dossier}/agreements/new", data=on_time, headers=SAME).status_code == 303
    page = client.get("/dossiers/").get_data(as_text=True)
    assert "<h2>1 afspraak is te laat</h2>" in page
    assert "<h2>Alle dossiers</h2>" in page
    assert "Taxatie sturen — Mevrouw De Vries — 10 januari 2020" in page
    assert f'<a href="/dossiers/{dossier}#agreements">Huur buurthuis</a>' in page
    assert "Zaal vrijhouden" not in page
    assert f"Volgend gesprek: {(date.today() + timedelta(days=7)).day} " in page
    assert '<strong class="overdue">1 afspraak te laat</strong>' in page
    english = client.get("/dossiers/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h2>1 agreement is late</h2>" in english
    assert "Next meeting: " in english


def test_a_damaged_database_is_named_on_the_dossier_pages_and_the_rest_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "aantafel.sqlite"
    damaged.write_bytes(b"dit is geen database\n" * 200)
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", f"sqlite:///{damaged}")
    client = create_app({"TESTING": True}).test_client()
    refused = client.get("/dossiers/")
    assert refused.status_code == 503
    page = refused.get_data(as_text=True)
    assert "De dossiers kunnen nu niet worden geopend. De rest van aantafel werkt gewoon." in page
    assert f"{damaged} is geen aantafel-database, of hij is beschadigd" in page
    assert "Traceback" not in page
    assert client.get("/").status_code == 200
    assert client.get("/stuck?situation=ze+beloven+niks").status_code == 200
    about = client.get("/about").get_data(as_text=True)  # where the data lives, and what is wrong with it
    assert f"{damaged} is geen aantafel-database" in about
    assert damaged.read_bytes().startswith(b"dit is geen database")  # nothing written over it
    damaged.unlink()  # fixed (here: a fresh file); the next request opens it without a restart
    assert client.get("/dossiers/").status_code == 200


def test_a_dossier_in_the_bin_can_be_read_and_restored_but_not_added_to(
    client: FlaskClient, dossier: str
) -> None:
    assert client.post(f"/dossiers/{dossier}/delete", data={"version": "1"}, headers=SAME).status_code == 303
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert "Terugzetten" in page
    assert "Nieuw gesprek" not in page
    assert "Afspraak toevoegen" not in page
    plan = {"date": "2026-12-15", "time": "14:00"}
    refused = client.post(f"/dossiers/{dossier}/meetings/new", data=plan, headers=SAME)  # an old tab
    assert refused.status_code == 422
    assert "Dat kan nu niet." in refused.get_data(as_text=True)
    assert "ligt in de prullenbak; haal het er eerst uit" in refused.get_data(as_text=True)
