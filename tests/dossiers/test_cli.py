"""``aantafel dossier …`` as a user types it, with flags for scripts and with questions in a terminal."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli

Invoke = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("AANTAFEL_DATABASE_URL", f"sqlite:///{tmp_path / 'aantafel.sqlite'}")
    monkeypatch.setenv("AANTAFEL_AUTHOR", "Fatima")

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["dossier", *args], input=input)

    return invoke


def _new(run: Invoke, *args: str) -> str:
    result = run("new", "--json", *args)
    assert result.exit_code == 0, result.output
    return str(json.loads(result.stdout)["id"])


def test_new_with_flags_then_list_and_show(run: Invoke) -> None:
    dossier_id = _new(
        run,
        "--title",
        "Huur buurthuis",
        "--counterpart",
        "Gemeente Utrecht",
        "--our-interests",
        "Het buurthuis blijft open voor ouderen",
    )
    listed = run("list")
    assert listed.exit_code == 0
    assert listed.stdout.startswith(f"{dossier_id}  ")
    assert listed.stdout.rstrip().endswith("Huur buurthuis (Gemeente Utrecht)")
    shown = run("show", dossier_id[:4])
    assert shown.exit_code == 0
    assert shown.stdout.splitlines()[0] == "Huur buurthuis"
    assert "Onze belangen\n  Het buurthuis blijft open voor ouderen" in shown.stdout
    assert "Nog in te vullen: afdeling, jullie organisatie" in shown.stdout
    english = run("show", dossier_id, "--lang", "en")
    assert "Our interests\n  Het buurthuis blijft open voor ouderen" in english.stdout


def test_new_asks_each_question_when_no_title_is_given(run: Invoke) -> None:
    answers = (
        "\n".join(["", "Subsidie speeltuin", "Gemeente Zeist", "", "", "Meer speeltoestellen"]) + "\n" * 7
    )
    result = run("new", input=answers)
    assert result.exit_code == 0, result.output
    assert "Titel: \nTitel: Subsidie speeltuin" in result.output  # an empty title is asked again
    data = json.loads(run("list", "--json").stdout)["dossiers"]
    assert [(d["title"], d["counterpart"], d["goal"]) for d in data] == [
        ("Subsidie speeltuin", "Gemeente Zeist", "Meer speeltoestellen")
    ]


def test_new_without_answers_stores_nothing_and_says_how(run: Invoke) -> None:
    result = run("new", input="")
    assert result.exit_code == 1
    assert "er is niets bewaard: de vragen zijn niet beantwoord" in result.stderr
    assert "--title" in result.stderr
    assert json.loads(run("list", "--json").stdout) == {"dossiers": []}


def test_a_value_over_the_limit_is_refused_with_the_field(run: Invoke) -> None:
    result = run("new", "--title", "x" * 201)
    assert result.exit_code == 1
    assert "te lang: de titel (201 tekens; het maximum is 200)" in result.stderr


def test_edit_keeps_history_and_a_stale_edit_changes_nothing(run: Invoke) -> None:
    dossier_id = _new(run, "--title", "Huur buurthuis")
    assert run("edit", dossier_id, "--goal", "Lagere huur").exit_code == 0
    stale = run("edit", dossier_id, "--goal", "Iets anders", "--expect-version", "1")
    assert stale.exit_code == 1
    assert "is intussen door iemand anders veranderd, ook het doel. Er is niets opgeslagen" in stale.stderr
    assert "Doel: nu Lagere huur (opgeslagen door Fatima); jij Iets anders" in stale.stderr
    assert "Geef dezelfde opdracht nog een keer, met --expect-version 2." in stale.stderr
    shown = json.loads(run("show", dossier_id, "--json").stdout)
    assert shown["goal"] == "Lagere huur"
    assert shown["version"] == 2
    assert [(h["author"], h["action"], h["field"]) for h in shown["history"]] == [
        ("Fatima", "created", None),
        ("Fatima", "edited", "goal"),
    ]
    history = run("history", dossier_id).stdout
    assert history.splitlines()[1].endswith("Fatima  veranderde Doel: — → Lagere huur")


def test_a_stale_edit_of_another_field_is_merged_and_a_change_undone(run: Invoke) -> None:
    """Someone else changed the goal meanwhile; changing the limits from the older version keeps both.
    Then the goal is undone, by the number the history shows, and the undo undone."""
    dossier_id = _new(run, "--title", "Huur buurthuis")
    assert run("edit", dossier_id, "--goal", "Lagere huur").exit_code == 0
    assert run("edit", dossier_id, "--limits", "900 euro", "--expect-version", "1").exit_code == 0
    shown = json.loads(run("show", dossier_id, "--json").stdout)
    assert (shown["goal"], shown["limits"]) == ("Lagere huur", "900 euro")
    history = json.loads(run("history", dossier_id, "--json").stdout)["history"]
    goal = next(change for change in history if change["field"] == "goal")
    assert [change["undoable"] for change in history] == [False, True, True]
    undone = run("undo", dossier_id, str(goal["id"]))
    assert undone.exit_code == 0, undone.stderr
    assert "Ongedaan gemaakt: maakte een verandering van Doel ongedaan: Lagere huur → —" in undone.stdout
    assert json.loads(run("show", dossier_id, "--json").stdout)["goal"] == ""
    again = run("undo", dossier_id, str(goal["id"]))
    assert again.exit_code == 1
    assert "het doel is daarna weer veranderd" in again.stderr
    missing = run("undo", dossier_id, "99999")
    assert missing.exit_code == 1
    assert "geen verandering 99999" in missing.stderr


def test_history_shows_the_last_changes_when_asked(run: Invoke) -> None:
    """A dossier used for years has thousands of changes; ``--last`` shows the newest, oldest first."""
    dossier_id = _new(run, "--title", "Huur buurthuis")
    for goal in ("Een", "Twee", "Drie"):
        assert run("edit", dossier_id, "--goal", goal).exit_code == 0
    last = run("history", dossier_id, "--last", "2").stdout.splitlines()
    assert [line.rsplit("  ", 1)[1] for line in last] == [
        "veranderde Doel: Een → Twee",
        "veranderde Doel: Twee → Drie",
    ]
    assert len(run("history", dossier_id).stdout.splitlines()) == 4
    refused = run("history", dossier_id, "--last", "0")
    assert refused.exit_code == 2
    assert "--last" in refused.stderr


def test_delete_and_restore(run: Invoke) -> None:
    dossier_id = _new(run, "--title", "Huur buurthuis")
    deleted = run("delete", dossier_id[:5])
    assert deleted.exit_code == 0
    assert f"aantafel dossier restore {dossier_id}" in deleted.stdout
    assert "Nog geen dossiers" in run("list").stderr
    assert dossier_id in run("list", "--bin").stdout
    assert run("restore", dossier_id).exit_code == 0
    assert dossier_id in run("list").stdout


def test_unknown_id_and_bad_database_give_clear_errors(run: Invoke, tmp_path: Path) -> None:
    unknown = run("show", "abcdef12")
    assert unknown.exit_code == 1
    assert "er is geen dossier 'abcdef12'; zie: aantafel dossier list" in unknown.stderr
    broken = tmp_path / "kapot.sqlite"
    broken.write_bytes(b"\x00garbage" * 200)
    result = CliRunner().invoke(cli, ["dossier", "--db", f"sqlite:///{broken}", "list"])
    assert result.exit_code == 1
    assert f"{broken} is geen aantafel-database, of hij is" in result.stderr
    assert "Traceback" not in result.output


def test_every_dossier_command_takes_db_after_its_name(tmp_path: Path) -> None:
    """``--db`` goes where people put it: after the command (``dossier list --db …``) as well as before."""
    other = f"sqlite:///{tmp_path / 'ander.sqlite'}"
    runner = CliRunner()
    made = runner.invoke(cli, ["dossier", "new", "--title", "Elders", "--json", "--db", other])
    assert made.exit_code == 0, made.output
    dossier = json.loads(made.stdout)["id"]
    for args in (
        ["dossier", "list"],
        ["dossier", "show", dossier],
        ["dossier", "history", dossier],
        ["meeting", "list", dossier],
        ["agreement", "list", "--dossier", dossier],
        ["export", dossier],
    ):
        shown = runner.invoke(cli, [*args, "--db", other])
        assert shown.exit_code == 0, (args, shown.output)
    assert "Elders" in runner.invoke(cli, ["dossier", "list", "--db", other]).stdout
    assert "Elders" not in runner.invoke(cli, ["dossier", "list"]).stdout  # the default database is another
    assert (
        runner.invoke(cli, ["dossier", "--db", other, "list"]).stdout
        == runner.invoke(cli, ["dossier", "list", "--db", other]).stdout
    )
