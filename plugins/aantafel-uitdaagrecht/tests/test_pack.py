"""The uitdaagrecht pack loads without a single problem, in both languages, exactly as aantafel loads it.

The packs are found next to this file, so the test also runs when the plugin is not installed. Installed
plugins are loaded too (as `aantafel check` does), so the links to the base pack (`onderhandelen`,
`pilot-afspreken`, ...) resolve; strict mode turns any problem or warning into a failure.
"""

from pathlib import Path

import pytest

from aantafel import Check, Library, Module, load_library

PACKS = Path(__file__).resolve().parent.parent / "src" / "aantafel_uitdaagrecht" / "packs"
LANGUAGES = ("nl", "en")
CHECKS = ("uitdaagrecht-taak-overdraagbaar", "uitdaagrecht-steun-bewezen", "uitdaagrecht-geld-rond")
PROMPTS = (
    "uitdaagrecht-taak",
    "uitdaagrecht-meerwaarde",
    "uitdaagrecht-steun",
    "uitdaagrecht-geld",
    "uitdaagrecht-vraag-aan-gemeente",
)


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(packs=[PACKS / language for language in LANGUAGES], strict=True, cache=False)


def own_items(library: Library, language: str) -> dict[str, str]:
    """The id and kind of every item this pack brings, in file order."""
    return {
        item.id: item.kind
        for item in library.items(language)
        if library.pack_of(item.id, language).info.id == "uitdaagrecht"
    }


def test_both_languages_load_cleanly(library: Library) -> None:
    for language in LANGUAGES:
        assert library.get("uitdaagrecht", language).kind == "module"


def test_translations_have_the_same_items(library: Library) -> None:
    nl, en = (own_items(library, language) for language in LANGUAGES)
    assert nl == en
    assert all(item_id.startswith("uitdaagrecht") for item_id in nl)


def test_the_checks_join_every_preparation(library: Library) -> None:
    for language in LANGUAGES:
        for check_id in CHECKS:
            check = library.get(check_id, language)
            assert isinstance(check, Check)
            assert check.title.endswith("?")


def test_module_steps_and_prompts_match_across_languages(library: Library) -> None:
    modules = [library.get("uitdaagrecht", language) for language in LANGUAGES]
    assert all(isinstance(module, Module) for module in modules)
    nl, en = (module for module in modules if isinstance(module, Module))
    assert [step.item for step in nl.steps] == [step.item for step in en.steps]
    shape = [[(bool(step.note), bool(step.exercise)) for step in module.steps] for module in (nl, en)]
    assert shape[0] == shape[1]
    assert tuple(prompt.id for prompt in nl.prompts) == PROMPTS
    assert tuple(prompt.id for prompt in en.prompts) == PROMPTS
    assert all(prompt.help for prompt in (*nl.prompts, *en.prompts))
    for language, module in zip(LANGUAGES, (nl, en), strict=True):
        for step in module.steps:
            assert library.find(step.item, language) is not None
