"""The dossier store as the CLI, the web page and the coach use it, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import sqlalchemy

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.model import (
    TEXT_LIMIT,
    AboutOne,
    ChangedMeanwhile,
    DossierError,
    InvalidDossier,
    UnknownDossier,
)
from aantafel.dossiers.store import Store, StoreError, open_store

HUUR = {"title": "Huur buurthuis", "counterpart": "Gemeente Utrecht", "goal": "Een lagere huur"}


def test_a_new_dossier_reads_back_with_its_fields(store: Store) -> None:
    before = datetime.now(UTC)
    created = store.create_dossier({**HUUR, "limits": "  Niet meer dan 900 euro  "}, author="Fatima")
    found = store.dossier(created.id)
    assert found == created
    assert (found.title, found.counterpart, found.goal) == (HUUR["title"], HUUR["counterpart"], HUUR["goal"])
    assert found.limits == "Niet meer dan 900 euro"
    assert found.version == 1
    assert found.deleted_at is None
    assert before <= found.created_at <= datetime.now(UTC)
    assert [(c.action, c.author) for c in store.history(found.id)] == [("created", "Fatima")]


def test_a_dossier_is_found_by_the_start_of_its_id(store: Store) -> None:
    created = store.create_dossier(HUUR, author="a")
    assert store.dossier(created.id[:4]) == created
    assert store.dossier(created.id.upper()) == created
    with pytest.raises(UnknownDossier, match="there is no dossier 'ffffffffff'"):
        store.dossier("ffffffffff")
    with pytest.raises(UnknownDossier, match="is not the id of a dossier"):
        store.dossier("huur'; DROP TABLE dossiers; --")


def test_refusals_say_what_and_which_but_name_no_command(store: Store) -> None:
    """A front-end adds its own way to find an id (the CLI a command, the web page a link)."""
    created = store.create_dossier(HUUR, author="a")
    store.update_dossier(created.id, {"goal": "Eerste tab"}, expected_version=1, author="a")
    refusals: list[tuple[Callable[[], object], type[AboutOne], str, str]] = [
        (lambda: store.dossier("ffffffffff"), UnknownDossier, "dossier", "ffffffffff"),
        (lambda: store.dossier("huur"), UnknownDossier, "dossier", "huur"),
        (lambda: store.meeting("ffff"), UnknownDossier, "meeting", "ffff"),
        (lambda: store.agreement("ffff"), UnknownDossier, "agreement", "ffff"),
        (
            lambda: store.add_meeting("ffff", starts_at=datetime.now(UTC), author="a"),
            UnknownDossier,
            "dossier",
            "ffff",
        ),
        (
            lambda: store.answer("ffff", "grenzen", "yes", expected_version=0, author="a"),
            UnknownDossier,
            "meeting",
            "ffff",
        ),
        (
            lambda: store.update_dossier(created.id, {"goal": "x"}, expected_version=1, author="b"),
            ChangedMeanwhile,
            "dossier",
            created.id,
        ),
    ]
    for refused, error, what, reference in refusals:
        with pytest.raises(error) as caught:
            refused()
        assert (caught.value.what, caught.value.reference) == (what, reference)
        assert "aantafel" not in str(caught.value)


def test_list_shows_the_most_recently_changed_first(store: Store) -> None:
    first = store.create_dossier(HUUR, author="a")
    second = store.create_dossier({"title": "Subsidie speeltuin"}, author="a")
    store.update_dossier(first.id, {"goal": "Huur omlaag"}, expected_version=1, author="a")
    assert [d.id for d in store.dossiers()] == [first.id, second.id]


def test_an_edit_keeps_its_history(store: Store) -> None:
    created = store.create_dossier(HUUR, author="Fatima")
    updated = store.update_dossier(
        created.id, {"goal": "Huur naar 800 euro", "title": HUUR["title"]}, expected_version=1, author="Kees"
    )
    assert updated.version == 2
    assert updated.goal == "Huur naar 800 euro"
    assert updated.updated_at >= created.updated_at
    edits = [c for c in store.history(created.id) if c.action == "edited"]
    assert [(c.author, c.field, c.old, c.new) for c in edits] == [
        ("Kees", "goal", "Een lagere huur", "Huur naar 800 euro")
    ]


def test_the_last_change_mark_moves_with_every_write_to_a_dossier(store: Store) -> None:
    """The web page keeps a dossier's page until this mark moves; a write that left it alone would show a
    stale page."""
    from datetime import date

    from aantafel.dossiers.model import Record

    created = store.create_dossier(HUUR, author="a")
    other = store.create_dossier({"title": "Subsidie speeltuin"}, author="a")
    assert store.last_change("ffffffff") == (0, 0)
    marks = [store.last_change(created.id)]
    store.update_dossier(created.id, {"goal": "Huur omlaag"}, expected_version=1, author="a")
    marks.append(store.last_change(created.id))
    meeting = store.add_meeting(created.id, starts_at=datetime(2026, 12, 15, 14, tzinfo=UTC), author="a")
    marks.append(store.last_change(created.id))
    store.answer(meeting.id, "wie-aan-tafel", "no", expected_version=0, author="a")
    marks.append(store.last_change(created.id))
    store.record_meeting(meeting.id, Record(notes="Goed gesprek"), expected_version=1, author="a")
    marks.append(store.last_change(created.id))
    agreement = store.add_agreement(
        created.id, what="Taxatie", side="theirs", due=date(2027, 1, 5), author="a"
    )
    marks.append(store.last_change(created.id))
    store.set_agreement_status(agreement.id, "done", expected_version=1, author="a")
    marks.append(store.last_change(created.id))
    store.delete_dossier(created.id, expected_version=2, author="a")
    marks.append(store.last_change(created.id))
    assert len(set(marks)) == len(marks), marks
    assert store.last_change(other.id) == (1, store.last_change(other.id)[1])  # only its own history counts


def test_a_stale_update_is_refused_and_nothing_is_stored(store: Store) -> None:
    created = store.create_dossier(HUUR, author="a")
    store.update_dossier(created.id, {"goal": "Eerste tab"}, expected_version=1, author="a")
    with pytest.raises(ChangedMeanwhile, match="changed meanwhile"):
        store.update_dossier(
            created.id, {"goal": "Tweede tab", "limits": "x"}, expected_version=1, author="b"
        )
    current = store.dossier(created.id)
    assert (current.goal, current.limits, current.version) == ("Eerste tab", "", 2)
    assert [c.author for c in store.history(created.id)] == ["a", "a"]


def test_an_update_without_changes_keeps_the_version(store: Store) -> None:
    created = store.create_dossier(HUUR, author="a")
    same = store.update_dossier(created.id, {"goal": HUUR["goal"]}, expected_version=1, author="a")
    assert same.version == 1
    assert len(store.history(created.id)) == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": "   "}, "fill in the title"),
        ({"counterpart": "Gemeente"}, "fill in the title"),
        ({"title": "x" * 201}, "too long: the title (201 characters; the limit is 200)"),
        (
            {"title": "t", "goal": "x" * (TEXT_LIMIT + 1)},
            "too long: the goal (20,001 characters; the limit is 20,000)",
        ),
        ({"title": "t", "titel": "x"}, "titel is not a field of a dossier; use one of: title, counterpart"),
        ({"title": "t", "goal": 5}, "the goal: this must be text"),
        ({"title": "t", "goal": "a\x00b"}, "the goal: this holds a NUL character"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(
    store: Store, values: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidDossier) as caught:
        store.create_dossier(values, author="a")
    assert str(caught.value).startswith(message)
    assert store.dossiers() == []


def test_a_bad_edit_leaves_the_dossier_as_it_was(store: Store) -> None:
    created = store.create_dossier(HUUR, author="a")
    with pytest.raises(InvalidDossier, match="title"):
        store.update_dossier(created.id, {"goal": "nieuw", "title": ""}, expected_version=1, author="a")
    assert store.dossier(created.id) == created


def test_delete_moves_to_the_bin_and_restore_brings_it_back(store: Store) -> None:
    created = store.create_dossier(HUUR, author="a")
    deleted = store.delete_dossier(created.id, expected_version=1, author="b")
    assert deleted.deleted_at is not None
    assert store.dossiers() == []
    assert [d.id for d in store.dossiers(in_bin=True)] == [created.id]
    with pytest.raises(DossierError, match="in the bin already"):
        store.delete_dossier(created.id, expected_version=2, author="b")
    restored = store.restore_dossier(created.id, expected_version=2, author="c")
    assert restored.deleted_at is None
    assert restored.goal == HUUR["goal"]
    assert [d.id for d in store.dossiers()] == [created.id]
    assert [c.action for c in store.history(created.id)] == ["created", "deleted", "restored"]


def test_opening_again_keeps_the_data_and_the_schema_is_at_head(database_url: str) -> None:
    first = open_store(database_url)
    created = first.create_dossier(HUUR, author="a")
    first.close()
    again = open_store(database_url)
    assert again.dossier(created.id) == created
    with again._engine.connect() as connection:
        version = connection.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalar()
    assert version == HEAD
    again.close()


def test_a_database_from_a_newer_aantafel_is_refused(database_url: str) -> None:
    store = open_store(database_url)
    with store._engine.begin() as connection:
        connection.execute(sqlalchemy.text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match=r"made by a newer aantafel \(database version 9999"):
        open_store(database_url)


def test_the_tables_match_the_migrations(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from aantafel.dossiers.schema import SEARCH_INDEXES, metadata

    def compared(name: str | None, _type: str, _parents: object) -> bool:
        return name not in SEARCH_INDEXES and not (name or "").startswith("search_fts_")

    with store._engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": compared})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_head_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from aantafel.dossiers.store import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_heads() == [HEAD]
