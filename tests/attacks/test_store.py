"""A store that notices: a database removed or replaced under a running aantafel, a damaged file, a read
while another program writes, a database on a read-only mount, and who may read the file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from aantafel.dossiers.schema import dossiers
from aantafel.dossiers.store import StoreError, open_store
from aantafel_web.app import create_app
from tests.web import SAME

REMOVED = "was removed or replaced while aantafel was running"


def aantafel(*args: str, database: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in English, on ``database``."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "aantafel.cli", *args, "--db", f"sqlite:///{database}"],
        capture_output=True,
        text=True,
        env={**os.environ, "AANTAFEL_LANG": "en"},
        check=False,
    )


def remove(database: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


# 6. A database removed or replaced under a running aantafel ---------------------------------------------


def test_a_database_removed_while_open_refuses_every_save_and_makes_no_empty_one(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    store = open_store(f"sqlite:///{database}")
    store.create_dossier({"title": "Huur"}, author="a")
    remove(database)
    with pytest.raises(StoreError, match=REMOVED) as caught:
        store.create_dossier({"title": "Verloren"}, author="a")
    assert "restore a backup" in str(caught.value)
    with pytest.raises(StoreError, match=REMOVED):
        store.dossiers()  # nor does it show what is no longer there
    store.close()
    assert not database.exists()  # SQLite did not make a fresh empty database in its place


def test_a_database_replaced_while_open_is_neither_written_nor_read(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    store = open_store(f"sqlite:///{database}")
    store.create_dossier({"title": "Huur"}, author="a")
    other = tmp_path / "other.sqlite"
    replacement = open_store(f"sqlite:///{other}")
    replacement.create_dossier({"title": "Uit de back-up"}, author="a")
    replacement.close()
    remove(database)
    other.rename(database)
    with pytest.raises(StoreError, match=REMOVED):
        store.create_dossier({"title": "Verloren"}, author="a")
    store.close()
    reopened = open_store(f"sqlite:///{database}")
    assert [d.title for d in reopened.dossiers()] == ["Uit de back-up"]
    reopened.close()


def test_the_web_page_answers_503_instead_of_acknowledging_a_save_into_a_removed_file(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    client = create_app({"TESTING": True, "AANTAFEL_DATABASE_URL": f"sqlite:///{database}"}).test_client()
    assert client.post("/dossiers/new", data={"title": "Huur"}, headers=SAME).status_code == 303
    remove(database)
    for title in ("Eén", "Twee", "Drie"):
        response = client.post("/dossiers/new", data={"title": title}, headers=SAME)
        assert response.status_code == 503
        page = response.get_data(as_text=True)
        assert f"{database} is weggehaald of vervangen terwijl aantafel draaide" in page
        assert "back-up" in page
    assert client.get("/dossiers/").status_code == 503
    assert not database.exists()


# 6. A damaged database -----------------------------------------------------------------------------------


def damaged(tmp_path: Path) -> Path:
    """31 dossiers, each filling a page of its own, and the table's root page damaged so that it names
    only 2 of its 31 leaves: a list read through it shows 2 dossiers and no error."""
    database = filled(tmp_path / "aantafel.sqlite")
    damage(database)
    return database


def filled(database: Path) -> Path:
    store = open_store(f"sqlite:///{database}")
    for number in range(31):
        store.create_dossier({"title": f"Dossier {number}", "goal": "Een lagere huur. " * 170}, author="a")
    store.close()
    return database


def damage(database: Path) -> None:
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (root,) = connection.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'dossiers'").fetchone()
        (page_size,) = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    with database.open("r+b") as file:
        file.seek((root - 1) * page_size + 3)  # the page's cell count: 1 instead of 30
        file.write(b"\x00\x01")


def test_a_damaged_database_is_refused_on_the_command_line_not_listed_in_part(tmp_path: Path) -> None:
    database = damaged(tmp_path)
    listed = aantafel("dossier", "list", database=database)
    assert listed.returncode == 1
    assert listed.stdout == ""
    assert f"{database} is not an aantafel database, or it is damaged" in listed.stderr
    assert "Restore a backup" in listed.stderr


def test_a_database_damaged_after_it_passed_its_check_is_checked_again(tmp_path: Path) -> None:
    """A file that passed is not walked again while it looks the same (``opening.check``); one written to
    since, by anything, is."""
    database = filled(tmp_path / "aantafel.sqlite")
    assert aantafel("dossier", "list", database=database).stdout.count("Dossier ") == 31  # passed, marked
    damage(database)
    later = database.stat().st_mtime_ns + 1_000_000_000
    os.utime(database, ns=(later, later))  # damage comes later than a moment after the last use
    listed = aantafel("dossier", "list", database=database)
    assert listed.returncode == 1
    assert f"{database} is not an aantafel database, or it is damaged" in listed.stderr


def test_a_damaged_database_is_a_503_on_the_web_page(tmp_path: Path) -> None:
    database = damaged(tmp_path)
    client = create_app({"TESTING": True, "AANTAFEL_DATABASE_URL": f"sqlite:///{database}"}).test_client()
    response = client.get("/dossiers/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "is beschadigd" in page
    assert "Dossier 0" not in page


# 7. Reading does not wait for the write lock --------------------------------------------------------------


class _RolledBack(Exception):
    """Ends the other program's write without storing it."""


