"""A broken plugin is recorded with a message naming it and what went wrong; the others keep working."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

import aantafel
from aantafel import Library, LibraryError, Suggestion, load_library
from aantafel.plugins import KILL_SWITCH

CORPUS = Path(__file__).resolve().parent / "corpus"


def _assert_others_work(library: Library) -> None:
    """The base packs loaded whole and the built-in finder still answers."""
    labels = [pack.info.label for pack in library.packs]
    assert "basis (nl)" in labels
    assert "basis (en)" in labels
    assert library.get("bindende-afspraken", "nl").kind == "check"
    assert library.get("bindende-afspraken", "en").kind == "check"
    assert library.problems == ()
    suggestions = library.suggest("ze blijven vaag", "nl")
    assert suggestions
    assert suggestions[0].item.id == "niet-concreet"


def _failures_of(library: Library, name: str) -> list[str]:
    return [message for plugin, message in library.plugins.failures() if plugin == name]


# (a) a plugin whose import fails -------------------------------------------------------------------------


def test_plugin_that_fails_to_import(install_plugin: Callable[..., None]) -> None:
    install_plugin(
        "kapotte_plugin",
        'raise RuntimeError("kapot bij het importeren")\n',
        distribution="kapotte-plugin",
        entry_point="kapot",
    )

    library = load_library()

    assert library.plugins.failures() == [("kapot", "import failed: RuntimeError: kapot bij het importeren")]
    record = library.plugins.records["kapot"]
    assert (record.distribution, record.version) == ("kapotte-plugin", "0.1")
    assert "kapotte_plugin.py" in record.details[0]  # the traceback is kept for `aantafel plugins`
    assert record.hooks == []
    assert library.plugins.records["nl"].failures == []
    _assert_others_work(library)


def test_plugin_whose_module_is_missing(install_plugin: Callable[..., None]) -> None:
    """An entry point naming a module that is not there (a broken or half-removed install)."""
    install_plugin("weg_plugin_bestaat_niet", None, distribution="weg-plugin", entry_point="weg")

    library = load_library()

    [message] = _failures_of(library, "weg")
    assert message.startswith("import failed: ModuleNotFoundError: ")
    assert "weg_plugin_bestaat_niet" in message
    _assert_others_work(library)


# (b) a hook that raises ----------------------------------------------------------------------------------


class RaisingPacks:
    @aantafel.hookimpl
    def register_content_packs(self) -> list[Path]:
        raise RuntimeError("geen pakketten vandaag")


class RaisingKinds:
    @aantafel.hookimpl
    def register_item_kinds(self) -> list[type[aantafel.Item]]:
        raise ValueError("soorten kwijt")


class RaisingFinder:
    @aantafel.hookimpl
    def suggest_items(self, situation: str) -> list[Suggestion]:
        raise ZeroDivisionError("delen door nul")


class RaisingValidator:
    @aantafel.hookimpl
    def validate_library(self, library: Library) -> list[aantafel.Problem]:
        raise KeyError("niets")


@pytest.mark.parametrize(
    ("plugin", "expected"),
    [
        (RaisingPacks(), "hook register_content_packs raised RuntimeError: geen pakketten vandaag"),
        (RaisingKinds(), "hook register_item_kinds raised ValueError: soorten kwijt"),
        (RaisingFinder(), "hook suggest_items raised ZeroDivisionError: delen door nul"),
        (RaisingValidator(), "hook validate_library raised KeyError: 'niets'"),
    ],
    ids=["register_content_packs", "register_item_kinds", "suggest_items", "validate_library"],
)
def test_hook_that_raises(plugin: object, expected: str) -> None:
    library = load_library(plugins=[("kapot", plugin)])
    library.suggest("ze blijven vaag", "nl")  # suggest_items is only called here

    assert library.plugins.failures() == [("kapot", expected)]
    assert "Traceback" in library.plugins.records["kapot"].details[0]
    _assert_others_work(library)


# (c) a hook that returns garbage -------------------------------------------------------------------------


class NotAnItem:
    kind = "tip"


@attrs.frozen
class NotAnItemEither:
    """attrs, with a kind, but no subclass of Item."""

    kind = "tip"


def _returning(hook: str, value: object) -> object:
    """A plugin object whose ``hook`` returns ``value``, whatever arguments it gets."""

    class Garbage:
        pass

    def implementation(self: object, **_kwargs: object) -> object:
        return value

    implementation.__name__ = hook
    setattr(Garbage, hook, aantafel.hookimpl(implementation))
    return Garbage()


def _stale_intervention() -> aantafel.Intervention:
    return aantafel.Intervention(
        id="niet-concreet", title="Oud", situation="Oud.", signals=("ze blijven vaag",), sentences=("Oud.",)
    )


@pytest.mark.parametrize(
    ("hook", "value", "expected"),
    [
        ("register_content_packs", 42, "returned an int; expected a list of pack folders"),
        ("register_content_packs", "pakket", "returned a str; expected a list of pack folders"),
        (
            "register_content_packs",
            [CORPUS / "lege-tekst", 42],
            "returned an int; expected pack folders (paths)",
        ),
        ("register_item_kinds", 42, "returned an int; expected a list of item classes"),
        ("register_item_kinds", [NotAnItem], "returned NotAnItem; item kinds must be attrs subclasses"),
        ("register_item_kinds", [NotAnItemEither], "returned NotAnItemEither; item kinds must be attrs"),
        ("register_item_kinds", ["topic"], "returned a str among its item classes; expected type objects"),
        ("suggest_items", "niet-concreet", "returned a str; expected a list of suggestions"),
        (
            "suggest_items",
            ["niet-concreet", "bindende-afspraken"],
            "returned a str among its suggestions; expected Suggestion objects",
        ),
        ("validate_library", [42], "returned an int among its problems; expected Problem objects"),
    ],
    ids=[
        "packs-number",
        "packs-text",
        "packs-list-with-number",
        "kinds-number",
        "kinds-plain-class",
        "kinds-attrs-class",
        "kinds-text",
        "suggest-text",
        "suggest-strings",
        "validate-numbers",
    ],
)
def test_hook_that_returns_garbage(hook: str, value: object, expected: str) -> None:
    library = load_library(plugins=[("kapot", _returning(hook, value))])
    library.suggest("ze blijven vaag", "nl")

    [message] = _failures_of(library, "kapot")
    assert message.startswith(f"hook {hook} ")
    assert expected in message
    _assert_others_work(library)


def test_garbage_pack_list_loads_none_of_its_packs() -> None:
    """One bad entry spoils the whole answer: the valid folder before it is not loaded either."""
    good = CORPUS / "verwijzing-ontbreekt"
    library = load_library(plugins=[("kapot", _returning("register_content_packs", [good, 42]))])
    assert "kapot-verwijzing (nl)" not in [pack.info.label for pack in library.packs]


@attrs.frozen(kw_only=True)
class Tip(aantafel.Item):
    kind = "tip"

    advice: str


@attrs.frozen(kw_only=True)
class OtherTip(aantafel.Item):
    kind = "tip"


@attrs.frozen(kw_only=True)
class OtherTopic(aantafel.Item):
    """Claims the built-in kind name 'topic', with none of Topic's fields."""

    kind = "topic"


