"""Mistakes undone in the browser: a meeting called off (still in the timeline) or put in the bin, an
agreement withdrawn or put in the bin, a person taken off the table; everything back from the bin."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from flask.testing import FlaskClient

from tests.web import SAME, planned_meeting

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def _version(page: str, action: str) -> str:
    """The version a form posting to ``action`` carries."""
    found = re.search(
        rf'action="{re.escape(action)}"[^>]*>\s*<input type="hidden" name="version" value="(\d+)"', page
    )
    assert found is not None, action
    return found.group(1)


def test_a_meeting_is_called_off_put_in_the_bin_and_restored(client: FlaskClient) -> None:
    meeting = planned_meeting(client)
    page = client.get(meeting).get_data(as_text=True)
    assert "Gaat het gesprek niet door?" in page
    version = _version(page, f"{meeting}/cancel")
    called_off = client.post(f"{meeting}/cancel", data={"version": version, "cancelled": "1"}, headers=SAME)
    assert called_off.status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    assert "Dit gesprek is afgezegd." in page
    dossier = re.search(r'<p class="kind"><a href="(/dossiers/[0-9a-f]+)"', page)
    assert dossier is not None
    timeline = client.get(dossier.group(1)).get_data(as_text=True)
    assert '<li class="cancelled"><span class="state">afgezegd</span>' in timeline
    version = _version(page, f"{meeting}/cancel")
    again = client.post(f"{meeting}/cancel", data={"version": version, "cancelled": "0"}, headers=SAME)
    assert again.status_code == 303
    assert "Dit gesprek is afgezegd." not in client.get(meeting).get_data(as_text=True)

    page = client.get(meeting).get_data(as_text=True)
    binned = client.post(
        f"{meeting}/remove", data={"version": _version(page, f"{meeting}/remove")}, headers=SAME
    )
    assert binned.status_code == 303
    shown = client.get(binned.headers["Location"]).get_data(as_text=True)
    assert "Het gesprek ligt in de prullenbak. Daar kun je het terughalen." in shown
    assert f'href="{meeting}"' not in shown  # gone from the timeline
    bin_page = client.get("/dossiers/bin").get_data(as_text=True)
    assert f'href="{meeting}"' in bin_page
    restored = client.post(
        f"{meeting}/restore", data={"version": _version(bin_page, f"{meeting}/restore")}, headers=SAME
    )
    assert restored.status_code == 303
    assert f'href="{meeting}"' in client.get(dossier.group(1)).get_data(as_text=True)
    history = client.get(f"{dossier.group(1)}/history").get_data(as_text=True)
    for said in ("zegde gesprek", "liet gesprek", "zette gesprek", "haalde gesprek"):
        assert said in history


def test_an_agreement_is_withdrawn_put_in_the_bin_and_restored(client: FlaskClient, dossier: str) -> None:
    url = f"/dossiers/{dossier}"
    client.post(f"{url}/agreements/new", data={"what": "Offerte sturen", "side": "theirs"}, headers=SAME)
    page = client.get(url).get_data(as_text=True)
    status = re.search(r'action="(/agreements/[0-9a-f]+)/status"', page)
    assert status is not None
    agreement = status.group(1)
    withdrawn = client.post(
        f"{agreement}/status",
        data={"version": _version(page, f"{agreement}/status"), "status": "withdrawn"},
        headers=SAME,
    )
    page = client.get(withdrawn.headers["Location"]).get_data(as_text=True)
    assert "Bewaard. De afspraak staat nu op: ingetrokken." in page
    assert "Offerte sturen" in page  # still in the list
    form = client.get(f"{agreement}/edit").get_data(as_text=True)
    binned = client.post(
        f"{agreement}/remove", data={"version": _version(form, f"{agreement}/remove")}, headers=SAME
    )
    page = client.get(binned.headers["Location"]).get_data(as_text=True)
    assert "De afspraak ligt in de prullenbak." in page
    assert "Offerte sturen" not in page
    bin_page = client.get("/dossiers/bin").get_data(as_text=True)
    assert "Offerte sturen · Huur buurthuis" in bin_page
    back = client.post(
        f"{agreement}/restore", data={"version": _version(bin_page, f"{agreement}/restore")}, headers=SAME
    )
    assert "Offerte sturen" in client.get(back.headers["Location"]).get_data(as_text=True)
    assert client.post(f"{agreement}/remove", data={"version": "1"}).status_code == 403  # another site


def test_a_person_is_taken_off_the_table(client: FlaskClient) -> None:
    meeting = planned_meeting(client)
    plan = {"date": "2026-12-15", "time": "14:00", "name0": "Wethouder Jansen", "name1": "Meneer Bakker"}
    assert client.post(f"{meeting}/edit", data={**plan, "version": "1"}, headers=SAME).status_code == 303
    form = client.get(f"{meeting}/edit").get_data(as_text=True)
    assert 'name="remove1"' in form
    assert "Haal van de lijst" in form
    removed = client.post(f"{meeting}/edit", data={**plan, "version": "2", "remove1": "1"}, headers=SAME)
    assert removed.status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    assert "Wethouder Jansen" in page
    assert "Meneer Bakker" not in page


def test_in_the_browser_a_meeting_is_called_off_binned_and_brought_back(
    browser: Browser, server: str
) -> None:
    """Without JavaScript, on a phone's width: every step is a button and a redirect."""
    context = browser.new_context(
        java_script_enabled=False, locale="nl-NL", viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    page.goto(f"{server}/dossiers/new")
    page.fill("#title", "Subsidie speeltuin")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Nieuw gesprek").click()
    page.fill("#date", "2030-12-15")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("button", name="Afzeggen").click()
    assert page.get_by_role("status").first.inner_text().startswith("Dit gesprek is afgezegd.")
    page.get_by_role("link", name="Subsidie speeltuin").click()
    assert page.locator("ol.timeline li.cancelled").inner_text().startswith("afgezegd")
    page.locator("ol.timeline a").click()
    page.get_by_role("button", name="Naar de prullenbak").click()
    assert "Het gesprek ligt in de prullenbak" in page.get_by_role("status").first.inner_text()
    assert page.locator("ol.timeline").count() == 0
    page.get_by_role("link", name="Prullenbak").first.click()
    page.get_by_role("button", name="Terugzetten: 15 december 2030, 00:00").click()
    assert "15 december 2030" in page.locator("h1").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()
