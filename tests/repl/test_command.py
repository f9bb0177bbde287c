"""``aantafel coach`` as a user starts it: over a pipe, in a language, and with its help."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

AANTAFEL = Path(sys.executable).with_name("aantafel")


def coach(stdin: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(AANTAFEL), "coach", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_a_pipe_gets_plain_answers_in_the_chosen_language(tmp_path: Path) -> None:
    done = coach("/checks\nthey stay vague\n/quit\n", "--lang", "en", env={"XDG_STATE_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "What limits do you set on the outcome?" in done.stdout
    assert "What you can say:" in done.stdout
    assert done.stdout.rstrip().endswith("Goodbye. Good luck with the meeting!")
    assert "\x1b[" not in done.stdout  # plain text: no colour codes in a pipe
    assert not (tmp_path / "aantafel").exists()  # a pipe keeps no history


def test_the_language_comes_from_the_environment_and_a_wrong_one_is_named() -> None:
    assert "Welke grenzen" in coach("/checks\n", env={"AANTAFEL_LANG": "nl"}).stdout
    wrong = coach("/checks\n", "--lang", "fr")
    assert wrong.returncode == 2
    assert "there is no content in the language 'fr'; installed: en, nl" in wrong.stderr


def test_help_explains_the_command() -> None:
    done = subprocess.run([str(AANTAFEL), "coach", "--help"], capture_output=True, text=True, check=True)
    assert "Praat met de coach" in done.stdout
    assert "Database-URL" in done.stdout  # the core's options in the command line's language too
    assert "--no-history" in done.stdout
    assert 'echo "/checks" | aantafel coach' in done.stdout


def test_the_coach_works_in_the_database_db_names(tmp_path: Path) -> None:
    from aantafel.dossiers.store import open_store

    other = f"sqlite:///{tmp_path / 'ander.sqlite'}"
    done = coach("/dossier Huur elders\n/quit\n", "--db", other, env={"XDG_STATE_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "Dossier: Huur elders" in done.stdout
    store = open_store(other)
    try:
        assert [dossier.title for dossier in store.dossiers()] == ["Huur elders"]
    finally:
        store.close()