def test_the_same_kind_class_twice_is_no_clash() -> None:
    library = load_library(plugins=[("extra", _returning("register_item_kinds", [aantafel.Topic]))])
    assert library.plugins.failures() == []
    _assert_others_work(library)


def test_two_plugins_claiming_one_kind_name() -> None:
    library = load_library(
        plugins=[
            ("een", _returning("register_item_kinds", [Tip])),
            ("twee", _returning("register_item_kinds", [OtherTip])),
        ]
    )
    [(loser, message)] = library.plugins.failures()
    assert message == "item kind 'tip' is already registered; ignored"
    assert library.kinds["tip"] is {"een": OtherTip, "twee": Tip}[loser]
    _assert_others_work(library)


def test_plugin_cannot_take_over_a_builtin_kind() -> None:
    library = load_library(plugins=[("kapot", _returning("register_item_kinds", [OtherTopic]))])
    assert library.plugins.failures() == [("kapot", "item kind 'topic' is already registered; ignored")]
    assert library.kinds["topic"] is aantafel.Topic
    _assert_others_work(library)


def test_suggestions_of_a_plugin_merge_with_the_builtin_ones() -> None:
    """A well-behaved finder plugin, as a control for the garbage cases: its score wins where it is higher."""
    stale = Suggestion(item=_stale_intervention(), score=0.01)
    library = load_library(plugins=[("ander", _returning("suggest_items", [stale]))])
    [top, *_] = library.suggest("ze blijven vaag", "nl")
    assert top.item.title == "De ander wordt niet concreet"  # the built-in score (higher) won
    assert library.plugins.failures() == []


# (d) a misspelt hook name --------------------------------------------------------------------------------


class Misspelt:
    @aantafel.hookimpl
    def register_content_pack(self) -> list[Path]:
        return [CORPUS / "verwijzing-ontbreekt"]


def test_misspelt_hook_name() -> None:
    library = load_library(plugins=[("kapot", Misspelt())])

    [(plugin, message)] = library.plugins.failures()
    assert plugin == "kapot"
    assert "implements unknown hook 'register_content_pack'" in message
    assert "did you mean 'register_content_packs'?" in message
    assert "not loaded" in message
    assert library.plugins.manager.get_plugin("kapot") is None
    assert library.find("wijst-nergens-heen", "nl") is None
    _assert_others_work(library)


def test_misspelt_optional_hook_is_allowed() -> None:
    class Optional:
        @aantafel.hookimpl(optionalhook=True)
        def register_widgets(self) -> list[str]:
            return []

    library = load_library(plugins=[("optioneel", Optional())])
    assert library.plugins.failures() == []
    assert library.plugins.manager.get_plugin("optioneel") is not None


