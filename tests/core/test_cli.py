"""The aantafel command as a user types it: output, exit codes, help, JSON, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aantafel.cli import cli, main

ROOT = Path(__file__).resolve().parents[2]
DUTCH_PACK = ROOT / "content" / "nl" / "src" / "aantafel_nl" / "pack"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def test_list_groups_dutch_content_by_kind() -> None:
    result = run("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert headings == [
        "Onderwerpen (3)",
        "Vooraf checken (4)",
        "Principes (6)",
        f"Ingrijpen als het vastloopt ({sum('  ' in line for line in lines) - 13})",
    ]
    check = next(line for line in lines if line.startswith("  bindende-afspraken "))
    assert check.split(maxsplit=1)[1] == "Kunnen de mensen aan tafel bindende afspraken maken?"


def test_list_in_english_filtered_and_as_json() -> None:
    english = run("list", "--lang", "en", "--kind", "principle")
    assert english.exit_code == 0
    assert english.stdout.startswith("Principles (6)")
    assert "Dutch" not in english.stdout
    assert "inhoud-en-relatie" in english.stdout
    data = json.loads(run("list", "--json").stdout)
    assert data["language"] == "nl"
    assert {item["kind"] for item in data["items"]} == {"topic", "check", "principle", "intervention"}


def test_list_rejects_an_unknown_kind_and_language_as_usage_errors() -> None:
    kind = run("list", "--kind", "principe")
    assert kind.exit_code == 2
    assert "'principe' is geen soort; gebruik een van: topic, check" in kind.stderr
    language = run("list", "--lang", "de")
    assert language.exit_code == 2
    assert "there is no content in the language 'de'; installed: en, nl" in language.stderr  # no German words
    assert "nl" in language.stderr


def test_show_prints_headings_wrapped_text_and_related_items() -> None:
    result = run("show", "niet-concreet")
    assert result.exit_code == 0
    text = result.stdout
    assert text.splitlines()[0] == "De ander wordt niet concreet"
    assert "Wat je kunt zeggen" in text
    assert "Zie ook" in text
    assert "  • Wat houdt jullie tegen om verder te komen?" in text
    assert "verwachtingen-op-tafel: " in text
    assert "**" not in text
    assert "\n- " not in text
    assert max(len(line) for line in text.splitlines()) <= 88


def test_show_in_english_and_as_json() -> None:
    english = run("show", "grenzen", "--lang", "en")
    assert "Why it matters" in english.stdout
    data = json.loads(run("show", "grenzen", "--json").stdout)
    assert data["id"] == "grenzen"
    assert data["kind"] == "check"
    assert data["pack"] == "basis"
    assert data["why"]
    assert data["if_not"]


def test_show_unknown_id_exits_1_with_suggestions() -> None:
    result = run("show", "bindende-afspraak")
    assert result.exit_code == 1
    assert "er is geen onderdeel 'bindende-afspraak' in de taal 'nl'; bedoel je bindende-afspraken?" in (
        result.stderr
    )
    english = run("show", "bindende-afspraak", "--lang", "en")
    assert "there is no item 'bindende-afspraak' in language 'en'; did you mean bindende" in english.stderr


def test_search_ranks_items_and_forgives_a_typo() -> None:
    result = run("search", "afsprakn")
    assert result.exit_code == 0
    assert result.stdout.startswith("1. ")
    data = json.loads(run("search", "afsprakn", "--json").stdout)
    assert data["hits"]
    assert all(hit["matched"] == ["afsprakn"] for hit in data["hits"])


def test_search_with_no_results_says_so() -> None:
    result = run("search", "qqqzzz")
    assert result.exit_code == 0
    assert "Niets gevonden" in result.stderr


def test_suggest_shows_best_intervention_with_sentences_and_reasons() -> None:
    result = run("suggest", "ze blijven maar vaag en beloven niks")
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first == "1. De ander wordt niet concreet  (niet-concreet)"
    assert result.stdout.splitlines()[1] == "   Interventie: grijp in"
    assert "“ze blijven vaag” (" in result.stdout
    assert "Wat je kunt zeggen:" in result.stdout
    assert "Zie ook: Leg je verwachtingen op tafel (verwachtingen-op-tafel)" in result.stdout


def test_suggest_json_is_ranked() -> None:
    data = json.loads(run("suggest", "--json", "--lang", "en", "they never commit to anything").stdout)
    scores = [s["score"] for s in data["suggestions"]]
    assert scores
    assert scores == sorted(scores, reverse=True)
    assert all(s["reasons"] and s["sentences"] for s in data["suggestions"])


@pytest.mark.parametrize("command", ["suggest", "search"])
def test_an_empty_description_or_query_is_a_usage_error(command: str) -> None:
    result = run(command, "  ")
    assert result.exit_code == 2
    assert f"aantafel {command} " in result.stderr


def test_language_codes_are_not_case_sensitive() -> None:
    assert run("list", "--lang", "EN").stdout == run("list", "--lang", "en").stdout


def test_suggest_without_a_match_says_so_asks_and_offers_the_four_checks() -> None:
    result = run("suggest", "xyzzy")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Ik weet niet zeker wat hier past." in result.stderr
    assert "Wat doet of zegt de ander precies?" in result.stderr
    for check in ("bindende-afspraken", "doel-van-het-gesprek", "emoties-vorig-gesprek", "grenzen"):
        assert f"{check})" in result.stderr


def test_plugins_lists_packs_and_hooks() -> None:
    data = json.loads(run("plugins", "--json").stdout)
    by_name = {p["name"]: p for p in data["plugins"]}
    assert by_name["nl"]["distribution"] == "aantafel-nl"
    assert by_name["nl"]["hooks"] == ["register_content_packs"]
    assert by_name["nl"]["packs"][0]["language"] == "nl"
    assert by_name["nl"]["packs"][0]["items"] >= 18
    assert by_name["aantafel"]["builtin"] is True
    assert all(p["failures"] == [] for p in data["plugins"])
    text = run("plugins").stdout
    assert "pakket: basis (en)" in text


def test_check_a_clean_pack_exits_0() -> None:
    result = run("check", str(DUTCH_PACK))
    assert result.exit_code == 0, result.output
    assert "1 pakket(ten) gecheckt, 1 geladen met 26 onderdelen; geen problemen." in result.stdout


def test_check_a_broken_pack_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text(
        'schema_version = 1\nid = "kapot"\nlanguage = "nl"\nversion = "1"\ntitle = "Kapot"\n',
        encoding="utf-8",
    )
    (tmp_path / "items.toml").write_text(
        '[[item]]\nid = "een"\nkind = "check"\ntitle = 5\nwhy = "w"\nif_not = "x"\ntitel = "y"\n',
        encoding="utf-8",
    )
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{tmp_path / 'items.toml'}:4, item 'een', field 'title': expected text, got a number" in lines
    assert any("field 'titel': unknown key 'titel'; did you mean 'title'?" in line for line in lines)
    assert json.loads(run("check", "--json", str(tmp_path)).stdout)["problems"][0]["line"] == 4


def test_check_a_folder_without_packs(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    assert "er is geen pack.toml in" in result.stderr


def test_every_command_has_help_with_an_example() -> None:
    commands = ["list", "show", "search", "suggest", "plugins", "check", "new-pack"]
    for name in commands:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Voorbeeld" in result.stdout, name
    overview = run("--help").stdout
    assert all(name in overview for name in commands)


@pytest.mark.parametrize("args", [["show"], ["list", "--frobnicate"], ["nonsense"]])
def test_wrong_usage_exits_2(args: list[str]) -> None:
    assert run(*args).exit_code == 2


def test_an_unexpected_error_shows_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "sitecustomize.py").write_text(
        "import aantafel.library as l\n"
        "def boom(*a, **k): raise RuntimeError('disk on fire')\n"
        "l.load_library = boom\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "aantafel.cli", "list"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1
    assert "aantafel: fout: RuntimeError: disk on fire" in done.stderr
    assert "Traceback" not in done.stderr
    traced = subprocess.run(
        [sys.executable, "-m", "aantafel.cli", "list"],
        capture_output=True,
        text=True,
        env={**env, "AANTAFEL_TRACE": "1"},
        check=False,
    )
    assert "Traceback" in traced.stderr


def test_a_plugin_with_a_broken_pack_is_one_warning_line_and_the_rest_works(
    install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    broken = ROOT / "tests" / "core" / "corpus" / "getal-als-tekst"
    source = (
        "from pathlib import Path\nfrom aantafel import hookimpl\n\n\n"
        f"@hookimpl\ndef register_content_packs():\n    return [Path({str(broken)!r})]\n"
    )
    install_plugin("aantafel_test_kapot_pakket", source, distribution="aantafel-kapot", entry_point="kapot")
    with pytest.raises(SystemExit) as exit_:
        main(["list", "--kind", "check"])
    out, err = capsys.readouterr()
    assert exit_.value.code == 0
    assert "bindende-afspraken" in out
    assert err.splitlines() == [
        "aantafel: waarschuwing: plug-in 'kapot' (aantafel-kapot 0.1): een pakket is weggelaten: expected "
        "text, got a number; zie: aantafel plugins"
    ]
    with pytest.raises(SystemExit):
        main(["plugins"])
    out, err = capsys.readouterr()
    assert err == ""
    assert "kapot  aantafel-kapot 0.1  MISLUKT" in out
    assert f"probleem: {broken / 'items.toml'}:10, item 'titel-is-getal', field 'title'" in out
