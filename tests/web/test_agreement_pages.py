"""Agreements in the browser, two tabs at once, and downloads of the preparation sheet."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.web import SAME

AGREEMENT = {
    "what": "Gemeente stuurt de taxatie",
    "side": "theirs",
    "person": "Mevrouw De Vries",
    "due": "2020-01-10",
}


def _add(client: FlaskClient, dossier: str) -> str:
    added = client.post(f"/dossiers/{dossier}/agreements/new", data=AGREEMENT, headers=SAME)
    assert added.status_code == 303
    return client.get(f"/dossiers/{dossier}").get_data(as_text=True)


def test_an_agreement_is_added_and_an_overdue_one_stands_out(client: FlaskClient, dossier: str) -> None:
    page = _add(client, dossier)
    overdue = "Gemeente stuurt de taxatie — Mevrouw De Vries — 10 januari 2020 <strong>(te laat)</strong>"
    assert overdue in page


def test_a_wrong_due_date_keeps_the_values(client: FlaskClient, dossier: str) -> None:
    response = client.post(
        f"/dossiers/{dossier}/agreements/new", data={**AGREEMENT, "due": "10-01"}, headers=SAME
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul een datum in" in page
    assert "Gemeente stuurt de taxatie" in page
    assert 'value="Mevrouw De Vries"' in page


def test_status_changes_and_two_tabs_never_overwrite_each_other(client: FlaskClient, dossier: str) -> None:
    page = _add(client, dossier)
    action = re.search(r'action="(/agreements/\w+/status)"', page)
    assert action is not None
    done = client.post(action.group(1), data={"version": "1", "status": "done"}, headers=SAME)
    assert done.status_code == 303
    assert "(gedaan)" in client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    stale = client.post(action.group(1), data={"version": "1", "status": "broken"}, headers=SAME)
    assert stale.status_code == 409
    assert "intussen door iemand anders veranderd" in stale.get_data(as_text=True)
    assert "(gedaan)" in client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert (
        client.post(action.group(1), data={"version": "x", "status": "done"}, headers=SAME).status_code == 400
    )


def test_the_sheet_downloads_in_every_format(client: FlaskClient, dossier: str) -> None:
    formats = (
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("json", "application/json"),
        ("ics", "text/calendar"),
    )
    for name, kind in formats:
        response = client.get(f"/dossiers/{dossier}/sheet.{name}")
        assert response.status_code == 200
        assert response.mimetype == kind
        assert (
            response.headers["Content-Disposition"]
            == f'attachment; filename="voorbereiding-{dossier}.{name}"'
        )
    assert (
        client.get(f"/dossiers/{dossier}/sheet.md").get_data(as_text=True).startswith("# Voorbereiding: Huur")
    )
    calendar = client.get(f"/dossiers/{dossier}/sheet.ics").get_data()
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n")
    assert (
        client.get(f"/dossiers/{dossier}?lang=nl").get_data(as_text=True).count("/sheet.ics") == 1
    )  # offered
    assert client.get(f"/dossiers/{dossier}/sheet.exe").status_code == 404
    assert client.get("/dossiers/abcdef12/sheet.md").status_code == 404
    assert client.get(f"/dossiers/{dossier}/sheet.../../etc/passwd").status_code == 404


@pytest.mark.parametrize(
    ("language", "buttons"),
    [
        (
            "nl",
            [
                "Afdrukken (HTML)",
                "Agenda (ics)",
                "Gegevens (JSON)",
                "Tekst met opmaak (md)",
                "Platte tekst (txt)",
            ],
        ),
        ("en", ["Print (HTML)", "Calendar (ics)", "Data (JSON)", "Formatted text (md)", "Plain text (txt)"]),
    ],
)
def test_each_download_says_what_it_is(
    client: FlaskClient, dossier: str, language: str, buttons: list[str]
) -> None:
    page = client.get(f"/dossiers/{dossier}?lang={language}").get_data(as_text=True)
    sheet = re.findall(rf'<a class="button" href="/dossiers/{dossier}/sheet\.\w+">([^<]*)</a>', page)
    assert sheet == buttons  # not "html ics json md txt"
    whole = re.findall(rf'href="/dossiers/{dossier}/dossier\.\w+" aria-label="[^"]*: ([^"]*)">', page)
    assert whole == buttons


def test_a_format_a_plugin_adds_is_named_by_its_title() -> None:
    from aantafel.labels import format_label

    assert format_label("nl", "odt", "OpenDocument") == "OpenDocument (odt)"
    assert format_label("nl", "ics", "iCalendar") == "Agenda (ics)"


def test_the_sheet_opens_in_the_browser_to_print(client: FlaskClient, dossier: str) -> None:
    page = client.get(f"/dossiers/{dossier}")
    assert f'href="/dossiers/{dossier}/sheet"' in page.get_data(as_text=True)
    shown = client.get(f"/dossiers/{dossier}/sheet")
    assert shown.status_code == 200
    assert shown.mimetype == "text/html"
    assert "Content-Disposition" not in shown.headers
    text = shown.get_data(as_text=True)
    assert "<h1>Voorbereiding: Huur" in text
    assert "@page" in text
    style = re.search(r"<style>(.*?)</style>", text, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert len(shown.headers.getlist("Content-Security-Policy")) == 1  # its own, not the default as well
    policy = shown.headers["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}';" in policy  # its own stylesheet, and the page's
    assert "unsafe-inline" not in policy
    assert "default-src 'none'" in policy
    assert shown.headers["X-Frame-Options"] == "DENY"
    assert client.get("/dossiers/abcdef12/sheet").status_code == 404


def test_an_agreement_is_corrected_and_an_old_tab_overwrites_nothing(
    client: FlaskClient, dossier: str
) -> None:
    _add(client, dossier)
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    named = 'aria-label="Aanpassen: Gemeente stuurt de taxatie"'  # which one, for a screen reader
    edit_url = re.search(rf'href="(/agreements/\w+/edit)" {named}>Aanpassen</a>', page)
    assert edit_url is not None
    form = client.get(edit_url.group(1)).get_data(as_text=True)
    assert "<h1>Afspraak aanpassen</h1>" in form
    assert 'value="2020-01-10"' in form
    fixed = {**AGREEMENT, "due": "2099-01-10", "person": "Meneer Bakker", "version": "1"}
    saved = client.post(edit_url.group(1), data=fixed, headers=SAME)
    assert saved.status_code == 303
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert "Meneer Bakker — 10 januari 2099" in page
    assert "<strong>(te laat)</strong>" not in page  # a new due date: no longer overdue
    assert "open 1, te laat 0," in page  # nor in the picture
    # A tab still at version 1 changes what was agreed: merged with the correction, nothing lost.
    merged = client.post(
        edit_url.group(1), data={**AGREEMENT, "version": "1", "what": "Iets anders"}, headers=SAME
    )
    assert merged.status_code == 303
    page = client.get(merged.headers["Location"]).get_data(as_text=True)
    assert "Iets anders" in page
    assert "Meneer Bakker — 10 januari 2099" in page
    # Another one, also at version 1, changes what was agreed too: both texts, and a choice.
    stale = client.post(
        edit_url.group(1), data={**AGREEMENT, "version": "1", "what": "Nog iets"}, headers=SAME
    )
    assert stale.status_code == 409
    again = stale.get_data(as_text=True)
    assert "Iemand anders heeft intussen dezelfde velden veranderd." in again
    assert '<p class="text">Iets anders</p>' in again
    assert ">Nog iets</textarea>" in again
    assert 'value="Meneer Bakker"' in again  # the correction stays in the form
    assert 'name="version" value="3"' in again
    for wrong, message in (
        ({"due": "10-01"}, "Vul een datum in"),
        ({"what": " "}, "wat er is afgesproken: vul dit in"),
    ):
        refused = client.post(edit_url.group(1), data={**fixed, "version": "3", **wrong}, headers=SAME)
        assert refused.status_code == 422
        assert message in refused.get_data(as_text=True)
    assert "Nog iets" not in client.get(f"/dossiers/{dossier}").get_data(as_text=True)


def test_the_whole_dossier_downloads_and_its_json_reads_back_into_aantafel(
    client: FlaskClient, dossier: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from aantafel.cli import cli
    from aantafel.dossiers.store import open_store

    _add(client, dossier)
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert f'href="/dossiers/{dossier}/dossier.json" aria-label="Het hele dossier: Gegevens (JSON)"' in page
    markdown = client.get(f"/dossiers/{dossier}/dossier.md")
    assert markdown.headers["Content-Disposition"] == f'attachment; filename="dossier-{dossier}.md"'
    assert "Gemeente stuurt de taxatie" in markdown.get_data(as_text=True)
    kept = tmp_path / "huur.json"
    kept.write_bytes(client.get(f"/dossiers/{dossier}/dossier.json").get_data())
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", f"sqlite:///{tmp_path / 'elders.sqlite'}")  # another computer
    imported = CliRunner().invoke(cli, ["import", str(kept)])
    assert imported.exit_code == 0, imported.output
    elsewhere = open_store()
    try:
        assert [a.what for a in elsewhere.agreements(dossier)] == ["Gemeente stuurt de taxatie"]
        assert elsewhere.dossier(dossier).title == "Huur buurthuis"
    finally:
        elsewhere.close()
    assert client.get(f"/dossiers/{dossier}/dossier.exe").status_code == 404


def test_a_forged_side_is_refused_in_the_pages_language(client: FlaskClient, dossier: str) -> None:
    forged = {**AGREEMENT, "side": "nobody"}
    dutch = client.post(f"/dossiers/{dossier}/agreements/new", data=forged, headers=SAME)
    assert dutch.status_code == 422
    page = dutch.get_data(as_text=True)
    assert "de kant: &#39;nobody&#39; is niet een van: zij, wij, anders" in page
    assert "not one of" not in page
    assert 'value="Mevrouw De Vries"' in page
    english = client.post(
        f"/dossiers/{dossier}/agreements/new", data=forged, headers={**SAME, "Accept-Language": "en"}
    )
    assert english.status_code == 422
    assert "the side: &#39;nobody&#39; is not one of: theirs, ours, other" in english.get_data(as_text=True)
    assert "Gemeente stuurt de taxatie" not in client.get(f"/dossiers/{dossier}").get_data(as_text=True)
