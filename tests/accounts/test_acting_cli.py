"""The command line and the coach on a database with accounts: they work as a person named with ``--as``
(or ``$AANTAFEL_AS``), and refuse to work as nobody; a database without accounts works as it always did."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli
from aantafel.dossiers.store import Store, open_store
from tests.accounts import Team, acting, make_team

AANTAFEL = Path(sys.executable).with_name("aantafel")
Invoke = Callable[..., Result]


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", database_url)
    monkeypatch.setenv("AANTAFEL_AUTHOR", "iemand")
    monkeypatch.delenv("AANTAFEL_AS", raising=False)

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input)

    return invoke


def test_a_database_with_accounts_asks_who_you_are(run: Invoke, store: Store, team: Team) -> None:
    done = run("dossier", "list")
    assert done.exit_code == 1
    assert f"{store.location} heeft accounts. Zeg wie je bent met --as INLOGNAAM (of zet AANTAFEL_AS)" in (
        done.stderr
    )
    unknown = run("dossier", "list", "--as", "niemand")
    assert unknown.exit_code == 1
    assert "er is geen persoon 'niemand'" in unknown.stderr


def test_as_a_member_you_see_your_organisations_dossiers_and_your_name_goes_into_the_history(
    run: Invoke, store: Store, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = acting(store, team.admin).create_dossier({"title": "Huur buurthuis"}, author="x")
    theirs = acting(store, team.other).create_dossier({"title": "Speeltuin West"}, author="x")
    listed = run("dossier", "list", "--as", "henk", "--json")
    assert [d["title"] for d in json.loads(listed.stdout)["dossiers"]] == ["Huur buurthuis"]
    hidden = run("dossier", "show", theirs.id, "--as", "henk")
    assert hidden.exit_code == 1
    assert f"er is geen dossier '{theirs.id}'" in hidden.stderr  # not "not yours": it might not exist
    made = run("dossier", "--as", "henk", "new", "--title", "Nieuw plan", "--json")  # before the command too
    assert made.exit_code == 0, made.output
    monkeypatch.setenv("AANTAFEL_AS", "henk")
    edited = run("dossier", "edit", ours.id, "--goal", "Lagere huur")
    assert edited.exit_code == 0, edited.output
    assert [c.author for c in store.history(ours.id)] == ["Fatima", "Henk"]  # not $AANTAFEL_AUTHOR
    assert json.loads(made.stdout)["id"] in {d.id for d in acting(store, team.admin).dossiers()}  # Oost's
    as_other = run("dossier", "list", "--as", "sanne", "--json")  # the option wins over the variable
    assert [d["title"] for d in json.loads(as_other.stdout)["dossiers"]] == ["Speeltuin West"]


def test_a_trainer_reads_but_cannot_change(run: Invoke, store: Store, team: Team) -> None:
    ours = acting(store, team.admin).create_dossier({"title": "Huur buurthuis"}, author="x")
    assert run("dossier", "show", ours.id, "--as", "ria").exit_code == 0
    refused = run("dossier", "edit", ours.id, "--goal", "Anders", "--as", "ria")
    assert refused.exit_code == 1
    assert f"je kunt dossier {ours.id} lezen, maar niet veranderen" in refused.stderr
    assert store.dossier(ours.id).goal == ""


def test_a_database_without_accounts_has_nobody_to_act_as(run: Invoke, store: Store) -> None:
    made = run("dossier", "new", "--title", "Alleen ik", "--json")
    assert made.exit_code == 0
    assert [c.author for c in store.history(json.loads(made.stdout)["id"])] == ["iemand"]
    refused = run("dossier", "list", "--as", "henk")
    assert refused.exit_code == 1
    assert "heeft nog geen accounts. maak het eerste met: aantafel admin create" in refused.stderr.lower()


def test_as_is_explained_as_no_sign_in(run: Invoke) -> None:
    shown = " ".join(run("dossier", "list", "--help", "--lang", "en").stdout.split())
    assert "--as SIGN-IN-NAME" in shown
    assert "It is no sign-in: whoever can open the" in shown
    assert "--as INLOGNAAM" in run("export", "--help").stdout
    assert "--as" not in run("backup", "--help").stdout  # the whole file: no person to act as


def test_a_backup_of_a_database_with_accounts_is_the_whole_database(tmp_path: Path, run: Invoke) -> None:
    url = f"sqlite:///{tmp_path / 'gedeeld.sqlite'}"
    store = open_store(url)
    make_team(store)
    store.close()
    done = run("backup", str(tmp_path / "kopie.sqlite"), "--db", url)
    assert done.exit_code == 0, done.output
    copy = open_store(f"sqlite:///{tmp_path / 'kopie.sqlite'}")
    assert copy.person_by_login("henk").name == "Henk"
    copy.close()


def _coach(stdin: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "AANTAFEL_AS"}
    return subprocess.run(
        [str(AANTAFEL), "coach", "--lang", "nl", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "XDG_STATE_HOME": str(home)},
        check=False,
    )


def test_the_coach_works_as_the_person_named_and_refuses_nobody(
    database_url: str, store: Store, team: Team, tmp_path: Path
) -> None:
    refused = _coach("/checks\n/dossier Huur elders\n/quit\n", "--db", database_url, home=tmp_path)
    assert refused.returncode == 0, refused.stderr  # looking things up needs no database
    assert "Welke grenzen" in refused.stdout
    assert "heeft accounts. zeg wie je bent met --as" in " ".join(refused.stdout.lower().split())
    assert store.dossiers() == []
    done = _coach("/dossier Huur elders\n/quit\n", "--db", database_url, "--as", "henk", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Dossier: Huur elders" in done.stdout
    [made] = acting(store, team.member).dossiers()
    assert made.title == "Huur elders"
    assert [c.author for c in store.history(made.id)] == ["Henk"]
    assert acting(store, team.other).dossiers() == []


def test_someone_in_two_organisations_says_which_a_new_dossier_is_for(
    run: Invoke, store: Store, team: Team
) -> None:
    link = store.invite(team.west, "member")
    store.accept(link, login="", name="", password="", person_id=team.member.id)
    unsaid = run("dossier", "new", "--title", "Welke?", "--as", "henk")
    assert unsaid.exit_code == 1
    assert "kies de organisatie" in unsaid.stderr
    made = run("dossier", "new", "--title", "Speeltuin", "--for", "Wijkhuis West", "--as", "henk", "--json")
    assert made.exit_code == 0, made.output
    assert [d.title for d in acting(store, team.other).dossiers()] == ["Speeltuin"]
