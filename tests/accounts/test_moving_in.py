"""Moving in: a database that one person used without accounts, made by any earlier version of aantafel,
goes into a first organisation when the first site admin is made, with nothing lost or changed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy
from click.testing import CliRunner

from aantafel.cli import cli
from tests.accounts import PASSWORD
from tests.dossiers import earlier_revisions, upgrade_to

THEN = datetime(2025, 3, 4, 19, 30, tzinfo=UTC)


def _single_user_database(url: str, revision: str) -> set[str]:
    """A database as aantafel made it at ``revision``, with a dossier and, where that version had them, a
    meeting, an answer and an agreement, each in the history under the name of who made it. Returns the
    tables it has."""
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        upgrade_to(connection, revision)
        tables = set(sqlalchemy.inspect(connection).get_table_names())
        rows = [
            "INSERT INTO dossiers (id, title, goal, version, created_at, updated_at) "
            "VALUES ('0123abcd', 'Huur buurthuis', 'Lagere huur', 3, :then, :then)",
            "INSERT INTO changes (dossier_id, at, author, action) "
            "VALUES ('0123abcd', :then, 'Fatima', 'created')",
        ]
        if "meetings" in tables:
            rows += [
                "INSERT INTO meetings (id, dossier_id, starts_at, place, version, created_at, updated_at) "
                "VALUES ('4567ef01', '0123abcd', :then, 'Stadhuis', 2, :then, :then)",
                "INSERT INTO changes (dossier_id, at, author, action, new) "
                "VALUES ('0123abcd', :then, 'Henk', 'meeting added', '4567ef01')",
            ]
        if "answers" in tables:
            columns = {column["name"] for column in sqlalchemy.inspect(connection).get_columns("answers")}
            verdict, text = ("verdict", "text") if "verdict" in columns else ("answer", "note")
            rows.append(
                f"INSERT INTO answers (meeting_id, check_id, {verdict}, {text}, answered_at, author) "
                "VALUES ('4567ef01', 'grenzen', 'yes', 'Niet boven de 500 euro', :then, 'Henk')"
            )
        if "agreements" in tables:
            rows.append(
                "INSERT INTO agreements (id, dossier_id, meeting_id, what, side, status, version, "
                "created_at, updated_at) VALUES ('89abcdef', '0123abcd', '4567ef01', 'Brief sturen', 'ours', "
                "'open', 1, :then, :then)"
            )
        for row in rows:
            connection.execute(sqlalchemy.text(row), {"then": THEN})
    engine.dispose()
    return tables


@pytest.mark.parametrize("revision", earlier_revisions())
def test_a_database_of_every_earlier_version_moves_in_with_everything_in_it(
    database_url: str, revision: str, tmp_path: Path
) -> None:
    tables = _single_user_database(database_url, revision)
    password = tmp_path / "wachtwoord.txt"
    password.write_text(f"{PASSWORD}\n", encoding="utf-8")
    runner = CliRunner()
    named = ("--login", "beheer", "--name", "Sanne", "--organisation", "Buurtbedrijf Oost")
    made = runner.invoke(
        cli,
        ["admin", "create", "--db", database_url, *named, "--password-file", str(password), "--lang", "en"],
    )
    assert made.exit_code == 0, made.output
    assert "1 dossier from before accounts is now in the organisation Buurtbedrijf Oost" in made.stdout

    as_nobody = runner.invoke(cli, ["dossier", "list", "--db", database_url])
    assert as_nobody.exit_code == 1
    exported = runner.invoke(
        cli,
        [
            "export",
            "0123abcd",
            "--what",
            "dossier",
            "--format",
            "json",
            "--db",
            database_url,
            "--as",
            "beheer",
        ],
    )
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.stdout)["data"]
    dossier = data["dossier"]
    assert (dossier["title"], dossier["goal"], dossier["version"]) == ("Huur buurthuis", "Lagere huur", 3)
    assert dossier["created_at"] == dossier["updated_at"] == THEN.isoformat()
    history = [(change["author"], change["action"]) for change in data["history"]]
    expected = [("Fatima", "created")] + ([("Henk", "meeting added")] if "meetings" in tables else [])
    assert history == expected
    if "meetings" in tables:
        [meeting] = data["meetings"]
        assert (meeting["id"], meeting["place"], meeting["version"]) == ("4567ef01", "Stadhuis", 2)
        [answer] = meeting["answers"]
        assert (answer["check_id"], answer["verdict"], answer["text"], answer["author"]) == (
            "grenzen",
            "yes",
            "Niet boven de 500 euro",
            "Henk",
        )
    if "agreements" in tables:
        [agreement] = data["agreements"]
        assert (agreement["what"], agreement["meeting_id"], agreement["status"]) == (
            "Brief sturen",
            "4567ef01",
            "open",
        )
