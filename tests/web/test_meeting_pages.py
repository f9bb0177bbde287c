"""Planning and preparing a meeting in the browser: values kept on a mistake, answers saved as they come."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient

from tests.web import SAME, versions

PLAN = {
    "date": "2026-12-15",
    "time": "14:00",
    "place": "Stadhuis",
    "purpose": "Huur bespreken",
    "name0": "Wethouder Jansen",
    "side0": "theirs",
    "role0": "wethouder",
    "binding0": "yes",
}


def test_plan_a_meeting_and_see_it_in_the_dossier(client: FlaskClient, dossier: str) -> None:
    planned = client.post(f"/dossiers/{dossier}/meetings/new", data=PLAN, headers=SAME)
    assert planned.status_code == 303
    page = client.get(planned.headers["Location"]).get_data(as_text=True)
    assert "15 december 2026, 14:00" in page
    assert "Wethouder Jansen (zij, wethouder): mag bindend afspreken" in page
    assert planned.headers["Location"] in client.get(f"/dossiers/{dossier}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nl", "Kees (wij): nog niet bekend of die bindend mag afspreken"),
        ("en", "Kees (ours): not yet known whether they can make binding agreements"),
    ],
)
def test_a_person_not_known_to_bind_cannot_be_read_as_binding(
    client: FlaskClient, dossier: str, language: str, said: str
) -> None:
    """'onbekend of bindend' read as 'unknown or binding': the words now say what is not known."""
    person = {"name0": "Kees", "side0": "ours", "role0": "", "binding0": "unknown"}
    planned = client.post(f"/dossiers/{dossier}/meetings/new", data={**PLAN, **person}, headers=SAME)
    page = client.get(f"{planned.headers['Location']}?lang={language}").get_data(as_text=True)
    assert said in page
    form = client.get(f"/dossiers/{dossier}/meetings/new?lang={language}").get_data(as_text=True)
    assert f'<option value="unknown">{said.split(": ")[1]}</option>' in form


def test_a_missing_date_keeps_everything_typed(client: FlaskClient, dossier: str) -> None:
    response = client.post(f"/dossiers/{dossier}/meetings/new", data={**PLAN, "date": ""}, headers=SAME)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Vul een datum in" in page
    for value in ("Stadhuis", "Huur bespreken", "Wethouder Jansen", "wethouder"):
        assert value in page
    assert '<option value="yes" selected>' in page


def test_preparation_is_saved_per_answer_and_shows_advice(client: FlaskClient, dossier: str) -> None:
    meeting = client.post(f"/dossiers/{dossier}/meetings/new", data=PLAN, headers=SAME).headers["Location"]
    first = client.post(
        f"{meeting}/prepare",
        data={
            **versions(client, meeting),
            "answer-bindende-afspraken": "no",
            "text-bindende-afspraken": "Jansen komt niet",
        },
        headers=SAME,
    )
    assert first.status_code == 303
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Je antwoorden zijn bewaard" in page
    assert 'name="answer-bindende-afspraken" value="no" checked' in page
    assert "Jansen komt niet" in page
    assert "Vraag het aan het begin van het gesprek" in page  # the advice for a no
    later = {**versions(client, meeting), "answer-emoties-vorig-gesprek": "yes"}
    assert client.post(f"{meeting}/prepare", data=later, headers=SAME).status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    assert 'name="answer-bindende-afspraken" value="no" checked' in page
    assert 'name="answer-emoties-vorig-gesprek" value="yes" checked' in page


def test_an_open_check_takes_a_written_answer_that_can_fill_the_dossier(
    client: FlaskClient, dossier: str
) -> None:
    """The goal and the limits are open questions: a text field, no yes or no; "weet ik nog niet" brings
    the advice; a ticked box puts the answer in the dossier's own field too."""
    meeting = client.post(f"/dossiers/{dossier}/meetings/new", data=PLAN, headers=SAME).headers["Location"]
    page = client.get(meeting).get_data(as_text=True)
    goal = page[page.index("Wat is het doel van onze gesprekken?") : page.index("Moet ik emoties")]
    assert 'type="radio"' not in goal
    assert 'name="text-doel-van-het-gesprek"' in goal
    assert "Nu staat er: Lager" in goal  # the dossier's goal, which a tick would replace
    form = {
        **versions(client, meeting),
        "text-doel-van-het-gesprek": "Huur omlaag naar 800 euro",
        "fill-doel-van-het-gesprek": "1",
        "answer-grenzen": "unsure",
    }
    saved = client.post(f"{meeting}/prepare", data=form, headers=SAME)
    assert saved.status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    assert "Huur omlaag naar 800 euro</textarea>" in page
    assert "Ga vooraf met je team zitten" in page  # the limits' advice, for a not sure
    assert "Huur omlaag naar 800 euro" in client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    unticked = client.post(
        f"{meeting}/prepare",
        data={**versions(client, meeting), "text-grenzen": "Niet boven 900 euro"},
        headers=SAME,
    )
    assert unticked.status_code == 303
    assert "Niet boven 900 euro" not in client.get(f"/dossiers/{dossier}").get_data(as_text=True)


