"""``aantafel admin …``: the hosting admin makes the site admin, organisations and links in a shell, and
answers for people's data; ``aantafel migrate`` brings the database up to date before a deploy."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy
from click.testing import CliRunner, Result

from aantafel.cli import cli
from aantafel.dossiers.migrations import HEAD
from aantafel.dossiers.people import EX_MEMBER
from aantafel.dossiers.store import Store
from tests.accounts import PASSWORD, Team, acting, make_team
from tests.dossiers import upgrade_to

AANTAFEL = Path(sys.executable).with_name("aantafel")
Invoke = Callable[..., Result]


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", database_url)
    monkeypatch.delenv("AANTAFEL_PUBLIC_URL", raising=False)

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input)

    return invoke


def test_the_first_site_admin_is_asked_for_and_the_password_twice_unseen(run: Invoke, store: Store) -> None:
    typed = "beheer\nSanne\nkortje\n" + f"{PASSWORD}\nanders dan eerst\n{PASSWORD}\n{PASSWORD}\n"
    done = run("admin", "create", input=typed)
    assert done.exit_code == 0, done.output
    assert "het wachtwoord is te kort. Gebruik minstens 8 tekens" in done.stderr  # asked again
    assert PASSWORD not in done.output  # typed unseen
    assert "Beheerder van de site gemaakt: Sanne (inlognaam: beheer)." in done.stdout
    assert "AANTAFEL_ACCOUNTS=on aantafel serve" in done.stdout
    assert "Naam van de eerste organisatie" not in done.stderr  # no dossiers to move in
    assert store.sign_in("beheer", PASSWORD, address="test").site_admin
    assert store.has_accounts()


def test_a_sign_in_name_that_cannot_be_used_is_said_before_the_password(run: Invoke, store: Store) -> None:
    make_team(store)
    done = run("admin", "create", input="met spatie\nhenk\n")
    assert "'met spatie' kan geen inlognaam zijn" in done.stderr  # and asked again
    assert done.exit_code == 1
    assert "de inlognaam 'henk' is al in gebruik" in done.stderr
    assert "Wachtwoord" not in done.stderr


def test_a_password_never_comes_from_the_command_line(run: Invoke, tmp_path: Path) -> None:
    refused = run("admin", "create", "--login", "beheer", "--name", "Sanne", "--password", PASSWORD)
    assert refused.exit_code == 2
    short = tmp_path / "wachtwoord.txt"
    short.write_text("kort\n", encoding="utf-8")
    done = run("admin", "create", "--login", "beheer", "--name", "Sanne", "--password-file", str(short))
    assert done.exit_code == 2
    assert "--password-file" in done.stderr
    assert "te kort" in done.stderr


def test_a_single_user_database_moves_into_the_organisation_asked_for(run: Invoke, store: Store) -> None:
    kept = store.create_dossier({"title": "Huur buurthuis"}, author="ik")
    done = run("admin", "create", "--login", "beheer", "--name", "Sanne", input=f"\n{PASSWORD}\n{PASSWORD}\n")
    assert done.exit_code == 0, done.output
    assert "Naam van de eerste organisatie [Mijn bewonersbedrijf]" in done.stderr
    assert "1 dossier van vóór de accounts zit nu in de organisatie Mijn bewonersbedrijf" in done.stdout
    admin = store.person_by_login("beheer")
    assert [d.title for d in acting(store, admin).dossiers()] == [kept.title]
    english = run(
        "admin", "create", "--login", "tweede", "--name", "Kees", "--lang", "en", input=f"{PASSWORD}\n" * 2
    )
    assert english.exit_code == 0, english.output
    assert "organisation" not in english.stderr  # nothing left to move in


def test_organisations_invitations_and_people(
    run: Invoke, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = make_team(store)
    made = run("admin", "new-organisation", "Wijkhuis Zuid")
    assert made.exit_code == 0
    zuid = next(o for o in store.organisations() if o.name == "Wijkhuis Zuid")
    assert f"Organisatie gemaakt: Wijkhuis Zuid ({zuid.id})." in made.stdout
    acting(store, team.admin).create_dossier({"title": "Huur"}, author="x")
    listed = run("admin", "organisations").stdout.splitlines()
    assert f"{team.oost}  Buurtbedrijf Oost  (3 personen, 1 dossier)" in listed
    assert f"{zuid.id}  Wijkhuis Zuid  (0 personen, 0 dossiers)" in listed

    without = run("admin", "invite", "Wijkhuis Zuid", "--role", "admin")
    assert without.exit_code == 0, without.output
    path = without.stdout.splitlines()[-1]
    assert path.startswith("/join/")
    assert "AANTAFEL_PUBLIC_URL" in without.stderr
    monkeypatch.setenv("AANTAFEL_PUBLIC_URL", "https://aantafel.example.nl/")
    linked = run("admin", "invite", zuid.id, "--role", "trainer", "--days", "14")
    link = linked.stdout.splitlines()[-1]
    assert link.startswith("https://aantafel.example.nl/join/")
    assert "als trainer" in linked.stdout
    promise = store.invitation(link.rpartition("/")[2])
    assert (promise.organisation_id, promise.role) == (zuid.id, "trainer")
    joined = store.accept(path.rpartition("/")[2], login="joke", name="Joke", password=PASSWORD)
    assert run("admin", "people", "Wijkhuis Zuid").stdout.splitlines() == ["joke  Joke  (beheerder)"]
    assert acting(store, joined).access is not None

    wrong_role = run("admin", "invite", zuid.id, "--role", "baas")
    assert wrong_role.exit_code == 2
    assert "'baas' is geen rol" in wrong_role.stderr
    unknown = run("admin", "invite", "Wijkhuis Noord")
    assert unknown.exit_code == 1
    assert "er is geen organisatie 'Wijkhuis Noord'" in unknown.stderr
    store.create_organisation("Wijkhuis Zuid")
    twice = run("admin", "people", "Wijkhuis Zuid")
    assert twice.exit_code == 1
    assert "meer dan één organisatie heet 'Wijkhuis Zuid'; geef het id" in twice.stderr


def test_a_reset_link_lets_the_person_choose_a_new_password(run: Invoke, store: Store) -> None:
    make_team(store)
    done = run("admin", "reset", "henk")
    assert done.exit_code == 0, done.output
    assert "nieuw wachtwoord" in done.stdout
    path = done.stdout.splitlines()[-1]
    assert path.startswith("/reset/")
    store.reset(path.rpartition("/")[2], "een heel nieuw wachtwoord")
    assert store.sign_in("henk", "een heel nieuw wachtwoord", address="test").name == "Henk"
    assert run("admin", "reset", "niemand").exit_code == 1


def test_removing_a_person_asks_first_and_leaves_oud_lid_in_the_history(run: Invoke, store: Store) -> None:
    team = make_team(store)
    dossier = acting(store, team.member).create_dossier({"title": "Huur"}, author="x")
    kept = run("admin", "remove", "Buurtbedrijf Oost", "henk", input="nee\n")
    assert '"oud-lid"' in kept.stderr
    assert "Er is niets veranderd." in kept.stdout
    assert [c.author for c in store.history(dossier.id)] == ["Henk"]
    done = run("admin", "remove", team.oost, "henk", "--yes")
    assert done.exit_code == 0, done.output
    assert [c.author for c in store.history(dossier.id)] == [EX_MEMBER]
    last = run("admin", "remove", team.oost, "fatima", "--yes")
    assert last.exit_code == 1
    assert "zou geen beheerder meer hebben" in last.stderr


def test_a_person_s_data_is_exported_as_json(run: Invoke, store: Store, tmp_path: Path) -> None:
    team: Team = make_team(store)
    acting(store, team.member).create_dossier({"title": "Huur"}, author="x")
    printed = run("admin", "export", "henk")
    assert json.loads(printed.stdout)["person"]["login"] == "henk"
    target = tmp_path / "henk.json"
    written = run("admin", "export", "henk", "--output", str(target))
    assert written.exit_code == 0, written.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [c["action"] for c in data["history"]] == ["created"]
    assert data["organisations"] == [{"name": "Buurtbedrijf Oost", "role": "member"}]


def _old(database_url: str) -> None:
    engine = sqlalchemy.create_engine(database_url)
    with engine.begin() as connection:
        upgrade_to(connection, "0006")
    engine.dispose()


def _version(database_url: str) -> list[str]:
    engine = sqlalchemy.create_engine(database_url)
    with engine.connect() as connection:
        found = list(connection.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalars())
    engine.dispose()
    return found


def test_migrate_checks_then_migrates(run: Invoke, database_url: str) -> None:
    _old(database_url)
    checked = run("migrate", "--check", "--lang", "en")
    assert checked.exit_code == 1
    assert f"The database needs a migration: from version 0006 to {HEAD}." in checked.stdout
    assert _version(database_url) == ["0006"]
    done = run("migrate")
    assert done.exit_code == 0
    assert f"De database is bijgewerkt van versie 0006 naar {HEAD}." in done.stdout
    again = run("migrate", "--check")
    assert again.exit_code == 0
    assert f"De database is bijgewerkt (versie {HEAD})." in again.stdout


def test_two_deploys_migrating_at_once_both_succeed_and_migrate_once(database_url: str) -> None:
    _old(database_url)
    command = [str(AANTAFEL), "migrate", "--db", database_url, "--lang", "en"]
    both = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"
    ]
    said = []
    for process in both:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        said.append(out.strip())
    assert sorted(said) == sorted(
        [
            f"The database was brought from version 0006 to {HEAD}.",
            f"The database is up to date (version {HEAD}).",
        ]
    )
    assert _version(database_url) == [HEAD]
