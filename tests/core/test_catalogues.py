"""The command line speaks the user's language: every word it says is in the core's catalogues, complete in
Dutch and English, and chosen from ``--lang``, ``$AANTAFEL_LANG`` or the locale."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from aantafel.catalogues import LOCALE, asked_language
from scripts.catalogues import words_in_the_code

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]")


def _catalogue(language: str) -> dict[str | tuple[str, ...], tuple[str, ...]]:
    with (LOCALE / language / "LC_MESSAGES" / "aantafel.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    assert [(message.id, errors) for message, errors in catalog.check() if errors] == []
    assert not [message.id for message in catalog if message.fuzzy and message.id]
    return {
        (message.id if isinstance(message.id, str) else tuple(message.id)): tuple(
            message.string if isinstance(message.string, tuple | list) else (str(message.string or ""),)
        )
        for message in catalog
        if message.id
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_word_the_core_says_is_translated_once_and_correctly(language: str) -> None:
    catalogue = _catalogue(language)
    asked = words_in_the_code()
    assert len(asked) > 300  # the command line, the refusals and click's own words
    assert asked - set(catalogue) == set(), "missing: run uv run python scripts/catalogues.py"
    assert set(catalogue) - asked == set(), "no longer said: run uv run python scripts/catalogues.py"
    for message, translations in catalogue.items():
        assert all(translations), f"untranslated: {message!r}"
        wanted = sorted(PLACEHOLDER.findall(message if isinstance(message, str) else message[-1]))
        for text in translations[-1:]:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, f"placeholders differ: {message!r}"
        if isinstance(message, str) and "\b" in message:
            assert "\b" in translations[0], f"lost click's \\b in: {message!r}"


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({}, None),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "nl_NL.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANGUAGE": "nl:en", "LANG": "en_GB.UTF-8"}, "nl"),
        ({"LANG": "en_GB.UTF-8", "AANTAFEL_LANG": "nl"}, "nl"),
    ],
)
def test_the_language_comes_from_aantafel_lang_then_the_locale(
    environment: dict[str, str], language: str | None
) -> None:
    assert asked_language(environment) == language


def _aantafel(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """``aantafel ARGS`` in a fresh process under the locale ``lang`` (as a user starts it)."""
    import os

    environment = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    if lang is not None:
        environment["LANG"] = lang
    else:
        environment.pop("LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "aantafel.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def test_help_is_dutch_under_a_dutch_locale_and_english_under_an_english_one() -> None:
    dutch = _aantafel("--help", lang="nl_NL.UTF-8")
    assert dutch.returncode == 0, dutch.stderr
    assert dutch.stdout.startswith("Gebruik: aantafel [OPTIES] OPDRACHT [ARGUMENTEN]...")
    assert "Toon deze hulp en stop." in dutch.stdout
    assert "een onderhandelcoach voor bewonersbedrijven" in dutch.stdout
    assert "Show this message" not in dutch.stdout
    english = _aantafel("--help", lang="en_GB.UTF-8")
    assert english.stdout.startswith("Usage: aantafel")
    assert "a negotiation coach for bewonersbedrijven" in english.stdout
    assert "Show this message and exit." in english.stdout
    subcommand = _aantafel("meeting", "add", "--help", lang="nl_NL.UTF-8")
    assert "Plan een gesprek in een dossier." in subcommand.stdout
    assert "When it starts" not in subcommand.stdout


def test_a_wrong_date_fails_in_dutch_under_a_dutch_locale() -> None:
    dossier = _aantafel("dossier", "new", "--title", "Huur", "--json", lang="nl_NL.UTF-8")
    assert dossier.returncode == 0, dossier.stderr
    import json

    wrong = _aantafel(
        "meeting", "add", json.loads(dossier.stdout)["id"], "--when", "31-11-2026", lang="nl_NL.UTF-8"
    )
    assert wrong.returncode == 2
    assert "Fout:" in wrong.stderr
    assert "'31-11-2026' is geen datum en tijd" in wrong.stderr
    assert "is not a date" not in wrong.stderr
    english = _aantafel(
        "meeting", "add", json.loads(dossier.stdout)["id"], "--when", "31-11-2026", lang="en_GB.UTF-8"
    )
    assert "Error: Invalid value for --when: '31-11-2026' is not a date and time" in english.stderr


def _command_paths() -> list[list[str]]:
    """Every built-in command, as typed after ``aantafel`` (``["meeting", "add"]``)."""
    import click

    from aantafel.cli import cli

    paths: list[list[str]] = []

    def walk(command: click.Command, path: list[str], ctx: click.Context) -> None:
        paths.append(path)
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, [*path, name], click.Context(sub, parent=ctx, info_name=name))

    walk(cli, [], click.Context(cli, info_name="aantafel"))
    return paths


def _english_value_names() -> set[str]:
    """The words of the value names (``TEXT``, ``MEETING``) that Dutch help says otherwise."""
    words: set[str] = set()
    for message, (translation, *_) in _catalogue("nl").items():
        if isinstance(message, str) and message.strip("'").replace("_", "").isupper():
            words |= set(re.findall(r"[A-Z]+", message)) - set(re.findall(r"[A-Z]+", translation))
    return words


def test_every_commands_help_names_its_values_in_the_language_it_speaks() -> None:
    from click.testing import CliRunner

    from aantafel.cli import cli

    english = _english_value_names()
    assert {"TEXT", "MEETING", "AGREEMENT", "NAME", "DATE"} <= english
    runner = CliRunner()
    paths = _command_paths()
    assert len(paths) > 30
    for path in paths:
        dutch = runner.invoke(cli, [*path, "--help"], env={"AANTAFEL_LANG": "nl"})
        assert dutch.exit_code == 0, (path, dutch.output)
        assert not set(re.findall(r"\b[A-Z]{2,}\b", dutch.output)) & english, (path, dutch.output)
    fields = runner.invoke(cli, ["dossier", "new", "--help"], env={"AANTAFEL_LANG": "nl"})
    assert "--their-interests TEKST  Hun belangen (zoals wij denken)" in fields.output
    again = runner.invoke(cli, ["dossier", "new", "--help"], env={"AANTAFEL_LANG": "en"})
    assert "--their-interests TEXT" in again.output
    assert "Their interests" in again.output


def test_a_missing_value_is_named_in_dutch_in_the_error() -> None:
    dutch = _aantafel("agreement", "done", lang="nl_NL.UTF-8")
    assert dutch.returncode == 2
    assert "Fout: Ontbrekend argument 'AFSPRAAK'." in dutch.stderr
    english = _aantafel("agreement", "done", lang="en_GB.UTF-8")
    assert "Error: Missing argument 'AGREEMENT'." in english.stderr