@pytest.mark.parametrize(
    "marker", [aantafel.hookimpl(wrapper=True), aantafel.hookimpl(hookwrapper=True)], ids=["new", "old"]
)
def test_a_hook_wrapper_is_refused_by_name(marker: Callable[[Callable[..., object]], Any]) -> None:
    """pluggy's wrappers wrap the other plugins' calls; aantafel calls each implementation on its own, so a
    wrapper would be called as an ordinary hook. The plugin is left out, and the message says why."""

    class Wrapping:
        @marker
        def register_exporters(self) -> Iterator[None]:
            yield

    library = load_library(plugins=[("omhuld", Wrapping())])

    [(plugin, message)] = library.plugins.failures()
    assert plugin == "omhuld"
    assert message == (
        "implements hook 'register_exporters' as a wrapper, which aantafel does not support "
        "(see docs/plugins.md, Isolation), so it is not loaded"
    )
    assert library.plugins.manager.get_plugin("omhuld") is None
    assert set(library.exporters()) >= {"md", "html", "json"}  # the built-in exporters still answer
    _assert_others_work(library)


# (e) the kill switch -------------------------------------------------------------------------------------


def test_kill_switch_empty_loads_no_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KILL_SWITCH, "")
    library = load_library()
    assert library.packs == ()
    assert library.problems == ()
    assert library.plugins.failures() == []
    assert set(library.plugins.records) == {"aantafel"}  # built-ins always load
    assert library.suggest("ze blijven vaag", "nl") == []


@pytest.mark.parametrize(
    ("wanted", "labels"),
    [
        ("nl", ["basis (nl)"]),
        ("aantafel-en", ["basis (en)"]),  # a distribution name works too
        (" en , nl ", ["basis (en)", "basis (nl)"]),
        ("kapot", []),
    ],
)
def test_kill_switch_names_the_plugins_to_load(
    monkeypatch: pytest.MonkeyPatch, wanted: str, labels: Sequence[str]
) -> None:
    monkeypatch.setenv(KILL_SWITCH, wanted)
    library = load_library()
    assert sorted(pack.info.label for pack in library.packs) == sorted(labels)
    assert library.plugins.failures() == []


def test_kill_switch_still_loads_explicit_plugins_and_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KILL_SWITCH, "nl")
    library = load_library(
        packs=[CORPUS / "verwijzing-ontbreekt"],
        plugins=[("extra", _returning("register_content_packs", [CORPUS / "module-stap-ontbreekt"]))],
    )
    assert sorted(pack.info.label for pack in library.packs) == [
        "basis (nl)",
        "kapot-module (nl)",
        "kapot-verwijzing (nl)",
    ]


def test_kill_switch_keeps_a_broken_plugin_out(
    install_plugin: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With only 'nl' wanted, a plugin that would fail to import is not even imported."""
    install_plugin(
        "kapotte_plugin2",
        'raise RuntimeError("mag niet geladen worden")\n',
        distribution="kapotte-plugin2",
        entry_point="kapot2",
    )
    monkeypatch.setenv(KILL_SWITCH, "nl,en")

    library = load_library()
    assert library.plugins.failures() == []
    assert "kapot2" not in library.plugins.records
    _assert_others_work(library)


# (f) strict loading --------------------------------------------------------------------------------------


def test_strict_raises_listing_every_problem() -> None:
    folders = [CORPUS / "getal-als-tekst", CORPUS / "lege-tekst", CORPUS / "verwijzing-ontbreekt"]
    with pytest.raises(LibraryError) as raised:
        load_library(packs=folders, strict=True)

    error = raised.value
    assert [(p.item, p.field, p.severity) for p in error.problems] == [
        ("titel-is-getal", "title", "error"),
        ("lege-waarom", "why", "error"),
        ("wijst-nergens-heen", "related", "warning"),
    ]
    text = str(error)
    assert text.startswith("3 problem(s) in the content packs:\n")
    assert "items.toml:10, item 'titel-is-getal', field 'title': expected text, got a number" in text
    assert "field 'related': warning: refers to 'bestaat-niet'" in text


def test_strict_passes_when_nothing_is_wrong() -> None:
    library = load_library(strict=True)
    _assert_others_work(library)


def test_strict_raises_for_problems_from_a_validator() -> None:
    problem = aantafel.Problem(message="te weinig interventies", severity="warning")
    with pytest.raises(LibraryError) as raised:
        load_library(plugins=[("streng", _returning("validate_library", [problem]))], strict=True)
    assert raised.value.problems == (problem,)


def test_strict_raises_for_a_broken_plugin() -> None:
    with pytest.raises(LibraryError) as raised:
        load_library(plugins=[("kapot", RaisingPacks())], strict=True)
    [problem] = raised.value.problems
    assert problem.message == (
        "plugin 'kapot': hook register_content_packs raised RuntimeError: geen pakketten vandaag"
    )
    assert problem.severity == "error"
    assert "plugin 'kapot': hook register_content_packs raised" in str(raised.value)


def test_strict_lists_plugin_failures_and_pack_problems_together() -> None:
    with pytest.raises(LibraryError) as raised:
        load_library(packs=[CORPUS / "lege-tekst"], plugins=[("kapot", Misspelt())], strict=True)
    assert [(p.item, p.field) for p in raised.value.problems] == [(None, None), ("lege-waarom", "why")]
    assert raised.value.problems[0].message.startswith("plugin 'kapot': implements unknown hook")
