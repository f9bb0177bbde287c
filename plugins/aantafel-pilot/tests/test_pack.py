"""The pilot module loads without a problem in both languages, exactly as aantafel loads it. Dutch and
English have the same items, steps and worksheet prompts, every link points at a real item, and the Dutch
reads easily.

The packs are found next to this file, so the test also runs in a checkout where the plugin is not installed
(for example from the aantafel workspace: ``uv run pytest plugins/aantafel-pilot/tests -q``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from aantafel import Library, Module, load_library

PACKS = Path(__file__).resolve().parents[1] / "src" / "aantafel_pilot" / "packs"
LANGUAGES = ("nl", "en")

# The worksheet: one prompt per part of a pilot agreement, in this order.
PROMPTS = [
    "pilot-duur",
    "pilot-resultaten",
    "pilot-meten",
    "pilot-rapportage",
    "pilot-als-het-goed-gaat",
    "pilot-als-het-misgaat",
    "pilot-ondertekenen",
    "pilot-rollen",
    "pilot-contact",
    "pilot-bijdrage-gemeente",
]

# The items of the base pack (aantafel-nl, aantafel-en) that this module may link to.
BASE = frozenset(
    {
        "onderhandelen", "ingrijpen", "meer-hulp", "bindende-afspraken", "doel-van-het-gesprek",
        "emoties-vorig-gesprek", "grenzen", "inhoud-en-relatie", "verwachtingen-op-tafel",
        "feiten-en-bronnen", "belangen-niet-posities", "samen-opties-bedenken", "geven-en-nemen",
        "niet-concreet", "belang-niet-gezien", "afwachtend", "pilot-afspreken", "enthousiasme-omzetten",
        "standpunten-verharden", "cijfers-zonder-bron",
    }
)  # fmt: skip


@pytest.fixture(scope="module")
def library() -> Library:
    """Only this plugin's packs: installed packs stay out, so the test sees exactly what is in this folder."""
    return load_library(packs=[PACKS / language for language in LANGUAGES], entry_points=False, cache=False)


def _module(library: Library, language: str) -> Module:
    module = library.get("pilot", language)
    assert isinstance(module, Module)
    return module


def test_both_languages_load_with_no_errors(library: Library) -> None:
    # Alone, the only possible warnings are links to the base pack, which is not loaded here.
    assert [str(p) for p in library.problems if p.severity != "warning"] == []
    for language in LANGUAGES:
        assert library.get("pilot", language).kind == "module"


def test_loads_cleanly_next_to_the_base_pack() -> None:
    pytest.importorskip("aantafel_nl")
    pytest.importorskip("aantafel_en")
    full = load_library(packs=[PACKS / language for language in LANGUAGES], strict=True, cache=False)
    for language in LANGUAGES:
        assert full.pack_of("pilot", language).info.id == "pilot"
        assert full.pack_of("pilot-afspreken", language).info.id == "basis"


def test_every_link_points_at_this_pack_or_the_base_pack(library: Library) -> None:
    for language in LANGUAGES:
        own = {item.id for item in library.items(language)}
        for item in library.items(language):
            assert set(item.references()) <= own | BASE, item.id


def test_own_ids_are_pilot_ids_and_never_base_ids(library: Library) -> None:
    for language in LANGUAGES:
        for item in library.items(language):
            assert item.id == "pilot" or item.id.startswith("pilot-"), item.id
            assert item.id not in BASE, item.id


def test_dutch_and_english_have_the_same_shape(library: Library) -> None:
    nl, en = ([(item.id, item.kind) for item in library.items(language)] for language in LANGUAGES)
    assert nl == en
    dutch, english = (_module(library, language) for language in LANGUAGES)
    assert [step.item for step in dutch.steps] == [step.item for step in english.steps]
    assert [bool(step.exercise) for step in dutch.steps] == [bool(step.exercise) for step in english.steps]
    assert [prompt.id for prompt in dutch.prompts] == [prompt.id for prompt in english.prompts]


def test_the_module_walks_through_every_item(library: Library) -> None:
    for language in LANGUAGES:
        steps = [step.item for step in _module(library, language).steps]
        assert len(steps) == len(set(steps))
        own = [item.id for item in library.items(language) if item.id != "pilot"]
        assert set(own) <= set(steps)
        assert steps[0] == "pilot-afspreken"  # it starts where the base pack's pilot advice stops


def test_the_worksheet_has_one_prompt_per_part_with_help(library: Library) -> None:
    for language in LANGUAGES:
        prompts = _module(library, language).prompts
        assert [prompt.id for prompt in prompts] == PROMPTS
        assert all(prompt.question.strip() and prompt.help.strip() for prompt in prompts)


def test_there_are_two_checks_for_the_preparation(library: Library) -> None:
    for language in LANGUAGES:
        checks = {item.id for item in library.items(language, kind="check")}
        assert checks == {"pilot-wanneer-geslaagd", "pilot-wat-daarna"}


def _prose(value: object, key: str = "") -> list[str]:
    """Every piece of text a reader reads, as in the workspace's bench/readability.py."""
    if key in {"id", "kind", "related", "tags", "item"}:
        return []
    if isinstance(value, str):
        text = value.strip()
        return [text if text[-1:] in ".?!:" else text + "."] if text else []
    if isinstance(value, list):
        return [part for entry in value for part in _prose(entry, key)]
    if isinstance(value, dict):
        return [part for k, v in value.items() for part in _prose(v, k)]
    return []


def test_the_dutch_reads_at_b1_level() -> None:
    textstat = pytest.importorskip("textstat")
    items = [
        item
        for path in sorted((PACKS / "nl").glob("*.toml"))
        if path.name != "pack.toml"
        for item in tomllib.loads(path.read_text(encoding="utf-8"))["item"]
    ]
    text = "\n\n".join(_prose(items))
    textstat.set_lang("nl")
    assert textstat.flesch_reading_ease(text) >= 75
    assert textstat.words_per_sentence(text) <= 9
