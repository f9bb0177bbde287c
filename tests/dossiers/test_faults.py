"""Faults a volunteer's laptop will see: a writer killed mid-way, a database another program holds, and
databases made by every earlier version of aantafel."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy

from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.store import StoreError, open_store
from tests.dossiers import earlier_revisions, upgrade_to

WRITER = """
import sys
from aantafel.dossiers.store import open_store
store = open_store(sys.argv[1])
dossier = store.create_dossier({"title": "Huur"}, author="writer")
print("dossier", dossier.id, flush=True)
for number in range(100000):
    agreement = store.add_agreement(dossier.id, what=f"afspraak {number}", side="ours", author="writer")
    print("agreement", agreement.id, flush=True)
"""


def test_a_writer_killed_mid_way_leaves_a_sound_database_with_every_committed_change(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, f"sqlite:///{database}"], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    committed: list[str] = []
    for line in writer.stdout:
        kind, identifier = line.split()
        if kind == "agreement":
            committed.append(identifier)
        if len(committed) >= 200:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    writer.stdout.close()
    assert writer.returncode == -signal.SIGKILL
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = open_store(f"sqlite:///{database}")
    stored = {agreement.id for agreement in store.agreements()}
    assert set(committed) <= stored
    assert len(stored) - len(committed) <= 1  # at most the one whose line it had no time to print
    store.close()


def test_a_database_held_by_another_program_says_so_and_stores_nothing(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    store = open_store(f"sqlite:///{database}", busy_timeout=0.2)
    store.create_dossier({"title": "Eerste"}, author="a")
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            store.create_dossier({"title": "Tweede"}, author="a")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(caught.value).startswith(f"{database} is busy: another program is writing to it")
    assert "Try again in a moment" in str(caught.value)
    assert [d.title for d in store.dossiers()] == ["Eerste"]
    store.close()


def test_a_busy_database_waits_for_a_short_write_instead_of_failing(tmp_path: Path) -> None:
    database = tmp_path / "aantafel.sqlite"
    store = open_store(f"sqlite:///{database}")
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    created = store.create_dossier({"title": "Wacht even"}, author="a")
    release.join()
    holder.close()
    assert store.dossier(created.id).title == "Wacht even"
    store.close()


@pytest.mark.parametrize("revision", earlier_revisions())
def test_a_database_of_every_earlier_version_opens_and_keeps_its_data(
    database_url: str, revision: str
) -> None:
    engine = sqlalchemy.create_engine(database_url)
    with engine.begin() as connection:
        upgrade_to(connection, revision)
        now = datetime.now(UTC)
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO dossiers (id, title, goal, version, created_at, updated_at) "
                "VALUES ('0123abcd', 'Oud dossier', 'Het doel', 3, :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO changes (dossier_id, at, author, action) "
                "VALUES ('0123abcd', :now, 'oud', 'created')"
            ),
            {"now": now},
        )
    engine.dispose()
    store = open_store(database_url)
    old = store.dossier("0123abcd")
    assert (old.title, old.goal, old.version) == ("Oud dossier", "Het doel", 3)
    assert [c.author for c in store.history(old.id)] == ["oud"]
    with store._engine.connect() as connection:
        assert connection.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    store.close()


def test_answers_of_a_database_before_written_answers_keep_their_meaning(database_url: str) -> None:
    """Before 0004 an answer was a word and a note, and a worksheet's text was the word "written" with
    the text as its note; now a verdict (or none) and a text. Opening the old database must keep both."""
    engine = sqlalchemy.create_engine(database_url)
    with engine.begin() as connection:
        upgrade_to(connection, "0003")
        now = datetime.now(UTC)
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO dossiers (id, title, version, created_at, updated_at) "
                "VALUES ('0123abcd', 'Oud', 1, :now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO meetings (id, dossier_id, starts_at, version, created_at, updated_at) "
                "VALUES ('4567ef01', '0123abcd', :now, 1, :now, :now)"
            ),
            {"now": now},
        )
        for check, word, note in (
            ("bindende-afspraken", "no", "Jansen komt niet"),
            ("grenzen", "yes", ""),
            ("uitdaagrecht-taak", "written", "Het onderhoud van het park"),
        ):
            connection.execute(
                sqlalchemy.text(
                    "INSERT INTO answers (meeting_id, check_id, answer, note, answered_at, author) "
                    "VALUES ('4567ef01', :check, :word, :note, :now, 'oud')"
                ),
                {"check": check, "word": word, "note": note, "now": now},
            )
    engine.dispose()
    store = open_store(database_url)
    kept = {key: (answer.verdict, answer.text) for key, answer in store.answers("4567ef01").items()}
    assert kept == {
        "bindende-afspraken": ("no", "Jansen komt niet"),
        "grenzen": ("yes", ""),
        "uitdaagrecht-taak": (None, "Het onderhoud van het park"),
    }
    store.close()
