"""Writing down what happened in a meeting, in the browser; another tab's edit is never overwritten."""

from __future__ import annotations

from flask.testing import FlaskClient

from aantafel_web.app import create_app

SAME = {"Sec-Fetch-Site": "same-origin"}


def _meeting(client: FlaskClient) -> str:
    dossier = client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).headers["Location"]
    planned = client.post(
        f"{dossier}/meetings/new", data={"date": "2026-12-15", "time": "14:00"}, headers=SAME
    )
    return str(planned.headers["Location"])


def test_a_record_is_saved_and_shown_again() -> None:
    client = create_app({"TESTING": True}).test_client()
    meeting = _meeting(client)
    written = {
        "version": "1",
        "notes": "Huur besproken",
        "emotions": "Wethouder geïrriteerd",
        "went_well": "Doel helder",
        "do_differently": "Eerder cijfers vragen",
        "used": ["niet-concreet", "bestaat-niet"],
    }
    saved = client.post(f"{meeting}/record", data=written, headers=SAME)
    assert saved.status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    for text in ("Huur besproken", "Wethouder geïrriteerd", "Doel helder", "Eerder cijfers vragen"):
        assert text in page
    assert 'name="used" value="niet-concreet" checked' in page
    assert "bestaat-niet" not in page


def test_a_second_tab_gets_changed_meanwhile() -> None:
    client = create_app({"TESTING": True}).test_client()
    meeting = _meeting(client)
    assert (
        client.post(
            f"{meeting}/record", data={"version": "1", "notes": "eerste tab"}, headers=SAME
        ).status_code
        == 303
    )
    stale = client.post(f"{meeting}/record", data={"version": "1", "notes": "tweede tab"}, headers=SAME)
    assert stale.status_code == 409
    assert "intussen door iemand anders veranderd" in stale.get_data(as_text=True)
    page = client.get(meeting).get_data(as_text=True)
    assert "eerste tab" in page
    assert "tweede tab" not in page
