"""Issue 12, item 4 and parts of items 9 and 10: an import checked by the rules the forms use, no NUL or
broken character reaching the database by any path, and stored text shown harmlessly on the terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from click.testing import CliRunner

from aantafel.cli import cli
from aantafel.dossiers.exchange import export_dossier, import_dossier, read_payload
from aantafel.dossiers.model import TEXT_LIMIT, DossierError, Move, Participant, Record
from aantafel.dossiers.store import Store, open_store

Payload = dict[str, Any]
LATER = datetime(2030, 1, 15, 14, 0, tzinfo=UTC)


@pytest.fixture
def exported(tmp_path: Path) -> Iterator[Payload]:
    """A real export with a bit of everything, made in a scratch database of its own."""
    source = open_store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    dossier = source.create_dossier({"title": "Huur buurthuis", "goal": "Lagere huur"}, author="Fatima")
    meeting = source.add_meeting(
        dossier.id,
        starts_at=LATER,
        place="Stadhuis",
        people=[Participant(name="Jansen", role="wethouder", binding="yes")],
        author="Fatima",
    )
    source.record_meeting(
        meeting.id,
        Record(notes="Kennismaking", moves=(Move(side="theirs", kind="offered", what="850"),)),
        expected_version=1,
        author="Fatima",
    )
    source.answer(meeting.id, "grenzen", "yes", "Niet boven 900", expected_version=0, author="Kees")
    source.add_agreement(
        dossier.id,
        what="Taxatie sturen",
        side="theirs",
        due=date(2030, 2, 1),
        meeting_id=meeting.id,
        author="Kees",
    )
    yield export_dossier(source, dossier.id)
    source.close()


def _nothing_stored(store: Store) -> bool:
    return store.dossiers() == [] and store.dossiers(in_bin=True) == []


def _refused(store: Store, payload: Payload) -> str:
    """The message an import of ``payload`` is refused with (through the file, as the command reads it);
    nothing may have been stored."""
    with pytest.raises(DossierError) as caught:
        import_dossier(store, read_payload(json.dumps(payload)))
    assert _nothing_stored(store)
    return str(caught.value)


Change = Callable[[Payload], object]


def _meeting(p: Payload) -> Payload:
    first: Payload = p["meetings"][0]
    return first


FORM_RULES: list[tuple[str, Change, str]] = [
    (
        "id not hex",
        lambda p: p["dossier"].update(id="ZZZZ-not-hex"),
        "dossier.id: 'ZZZZ-not-hex' is not an id",
    ),
    ("meeting id", lambda p: _meeting(p).update(id="Stadhuis"), "meetings[0].id: 'Stadhuis' is not an id"),
    ("empty title", lambda p: p["dossier"].update(title="  "), "fill in dossier.title"),
    (
        "status",
        lambda p: p["agreements"][0].update(status="pwned"),
        "agreements[0].status: 'pwned' is not one of: open, done, broken",
    ),
    ("side", lambda p: p["agreements"][0].update(side="evil"), "agreements[0].side: 'evil' is not one of"),
    (
        "participant side",
        lambda p: _meeting(p)["participants"][0].update(side="evil"),
        "meetings[0].participants[0]: 'evil' is not one of",
    ),
    ("move kind", lambda p: _meeting(p)["moves"][0].update(kind="stole"), "meetings[0].moves[0]: 'stole'"),
    (
        "verdict",
        lambda p: _meeting(p)["answers"][0].update(verdict="maybe"),
        "meetings[0].answers[0].verdict: 'maybe' is not one of",
    ),
    ("history action", lambda p: p["history"][0].update(action="hacked"), "history[0].action: 'hacked'"),
    (
        "negative version",
        lambda p: p["dossier"].update(version=-5),
        "dossier.version: -5 is not a whole number",
    ),
    (
        "huge version",
        lambda p: _meeting(p).update(version=2**63),
        "meetings[0].version: 9,223,372,036,854,775,808 is not a whole number from 1 to 1,000,000,000",
    ),
    (
        "huge position",
        lambda p: _meeting(p)["moves"][0].update(position=2**63),
        "meetings[0].moves[0].position",
    ),
    (
        "field too long",
        lambda p: p["dossier"].update(goal="x" * (TEXT_LIMIT + 1)),
        "too long: dossier.goal (20,001 characters; the limit is 20,000)",
    ),
    ("nul", lambda p: p["dossier"].update(goal="a\x00b"), "dossier.goal: this holds a NUL character"),
    (
        "nul nested",
        lambda p: _meeting(p)["participants"][0].update(role="wet\x00houder"),
        "meetings[0].participants[0].role: this holds a NUL character",
    ),
    (
        "nul in history",
        lambda p: p["history"][0].update(author="\x00"),
        "history[0].author: this holds a NUL",
    ),
    ("nul in a key", lambda p: p["dossier"].update({"go\x00al": ""}), "dossier.go\\x00al: this holds a NUL"),
    (
        "lone surrogate",
        lambda p: p["dossier"].update(title="Huur \udcff"),
        "dossier.title: this holds a broken character",
    ),
    (
        "lone surrogate in a key",
        lambda p: _meeting(p).update({"\ud800": 1}),
        "meetings[0].\\ud800: this holds a broken character",
    ),
    ("format version", lambda p: p.update(version=-5), "this is not an exported aantafel dossier"),
    (
        "meeting of elsewhere",
        lambda p: p["agreements"][0].update(meeting_id="0badcafe"),
        "agreements[0].meeting_id: there is no meeting 0badcafe in this file",
    ),
    (
        "the same meeting twice",
        lambda p: p["meetings"].append(dict(_meeting(p))),
        "meetings[1]: this is in the file twice",
    ),
    (
        "a person twice",
        lambda p: _meeting(p)["participants"].append(dict(_meeting(p)["participants"][0])),
        "meetings[0].participants[1]: this is in the file twice",
    ),
    (
        "too many people",
        lambda p: _meeting(p)["participants"].extend(
            {**_meeting(p)["participants"][0], "position": n} for n in range(1, 51)
        ),
        "too many: meetings[0].participants (51; the limit is 50)",
    ),
    (
        "too many agreements",
        lambda p: p["agreements"].extend(
            {**p["agreements"][0], "id": f"{n:08x}", "meeting_id": None} for n in range(1, 301)
        ),
        "too many: the agreements in this dossier (301; the limit is 300)",
    ),
]


@pytest.mark.parametrize(
    ("change", "message"), [case[1:] for case in FORM_RULES], ids=[c[0] for c in FORM_RULES]
)
def test_an_import_is_held_to_the_rules_of_the_forms_and_stores_nothing_when_refused(
    store: Store, exported: Payload, change: Change, message: str
) -> None:
    change(exported)
    assert message in _refused(store, exported)


def test_a_meeting_of_another_dossier_cannot_be_taken_over_by_an_import(
    store: Store, exported: Payload
) -> None:
    other = store.create_dossier({"title": "Ander dossier"}, author="a")
    theirs = store.add_meeting(other.id, starts_at=LATER, author="a")
    exported["agreements"][0]["meeting_id"] = theirs.id
    with pytest.raises(DossierError, match=f"there is no meeting {theirs.id} in this file"):
        import_dossier(store, exported)
    _meeting(exported)["id"] = theirs.id
    exported["agreements"][0]["meeting_id"] = theirs.id
    with pytest.raises(DossierError, match=f"meeting {theirs.id} of this file is already in this database"):
        import_dossier(store, exported)
    assert [d.id for d in store.dossiers()] == [other.id]
    assert store.meeting(theirs.id).dossier_id == other.id


def test_an_export_of_an_old_sqlite_file_with_a_nul_is_refused_alike_on_every_database(
    store: Store, tmp_path: Path
) -> None:
    """An older aantafel could store a NUL on SQLite; its export says where the NUL is, on both databases,
    instead of failing inside PostgreSQL."""
    old = tmp_path / "old.sqlite"
    source = open_store(f"sqlite:///{old}")
    dossier = source.create_dossier({"title": "Huur"}, author="a")
    engine = sqlalchemy.create_engine(f"sqlite:///{old}")
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("UPDATE dossiers SET goal = 'a' || char(0) || 'b'"))
    engine.dispose()
    payload = export_dossier(source, dossier.id)
    source.close()
    assert payload["dossier"]["goal"] == "a\x00b"  # type: ignore[index]
    assert "dossier.goal: this holds a NUL character" in _refused(store, payload)


def test_a_refused_import_exits_non_zero_and_stores_nothing(tmp_path: Path, exported: Payload) -> None:
    exported["dossier"]["id"] = "ZZZZ-not-hex"
    file = tmp_path / "dossier.json"
    file.write_text(json.dumps(exported), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(file)])
    assert result.exit_code == 1
    assert "dossier.id: 'ZZZZ-not-hex' is geen id" in result.stderr
    listed = CliRunner().invoke(cli, ["dossier", "list", "--json"])
    assert json.loads(listed.stdout) == {"dossiers": []}


def test_a_file_that_never_ends_is_not_read_whole(tmp_path: Path) -> None:
    """A device or pipe says its size is 0; reading stops just past the limit."""
    result = CliRunner().invoke(cli, ["import", "/dev/zero"])
    assert result.exit_code == 1
    assert "groter dan 20.000.000 bytes" in result.stderr


# Item 9: every path by which a NUL reached PostgreSQL ------------------------------------------------------


def test_no_text_the_store_writes_can_hold_a_nul(store: Store) -> None:
    dossier = store.create_dossier({"title": "Huur"}, author="a")
    meeting = store.add_meeting(dossier.id, starts_at=LATER, author="a")
    agreement = store.add_agreement(dossier.id, what="Taxatie", side="theirs", author="a")
    writes: list[Callable[[], object]] = [
        lambda: store.set_agreement_status(agreement.id, "done", expected_version=1, author="a", note="\x00"),
        lambda: store.record_meeting(
            meeting.id, Record(interventions=("a\x00",)), expected_version=1, author="a"
        ),
        lambda: store.update_dossier(dossier.id, {"goal": "x"}, expected_version=1, author="a\x00"),
        lambda: store.answer(meeting.id, "grenzen", "yes", expected_version=0, author="a\x00"),
        lambda: store.update_dossier(dossier.id, {"goal": "\udcff"}, expected_version=1, author="a"),
    ]
    for write in writes:
        with pytest.raises(DossierError) as caught:
            write()
        assert caught.value.reason in {"nul", "surrogate", "not an intervention"}
    assert [change.action for change in store.history(dossier.id)] == [
        "created",
        "meeting added",
        "agreement added",
    ]


@pytest.mark.parametrize(
    ("method", "path"), [("get", "/dossiers/a%00b"), ("post", "/dossiers/a%00b/agreements/new")]
)
def test_a_nul_in_a_web_address_is_a_page_not_found(database_url: str, method: str, path: str) -> None:
    """On PostgreSQL these were a 503 saying the dossiers could not be opened."""
    from aantafel_web.app import create_app
    from aantafel_web.context import STORE

    app = create_app({"TESTING": True, "AANTAFEL_DATABASE_URL": database_url})
    data = {"what": "Taxatie", "who": "zij"}
    response = getattr(app.test_client(), method)(path, data=data, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 404
    app.extensions[STORE].close()


def test_a_broken_character_on_the_command_line_is_refused_by_name(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 in an argument reach Python as lone surrogates; they ended in an
    unexpected error when the database was written."""
    environment = {
        **os.environ,
        "AANTAFEL_DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite'}",
        "LANG": "C.UTF-8",
    }
    argument = os.fsencode("Huur ") + b"\xff"
    done = subprocess.run(
        [sys.executable, "-m", "aantafel.cli", "dossier", "new", "--title", argument],
        capture_output=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 1
    assert b"de titel: hier staat een kapot teken in" in done.stderr
    assert b"UnicodeEncodeError" not in done.stderr


# Item 10: stored control characters are shown, not obeyed --------------------------------------------------


def test_dossier_show_shows_escape_sequences_instead_of_sending_them_to_the_terminal(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    store = open_store(url)
    dossier = store.create_dossier(
        {"title": "Huur\x1b]0;pwned\x07", "goal": "regel 1\n\tregel 2\x1b[2J\x9b31m"}, author="a\x1b[8m"
    )
    meeting = store.add_meeting(dossier.id, starts_at=LATER, place="Stad\x1bhuis", author="a")
    notes = Record(notes="regel 1\n\tregel 2\x1b[2J")
    store.record_meeting(meeting.id, notes, expected_version=1, author="a")
    store.add_agreement(dossier.id, what="Taxatie\r\x1b[K", side="theirs", author="a")
    store.close()
    for args in (
        ["dossier", "show", dossier.id],
        ["dossier", "list"],
        ["dossier", "history", dossier.id],
        ["meeting", "list", dossier.id],
        ["meeting", "show", meeting.id],
        ["agreement", "list"],
    ):
        shown = CliRunner().invoke(cli, [*args, "--db", url])
        assert shown.exit_code == 0, shown.output
        assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in shown.stdout), args
    show = CliRunner().invoke(cli, ["dossier", "show", dossier.id, "--db", url]).stdout
    assert "Huur\\x1b]0;pwned\\x07" in show
    assert "regel 1 regel 2\\x1b[2J\\x9b31m" in show
    notes_shown = CliRunner().invoke(cli, ["meeting", "show", meeting.id, "--db", url]).stdout
    assert "regel 1\nregel 2\\x1b[2J" in notes_shown


def test_newlines_and_tabs_stay_and_every_other_control_character_is_shown() -> None:
    from aantafel.plaintext import harmless

    assert harmless("regel 1\n\tregel 2") == "regel 1\n\tregel 2"
    assert harmless("\x1b[2J\r\x9b\x7f\udcff") == "\\x1b[2J\\x0d\\x9b\\x7f\\udcff"
