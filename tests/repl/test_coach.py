"""The coach's state machine, line by line, in Dutch and English, with the mistakes people make."""

from __future__ import annotations

import pytest

from aantafel import Library, hookimpl, load_library
from aantafel_repl.coach import Coach, Command, Reply
from aantafel_repl.plugin import make_coach


def text(reply: Reply) -> str:
    return "\n".join(reply.lines)


def test_the_welcome_says_what_the_coach_does(library: Library) -> None:
    assert "gesprek met de gemeente voorbereiden" in text(make_coach(library, "nl").welcome())
    assert "prepare a meeting with the municipality" in text(make_coach(library, "en").welcome())


@pytest.mark.parametrize(
    ("language", "line", "expected"),
    [
        ("nl", "/checks", "grenzen                Welke grenzen stellen jullie aan de uitkomst?"),
        ("en", "/checks", "What limits do you set on the outcome?"),
        ("nl", "/principles", "belangen-niet-posities"),
        ("nl", "/interventions", "niet-concreet"),
        ("nl", "/show grenzen", "Is het antwoord nee, of weet je het niet zeker?"),
        ("en", "/show grenzen", "Why it matters"),
        ("nl", "/search afsprakn", "bindende-afspraken"),
        ("nl", "ze blijven maar vaag en beloven niks", "De ander wordt niet concreet"),
        ("nl", "/stuck ze blijven maar vaag en beloven niks", "Wat je kunt zeggen:"),
        ("en", "they stay vague and promise nothing", "What you can say:"),
    ],
)
def test_each_command_answers_in_the_language(
    library: Library, language: str, line: str, expected: str
) -> None:
    reply = make_coach(library, language).handle(line)
    assert expected in text(reply)
    assert not reply.done


def test_stuck_gives_sentences_to_say_and_where_to_read_more(coach: Coach) -> None:
    reply = coach.handle("ze worden niet concreet")
    assert "  - Wat kunnen we vandaag al afspreken?" in reply.lines
    assert "  Meer: /show niet-concreet" in reply.lines
    assert "  (Interventie: grijp in)" in reply.lines
    assert any(line.startswith("  Zie ook: /show ") for line in reply.lines)
    assert all(len(line) <= 80 for line in reply.lines), "a terminal of 80 columns"


def test_a_check_is_suggested_as_a_check_with_questions_to_ask(coach: Coach) -> None:
    reply = coach.handle("we weten niet waar we nee tegen zeggen")
    assert reply.lines[:2] == (
        "Welke grenzen stellen jullie aan de uitkomst?",
        "  (Check voor het volgende gesprek)",
    )
    assert "  Vragen die je kunt stellen:" in reply.lines
    assert "  Meer: /show grenzen" in reply.lines


def test_mistakes_get_one_clear_answer_and_the_coach_goes_on(coach: Coach) -> None:
    assert text(coach.handle("/foo")) == "/foo ken ik niet.\nTyp /help voor alle opdrachten."
    assert text(coach.handle("/serch afspraken")) == "/serch ken ik niet.\nBedoel je /search?"
    assert text(coach.handle("/show")) == "Zo gebruik je het: /show ID"
    assert text(coach.handle("/show grenzn")) == "'grenzn' vond ik niet.\nBedoel je /show grenzen?"
    assert text(coach.handle("/search")) == "Zo gebruik je het: /search WORDS"
    assert text(coach.handle("/search qwxzv")) == "Niets gevonden voor 'qwxzv'. Probeer andere woorden."
    unsure = text(coach.handle("qwxzv plomp"))
    assert "Ik weet niet zeker wat hier past" in unsure
    assert "Wat doet of zegt de ander precies?" in unsure
    assert "(/show grenzen)" in unsure  # the four checks instead of a guess
    assert text(coach.handle("/lang de")) == "Die taal ken ik niet. Kies uit: en, nl."
    assert coach.handle("   ") == Reply()
    assert "Welke grenzen" in text(coach.handle("/checks"))  # still going


def test_lang_switches_what_follows(coach: Coach) -> None:
    assert text(coach.handle("/lang en")) == "The language is now English."
    assert coach.language == "en"
    assert "What limits do you set on the outcome?" in text(coach.handle("/checks"))
    assert "I do not know /foo." in text(coach.handle("/foo"))
    assert text(coach.handle("/LANG nl")) == "De taal is nu Nederlands."


def test_help_lists_every_command_of_the_registry(coach: Coach) -> None:
    shown = text(coach.handle("/help"))
    for command in coach.commands.values():
        assert f"  {command.usage} " in shown
        assert command.help["nl"] in shown
    assert "Gewone tekst" in shown


def test_quit_ends_the_session(coach: Coach) -> None:
    reply = coach.handle("/quit")
    assert reply.done
    assert text(reply) == "Tot ziens. Succes met het gesprek!"


class _Plugin:
    """A trainer's plugin that adds one command that works and one that breaks."""

    @staticmethod
    @hookimpl
    def register_repl_commands() -> list[Command]:
        def oefening(_coach: Coach, argument: str) -> Reply:
            return Reply((f"Oefening: {argument or 'rollenspel'}",))

        def kapot(_coach: Coach, _argument: str) -> Reply:
            raise RuntimeError("de database is weg")

        help_text = {"nl": "Een oefening", "en": "An exercise"}
        return [
            Command("oefening", "/oefening", help_text, oefening),
            Command("kapot", "/kapot", help_text, kapot),
        ]


class _Garbage:
    @staticmethod
    @hookimpl
    def register_repl_commands() -> list[str]:
        return ["/niet-goed"]


class _Clash:
    @staticmethod
    @hookimpl
    def register_repl_commands() -> list[Command]:
        return [Command("quit", "/quit", {"en": "x"}, lambda _c, _a: Reply(("gekaapt",)))]


def test_plugins_add_commands_to_help_completion_and_dispatch() -> None:
    library = load_library(plugins=[("oefenen", _Plugin())])
    coach = make_coach(library, "nl")
    assert text(coach.handle("/oefening onderhandelen")) == "Oefening: onderhandelen"
    assert "/oefening" in text(coach.handle("/help"))
    assert text(coach.handle("/kapot")) == "/kapot ging mis: de database is weg. De rest werkt gewoon door."
    assert "Welke grenzen" in text(coach.handle("/checks"))


def test_a_plugin_with_wrong_commands_is_reported_and_left_out() -> None:
    library = load_library(plugins=[("rommel", _Garbage()), ("kaper", _Clash())])
    coach = make_coach(library, "nl")
    assert coach.handle("/quit").done  # the built-in command, not the plugin's
    failures = dict(library.plugins.failures())
    assert failures["rommel"] == (
        "hook register_repl_commands returned list; expected a list of aantafel_repl.coach.Command"
    )
    assert (
        failures["kaper"]
        == "hook register_repl_commands returned /quit, a name a built-in command already has"
    )


def test_the_coach_has_every_word_in_both_languages() -> None:
    from aantafel_repl.words import WORDS

    assert WORDS["nl"].keys() == WORDS["en"].keys()
    same = {key for key in WORDS["nl"] if WORDS["nl"][key] == WORDS["en"][key]}
    assert same == {"dossier is", "toolbar dossier"}  # "dossier" is the word in both; nothing else stays


def test_a_coach_works_on_a_library_loaded_without_installed_plugins() -> None:
    from aantafel_nl import register_content_packs

    coach = make_coach(load_library(packs=register_content_packs(), entry_points=False), "nl")
    assert "Welke grenzen" in text(coach.handle("/checks"))
