"""``aantafel meeting record`` and ``aantafel agreement …`` as a user types them."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli

Invoke = Callable[..., Result]


@pytest.fixture
def run() -> Invoke:
    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(cli, list(args), input=input)

    return invoke


@pytest.fixture
def ids(run: Invoke) -> tuple[str, str]:
    dossier = json.loads(run("dossier", "new", "--title", "Huur buurthuis", "--json").stdout)["id"]
    assert run("meeting", "add", dossier, "--when", "3-12-2026 14:00").exit_code == 0
    meeting = json.loads(run("meeting", "list", dossier, "--json").stdout)["meetings"][0]["id"]
    return dossier, meeting


def test_record_with_flags_shows_in_the_meeting(run: Invoke, ids: tuple[str, str]) -> None:
    _dossier, meeting = ids
    result = run(
        "meeting",
        "record",
        meeting,
        "--notes",
        "Huur besproken",
        "--used",
        "niet-concreet",
        "--move",
        "zij; geboden; huur 850 euro",
        "--move",
        "wij; beloofd; meer activiteiten; als de huur omlaag gaat",
        "--emotions",
        "Wethouder geïrriteerd",
    )
    assert result.exit_code == 0, result.output
    shown = run("meeting", "show", meeting).stdout
    assert "Gebruikte interventies\n----------------------\n• De ander wordt niet concreet" in shown
    assert "• zij – geboden: huur 850 euro" in shown
    assert "• wij – beloofd: meer activiteiten (als de huur omlaag gaat)" in shown
    assert (
        "Emoties om volgende keer te onthouden\n-------------------------------------\nWethouder geïrriteerd"
        in shown
    )


def test_a_review_of_several_lines_keeps_its_lines(run: Invoke, ids: tuple[str, str]) -> None:
    _dossier, meeting = ids
    review = "Doel was helder.\nWe lieten ze uitpraten.\n\nVolgende keer: cijfers mee."
    assert (
        run("meeting", "record", meeting, "--went-well", review, "--notes", "Huur\nen onderhoud").exit_code
        == 0
    )
    shown = run("meeting", "show", meeting).stdout
    assert "-\nDoel was helder.\nWe lieten ze uitpraten.\n\nVolgende keer: cijfers mee.\n" in shown
    assert "-\nHuur\nen onderhoud\n" in shown


def test_record_asks_and_refuses_an_unknown_intervention(run: Invoke, ids: tuple[str, str]) -> None:
    _dossier, meeting = ids
    wrong = run("meeting", "record", meeting, "--used", "bestaat-niet")
    assert wrong.exit_code == 2
    assert "er is geen interventie bestaat-niet" in wrong.stderr
    answers = "Goed gesprek\nafwachtend\nHuur 850\nzij\ngeboden\n\n\nRustig\nDoel helder\nEerder bellen\n"
    asked = run("meeting", "record", meeting, input=answers)
    assert asked.exit_code == 0, asked.output
    record = json.loads(run("meeting", "show", meeting, "--json").stdout)["record"]
    assert record["interventions"] == ["afwachtend"]
    assert record["moves"] == [{"side": "theirs", "kind": "offered", "what": "Huur 850", "condition": ""}]
    assert (record["went_well"], record["do_differently"]) == ("Doel helder", "Eerder bellen")


def test_agreements_from_add_to_done(run: Invoke, ids: tuple[str, str]) -> None:
    dossier, meeting = ids
    added = run(
        "agreement",
        "add",
        dossier,
        "--what",
        "Gemeente stuurt de taxatie",
        "--side",
        "zij",
        "--person",
        "Mevrouw De Vries",
        "--due",
        "10-12-2026",
        "--meeting",
        meeting[:4],
        "--json",
    )
    assert added.exit_code == 0, added.output
    agreement = json.loads(added.stdout)["id"]
    late = run("agreement", "add", dossier, "--what", "Oude toezegging", "--side", "wij", "--due", "1-1-2026")
    assert late.exit_code == 0
    listed = run("agreement", "list").stdout.splitlines()
    assert "te laat" in listed[0]
    assert listed[0].endswith("Oude toezegging (wij)")
    assert listed[1].endswith("Gemeente stuurt de taxatie (Mevrouw De Vries)")
    assert (
        len(json.loads(run("agreement", "list", "--status", "overdue", "--json").stdout)["agreements"]) == 1
    )
    assert run("agreement", "done", agreement[:4], "--note", "ontvangen").exit_code == 0
    shown = json.loads(run("agreement", "show", agreement, "--json").stdout)
    assert shown["status"] == "done"
    assert [h["new"] for h in shown["history"]] == ["open", "done: ontvangen"]


@pytest.mark.parametrize(
    ("command", "listing"),
    [
        ("meeting", "er is geen gesprek 'ffff1234'; zie: aantafel meeting list DOSSIER"),
        ("agreement", "er is geen afspraak 'ffff1234'; zie: aantafel agreement list"),
    ],
)
def test_an_unknown_id_names_the_command_that_lists_them(
    run: Invoke, ids: tuple[str, str], command: str, listing: str
) -> None:
    shown = run(command, "show", "ffff1234")
    assert shown.exit_code == 1
    assert listing in shown.stderr


def test_agreement_input_errors_store_nothing(run: Invoke, ids: tuple[str, str]) -> None:
    dossier, meeting = ids
    before_meeting = run(
        "agreement", "add", dossier, "--what", "x", "--due", "1-12-2026", "--meeting", meeting
    )
    assert before_meeting.exit_code == 1
    assert "1 december 2026 ligt vóór het gesprek waar de afspraak uit komt (3 december 2026)" in (
        before_meeting.stderr
    )
    bad_date = run("agreement", "add", dossier, "--what", "x", "--due", "31-02-2026")
    assert bad_date.exit_code == 2
    assert "'31-02-2026' is geen datum" in bad_date.stderr
    bad_side = run("agreement", "add", dossier, "--what", "x", "--side", "gemeentehuis")
    assert bad_side.exit_code == 2
    assert json.loads(run("agreement", "list", "--json").stdout)["agreements"] == []


def test_dossier_show_lists_its_meetings_and_open_agreements(run: Invoke, ids: tuple[str, str]) -> None:
    dossier, meeting = ids
    run("agreement", "add", dossier, "--what", "Gemeente stuurt de taxatie", "--due", "10-12-2026")
    shown = run("dossier", "show", dossier).stdout
    assert f"Gesprekken\n  {meeting[:4]}  3 december 2026, 14:00" in shown
    assert "Open afspraken\n" in shown
    assert "  10 december 2026  Gemeente stuurt de taxatie" in shown


def test_an_agreement_is_corrected_with_flags_or_questions(run: Invoke, ids: tuple[str, str]) -> None:
    dossier, _meeting = ids
    added = json.loads(
        run("agreement", "add", dossier, "--what", "Taxatie sturne", "--due", "10-12-2026", "--json").stdout
    )
    fixed = run("agreement", "edit", added["id"][:4], "--what", "Taxatie sturen", "--due", "17-12-2026")
    assert fixed.exit_code == 0, fixed.output
    shown = json.loads(run("agreement", "show", added["id"], "--json").stdout)
    assert (shown["what"], shown["due"], shown["side"]) == ("Taxatie sturen", "2026-12-17", "theirs")
    asked = run("agreement", "edit", added["id"][:4], input="\nwij Fatima\n\n\n")
    assert asked.exit_code == 0, asked.output
    assert "[Taxatie sturen]" in asked.output
    assert "[17-12-2026]" in asked.output
    shown = json.loads(run("agreement", "show", added["id"], "--json").stdout)
    assert (shown["what"], shown["side"], shown["person"], shown["due"]) == (
        "Taxatie sturen",
        "ours",
        "Fatima",
        "2026-12-17",
    )
    cleared = run("agreement", "edit", added["id"][:4], "--due", "")
    assert cleared.exit_code == 0, cleared.output
    assert json.loads(run("agreement", "show", added["id"], "--json").stdout)["due"] is None
    wrong = run("agreement", "edit", added["id"][:4], "--due", "morgen")
    assert wrong.exit_code == 2
    assert "--due" in wrong.output


def test_an_agreement_told_in_questions_asks_again_only_what_was_refused(
    run: Invoke, ids: tuple[str, str]
) -> None:
    """Who does it is one answer, as in the coach ("zij Mevrouw De Vries"); a due date before the meeting
    the agreement comes from is asked again, and the other answers stay."""
    dossier, meeting = ids
    typed = "\nTaxatie sturen\nzij Mevrouw De Vries\n1-12-2026\nWe bellen de wethouder\n10-12-2026\n"
    asked = run("agreement", "add", dossier, "--meeting", meeting, input=typed)
    assert asked.exit_code == 0, asked.output
    assert "wat er is afgesproken: vul dit in" in asked.output  # Enter alone is no agreement
    assert "Nog niet bewaard: 1 december 2026 ligt vóór het gesprek waar de afspraak uit komt" in asked.output
    [stored] = json.loads(run("agreement", "list", "--json").stdout)["agreements"]
    assert (stored["what"], stored["side"], stored["person"], stored["due"], stored["if_broken"]) == (
        "Taxatie sturen",
        "theirs",
        "Mevrouw De Vries",
        "2026-12-10",
        "We bellen de wethouder",
    )
