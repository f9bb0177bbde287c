"""``aantafel backup`` and ``restore``: a backup is one checked file, and restoring checks the file first,
keeps the database as it was, and brings every dossier back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli
from aantafel.dossiers.store import StoreError, open_store
from aantafel.dossiers.store.backups import restore_backup


def run(*args: str, typed: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=typed)


def _titles(url: str) -> list[str]:
    store = open_store(url)
    try:
        return sorted(dossier.title for dossier in store.dossiers())
    finally:
        store.close()


def _with_dossiers(path: Path, *titles: str) -> str:
    url = f"sqlite:///{path}"
    store = open_store(url)
    for title in titles:
        store.create_dossier({"title": title}, author="Fatima")
    store.close()
    return url


def _damage(path: Path) -> None:
    """Overwrite the first page of the dossiers table: the file still opens, its dossiers are lost."""
    with sqlite3.connect(path) as connection:
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'dossiers'").fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    with path.open("r+b") as file:
        file.seek((root - 1) * size)
        file.write(b"\xff" * 200)


def test_restore_brings_back_the_dossiers_and_keeps_the_database_as_it_was(tmp_path: Path) -> None:
    url = _with_dossiers(tmp_path / "aantafel.sqlite", "Huur buurthuis", "Park")
    copy = tmp_path / "usb" / "aantafel-backup.sqlite"
    assert run("backup", "--db", url, str(copy)).exit_code == 0
    assert [path.name for path in copy.parent.iterdir()] == [copy.name]  # one file, no -wal to forget
    _with_dossiers(tmp_path / "aantafel.sqlite", "Na de back-up")
    restored = run("restore", "--db", url, "--yes", str(copy))
    assert restored.exit_code == 0, restored.output
    [kept] = tmp_path.glob("aantafel-before-restore-*.sqlite")
    assert restored.stdout == (
        f"Teruggezet: {copy} (2 dossiers).\n"
        f"De database zoals hij was, staat nu in {kept}. Zet die terug als je dit ongedaan wilt maken.\n"
    )
    assert _titles(url) == ["Huur buurthuis", "Park"]
    assert kept.stat().st_mode & 0o777 == 0o600
    undone = run("restore", "--db", url, "--yes", str(kept))
    assert undone.exit_code == 0, undone.output
    assert _titles(url) == ["Huur buurthuis", "Na de back-up", "Park"]


def test_restore_asks_first_and_no_changes_nothing(tmp_path: Path) -> None:
    url = _with_dossiers(tmp_path / "aantafel.sqlite", "Huur")
    copy = tmp_path / "kopie.sqlite"
    assert run("backup", "--db", url, str(copy)).exit_code == 0
    _with_dossiers(tmp_path / "aantafel.sqlite", "Later")
    declined = run("restore", "--db", url, str(copy), typed="nee\n")
    assert declined.exit_code == 0, declined.output
    assert f"In {copy} staat 1 dossier. Zet je het op de plaats van de database?" in declined.stderr
    assert declined.stdout == "Er is niets veranderd.\n"
    assert _titles(url) == ["Huur", "Later"]
    assert not list(tmp_path.glob("aantafel-before-restore-*"))
    agreed = run("restore", "--db", url, str(copy), typed="ja\n")
    assert agreed.exit_code == 0, agreed.output
    assert _titles(url) == ["Huur"]


def _refused(tmp_path: Path, make: str) -> Path:
    """A file that is no backup aantafel can restore, made as ``make`` says."""
    file = tmp_path / "kopie.sqlite"
    if make == "text":
        file.write_text("boodschappen: brood, melk\n" * 200, encoding="utf-8")
    elif make == "other database":
        with sqlite3.connect(file) as other:
            other.execute("CREATE TABLE boodschappen (wat TEXT)")
        other.close()
    elif make == "empty":
        file.touch()
    else:
        _with_dossiers(file, "Uit de back-up")
        if make == "damaged":
            _damage(file)
        else:  # from a newer aantafel
            with sqlite3.connect(file) as newer:
                newer.execute("UPDATE alembic_version SET version_num = '9999'")
            newer.close()
    return file


@pytest.mark.parametrize(
    ("make", "said"),
    [
        ("text", "is geen database, of hij is beschadigd (file is not a database). Er is niets veranderd."),
        ("damaged", "is geen database, of hij is beschadigd ("),
        ("empty", "is leeg, dus het is geen back-up. Er is niets veranderd. Kies een ander bestand"),
        ("other database", "is een database, maar niet van aantafel. Er is niets veranderd."),
        ("newer", "is gemaakt door een nieuwere aantafel (databaseversie 9999; deze kent tot en met versie"),
    ],
)
def test_restore_of_a_file_that_is_no_backup_is_refused_and_changes_nothing(
    tmp_path: Path, make: str, said: str
) -> None:
    database = tmp_path / "aantafel.sqlite"
    url = _with_dossiers(database, "Huur")
    file = _refused(tmp_path, make)
    before = file.read_bytes()
    for answer in ("--yes", None):  # refused before it asks, too
        result = run("restore", "--db", url, str(file), *([answer] if answer else []))
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"Fout: {file} ")
        assert said in result.stderr
    assert _titles(url) == ["Huur"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["aantafel.sqlite", "kopie.sqlite"]
    assert file.read_bytes() == before  # the backup is only read


def test_the_database_itself_is_not_restored_over_itself(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    url = _with_dossiers(database, "Huur")
    result = run("restore", "--db", url, "--yes", str(database))
    assert result.exit_code == 1
    assert f"{database} is de database zelf. Kies een back-up om terug te zetten" in result.stderr
    assert _titles(url) == ["Huur"]


def test_restore_over_a_damaged_database_keeps_the_damaged_one_too(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    url = _with_dossiers(database, "Huur", "Park")
    copy = tmp_path / "kopie.sqlite"
    assert run("backup", "--db", url, str(copy)).exit_code == 0
    _damage(database)
    assert "beschadigd" in run("dossier", "list", "--db", url).stderr
    restored = run("restore", "--db", url, "--yes", str(copy))
    assert restored.exit_code == 0, restored.output
    assert _titles(url) == ["Huur", "Park"]
    [kept] = tmp_path.glob("aantafel-before-restore-*.sqlite")
    assert "beschadigd" in run("dossier", "list", "--db", f"sqlite:///{kept}").stderr  # kept as it was


def test_restore_over_a_file_that_is_no_database_leaves_it_alone(tmp_path: Path) -> None:
    database = tmp_path / "data" / "aantafel.sqlite"
    copy = tmp_path / "kopie.sqlite"
    _with_dossiers(copy, "Huur")
    database.parent.mkdir()
    database.write_bytes(b"geen database\n" * 500)
    result = run("restore", "--db", f"sqlite:///{database}", "--yes", str(copy))
    assert result.exit_code == 1
    assert f"kan geen kopie van {database} bewaren voordat de back-up terugkomt" in result.stderr
    assert "Zet het bestand zelf ergens anders neer" in result.stderr
    assert database.read_bytes() == b"geen database\n" * 500
    assert [path.name for path in database.parent.iterdir()] == ["aantafel.sqlite"]


def test_restore_while_another_program_writes_gives_up_and_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    url = _with_dossiers(database, "Huur")
    copy = tmp_path / "kopie.sqlite"
    _with_dossiers(copy, "Uit de back-up")
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(
            StoreError, match=r"is busy: another program is writing to it \(database is locked\)"
        ):
            restore_backup(copy, url, busy_timeout=0.1)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _titles(url) == ["Huur"]
    assert not list(tmp_path.glob("aantafel-before-restore-*"))  # the copy kept of it went again


def test_restore_on_a_new_computer_makes_the_database(tmp_path: Path) -> None:
    copy = tmp_path / "usb" / "kopie.sqlite"
    copy.parent.mkdir()
    _with_dossiers(copy, "Huur")
    url = f"sqlite:///{tmp_path / 'nieuw' / 'aantafel.sqlite'}"
    restored = run("restore", "--db", url, "--yes", str(copy))
    assert restored.exit_code == 0, restored.output
    assert restored.stdout == f"Teruggezet: {copy} (1 dossier).\n"  # there was nothing to keep
    assert _titles(url) == ["Huur"]


def test_a_backup_of_a_damaged_database_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    url = _with_dossiers(database, "Huur")
    _damage(database)
    target = tmp_path / "usb" / "kopie.sqlite"
    result = run("backup", "--db", url, str(target))
    assert result.exit_code == 1
    assert f"{database} is geen aantafel-database, of hij is beschadigd" in result.stderr  # seen at opening
    assert not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


def test_restore_into_postgresql_points_to_its_own_tools(database_url: str, tmp_path: Path) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("this case is about PostgreSQL")
    copy = tmp_path / "kopie.sqlite"
    _with_dossiers(copy, "Huur")
    result = run("restore", "--db", database_url, "--yes", str(copy))
    assert result.exit_code == 1
    assert "pg_restore" in result.stderr
    store = open_store(database_url)
    assert store.dossiers() == []
    with pytest.raises(StoreError, match="pg_dump"):
        store.backup(tmp_path / "nergens.sqlite")
    store.close()
