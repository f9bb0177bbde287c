"""One search, three front-ends: a gemeente's name and a word from a meeting's notes are found on the web
page, by ``aantafel search`` and in the coach, on SQLite and PostgreSQL, grouped the same way, and each
follows an edit and the bin."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from aantafel import Library, load_library
from aantafel.cli import cli
from aantafel.dates import when
from aantafel.dossiers.model import Record
from aantafel.dossiers.store import Store
from aantafel_repl.plugin import make_coach
from aantafel_web.app import create_app
from aantafel_web.context import ACCOUNTS, DATABASE_URL
from tests.accounts import make_team
from tests.accounts.test_web_sign_in import closing, signed_in

MEETS = datetime(2026, 12, 3, 13, tzinfo=UTC)
NOTES = 'De wethouder wil pas na de begroting over de huurverlaging praten. <script>alert("x")</script>'


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture
def written(store: Store) -> tuple[str, str]:
    dossier = store.create_dossier({"title": "Huur buurthuis", "counterpart": "Gemeente Utrecht"}, author="a")
    meeting = store.add_meeting(dossier.id, starts_at=MEETS, author="a")
    store.record_meeting(meeting.id, Record(notes=NOTES), expected_version=meeting.version, author="a")
    return dossier.id, meeting.id


@pytest.fixture
def app(database_url: str, written: tuple[str, str]) -> Iterator[Flask]:
    made = create_app({"TESTING": True, DATABASE_URL: database_url})
    yield made
    closing(made)


def test_the_web_page_finds_a_gemeente_and_a_word_from_the_notes(
    app: Flask, written: tuple[str, str]
) -> None:
    dossier, meeting = written
    client = app.test_client()
    response = client.get("/search?q=Utrecht")
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "<h2>In je dossiers</h2>" in page
    assert f'href="/dossiers/{dossier}">Huur buurthuis</a>' in page
    assert "Gemeente <mark>Utrecht</mark>" in page
    page = client.get("/search?q=huurverlaging").get_data(as_text=True)
    assert f'href="/meetings/{meeting}">Huur buurthuis · Gesprek van {when(MEETS, "nl")}</a>' in page
    assert "over de <mark>huurverlaging</mark> praten. &lt;script&gt;" in page
    assert "<script>alert" not in page
    page = client.get("/search?q=afspraken").get_data(as_text=True)
    assert "In je dossiers" not in page
    assert "bindende <mark>afspraken</mark> maken?" in page, "the library alone, without a group heading"
    page = client.get("/search?q=wethouder&lang=en").get_data(as_text=True)
    assert "<h2>In your dossiers</h2>" in page
    assert "<h2>In the library</h2>" in page


def test_the_web_page_follows_an_edit_and_the_bin(app: Flask, store: Store, written: tuple[str, str]) -> None:
    dossier, _meeting = written
    client = app.test_client()
    assert "Gemeente <mark>Utrecht</mark>" in client.get("/search?q=Utrecht").get_data(as_text=True)
    store.update_dossier(dossier, {"counterpart": "Gemeente Zeist"}, expected_version=1, author="a")
    assert "In je dossiers" not in client.get("/search?q=Utrecht").get_data(as_text=True)
    assert "Gemeente <mark>Zeist</mark>" in client.get("/search?q=Zeist").get_data(as_text=True)
    store.delete_dossier(dossier, expected_version=2, author="a")
    assert "In je dossiers" not in client.get("/search?q=Zeist").get_data(as_text=True)


@pytest.mark.parametrize("query", ['"', "*", "-", "AND", "Utrecht AND -", "x" * 1000, "%", "'; DROP TABLE"])
def test_odd_input_on_the_web_page_is_never_an_error(app: Flask, query: str) -> None:
    response = app.test_client().get("/search", query_string={"q": query})
    assert response.status_code == 200


def test_an_empty_search_offers_examples(app: Flask) -> None:
    page = app.test_client().get("/search").get_data(as_text=True)
    assert "een woord uit je aantekeningen" in page
    assert 'href="/search?q=wethouder"' in page


def test_the_command_line_finds_them_grouped(database_url: str, written: tuple[str, str]) -> None:
    dossier, meeting = written
    result = CliRunner().invoke(cli, ["search", "--db", database_url, "Utrecht"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("In je dossiers\n1. Huur buurthuis\n")
    assert dossier in result.stdout
    result = CliRunner().invoke(cli, ["search", "--db", database_url, "--lang", "en", "wethouder"])
    lines = result.stdout.splitlines()
    assert lines[:2] == ["In your dossiers", f"1. Huur buurthuis · Meeting of {when(MEETS, 'en')}"]
    assert lines[2] == f"   {meeting}"
    assert "In the library" in lines
    result = CliRunner().invoke(cli, ["search", "--db", database_url, "--json", "huurverlaging"])
    assert '"kind": "meeting"' in result.stdout


def test_the_coach_finds_them(library: Library, store: Store, written: tuple[str, str]) -> None:
    coach = make_coach(library, "nl", open_store=lambda: store)
    lines = coach.handle("/search huurverlaging").lines
    assert lines[:2] == ("In je dossiers", f"Huur buurthuis · Gesprek van {when(MEETS, 'nl')}")
    assert "huurverlaging" in lines[2]
    assert "Utrecht" in "\n".join(coach.handle("/search Utrecht").lines)


def test_accounts_mode_shows_only_ones_own_organisations_dossiers(database_url: str, store: Store) -> None:
    team = make_team(store)
    oost = store.acting(store.access_for(team.member.id))
    oost.create_dossier({"title": "Oost en de gemeente", "counterpart": "Gemeente Utrecht"}, author="x")
    app = create_app({"TESTING": True, ACCOUNTS: True, DATABASE_URL: database_url})
    try:
        assert "Oost en de gemeente" in signed_in(app, "henk").get("/search?q=Utrecht").get_data(as_text=True)
        other = signed_in(app, "sanne").get("/search?q=Utrecht").get_data(as_text=True)
        assert "Oost en de gemeente" not in other
        nobody = app.test_client().get("/search?q=Utrecht")
        assert nobody.status_code == 200
        assert "Oost en de gemeente" not in nobody.get_data(as_text=True)
    finally:
        closing(app)


def test_searching_before_the_first_dossier_makes_no_database(tmp_path: Path) -> None:
    missing = tmp_path / "nog-niet.sqlite"
    code = (
        "from aantafel.cli import cli\nfrom click.testing import CliRunner\n"
        f"r = CliRunner().invoke(cli, ['search', '--db', 'sqlite:///{missing}', 'afspraken'])\n"
        "assert r.exit_code == 0 and 'afspraken' in r.stdout, r.output\n"
        "import sys\nprint(' '.join(sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "sqlalchemy" not in result.stdout.split()
    assert not missing.exists()
