"""Mistakes undone: a meeting called off or put in the bin, an agreement withdrawn or put in the bin, a
person taken from the table; each restorable, each in the history. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from aantafel.cli import cli
from aantafel.dossiers.store import Store
from aantafel.dossiers.story import what_changed
from aantafel.ics import feed

Invoke = Callable[..., Result]

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(days=7)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", f"sqlite:///{tmp_path / 'aantafel.sqlite'}")
    monkeypatch.setenv("AANTAFEL_AUTHOR", "Fatima")
    return lambda *args: CliRunner().invoke(cli, list(args))


def _dossier(store: Store) -> str:
    return store.create_dossier({"title": "Huur buurthuis"}, author="a").id


def test_a_cancelled_meeting_stays_in_the_timeline_but_is_no_ones_next_meeting(store: Store) -> None:
    dossier = _dossier(store)
    first = store.add_meeting(dossier, starts_at=SOON, place="Stadhuis", author="a")
    second = store.add_meeting(dossier, starts_at=SOON + timedelta(days=7), author="a")
    assert store.next_meetings([dossier]) == {dossier: first.starts_at}
    called_off = store.cancel_meeting(first.id, expected_version=1, author="Fatima")
    assert called_off.cancelled_at is not None
    assert [m.id for m in store.meetings(dossier)] == [first.id, second.id]  # still in the timeline
    assert store.next_meetings([dossier]) == {dossier: second.starts_at}
    assert store.cancel_meeting(first.id, expected_version=2, author="a").version == 2  # already: nothing
    back = store.cancel_meeting(first.id, expected_version=2, author="Kees", cancelled=False)
    assert back.cancelled_at is None
    assert [what_changed(c, "nl") for c in store.history(dossier)[-2:]] == [
        f"zegde gesprek {first.id[:4]} af",
        f"liet gesprek {first.id[:4]} toch doorgaan",
    ]


def test_a_meeting_in_the_bin_leaves_the_lists_search_and_calendar_and_comes_back(store: Store) -> None:
    dossier = _dossier(store)
    meeting = store.add_meeting(dossier, starts_at=SOON, place="Wijkcentrum De Klomp", author="a")
    assert store.search_dossiers("Klomp", "nl")
    store.remove_meeting(meeting.id, expected_version=1, author="a")
    assert store.meetings(dossier) == []
    assert [m.id for m in store.meetings(dossier, in_bin=True)] == [meeting.id]
    assert [m.id for m in store.binned_meetings()] == [meeting.id]
    assert store.next_meetings([dossier]) == {}
    assert not store.search_dossiers("Klomp", "nl")
    assert b"Klomp" not in feed(store, dossier, "nl")
    store.restore_meeting(meeting.id, expected_version=2, author="a")
    assert [m.id for m in store.meetings(dossier)] == [meeting.id]
    assert store.search_dossiers("Klomp", "nl")
    assert store.binned_meetings() == []


def test_a_cancelled_meeting_is_marked_so_in_the_calendar(store: Store) -> None:
    dossier = _dossier(store)
    meeting = store.add_meeting(dossier, starts_at=SOON, author="a")
    store.cancel_meeting(meeting.id, expected_version=1, author="a")
    [event] = Calendar.from_ical(feed(store, dossier, "nl")).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"


def test_an_agreement_withdrawn_stays_listed_and_one_in_the_bin_leaves_every_list(store: Store) -> None:
    dossier = _dossier(store)
    late = store.add_agreement(dossier, what="Taxatie", side="theirs", due=date(2020, 1, 1), author="a")
    mistake = store.add_agreement(dossier, what="Per ongeluk", side="ours", due=date(2020, 1, 2), author="a")
    assert store.overdue_counts([dossier]) == {dossier: 2}
    withdrawn = store.set_agreement_status(late.id, "withdrawn", expected_version=1, author="a")
    assert withdrawn.status == "withdrawn"
    assert [a.id for a in store.agreements(dossier)] == [late.id, mistake.id]
    assert [a.id for a in store.agreements(status="withdrawn")] == [late.id]
    store.remove_agreement(mistake.id, expected_version=1, author="a")
    assert [a.id for a in store.agreements(dossier)] == [late.id]
    assert store.overdue_counts([dossier]) == {}
    assert store.count_agreements("overdue") == 0
    assert store.due_agreements(date(2030, 1, 1)) == []  # no reminder for it either
    assert [a.id for a in store.agreements(in_bin=True)] == [mistake.id]
    store.undo(dossier, store.history(dossier)[-1].id or 0, author="a")  # the history undoes it too
    assert [a.id for a in store.agreements(dossier)] == [late.id, mistake.id]
    actions = [c.action for c in store.history(dossier)]
    assert actions[-3:] == ["agreement status", "agreement removed", "undone"]


def test_the_cli_cancels_removes_restores_and_takes_a_person_from_the_table(run: Invoke) -> None:
    dossier = json.loads(run("dossier", "new", "--title", "Huur", "--json").stdout)["id"]
    added = run(
        "meeting", "add", dossier, "--when", "15-12-2030 14:00",
        "--person", "Wethouder Jansen; zij; wethouder; ja", "--person", "Per ongeluk; wij; ; weet niet",
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    meeting = json.loads(run("meeting", "list", dossier, "--json").stdout)["meetings"][0]["id"]
    gone = run("meeting", "edit", meeting, "--remove-person", "per  ongeluk")
    assert gone.exit_code == 0, gone.stderr
    people = json.loads(run("meeting", "show", meeting, "--json").stdout)["participants"]
    assert [p["name"] for p in people] == ["Wethouder Jansen"]
    nobody = run("meeting", "edit", meeting, "--remove-person", "Bakker")
    assert nobody.exit_code == 2
    assert "Bakker zit niet aan deze tafel. Aan tafel zitten: Wethouder Jansen" in nobody.stderr
    called_off = run("meeting", "cancel", meeting)
    assert "is afgezegd. Gaat het toch door? aantafel meeting resume" in called_off.stdout
    assert "(afgezegd)" in run("meeting", "list", dossier).stdout
    assert run("meeting", "resume", meeting).exit_code == 0
    assert "(afgezegd)" not in run("meeting", "list", dossier).stdout
    binned = run("meeting", "remove", meeting)
    assert f"aantafel meeting restore {meeting}" in binned.stdout
    assert run("meeting", "list", dossier).stdout == ""
    assert meeting in run("meeting", "list", dossier, "--bin").stdout
    assert run("meeting", "restore", meeting).exit_code == 0
    agreement = json.loads(
        run("agreement", "add", dossier, "--what", "Offerte", "--side", "zij", "--json").stdout
    )["id"]
    assert "ingetrokken" in run("agreement", "withdraw", agreement, "--note", "niet meer nodig").stdout
    assert run("agreement", "remove", agreement).exit_code == 0
    assert run("agreement", "list", "--dossier", dossier, "--json").stdout.count(agreement) == 0
    assert agreement in run("agreement", "list", "--bin").stdout
    assert "Afspraak" in run("agreement", "restore", agreement).stdout
    history = run("dossier", "history", dossier).stdout
    for said in ("zegde gesprek", "liet gesprek", "zette gesprek", "haalde gesprek", "zette afspraak"):
        assert said in history
