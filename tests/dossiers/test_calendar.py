"""The ``ics`` export: meetings and open agreements in any calendar, checked with a real iCalendar parser."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
from click.testing import CliRunner, Result

from aantafel import load_library
from aantafel.cli import cli
from aantafel.dossiers.store import open_store


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _dossier() -> str:
    store = open_store()
    try:
        dossier = store.create_dossier({"title": "Huur buurthuis, gemeente; Utrecht"}, author="a")
        meeting = store.add_meeting(
            dossier.id,
            starts_at=datetime(2030, 12, 3, 13, 0, tzinfo=UTC),
            place="Stadhuis, kamer 3",
            purpose="Huur bespreken\nen de taxatie",
            author="a",
        )
        store.add_agreement(
            dossier.id,
            what="Gemeente stuurt de taxatie, met onderbouwing " + "heel uitgebreid " * 8,
            side="theirs",
            person="Mevrouw De Vries",
            due=date(2030, 12, 20),
            if_broken="We bellen de wethouder",
            meeting_id=meeting.id,
            author="a",
        )
        store.add_agreement(dossier.id, what="Zonder datum", side="ours", author="a")
        done = store.add_agreement(
            dossier.id, what="Al gedaan", side="ours", due=date(2030, 12, 21), author="a"
        )
        store.set_agreement_status(done.id, "done", expected_version=1, author="a")
        return dossier.id
    finally:
        store.close()


def _events(raw: bytes) -> list[icalendar.Component]:
    return list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))


def test_a_dossier_as_a_calendar_has_its_meetings_and_open_agreements(tmp_path: Path) -> None:
    dossier = _dossier()
    target = tmp_path / "huur.ics"
    written = run("export", dossier, "--what", "dossier", "--format", "ics", "-o", str(target))
    assert written.exit_code == 0, written.output
    raw = target.read_bytes()
    assert all(line.endswith(b"\r") or not line for line in raw.split(b"\n")[:-1])  # CRLF everywhere
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75  # folded at 75 octets
    meeting, agreement = _events(raw)
    assert meeting.decoded("dtstart") == datetime(2030, 12, 3, 13, 0, tzinfo=UTC)
    assert str(meeting["summary"]) == "Gesprek: Huur buurthuis, gemeente; Utrecht"  # commas survive escaping
    assert str(meeting["location"]) == "Stadhuis, kamer 3"
    assert str(meeting["description"]) == "Huur bespreken\nen de taxatie"
    assert agreement.decoded("dtstart") == date(2030, 12, 20)  # all day, on the due date
    assert str(agreement["summary"]).startswith("Afspraak: Gemeente stuurt de taxatie, met onderbouwing heel")
    assert str(agreement["summary"]).endswith("(Mevrouw De Vries)")
    assert str(agreement["description"]) == "Gebeurt het niet? Dan: We bellen de wethouder"


def test_exporting_again_gives_the_same_entries_so_a_calendar_updates_them() -> None:
    dossier = _dossier()
    first = run("export", dossier, "--what", "dossier", "--format", "ics").stdout_bytes
    second = run("export", dossier, "--what", "dossier", "--format", "ics").stdout_bytes
    assert [str(e["uid"]) for e in _events(first)] == [str(e["uid"]) for e in _events(second)]
    assert len({str(e["uid"]) for e in _events(first)}) == 2


def test_the_sheet_as_a_calendar_in_english_and_the_format_everywhere() -> None:
    dossier = _dossier()
    sheet = run("export", dossier, "--format", "ics", "--lang", "en")
    assert sheet.exit_code == 0, sheet.output
    meeting, agreement = _events(sheet.stdout_bytes)
    assert str(meeting["summary"]) == "Meeting: Huur buurthuis, gemeente; Utrecht"
    assert str(agreement["summary"]).startswith("Agreement: ")
    exporter = load_library().exporters()["ics"]
    assert (exporter.media_type, exporter.suffix) == ("text/calendar", ".ics")
    listed = json.loads(run("plugins", "--json").stdout)
    assert any("register_exporters" in plugin["hooks"] for plugin in listed["plugins"])
