"""Writing down what happened in a meeting, in the browser; another tab's edit is never overwritten."""

from __future__ import annotations

import re

from aantafel_web.app import create_app
from tests.web import SAME, planned_meeting


def test_a_record_is_saved_and_shown_again() -> None:
    client = create_app({"TESTING": True}).test_client()
    meeting = planned_meeting(client)
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
    meeting = planned_meeting(client)
    assert (
        client.post(
            f"{meeting}/record", data={"version": "1", "notes": "eerste tab"}, headers=SAME
        ).status_code
        == 303
    )
    stale = client.post(f"{meeting}/record", data={"version": "1", "notes": "tweede tab"}, headers=SAME)
    assert stale.status_code == 409
    kept = stale.get_data(as_text=True)
    assert "Iemand anders heeft intussen dezelfde velden veranderd." in kept
    assert "tweede tab</textarea>" in kept
    assert '<p class="text">eerste tab</p>' in kept
    page = client.get(meeting).get_data(as_text=True)
    assert "eerste tab" in page
    assert "tweede tab" not in page


def _movement(page: str) -> list[str]:
    """The 'what' of every movement line the page shows, written or empty."""
    return re.findall(r'name="move_what" value="([^"]*)"', page)


def test_movement_is_added_changed_and_removed_line_by_line() -> None:
    client = create_app({"TESTING": True}).test_client()
    meeting = planned_meeting(client)
    first = {
        "version": "1",
        "move_side": ["ours", "theirs"],
        "move_kind": ["offered", "promised"],
        "move_what": ["Zaal gratis voor de buurt", "Subsidie voor twee jaar"],
        "move_condition": ["", "als de raad instemt"],
    }
    assert client.post(f"{meeting}/record", data=first, headers=SAME).status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    assert _movement(page) == ["Zaal gratis voor de buurt", "Subsidie voor twee jaar", "", ""]
    assert 'value="als de raad instemt"' in page
    assert '<option value="promised" selected>beloofd</option>' in page

    emptied = {**first, "version": "2", "move_what": ["", "Subsidie voor drie jaar"]}
    assert client.post(f"{meeting}/record", data=emptied, headers=SAME).status_code == 303
    page = client.get(meeting).get_data(as_text=True)
    assert _movement(page) == ["Subsidie voor drie jaar", "", ""]


def test_saving_the_page_keeps_movement_written_elsewhere() -> None:
    """Movement typed in the terminal shows in the form, so saving the page does not wipe it."""
    from aantafel.dossiers.model import Move, Record
    from aantafel.dossiers.store import open_store

    client = create_app({"TESTING": True}).test_client()
    meeting_id = planned_meeting(client).rsplit("/", 1)[1]
    terminal = open_store()
    move = Move(side="theirs", kind="conceded", what="Huur omlaag", condition="")
    terminal.record_meeting(meeting_id, Record(moves=(move,)), expected_version=1, author="cli")
    page = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert _movement(page) == ["Huur omlaag", "", ""]
    form = {
        "version": "2",
        "notes": "Goed gesprek",
        "move_side": ["theirs", "ours", "ours"],
        "move_kind": ["conceded", "offered", "offered"],
        "move_what": ["Huur omlaag", "", ""],
        "move_condition": ["", "", ""],
    }
    assert client.post(f"/meetings/{meeting_id}/record", data=form, headers=SAME).status_code == 303
    assert terminal.record(meeting_id).moves == (move,)
    assert terminal.record(meeting_id).notes == "Goed gesprek"
    terminal.close()


def test_a_made_up_side_is_refused_and_nothing_changes() -> None:
    client = create_app({"TESTING": True}).test_client()
    meeting = planned_meeting(client)
    forged = {"version": "1", "move_side": ["iedereen"], "move_kind": ["offered"], "move_what": ["x"]}
    refused = client.post(f"{meeting}/record", data=forged, headers=SAME)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "beweging 1" in page  # the core's refusal, named at the move, in the page's language
    assert 'name="move_what" value="x"' in page  # what was typed is kept
    assert 'name="move_what" value="x"' not in client.get(meeting).get_data(as_text=True)