def test_a_note_without_a_yes_or_no_is_named_and_kept_while_the_rest_is_saved(
    client: FlaskClient, dossier: str
) -> None:
    meeting = client.post(f"/dossiers/{dossier}/meetings/new", data=PLAN, headers=SAME).headers["Location"]
    form = {
        **versions(client, meeting),
        "text-bindende-afspraken": "Jansen weet het niet",
        "answer-emoties-vorig-gesprek": "no",
    }
    refused = client.post(f"{meeting}/prepare", data=form, headers=SAME)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Niet alles kon worden bewaard." in page
    assert "begin je antwoord met ja, nee of weet niet" in page
    assert "Jansen weet het niet</textarea>" in page  # what was typed is not lost
    assert 'name="answer-emoties-vorig-gesprek" value="no" checked' in client.get(meeting).get_data(
        as_text=True
    )  # the other answer was saved


def test_a_forged_answer_or_an_unknown_meeting_stores_nothing(client: FlaskClient, dossier: str) -> None:
    meeting = client.post(f"/dossiers/{dossier}/meetings/new", data=PLAN, headers=SAME).headers["Location"]
    forged = client.post(
        f"{meeting}/prepare", data={"answer-grenzen": "no"}, headers={"Origin": "http://evil"}
    )
    assert forged.status_code == 403
    odd = client.post(
        f"{meeting}/prepare",
        data={**versions(client, meeting), "answer-bindende-afspraken": "misschien"},
        headers=SAME,
    )
    assert odd.status_code == 422
    assert "het antwoord: &#39;misschien&#39; is niet een van: ja, nee, weet niet" in odd.get_data(
        as_text=True
    )
    assert not re.search(r'type="radio"[^>]* checked', client.get(meeting).get_data(as_text=True))
    assert client.get("/meetings/abcdef12").status_code == 404
    assert client.post("/meetings/abcdef12/prepare", data={}, headers=SAME).status_code == 404


def test_the_dossier_shows_its_meetings_as_a_timeline(client: FlaskClient, dossier: str) -> None:
    today = date.today()
    days = {"vorige maand": -30, "later": 60, "vandaag": 0, "volgende week": 7}  # planned in another order
    for purpose, offset in days.items():
        plan = {**PLAN, "date": (today + timedelta(days=offset)).isoformat(), "purpose": purpose}
        assert client.post(f"/dossiers/{dossier}/meetings/new", data=plan, headers=SAME).status_code == 303
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    timeline = page[page.index('<ol class="timeline">') : page.index("</ol>")]
    states = re.findall(r'<li class="(\w+)"><span class="state">([^<]+)</span>.*?<br>([^<]+)</li>', timeline)
    assert states == [
        ("past", "geweest", "vorige maand"),
        ("today", "vandaag", "vandaag"),
        ("next", "volgende", "volgende week"),
        ("planned", "gepland", "later"),
    ]
    english = client.get(f"/dossiers/{dossier}?lang=en").get_data(as_text=True)
    assert '<span class="state">past</span>' in english
    assert '<span class="state">next</span>' in english


