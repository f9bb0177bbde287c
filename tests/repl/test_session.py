"""The coach in prompt-toolkit, typed into through a real input pipe: completion, history, Ctrl-C, Ctrl-D."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from aantafel import Library
from aantafel_repl import session
from aantafel_repl.coach import Coach
from aantafel_repl.plugin import make_coach


@pytest.fixture(autouse=True)
def state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    return tmp_path / "state"


def typed(coach: Coach, *keys: str, history: bool = True) -> list[str]:
    """Run the session on ``keys`` as if typed, each a moment after the one before (completion runs in the
    background, as it does for a person); what the session wrote, line by line."""
    written: list[str] = []

    def type_keys(pipe: PipeInput) -> None:
        for chunk in keys:
            time.sleep(0.2)
            try:
                pipe.send_text(chunk)
            except OSError:  # the session ended early (a failing test): its own assertion says why
                return

    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        typist = threading.Thread(target=type_keys, args=(pipe,), daemon=True)
        typist.start()
        session.run(coach, history=history, input=pipe, output=DummyOutput(), write=written.append)
        typist.join(timeout=10)
    return written


def test_a_typed_session_answers_and_ends_with_quit(coach: Coach) -> None:
    written = typed(coach, "/checks\r", "ze worden niet concreet\r", "/quit\r")
    assert written[0] == "Welkom! Ik help je een gesprek met de gemeente voorbereiden."
    assert any(line.startswith("grenzen ") for line in written)
    assert "  Meer: /show niet-concreet" in written
    assert written[-2] == "Tot ziens. Succes met het gesprek!"


def test_tab_completes_commands_and_item_ids(coach: Coach) -> None:
    written = typed(coach, "/chec\t", "\r", "/show grenz\t", "\r", "/quit\r")
    assert any(line.startswith("grenzen ") for line in written)  # /checks ran
    assert "Welke grenzen stellen jullie aan de uitkomst?" in written  # /show grenzen ran


def test_completion_offers_what_each_command_takes(coach: Coach) -> None:
    completer = session.CoachCompleter(coach)

    def offered(text: str) -> list[str]:
        return [
            c.text
            for c in completer.get_completions(Document(text), CompleteEvent(completion_requested=True))
        ]

    assert offered("/s") == ["/search", "/sheet", "/show", "/stuck"]
    assert offered("/sheet ") == ["html", "ics", "json", "md", "txt"]
    assert offered("/show niet-c") == ["niet-concreet"]
    assert offered("/lang ") == ["en", "nl"]
    assert offered("/checks ") == []
    assert offered("ze worden") == []


def test_ctrl_c_drops_the_line_and_ctrl_d_leaves(coach: Coach) -> None:
    written = typed(coach, "/check dit niet", "\x03", "/checks\r", "\x04")
    assert any(line.startswith("grenzen ") for line in written)
    assert not any("check dit niet" in line for line in written)
    assert written[-2] == "Tot ziens. Succes met het gesprek!"


def test_history_is_kept_in_the_state_folder_unless_asked_not_to(coach: Coach, state_folder: Path) -> None:
    typed(coach, "/checks\r", "/quit\r")
    kept = state_folder / "aantafel" / "coach-history"
    assert "+/checks" in kept.read_text(encoding="utf-8").splitlines()
    assert kept.stat().st_mode & 0o777 == 0o600
    kept.unlink()
    typed(coach, "/principles\r", "/quit\r", history=False)
    assert not kept.exists()


def test_the_toolbar_shows_the_language(coach: Coach) -> None:
    assert session.toolbar(coach) == "taal: nl · /help · Ctrl-D stopt"
    coach.handle("/lang en")
    assert session.toolbar(coach) == "language: en · /help · Ctrl-D quits"


def test_a_pipe_runs_the_same_commands_as_plain_text(coach: Coach) -> None:
    written: list[str] = []
    session.run_pipe(coach, iter(["/lang en\n", "/checks\n", "/quit\n", "/principles\n"]), written.append)
    assert written[0] == "The language is now English."
    assert written[-2] == "Goodbye. Good luck with the meeting!"
    assert not any("principles" in line.lower() for line in written[-2:])  # nothing after /quit


def test_ctrl_c_in_a_preparation_stops_it_and_keeps_the_answers(coach: Coach) -> None:
    written = typed(
        coach,
        "/prepare\r",
        "Huur buurthuis\r",
        "15-12-2026 14:00\r",
        "ja\r",
        "nee, nog ui",
        "\x03",
        "/quit\r",
    )
    assert "Gestopt. Wat je al had ingevuld, is bewaard." in written
    answers = coach.store.answers(coach.store.meetings(coach.store.dossiers()[0].id)[0].id)
    assert [a.verdict for a in answers.values()] == ["yes"]  # the half-typed second answer was not sent
    shown = session.toolbar(coach)
    assert (
        shown
        == "taal: nl · /help · Ctrl-D stopt · dossier: Huur buurthuis · gesprek: 15 december 2026, 14:00"
    )


def test_item_completion_offers_a_limited_sorted_slice(coach: Coach) -> None:
    completer = session.CoachCompleter(coach)
    event = CompleteEvent(completion_requested=True)
    everything = [c.text for c in completer.get_completions(Document("/show "), event)]
    ids = sorted(item.id for item in coach.library.items("nl"))
    assert everything == ids[: session.CoachCompleter.SHOWN]
    assert [c.text for c in completer.get_completions(Document("/show zzz"), event)] == []
    coach.handle("/lang en")
    english = [c.text for c in completer.get_completions(Document("/show grenz"), event)]
    assert english == ["grenzen"]  # the same ids in English, from the English list


def test_a_whole_preparation_typed_in_is_in_the_store(coach: Coach) -> None:
    typed(
        coach,
        "/prepare\r",
        "Huur buurthuis\r",
        "15-12-2026 14:00\r",
        "ja\r",
        "Eerst met het team praten\r",
        "nee\r",
        "weet niet\r",
        "ja\r",
        "/quit\r",
    )
    (dossier,) = coach.store.dossiers()
    answers = coach.store.answers(coach.store.meetings(dossier.id)[0].id)
    assert [a.verdict for a in answers.values()] == ["yes", None, "unsure", None]
    assert answers["doel-van-het-gesprek"].text == "Eerst met het team praten"
    assert answers["grenzen"].text == "ja"  # an open question takes what is written
    assert coach.store.dossier(dossier.id).goal == ""  # the offer to fill it in was declined


def test_the_next_session_starts_in_the_last_dossier_unless_history_is_off(
    library: Library, state_folder: Path
) -> None:
    typed(make_coach(library, "nl"), "/dossier Huur buurthuis\r", "/quit\r")
    later = make_coach(library, "nl")
    written = typed(later, "/quit\r")
    assert "Je werkte aan: Huur buurthuis. Typ /dossier om te wisselen." in written
    assert session.toolbar(later) == "taal: nl · /help · Ctrl-D stopt · dossier: Huur buurthuis"
    kept = state_folder / "aantafel" / "coach.json"
    assert kept.stat().st_mode & 0o777 == 0o600
    shared = make_coach(library, "nl")
    assert not any("Je werkte aan" in line for line in typed(shared, "/quit\r", history=False))


def test_the_language_chosen_last_time_is_used_unless_another_is_asked_for(library: Library) -> None:
    typed(make_coach(library, "nl"), "/lang en\r", "/quit\r")
    later = make_coach(library, "nl")
    assert typed(later, "/quit\r")[0] == "Welcome! I help you prepare a meeting with the municipality."
    asked = make_coach(library, "nl")
    written: list[str] = []
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("/quit\r")
        session.run(asked, input=pipe, output=DummyOutput(), write=written.append, language_given=True)
    assert written[0] == "Welkom! Ik help je een gesprek met de gemeente voorbereiden."