@contextmanager
def writing(database_url: str) -> Iterator[None]:
    """Another program in the middle of a long write: its transaction holds the write lock until it ends."""
    other = open_store(database_url)
    now = datetime.now(UTC)
    try:
        with other.transaction() as connection:
            values = {"id": "0000beef", "title": "Onaf", "version": 1, "created_at": now, "updated_at": now}
            connection.execute(insert(dossiers).values(values))
            yield
            raise _RolledBack
    except _RolledBack:
        pass
    finally:
        other.close()


def test_a_list_is_read_while_another_program_writes_longer_than_the_busy_timeout(database_url: str) -> None:
    store = open_store(database_url)
    store.create_dossier({"title": "Huur"}, author="a")
    store.close()
    with writing(database_url):
        reader = open_store(database_url, busy_timeout=0.1)
        assert [d.title for d in reader.dossiers()] == ["Huur"]
        if database_url.startswith("sqlite"):  # a write still waits for the other, and then says so
            with pytest.raises(StoreError, match="is busy: another program is writing to it"):
                reader.create_dossier({"title": "Wacht"}, author="a")
        reader.close()


# 7. A database on a read-only mount ------------------------------------------------------------------------


def read_only_mount(folder: Path) -> tuple[str, ...]:
    """What runs a command with ``folder`` mounted read-only over itself: a private mount namespace made by
    ``unshare`` (as root or, through a user namespace, as anyone), so nothing outside the command sees the
    mount and nothing needs undoing. ``chmod`` would prove nothing here: the tests may run as root, whom
    permissions do not stop, and a ``?mode=ro`` URL is a request, not a file system that refuses."""
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    prefix = ("unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, str(folder))
    if shutil.which("unshare") is None or subprocess.run([*prefix, "true"], check=False).returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("unshare cannot make a read-only mount here; CI needs user namespaces")
        pytest.skip("unshare cannot make a read-only mount here")
    return prefix


def test_a_database_on_a_read_only_mount_can_be_read_and_refuses_a_write(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    database = folder / "aantafel.sqlite"
    store = open_store(f"sqlite:///{database}")
    created = store.create_dossier({"title": "Huur buurthuis", "goal": "Een lagere huur"}, author="a")
    store.close()
    assert sorted(path.name for path in folder.iterdir()) == ["aantafel.sqlite"]  # no -wal or -shm left
    mounted = read_only_mount(folder)

    listed = aantafel("dossier", "list", database=database, prefix=mounted)
    assert listed.returncode == 0, listed.stderr
    assert f"{created.id}  " in listed.stdout
    assert "Huur buurthuis" in listed.stdout
    shown = aantafel("dossier", "show", created.id, database=database, prefix=mounted)
    assert shown.returncode == 0, shown.stderr
    assert "Een lagere huur" in shown.stdout
    exported = aantafel(
        "export", created.id, "--what", "dossier", "--format", "json", database=database, prefix=mounted
    )
    assert exported.returncode == 0, exported.stderr
    assert '"title": "Huur buurthuis"' in exported.stdout

    refused = aantafel("dossier", "new", "--title", "Nieuw", database=database, prefix=mounted)
    assert refused.returncode == 1
    assert f"{database} cannot be written" in refused.stderr
    assert "Traceback" not in refused.stderr


# 10. Who may read the database ------------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_folder_are_for_their_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "nieuw"
    database = folder / "aantafel.sqlite"
    store = open_store(f"sqlite:///{database}")
    store.create_dossier({"title": "Huur"}, author="a")
    assert mode(folder) == 0o700
    assert {path.name: mode(path) for path in folder.iterdir()} == {
        "aantafel.sqlite": 0o600,
        "aantafel.sqlite-wal": 0o600,
        "aantafel.sqlite-shm": 0o600,
    }
    store.close()


def test_an_existing_database_keeps_the_permissions_its_owner_gave_it(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    sqlite3.connect(database).close()
    database.chmod(0o640)
    store = open_store(f"sqlite:///{database}")
    store.create_dossier({"title": "Huur"}, author="a")
    store.close()
    assert mode(database) == 0o640
