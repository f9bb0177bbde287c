"""The seven-elements module loads without a single problem, in both languages, exactly as aantafel loads it:
next to the installed base packs, whose principles and checks the elements link to."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from aantafel import load_library

# Found from this file, not from the installed package, so the test also runs from a source checkout.
PACKS = Path(__file__).resolve().parents[1] / "src" / "aantafel_zeven_elementen" / "packs"
LANGUAGES = ("nl", "en")

ELEMENTS = [
    "element-belangen",
    "element-opties",
    "element-alternatieven",
    "element-legitimiteit",
    "element-communicatie",
    "element-relatie",
    "element-toezeggingen",
]
PROMPTS = [
    "zeven-belangen",
    "zeven-opties",
    "zeven-bazo",
    "zeven-criteria",
    "zeven-communicatie",
    "zeven-relatie",
    "zeven-toezeggingen",
]
# The base principles, checks and interventions each element deepens.
DEEPENS = {
    "element-belangen": {"belangen-niet-posities"},
    "element-opties": {"samen-opties-bedenken", "geven-en-nemen"},
    "element-alternatieven": {"grenzen"},
    "element-legitimiteit": {"feiten-en-bronnen"},
    "element-communicatie": {"verwachtingen-op-tafel", "inhoud-en-relatie"},
    "element-relatie": {"inhoud-en-relatie"},
    "element-toezeggingen": {"bindende-afspraken", "niet-concreet"},
}


def _items(language: str) -> list[dict[str, Any]]:
    """The raw item tables of one language, in file order."""
    files = sorted(path for path in (PACKS / language).glob("*.toml") if path.name != "pack.toml")
    return [item for path in files for item in tomllib.loads(path.read_text(encoding="utf-8"))["item"]]


def _module(language: str) -> dict[str, Any]:
    [module] = [item for item in _items(language) if item["kind"] == "module"]
    return module


def _shape(item: dict[str, Any]) -> object:
    """What a translation must keep: the keys, the links, the steps and prompts by id."""
    return (
        item["id"],
        item["kind"],
        sorted(item),
        item.get("related", []),
        len(item.get("questions", [])),
        [(step["item"], sorted(step)) for step in item.get("steps", [])],
        [(prompt["id"], sorted(prompt)) for prompt in item.get("prompts", [])],
    )


def test_both_languages_load_cleanly_next_to_the_base_packs() -> None:
    # Installed packs load too (strict: any warning fails), so links to the base items must resolve.
    library = load_library(packs=[PACKS / "nl", PACKS / "en"], strict=True, cache=False)
    for language in LANGUAGES:
        assert library.get("zeven-elementen", language).kind == "module"
        for element in ELEMENTS:
            assert library.get(element, language).kind == "principle"


def test_the_translations_have_the_same_ids_and_structure() -> None:
    nl, en = ([_shape(item) for item in _items(language)] for language in LANGUAGES)
    assert nl == en


def test_own_ids_never_look_like_base_ids() -> None:
    for language in LANGUAGES:
        for item in _items(language):
            assert item["id"].startswith(("element-", "zeven-")), item["id"]


def test_the_module_walks_through_the_seven_elements_in_order() -> None:
    for language in LANGUAGES:
        module = _module(language)
        steps = [step["item"] for step in module["steps"]]
        assert [step for step in steps if step in ELEMENTS] == ELEMENTS
        assert all(step.get("note", "").strip() for step in module["steps"])
        assert [prompt["id"] for prompt in module["prompts"]] == PROMPTS
        assert all(prompt["question"].strip() and prompt["help"].strip() for prompt in module["prompts"])


def test_each_element_links_to_the_base_items_it_deepens() -> None:
    for language in LANGUAGES:
        items = {item["id"]: item for item in _items(language)}
        for element, base in DEEPENS.items():
            assert base <= set(items[element]["related"]), element
            assert 3 <= len(items[element]["questions"]) <= 5, element


def test_the_dutch_reads_at_level_b1() -> None:
    textstat = pytest.importorskip("textstat")
    prose: list[str] = []

    def collect(value: object, key: str = "") -> None:
        if key in {"id", "kind", "related", "tags", "item"}:
            return
        if isinstance(value, str) and value.strip():
            text = value.strip()
            prose.append(text if text[-1:] in ".?!:" else text + ".")
        elif isinstance(value, list):
            for entry in value:
                collect(entry, key)
        elif isinstance(value, dict):
            for name, entry in value.items():
                collect(entry, name)

    for item in _items("nl"):
        collect(item)
    text = "\n\n".join(prose)
    textstat.set_lang("nl")
    assert textstat.flesch_reading_ease(text) >= 75
    assert textstat.words_per_sentence(text) <= 9


def test_bazo_is_spelled_out_wherever_a_reader_may_meet_it_first() -> None:
    full = "Beste Alternatief Zonder Overeenstemming"
    for item in _items("nl"):
        text = item.get("body") or item.get("explanation") or item.get("why") or ""
        if re.search(r"\bBAZO\b", text):
            assert full in text, item["id"]
    [prompt] = [prompt for prompt in _module("nl")["prompts"] if prompt["id"] == "zeven-bazo"]
    assert full in prompt["help"]