def test_a_moved_meeting_is_changed_in_the_browser_and_keeps_its_preparation(
    client: FlaskClient, dossier: str
) -> None:
    meeting = client.post(f"/dossiers/{dossier}/meetings/new", data=PLAN, headers=SAME).headers["Location"]
    open_check = {**versions(client, meeting), "text-grenzen": "nog bespreken"}
    assert client.post(f"{meeting}/prepare", data=open_check, headers=SAME).status_code == 303
    form = client.get(f"{meeting}/edit").get_data(as_text=True)
    assert "<h1>Gesprek aanpassen</h1>" in form
    assert 'value="2026-12-15"' in form
    assert 'value="Wethouder Jansen"' in form
    assert 'name="version" value="1"' in form
    moved = {
        **PLAN,
        "date": "2026-12-22",
        "time": "10:30",
        "version": "1",
        "name1": "Fatima",
        "side1": "ours",
    }
    saved = client.post(f"{meeting}/edit", data=moved, headers=SAME)
    assert saved.status_code == 303
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "22 december 2026, 10:30" in page
    assert "Fatima (wij): nog niet bekend of die bindend mag afspreken" in page
    assert "nog bespreken" in page  # the preparation stays with the meeting
    # An old tab, still at version 1, changes the place: merged, the move and Fatima stay.
    merged = client.post(f"{meeting}/edit", data={**PLAN, "version": "1", "place": "Buurthuis"}, headers=SAME)
    assert merged.status_code == 303
    page = client.get(merged.headers["Location"]).get_data(as_text=True)
    assert "22 december 2026, 10:30" in page
    assert "Buurthuis" in page
    assert "Fatima (wij): nog niet bekend of die bindend mag afspreken" in page
    # Another, also at version 1, moves it to another day: both dates, and a choice.
    other = {**PLAN, "version": "1", "date": "2026-12-29"}
    stale = client.post(f"{meeting}/edit", data=other, headers=SAME)
    assert stale.status_code == 409
    again = stale.get_data(as_text=True)
    assert "Iemand anders heeft intussen dezelfde velden veranderd." in again
    assert "<legend>Wanneer</legend>" in again
    assert 'value="2026-12-29"' in again  # what this person typed
    assert 'value="Buurthuis"' in again  # and the other tab's place, not the old one
    assert 'name="version" value="3"' in again
    assert "22 december 2026, 10:30" in client.get(meeting).get_data(as_text=True)  # nothing overwritten


def test_a_wrong_value_in_the_meeting_form_keeps_everything_and_says_why_in_dutch(
    client: FlaskClient, dossier: str
) -> None:
    meeting = client.post(f"/dossiers/{dossier}/meetings/new", data=PLAN, headers=SAME).headers["Location"]
    for changed, message in (
        ({"date": "morgen"}, "Vul een datum in"),
        ({"place": "x" * 20_001}, "te lang: de plaats (20.001 tekens; het maximum is 20.000)"),
    ):
        refused = client.post(f"{meeting}/edit", data={**PLAN, "version": "1", **changed}, headers=SAME)
        assert refused.status_code == 422
        page = refused.get_data(as_text=True)
        assert message in page
        assert 'value="Wethouder Jansen"' in page
    assert client.post(f"{meeting}/edit", data=PLAN, headers=SAME).status_code == 400  # no version
    assert (
        client.post(
            f"{meeting}/edit", data={**PLAN, "version": "1"}, headers={"Origin": "http://evil"}
        ).status_code
        == 403
    )


def test_the_edit_form_has_room_for_everyone_at_the_table(client: FlaskClient, dossier: str) -> None:
    crowded = {**PLAN, **{f"name{row}": f"Persoon {row}" for row in range(4)}}
    meeting = client.post(f"/dossiers/{dossier}/meetings/new", data=crowded, headers=SAME).headers["Location"]
    more = {**crowded, "version": "1", "name4": "Persoon 4"}  # a fifth in the extra row of the form
    form = client.get(f"{meeting}/edit").get_data(as_text=True)
    assert 'id="name4"' in form
    assert client.post(f"{meeting}/edit", data=more, headers=SAME).status_code == 303
    form = client.get(f"{meeting}/edit").get_data(as_text=True)
    assert 'value="Persoon 4"' in form
    assert 'id="name5"' in form  # and room for one more
    assert client.post(f"{meeting}/edit", data={**more, "version": "2"}, headers=SAME).status_code == 303
    assert "Persoon 4" in client.get(meeting).get_data(as_text=True)


def test_a_mistake_does_not_grow_the_form_and_an_odd_row_number_is_ignored(
    client: FlaskClient, dossier: str
) -> None:
    empty_rows = {f"name{row}": "" for row in range(4)}
    refused = client.post(
        f"/dossiers/{dossier}/meetings/new", data={**empty_rows, "date": "morgen"}, headers=SAME
    )
    assert refused.status_code == 422
    assert 'id="name3"' in refused.get_data(as_text=True)
    assert 'id="name4"' not in refused.get_data(as_text=True)  # four rows, as before the mistake
    odd = {**PLAN, "name99999": "Niemand"}
    planned = client.post(f"/dossiers/{dossier}/meetings/new", data=odd, headers=SAME)
    assert planned.status_code == 303
    assert "Niemand" not in client.get(planned.headers["Location"]).get_data(as_text=True)
