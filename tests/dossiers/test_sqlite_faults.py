"""A damaged or unwritable SQLite database gets a message that names the file and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy

from aantafel.dossiers.store import StoreError, open_store


def test_the_default_file_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.sqlite'}")
    with store._engine.connect() as connection:
        assert connection.execute(sqlalchemy.text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(sqlalchemy.text("PRAGMA foreign_keys")).scalar() == 1
    store.close()


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "nieuw" / "map" / "aantafel.sqlite"
    open_store(f"sqlite:///{path}").close()
    assert path.is_file()


def test_a_file_that_is_not_a_database_is_named_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "aantafel.sqlite"
    path.write_bytes(b"dit is geen database, maar een boodschappenlijstje\n" * 100)
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}")
    message = str(caught.value)
    assert message.startswith(f"{path} is not an aantafel database, or it is damaged")
    assert "Restore a backup" in message
    assert path.read_bytes().startswith(b"dit is geen database")  # nothing was written over it


def test_a_read_only_database_says_it_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data" / "aantafel.sqlite"
    open_store(f"sqlite:///{path}").close()
    monkeypatch.chdir(tmp_path)
    store = open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreError, match=r"cannot be written \(attempt to write a readonly database\)"):
        store.create_dossier({"title": "Huur"}, author="a")
    store.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no folder 'file:' where it ran


def test_a_url_that_is_not_a_database_url(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is not a database URL"):
        open_store("aantafel.sqlite")


def test_a_database_damaged_while_open_is_named_on_the_quick_read_too(tmp_path: Path) -> None:
    """``last_change`` runs on the driver directly (every dossier page asks it); a failure still comes
    out as the store's own message, naming the file."""
    import sqlite3

    path = tmp_path / "aantafel.sqlite"
    store = open_store(f"sqlite:///{path}")
    created = store.create_dossier({"title": "Huur"}, author="a")
    assert store.last_change(created.id)[0] == 1
    with sqlite3.connect(path) as other:
        other.execute("DROP TABLE changes")
    with pytest.raises(StoreError, match=str(path)):
        store.last_change(created.id)
    store.close()
