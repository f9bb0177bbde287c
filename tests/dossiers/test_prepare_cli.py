"""``aantafel meeting`` and ``aantafel prepare`` as a user types them, through click's input pipe."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli

Invoke = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("AANTAFEL_AUTHOR", "Fatima")

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input)

    return invoke


@pytest.fixture
def meeting_id(run: Invoke) -> str:
    dossier = json.loads(run("dossier", "new", "--title", "Huur buurthuis", "--json").stdout)["id"]
    added = run(
        "meeting",
        "add",
        dossier[:4],
        "--when",
        "3-12-2026 14:00",
        "--place",
        "Stadhuis",
        "--person",
        "Wethouder Jansen; zij; wethouder; ja",
        "--person",
        "Kees; wij",
    )
    assert added.exit_code == 0, added.output
    return str(json.loads(run("meeting", "list", dossier, "--json").stdout)["meetings"][0]["id"])


def test_meeting_add_with_flags_and_show(run: Invoke, meeting_id: str) -> None:
    shown = run("meeting", "show", meeting_id[:4])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == "03-12-2026 14:00 · Huur buurthuis"
    assert "  • Wethouder Jansen (zij, wethouder): mag bindend afspreken" in shown.stdout
    assert "  • Kees (wij): onbekend of bindend" in shown.stdout
    assert "  • Kunnen de mensen aan tafel bindende afspraken maken? —" in shown.stdout


def test_meeting_add_asks_when_no_date_is_given(run: Invoke) -> None:
    dossier = json.loads(run("dossier", "new", "--title", "Speeltuin", "--json").stdout)["id"]
    answers = "morgen\n4-12-2026 10:00\nBuurthuis\nSubsidie\nMevrouw De Vries\nzij\nambtenaar\nnee\n\n"
    added = run("meeting", "add", dossier, input=answers)
    assert added.exit_code == 0, added.output
    assert "'morgen' is not a date and time" in added.output  # asked again, not lost
    [planned] = json.loads(run("meeting", "list", dossier, "--json").stdout)["meetings"]
    assert (planned["place"], planned["purpose"]) == ("Buurthuis", "Subsidie")
    assert planned["participants"] == [
        {"name": "Mevrouw De Vries", "side": "theirs", "role": "ambtenaar", "binding": "no"}
    ]


def test_a_wrong_date_or_person_flag_is_a_usage_error(run: Invoke) -> None:
    dossier = json.loads(run("dossier", "new", "--title", "Huur", "--json").stdout)["id"]
    wrong_date = run("meeting", "add", dossier, "--when", "volgende week")
    assert wrong_date.exit_code == 2
    assert "'volgende week' is not a date and time; write it like 3-12-2026 14:00" in wrong_date.stderr
    wrong_side = run("meeting", "add", dossier, "--when", "3-12-2026 14:00", "--person", "Jan; gemeentehuis")
    assert wrong_side.exit_code == 2
    assert "'gemeentehuis' is not a side" in wrong_side.stderr
    assert json.loads(run("meeting", "list", dossier, "--json").stdout)["meetings"] == []


def test_prepare_stops_halfway_keeps_answers_and_resumes(run: Invoke, meeting_id: str) -> None:
    first = run("prepare", meeting_id, input="nee\nDe wethouder komt niet\n")
    assert first.exit_code == 0, first.output
    assert "Check 1 van 4" in first.stdout
    assert "Advies:" in first.stdout  # a no gets the check's advice
    assert f"Je antwoorden zijn bewaard. Ga verder met: aantafel prepare {meeting_id[:4]}" in first.stdout
    second = run("prepare", meeting_id, input="ja\n\nweet niet\n\n\n")
    assert "1 van 4 checks had je al beantwoord" in second.stdout
    assert "Check 1 van 4" not in second.stdout
    assert "3 van 4 checks beantwoord." in second.stdout
    assert "Nog open:\n  • Welke grenzen stellen jullie aan de uitkomst?" in second.stdout
    answers = json.loads(run("meeting", "show", meeting_id, "--json").stdout)["answers"]
    assert {k: (v["answer"], v["note"]) for k, v in answers.items()} == {
        "bindende-afspraken": ("no", "De wethouder komt niet"),
        "doel-van-het-gesprek": ("yes", ""),
        "emoties-vorig-gesprek": ("unsure", ""),
    }


def test_prepare_in_english(run: Invoke, meeting_id: str) -> None:
    result = run("prepare", meeting_id, "--lang", "en", input="no\n\n")
    assert "Check 1 of 4" in result.stdout
    assert "Can the people at the table make binding agreements?" in result.stdout
    assert "Advice:" in result.stdout


def test_prepare_with_answers_for_scripts(run: Invoke, meeting_id: str) -> None:
    result = run("prepare", meeting_id, "--answer", "grenzen=nee", "--note", "grenzen=Niet boven 900 euro")
    assert result.exit_code == 0, result.output
    assert "1 van 4 checks beantwoord." in result.stdout
    wrong = run("prepare", meeting_id, "--answer", "grens=ja")
    assert wrong.exit_code == 2
    assert "no check 'grens'; the checks are: bindende-afspraken" in wrong.stderr


def test_an_answer_to_a_check_that_is_no_longer_installed_is_kept(run: Invoke, meeting_id: str) -> None:
    from aantafel.dossiers.store import open_store

    store = open_store()
    store.answer(meeting_id, "uitdaagrecht-taak", "yes", "uit een module", author="a")
    store.close()
    shown = run("meeting", "show", meeting_id)
    assert (
        "  • uitdaagrecht-taak (deze check is niet meer geïnstalleerd) → ja (uit een module)" in shown.stdout
    )


def test_a_moved_meeting_is_changed_with_flags_or_questions(run: Invoke, meeting_id: str) -> None:
    moved = run("meeting", "edit", meeting_id[:4], "--when", "10-12-2026 15:30", "--place", "Buurthuis")
    assert moved.exit_code == 0, moved.output
    assert "10-12-2026 15:30" in moved.output
    shown = json.loads(run("meeting", "show", meeting_id, "--json").stdout)
    assert shown["place"] == "Buurthuis"
    assert [person["name"] for person in shown["participants"]] == ["Wethouder Jansen", "Kees"]  # kept
    asked = run("meeting", "edit", meeting_id[:4], input="\n\nHuur bespreken\n")
    assert asked.exit_code == 0, asked.output
    assert "[10-12-2026 15:30]" in asked.output  # what it is now, kept with Enter
    shown = json.loads(run("meeting", "show", meeting_id, "--json").stdout)
    assert (shown["place"], shown["purpose"]) == ("Buurthuis", "Huur bespreken")
    assert shown["starts_at"].startswith("2026-12-10")
    history = run("dossier", "history", shown["dossier_id"]).stdout.splitlines()
    assert history[-1].endswith(
        f"Fatima  meeting changed {meeting_id[:4]}: 10-12-2026 15:30 → 10-12-2026 15:30"
    )
    assert history[-2].endswith(
        f"Fatima  meeting changed {meeting_id[:4]}: 03-12-2026 14:00 → 10-12-2026 15:30"
    )
    wrong = run("meeting", "edit", meeting_id[:4], "--when", "volgende week")
    assert wrong.exit_code == 2
    assert "--when" in wrong.output
