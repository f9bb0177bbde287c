"""Finding one's own notes: a gemeente's name or a word from a meeting finds its dossier, on SQLite and on
PostgreSQL; what is found follows every change in the change's own transaction."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy

from aantafel import load_library
from aantafel.dossiers.model import Move, Participant, Record
from aantafel.dossiers.store import Store, open_store
from aantafel.usecases.search import search, snippet
from tests.accounts import acting, make_team

WHEN = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
NOTES = "De wethouder wil pas na de begroting over de huurverlaging praten."


def _found(store: Store, query: str, language: str = "nl") -> list[tuple[str, str]]:
    return [(hit.kind, hit.id) for hit in store.search_dossiers(query, language)]


@pytest.fixture
def filled(store: Store) -> tuple[str, str, str]:
    """A dossier with Gemeente Utrecht, a meeting with notes, and an agreement."""
    dossier = store.create_dossier(
        {"title": "Huur buurthuis", "counterpart": "Gemeente Utrecht", "goal": "Lagere huur"}, author="a"
    )
    meeting = store.add_meeting(
        dossier.id,
        starts_at=WHEN,
        place="Stadskantoor",
        people=[Participant(name="Jan Pietersen", side="theirs", role="wethouder", binding="yes")],
        author="a",
    )
    store.record_meeting(meeting.id, Record(notes=NOTES), expected_version=meeting.version, author="a")
    agreement = store.add_agreement(
        dossier.id, what="Offerte sturen", side="ours", person="Karim", author="a"
    )
    return dossier.id, meeting.id, agreement.id


def test_a_gemeentes_name_and_a_word_from_the_notes_are_found(
    store: Store, filled: tuple[str, str, str]
) -> None:
    dossier, meeting, agreement = filled
    assert _found(store, "Utrecht") == [("dossier", dossier)]
    assert _found(store, "huurverlaging") == [("meeting", meeting)]
    assert _found(store, "Pietersen") == [("meeting", meeting)]
    assert _found(store, "Karim offerte") == [("agreement", agreement)]
    assert _found(store, "utrech") == [("dossier", dossier)], "the last word may be the start of one"
    assert _found(store, "Utrecht huurverlaging") == [], (
        "every word must be in one dossier, meeting or agreement"
    )
    assert _found(store, "begroting", "en") == [("meeting", meeting)], "a Dutch word from the English side"
    [hit] = store.search_dossiers("stadskantoor", "nl")
    assert (hit.dossier_title, hit.starts_at) == ("Huur buurthuis", WHEN)


def test_an_edit_makes_the_new_word_findable_and_the_old_one_not(
    store: Store, filled: tuple[str, str, str]
) -> None:
    dossier, meeting, agreement = filled
    store.update_dossier(dossier, {"counterpart": "Gemeente Zeist"}, expected_version=1, author="a")
    assert _found(store, "Utrecht") == []
    assert _found(store, "Zeist") == [("dossier", dossier)]
    record = Record(
        notes="Afgesproken: eerst de kozijnen", moves=(Move(side="theirs", kind="offered", what="sleutel"),)
    )
    store.record_meeting(meeting, record, expected_version=store.meeting(meeting).version, author="a")
    assert _found(store, "huurverlaging") == []
    assert _found(store, "kozijnen sleutel") == [("meeting", meeting)]
    store.update_agreement(
        agreement,
        what="Begroting lezen",
        side="ours",
        person="",
        due=None,
        if_broken="",
        expected_version=1,
        author="a",
    )
    assert _found(store, "Karim") == []
    assert _found(store, "begroting") == [("agreement", agreement)]


def test_a_dossier_in_the_bin_is_not_found_until_it_is_restored(
    store: Store, filled: tuple[str, str, str]
) -> None:
    dossier, _meeting, _agreement = filled
    deleted = store.delete_dossier(dossier, expected_version=1, author="a")
    assert _found(store, "Utrecht") == []
    assert _found(store, "huurverlaging") == []
    store.restore_dossier(dossier, expected_version=deleted.version, author="a")
    assert _found(store, "Utrecht") == [("dossier", dossier)]


def test_an_imported_dossier_is_found(store: Store, filled: tuple[str, str, str], database_url: str) -> None:
    dossier, meeting, _agreement = filled
    rows = store.export_rows(dossier)
    with store._engine.begin() as connection:
        connection.execute(sqlalchemy.text("DELETE FROM dossiers"))
    assert _found(store, "huurverlaging") == []
    store.import_rows(rows)
    assert _found(store, "huurverlaging") == [("meeting", meeting)]


def test_the_migration_indexes_what_was_written_before_it(
    filled: tuple[str, str, str], database_url: str
) -> None:
    _dossier, meeting, _agreement = filled
    store = open_store(database_url)
    with store._engine.begin() as connection:  # as a database at 0009 had it: rows, and no search table
        if store._engine.dialect.name == "sqlite":
            connection.execute(sqlalchemy.text("DROP TABLE search_fts"))
        connection.execute(sqlalchemy.text("DROP TABLE search_texts"))
        connection.execute(sqlalchemy.text("UPDATE alembic_version SET version_num = '0009'"))
    store.close()
    upgraded = open_store(database_url)
    assert _found(upgraded, "huurverlaging") == [("meeting", meeting)]
    upgraded.close()


def test_accounts_mode_finds_only_the_persons_own_organisations(store: Store) -> None:
    team = make_team(store)
    oost = acting(store, team.member)
    west = acting(store, team.other)
    mine = oost.create_dossier({"title": "Oost", "counterpart": "Gemeente Utrecht"}, author="x")
    theirs = west.create_dossier({"title": "West", "counterpart": "Gemeente Utrecht"}, author="x")
    assert _found(oost, "Utrecht") == [("dossier", mine.id)]
    assert _found(west, "Utrecht") == [("dossier", theirs.id)]
    assert _found(acting(store, team.trainer), "Utrecht") == [("dossier", mine.id)], "a trainer reads"
    assert len(_found(store, "Utrecht")) == 2


@pytest.mark.parametrize(
    "query",
    ['"', '"Utrecht', "*", "Utr*", "-", "-Utrecht", "AND", "Utrecht AND", "NEAR(", "a:b", "'", "x" * 1000],
)
def test_odd_input_finds_something_or_nothing_but_never_fails(
    store: Store, filled: tuple[str, str, str], query: str
) -> None:
    dossier, _meeting, _agreement = filled
    found = _found(store, query)
    assert found in ([], [("dossier", dossier)])
    if query.strip('"*-') in ("Utrecht", "Utr"):
        assert found == [("dossier", dossier)]
    assert _found(store, " ".join([query] * 30)) in ([], [("dossier", dossier)])


def test_the_library_and_the_dossiers_come_in_their_own_groups(
    store: Store, filled: tuple[str, str, str]
) -> None:
    library = load_library()
    found = search(library, store, "huurverlaging", "nl")
    assert [hit.kind for hit in found.dossiers] == ["meeting"]
    [hit] = found.dossiers
    marked = [text for text, is_marked in hit.snippet.parts() if is_marked]
    assert marked == ["huurverlaging"]
    assert "".join(text for text, _marked in hit.snippet.parts()) == hit.snippet.text
    assert search(library, None, "afspraken", "nl").library, "the library alone, without a database"
    assert search(library, None, "afspraken", "nl").dossiers == ()


def test_a_snippet_is_a_short_piece_around_the_first_word_found() -> None:
    long = "Eerst ging het over parkeren. " * 20 + NOTES + " Daarna over de zaal." * 20
    piece = snippet(long, "huurverlaging", "nl")
    assert piece.text.startswith("… ")
    assert piece.text.endswith(" …")
    assert len(piece.text) < 180
    [(start, end)] = piece.marks
    assert piece.text[start:end] == "huurverlaging"
    assert snippet("kort\nen goed", "niets", "nl").text == "kort en goed"


def test_a_snippet_marks_each_word_found_in_its_piece_and_none_past_or_across_its_end() -> None:
    """Only the words up to the first one found and those in the piece are looked at: every found word in
    the piece is still marked, one after it is not, and one cut off at the piece's end is not either."""
    piece = snippet("Eerst de huur, toen de huren." + " Verder de zaal." * 30 + " Weer huur.", "huur", "nl")
    assert [text for text, marked in piece.parts() if marked] == ["huur", "huren"]
    cut = snippet("huurprijs" * 5, "huurp", "nl", length=20)
    assert cut.text == "huurprijshuurprijshu …"
    assert cut.marks == ()


def test_an_edit_of_several_fields_at_once_makes_each_word_findable(
    store: Store, filled: tuple[str, str, str]
) -> None:
    """One save writes a history entry per field and refreshes the search once, after the last."""
    dossier, _meeting, _agreement = filled
    changed = {
        "counterpart": "Gemeente Zeist",
        "goal": "Kozijnen vervangen",
        "limits": "Hoogstens tienduizend",
    }
    store.update_dossier(dossier, changed, expected_version=1, author="a")
    for word in ("Zeist", "kozijnen", "tienduizend"):
        assert _found(store, word) == [("dossier", dossier)], word
    assert _found(store, "Utrecht") == []
