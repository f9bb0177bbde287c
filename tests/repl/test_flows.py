"""The guided flows: one question at a time, every answer stored at once, nothing typed lost on a mistake,
a Ctrl-C or a command in between, and a preparation that carries on where it stopped."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from aantafel import Library
from aantafel.dossiers.store import Store, open_store
from aantafel_repl.coach import WIDTH, Coach, Reply
from aantafel_repl.plugin import make_coach


@pytest.fixture
def store() -> Iterator[Store]:
    opened = open_store()
    yield opened
    opened.close()


def said(reply: Reply) -> str:
    return "\n".join(reply.lines)


def feed(coach: Coach, *lines: str) -> Reply:
    reply = Reply()
    for line in lines:
        reply = coach.handle(line)
    return reply


def test_prepare_starts_a_dossier_and_meeting_and_stores_each_answer_at_once(
    coach: Coach, store: Store
) -> None:
    first = coach.handle("/prepare")
    assert said(first).startswith("Je hebt nog geen dossier.")
    assert "Wanneer is het gesprek?" in said(coach.handle("Huur buurthuis"))
    asked = said(coach.handle("15-12-2026 14:00"))
    assert "Check 1 van 4: Kunnen de mensen aan tafel bindende afspraken maken?" in asked
    dossier = store.dossiers()[0]
    meeting = store.meetings(dossier.id)[0]
    assert dossier.title == "Huur buurthuis"
    assert meeting.starts_at.strftime("%d-%m-%Y %H:%M") == "15-12-2026 14:00"
    coach.handle("ja")
    assert store.answers(meeting.id)["bindende-afspraken"].verdict == "yes"  # stored before the next question
    offered = coach.handle("Lagere huur voor het buurthuis")  # an open check takes the words as they come
    assert store.answers(meeting.id)["doel-van-het-gesprek"].text == "Lagere huur voor het buurthuis"
    assert offered.lines[-1] == "Wil je dit ook als Doel in het dossier zetten? (ja of nee)"
    filled = coach.handle("ja")
    assert "Ook bewaard in het dossier, bij Doel." in filled.lines
    assert store.dossier(dossier.id).goal == "Lagere huur voor het buurthuis"
    assert filled.lines[-1] == "Check 3 van 4: Moet ik emoties uit het vorige gesprek bespreken?"
    advice = coach.handle("nee, het ging goed")
    assert "Wat je kunt doen:" in advice.lines
    assert any(line.startswith("  • ") for line in advice.lines)  # the advice's list, laid out as a list
    assert advice.lines[-1] == "Check 4 van 4: Welke grenzen stellen jullie aan de uitkomst?"
    assert all(len(line) <= 80 for line in advice.lines)
    feed(coach, "weet niet")
    assert [a.verdict for a in store.answers(meeting.id).values()] == ["yes", None, "no", "unsure"]
    assert not coach.asking


def test_a_stopped_preparation_carries_on_where_it_stopped(library: Library, store: Store) -> None:
    coach = make_coach(library, "nl")
    feed(coach, "/prepare", "Huur buurthuis", "15-12-2026 14:00", "ja", "weet niet")
    assert said(coach.cancel()) == "Gestopt. Wat je al had ingevuld, is bewaard."
    assert not coach.asking
    later = make_coach(library, "nl")  # another session, another day
    assert "1. Huur buurthuis" in said(later.handle("/prepare"))
    assert "1. 15 december 2026, 14:00" in said(later.handle("1"))
    carried = said(later.handle("1"))
    assert "Je had al 2 vragen beantwoord. We gaan verder." in carried
    assert carried.endswith("Check 3 van 4: Moet ik emoties uit het vorige gesprek bespreken?")


def test_a_mistake_in_a_flow_asks_again_and_keeps_the_rest(coach: Coach, store: Store) -> None:
    coach.handle("/prepare")
    coach.handle("Huur buurthuis")
    assert said(coach.handle("volgende week")).startswith(
        "'volgende week' is geen datum en tijd; schrijf het zo"
    )
    coach.handle("15-12-2026 14:00")
    assert said(coach.handle("huh")).startswith("begin je antwoord met ja, nee of weet niet")
    assert coach.asking
    coach.cancel()
    assert said(coach.handle("/agree")) == "Wat is er afgesproken?"
    assert said(coach.handle("")) == "wat er is afgesproken: vul dit in\nWat is er afgesproken?"
    coach.handle("Taxatie sturen")
    coach.handle("zij Mevrouw De Vries")
    assert said(coach.handle("morgen")).startswith("'morgen' is geen datum; schrijf het zo: 10-12-2026")
    coach.handle("1-1-2020")  # before the meeting it came from
    refused = said(coach.handle("We bellen de wethouder"))
    assert refused.replace("\n", " ").startswith(
        "Nog niet bewaard: 1 januari 2020 ligt vóór het gesprek waar de afspraak uit komt (15 december 2026)"
    )
    assert refused.endswith("Wanneer moet het klaar zijn? (bijv. 15-12-2026, of Enter om over te slaan)")
    assert said(coach.handle("10-1-2027")).startswith("De afspraak is bewaard.")
    feed(coach, "/agree", "x" * 30_000, "", "")
    too_long = said(coach.handle(""))
    assert too_long.startswith("Nog niet bewaard: te lang: wat er is afgesproken (30.000 tekens")
    assert too_long.endswith("Wat is er afgesproken?")  # that question again; the others stay
    assert said(coach.handle("Zaal vrijhouden")).startswith("De afspraak is bewaard.")
    agreement = next(a for a in store.agreements() if a.what == "Taxatie sturen")
    assert (agreement.what, agreement.side, agreement.person) == (
        "Taxatie sturen",
        "theirs",
        "Mevrouw De Vries",
    )
    assert (agreement.due.isoformat() if agreement.due else None, agreement.if_broken) == (
        "2027-01-10",
        "We bellen de wethouder",
    )


def test_a_command_in_the_middle_of_a_flow_comes_back_to_the_question(coach: Coach) -> None:
    feed(coach, "/prepare", "Huur buurthuis", "15-12-2026 14:00")
    helped = coach.handle("/help")
    assert "/prepare" in said(helped)
    assert helped.lines[-1] == "Check 1 van 4: Kunnen de mensen aan tafel bindende afspraken maken?"
    assert "Welke grenzen" in said(coach.handle("/checks"))
    assert coach.asking
    assert coach.handle("/quit").done


def test_another_flow_pauses_the_one_waiting_and_it_goes_on_afterwards(coach: Coach, store: Store) -> None:
    """Nothing typed is lost: an agreement half told waits while a note is written, then goes on."""
    feed(coach, "/prepare", "Huur buurthuis", "15-12-2026 14:00")
    coach.cancel()
    feed(coach, "/agree", "Taxatie sturen", "zij Mevrouw De Vries")
    noted = said(coach.handle("/note De wethouder was er niet bij"))
    assert noted.startswith("De notitie is bewaard.")
    assert "\nNu verder waar je was gebleven:\n" in noted
    assert noted.endswith("Wanneer moet het klaar zijn? (bijv. 15-12-2026, of Enter om over te slaan)")
    assert "De wethouder was er niet bij" in store.record(store.meetings(store.dossiers()[0].id)[0].id).notes
    feed(coach, "10-1-2027", "")
    assert not coach.asking
    agreement = next(a for a in store.agreements() if a.what == "Taxatie sturen")
    assert (agreement.person, agreement.due.isoformat() if agreement.due else None) == (
        "Mevrouw De Vries",
        "2027-01-10",
    )
    feed(coach, "/agree", "Zaal vrijhouden")
    assert said(coach.handle("/review")) == "Wat ging er goed?"
    assert "Nu verder waar je was gebleven:" in said(coach.cancel())  # Ctrl-C stops the review only
    assert said(coach.handle("/agree")) == "Wat is er afgesproken?"  # the same flow again starts over
    assert coach.asking
    coach.cancel()
    assert not coach.asking


def test_agreements_notes_and_review_land_in_the_dossier(coach: Coach, store: Store) -> None:
    assert said(coach.handle("/agreements")) == "Er zijn geen open afspraken."
    feed(coach, "/dossier", "Huur buurthuis")
    feed(coach, "/agree", "Taxatie sturen", "zij", "", "")
    feed(coach, "/agree", "Zaal vrijhouden", "wij Fatima", "1-1-2020", "")
    listed = said(coach.handle("/agreements"))
    assert listed.index("Zaal vrijhouden — Fatima — 1 januari 2020 (te laat)") < listed.index(
        "Taxatie sturen"
    )
    assert said(coach.handle("/note De wethouder was positief")).endswith(
        "Wanneer is het gesprek? Typ datum en tijd, bijvoorbeeld 3-12-2026 14:00:"
    )
    assert said(coach.handle("15-12-2026 14:00")) == "De notitie is bewaard."
    feed(coach, "/review", "Goed geluisterd", "", "Boosheid over de huur")
    record = store.record(store.meetings(store.dossiers()[0].id)[0].id)
    assert (record.notes, record.went_well, record.do_differently, record.emotions) == (
        "De wethouder was positief",
        "Goed geluisterd",
        "",
        "Boosheid over de huur",
    )


def test_the_flows_speak_english_too(library: Library, store: Store) -> None:
    coach = make_coach(library, "en")
    assert said(coach.handle("/prepare")).startswith("You have no dossier yet.")
    coach.handle("Rent community centre")
    asked = said(coach.handle("2026-12-15 14:00"))
    assert "Check 1 of 4: Can the people at the table make binding agreements?" in asked
    assert "What you can do:" in said(coach.handle("not sure, ask the alderman"))
    meeting = store.meetings(store.dossiers()[0].id)[0]
    assert store.answers(meeting.id)["bindende-afspraken"].text == "ask the alderman"


def test_what_the_coach_stores_shows_on_the_web_page(coach: Coach, store: Store) -> None:
    from aantafel_web.app import create_app

    feed(
        coach,
        "/prepare",
        "Huur buurthuis",
        "15-12-2026 14:00",
        "ja",
        "nee, eerst het doel met het team bespreken",
    )
    meeting = store.meetings(store.dossiers()[0].id)[0]
    page = create_app({"TESTING": True}).test_client().get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "eerst het doel met het team bespreken" in page


def test_the_sheet_reads_in_the_terminal_and_saves_through_an_exporter(
    coach: Coach, store: Store, tmp_path: Path
) -> None:
    feed(coach, "/prepare", "Huur buurthuis", "15-12-2026 14:00", "nee, onbekend")
    coach.cancel()
    shown = said(coach.handle("/sheet"))
    assert shown.startswith("Voorbereiding: Huur buurthuis\n=====")
    assert "bindende afspraken maken? — nee — onbekend" in shown
    target = tmp_path / "blad.html"
    saved = coach.handle(f"/sheet html {target}")
    assert saved.lines[0].startswith("Bewaard in")
    assert str(target) in saved.lines[-1]  # whole, to copy
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert (
        said(coach.handle("/sheet pdf"))
        == "'pdf' ken ik niet als formaat. Kies uit: html, ics, json, md, txt."
    )
    blocked = tmp_path / "geen-map" / "blad.md"
    refused = coach.handle(f"/sheet md {blocked}")
    assert refused.lines == (str(blocked), "kon ik niet schrijven: No such file or directory")


def test_dossier_by_title_and_a_remembered_one_that_was_deleted(library: Library, store: Store) -> None:
    first = store.create_dossier({"title": "Huur buurthuis"}, author="a")
    store.create_dossier({"title": "Subsidie speeltuin"}, author="a")
    coach = make_coach(library, "nl")
    assert said(coach.handle("/dossier huur BUURTHUIS")) == "Dossier: Huur buurthuis"
    assert coach.dossier_id == first.id
    store.delete_dossier(first.id, expected_version=1, author="a")
    asked = said(coach.handle("/agree"))  # the current dossier is gone: choose again, nothing breaks
    assert "1. Subsidie speeltuin" in asked
    assert coach.dossier_id is None


def test_agreements_notes_review_and_sheet_in_english(library: Library, store: Store) -> None:
    coach = make_coach(library, "en")
    assert said(coach.handle("/agreements")) == "There are no open agreements."
    assert said(coach.handle("/dossier Rent community centre")) == "Dossier: Rent community centre"
    assert said(coach.handle("/agree")) == "What was agreed?"
    assert said(coach.handle("Send the valuation")).startswith("Who does it? Type ours, theirs or other")
    assert said(coach.handle("theirs Ms De Vries")).startswith("By when?")
    assert said(coach.handle("tomorrow")).startswith("'tomorrow' is not a date; write it like 10-12-2026")
    coach.handle("1-1-2020")
    assert said(coach.handle("")).startswith("The agreement is saved.")
    assert (
        said(coach.handle("/agreements"))
        == "  - Send the valuation — Ms De Vries — January 1, 2020 (overdue)"
    )
    assert said(coach.handle("/note The alderman was positive")).startswith("Dossier: Rent community centre")
    assert said(coach.handle("2026-12-15 14:00")) == "The note is saved."
    assert said(coach.handle("/review")) == "What went well?"
    feed(coach, "We listened", "Start earlier")
    assert said(coach.handle("Anger about the rent")).startswith("Saved. This comes back")
    assert said(coach.handle("/sheet")).startswith("Preparation: Rent community centre\n=====")
    assert (
        said(coach.handle("/sheet pdf"))
        == "I do not know the format 'pdf'. Choose from: html, ics, json, md, txt."
    )
    assert said(coach.handle("/quit")) == "Goodbye. Good luck with the meeting!"


def test_the_stores_refusals_are_said_in_the_coachs_language(
    coach: Coach, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aantafel.dossiers.model import ChangedMeanwhile

    feed(coach, "/prepare", "Huur buurthuis", "15-12-2026 14:00")
    coach.cancel()
    assert (
        said(coach.handle("/note " + "x" * 30_000))
        .replace("\n", " ")
        .startswith("Dat ging mis: te lang: de aantekeningen (30.000 tekens; het maximum is 20.000).")
    )

    def changed(*_args: object, **_kwargs: object) -> None:
        raise ChangedMeanwhile("changed", what="meeting", reference="1a2b")

    monkeypatch.setattr(Store, "record_meeting", changed)
    refused = said(coach.handle("/note De wethouder was ziek"))
    assert refused.startswith("Dat ging mis: gesprek 1a2b is intussen door iemand anders veranderd.")
    coach.handle("/lang en")
    assert (
        said(coach.handle("/note The alderman was ill"))
        .replace("\n", " ")
        .startswith(
            "That went wrong: meeting 1a2b was changed meanwhile by someone else. Nothing was overwritten"
        )
    )


def test_advice_is_wrapped_once_to_the_coachs_width_without_early_breaks(coach: Coach) -> None:
    """Laid out for a wider terminal and wrapped again, a bullet broke after two words ("moet iemand")."""
    feed(coach, "/prepare", "Huur buurthuis", "15-12-2026 14:00")
    lines = coach.handle("nee").lines
    assert "  • Vraag wie dat is en wanneer die persoon beslist." in lines
    assert all(len(line) <= WIDTH for line in lines)
    for before, after in itertools.pairwise(lines):
        if after.startswith("    ") and before.strip():  # a bullet's next line: nothing of it fitted before
            assert len(before) + 1 + len(after.split()[0]) > WIDTH, (before, after)


def test_an_answer_given_elsewhere_meanwhile_is_shown_and_asked_again_not_overwritten(
    coach: Coach, store: Store
) -> None:
    feed(coach, "/prepare", "Huur buurthuis", "15-12-2026 14:00")  # asks check 1 now
    meeting = store.meetings(store.dossiers()[0].id)[0]
    store.answer(meeting.id, "bindende-afspraken", "no", "via de web", expected_version=0, author="web")
    refused = coach.handle("ja")
    assert "het antwoord op bindende-afspraken is intussen door iemand anders veranderd" in said(refused)
    assert "Nu staat er: nee — via de web." in said(refused)
    assert refused.lines[-1] == "Check 1 van 4: Kunnen de mensen aan tafel bindende afspraken maken?"
    assert store.answers(meeting.id)["bindende-afspraken"].text == "via de web"  # not overwritten
    assert "Bewaard." in coach.handle("ja").lines  # given again, knowingly
    assert store.answers(meeting.id)["bindende-afspraken"].verdict == "yes"


def test_history_and_undo_in_the_coach(coach: Coach, store: Store) -> None:
    """A goal overwritten by accident: /history shows it with its number, /undo puts the old one back,
    and /undo again puts the undo back; every step is in the history."""
    dossier = store.create_dossier({"title": "Huur buurthuis", "goal": "Lagere huur"}, author="Fatima")
    store.update_dossier(dossier.id, {"goal": "oeps"}, expected_version=1, author="Fatima")
    coach.handle("/dossier Huur buurthuis")
    shown = said(coach.handle("/history"))
    assert "Veranderingen in Huur buurthuis, het nieuwste onderaan:" in shown
    mistake = store.history(dossier.id)[-1]
    assert f"{mistake.id:>5}  " in shown
    assert "veranderde Doel: Lagere huur → oeps" in shown
    undone = " ".join(coach.handle(f"/undo {mistake.id}").lines).replace("\n", " ")
    assert undone.startswith(
        "Ongedaan gemaakt: maakte een verandering van Doel ongedaan: oeps → Lagere huur."
    )
    assert store.dossier(dossier.id).goal == "Lagere huur"
    coach.handle("/undo")
    assert store.dossier(dossier.id).goal == "oeps"
    store.update_dossier(dossier.id, {"goal": "Huur gelijk"}, expected_version=4, author="Kees")
    refused = " ".join(coach.handle(f"/undo {mistake.id}").lines).replace("\n", " ")
    assert "het doel is daarna weer veranderd" in refused  # the goal changed since: said, not a crash
    assert said(coach.handle("/undo twaalf")) == "Zo gebruik je het: /undo [NUMBER]"
