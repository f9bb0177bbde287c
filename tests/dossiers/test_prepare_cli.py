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
    assert shown.stdout.splitlines()[0] == "3 december 2026, 14:00 · Huur buurthuis"
    assert "• Wethouder Jansen (zij, wethouder; mag bindend afspreken)" in shown.stdout
    assert "• Kees (wij; nog niet bekend of die bindend mag afspreken)" in shown.stdout
    assert "• Kunnen de mensen aan tafel bindende afspraken maken? —" in shown.stdout


def test_meeting_add_asks_when_no_date_is_given(run: Invoke) -> None:
    dossier = json.loads(run("dossier", "new", "--title", "Speeltuin", "--json").stdout)["id"]
    answers = "morgen\n4-12-2026 10:00\nBuurthuis\nSubsidie\nMevrouw De Vries\nzij\nambtenaar\nnee\n\n"
    added = run("meeting", "add", dossier, input=answers)
    assert added.exit_code == 0, added.output
    assert "'morgen' is geen datum en tijd; schrijf het zo: 3-12-2026 14:00" in added.output  # asked again
    [planned] = json.loads(run("meeting", "list", dossier, "--json").stdout)["meetings"]
    assert (planned["place"], planned["purpose"]) == ("Buurthuis", "Subsidie")
    assert planned["participants"] == [
        {"name": "Mevrouw De Vries", "side": "theirs", "role": "ambtenaar", "binding": "no"}
    ]


def test_a_wrong_date_or_person_flag_is_a_usage_error(run: Invoke) -> None:
    dossier = json.loads(run("dossier", "new", "--title", "Huur", "--json").stdout)["id"]
    wrong_date = run("meeting", "add", dossier, "--when", "volgende week")
    assert wrong_date.exit_code == 2
    assert "'volgende week' is geen datum en tijd; schrijf het zo: 3-12-2026 14:00" in wrong_date.stderr
    wrong_side = run("meeting", "add", dossier, "--when", "3-12-2026 14:00", "--person", "Jan; gemeentehuis")
    assert wrong_side.exit_code == 2
    assert "'gemeentehuis' is geen kant" in wrong_side.stderr
    assert json.loads(run("meeting", "list", dossier, "--json").stdout)["meetings"] == []


def test_prepare_stops_halfway_keeps_answers_and_resumes(run: Invoke, meeting_id: str) -> None:
    first = run("prepare", meeting_id, input="nee, de wethouder komt niet\n")
    assert first.exit_code == 0, first.output
    assert "Check 1 van 4" in first.stdout
    assert "Advies:" in first.stdout  # a no gets the check's advice
    assert f"Je antwoorden zijn bewaard. Ga verder met: aantafel prepare {meeting_id[:4]}" in first.stdout
    second = run("prepare", meeting_id, input="Lagere huur\nja\nweet niet\n\n")
    assert "Je had al 1 van de 4 vragen beantwoord" in second.stdout
    assert "Check 1 van 4" not in second.stdout
    assert "Wil je dit ook als Doel in het dossier zetten?" in second.output  # an open check fills the goal
    assert "3 van 4 checks beantwoord." in second.stdout
    assert "Nog open:\n  • Welke grenzen stellen jullie aan de uitkomst?" in second.stdout
    shown = json.loads(run("meeting", "show", meeting_id, "--json").stdout)
    assert {k: (v["verdict"], v["text"]) for k, v in shown["answers"].items()} == {
        "bindende-afspraken": ("no", "de wethouder komt niet"),
        "doel-van-het-gesprek": (None, "Lagere huur"),
        "emoties-vorig-gesprek": ("unsure", ""),
    }
    assert json.loads(run("dossier", "show", shown["dossier_id"], "--json").stdout)["goal"] == "Lagere huur"


def test_an_open_check_takes_text_and_a_yes_no_check_asks_again_for_a_verdict(
    run: Invoke, meeting_id: str
) -> None:
    """The goal and the limits are open questions: what people write is the answer (before, "lagere huur"
    was refused as not one of the choices). A yes-no check asks again until it hears yes, no or not sure."""
    typed = "de wethouder\nja\nNiet meer dan 900 euro\nnee\n\nNiet meer dan 900 euro per maand\n\n"
    result = run("prepare", meeting_id, input=typed)
    assert result.exit_code == 0, result.output
    assert "begin je antwoord met ja, nee of weet niet" in result.output  # "de wethouder" is no answer
    shown = json.loads(run("meeting", "show", meeting_id, "--json").stdout)
    assert shown["answers"]["bindende-afspraken"]["verdict"] == "yes"
    assert shown["answers"]["doel-van-het-gesprek"]["text"] == "Niet meer dan 900 euro"
    assert json.loads(run("dossier", "show", shown["dossier_id"], "--json").stdout)["goal"] == ""  # said no
    assert shown["answers"]["grenzen"]["text"] == "Niet meer dan 900 euro per maand"


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
    assert "er is geen check of werkbladvraag 'grens'; kies uit: bindende-afspraken" in wrong.stderr
    goal = run("prepare", meeting_id, "--answer", "doel-van-het-gesprek=Lagere huur", "--fill")
    assert goal.exit_code == 0, goal.output
    dossier = json.loads(run("meeting", "show", meeting_id, "--json").stdout)["dossier_id"]
    assert json.loads(run("dossier", "show", dossier, "--json").stdout)["goal"] == "Lagere huur"


def test_an_answer_to_a_check_that_is_no_longer_installed_is_kept(run: Invoke, meeting_id: str) -> None:
    from aantafel.dossiers.store import open_store

    store = open_store()
    store.answer(meeting_id, "uitdaagrecht-taak", "yes", "uit een module", expected_version=0, author="a")
    store.close()
    shown = run("meeting", "show", meeting_id)
    assert "• uitdaagrecht-taak (deze check is niet meer geïnstalleerd) → ja — uit een module" in shown.stdout


def test_a_moved_meeting_is_changed_with_flags_or_questions(run: Invoke, meeting_id: str) -> None:
    moved = run("meeting", "edit", meeting_id[:4], "--when", "10-12-2026 15:30", "--place", "Buurthuis")
    assert moved.exit_code == 0, moved.output
    assert "10 december 2026, 15:30" in moved.output
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
        f"Fatima  verzette gesprek {meeting_id[:4]}: 10 december 2026, 15:30 → 10 december 2026, 15:30"
    )
    assert history[-2].endswith(
        f"Fatima  verzette gesprek {meeting_id[:4]}: 3 december 2026, 14:00 → 10 december 2026, 15:30"
    )
    wrong = run("meeting", "edit", meeting_id[:4], "--when", "volgende week")
    assert wrong.exit_code == 2
    assert "--when" in wrong.output


def test_the_history_shows_the_answer_a_change_replaced(run: Invoke, meeting_id: str) -> None:
    """A changed answer's entry says what it was before, so a note that was replaced can be read back."""
    note = ("--note", "bindende-afspraken=Jansen komt niet")
    assert run("prepare", meeting_id, "--answer", "bindende-afspraken=nee", *note).exit_code == 0
    assert run("prepare", meeting_id, "--answer", "bindende-afspraken=ja").exit_code == 0
    dossier = json.loads(run("dossier", "list", "--json").stdout)["dossiers"][0]["id"]
    history = run("dossier", "history", dossier).stdout
    assert "beantwoordde bindende-afspraken: — → nee: Jansen komt niet" in history
    assert "beantwoordde bindende-afspraken: nee: Jansen komt niet → ja" in history
