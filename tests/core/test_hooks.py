"""Every hook in ``aantafel.hookspecs``, used the way a plugin author uses it, through the real plugin host.

Each plugin here is an object with ``@hookimpl`` methods, registered with ``plugins=[(name, plugin)]``
exactly as ``docs/plugins.md`` tells authors to test theirs. The command tests install a real distribution
instead, because the ``aantafel`` command finds its plugins through entry points only. ``test_docs.py``
checks that each hook's name appears in this file.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar

import click
import pytest
from attrs import field, frozen

import aantafel_en
import aantafel_nl
from aantafel import (
    Document,
    Exporter,
    Item,
    Library,
    LibraryError,
    Problem,
    Suggestion,
    hookimpl,
    load_library,
)
from aantafel.cli import main

SITUATION = "ze blijven maar vaag en beloven niks"


def write_pack(folder: Path, items: str, *, pack_id: str = "oefenen", language: str = "nl") -> Path:
    """A pack folder with a ``pack.toml`` and one item file holding ``items`` (TOML ``[[item]]`` tables)."""
    folder.mkdir(parents=True)
    (folder / "pack.toml").write_text(
        textwrap.dedent(
            f"""\
            schema_version = 1
            id = "{pack_id}"
            language = "{language}"
            version = "0.1.0"
            title = "Oefenpakket"
            """
        ),
        encoding="utf-8",
    )
    (folder / "items.toml").write_text(textwrap.dedent(items), encoding="utf-8")
    return folder


CHECKS = """\
    [[item]]
    id = "wie-beslist"
    kind = "check"
    title = "Weet je wie er beslist?"
    why = "Anders spreek je iets af dat niet doorgaat."
    if_not = "Vraag het aan het begin van het gesprek."
    tags = ["beslissen"]

    [[item]]
    id = "wat-is-het-doel"
    kind = "check"
    title = "Wat is het doel van het gesprek?"
    why = "Zonder doel praat je langs elkaar heen."
    if_not = "Schrijf het doel in één zin op."
    """


# register_content_packs


class PackPlugin:
    """Registers pack folders, as an installed content pack does."""

    def __init__(self, *folders: Path) -> None:
        self.folders = folders

    @hookimpl
    def register_content_packs(self) -> list[Path]:
        return list(self.folders)


def test_register_content_packs_adds_the_items_of_a_plugin_pack(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "oefenen", CHECKS)

    library = load_library(plugins=[("oefenen", PackPlugin(folder))], entry_points=False)

    assert library.problems == ()
    assert library.languages == ("nl",)
    assert [item.id for item in library.items("nl", "check")] == ["wie-beslist", "wat-is-het-doel"]
    assert library.get("wie-beslist", "nl").title == "Weet je wie er beslist?"
    assert library.pack_of("wie-beslist", "nl").plugin == "oefenen"
    assert (folder, "oefenen") in library.sources
    assert library.plugins.records["oefenen"].hooks == ["register_content_packs"]
    assert library.plugins.failures() == []


def test_register_content_packs_brings_the_base_packs_from_their_entry_points() -> None:
    library = load_library()

    assert {"nl", "en"} <= set(library.languages)
    by_plugin = {(pack.plugin, pack.info.id, pack.info.language) for pack in library.packs}
    assert {("nl", "basis", "nl"), ("en", "basis", "en")} <= by_plugin
    for name, distribution in (("nl", "aantafel-nl"), ("en", "aantafel-en")):
        record = library.plugins.records[name]
        assert record.distribution == distribution
        assert record.hooks == ["register_content_packs"]
        assert record.failures == []


def test_register_content_packs_works_for_a_pack_module_given_directly() -> None:
    library = load_library(plugins=[("nl", aantafel_nl)], entry_points=False)

    assert library.languages == ("nl",)
    assert library.get("niet-concreet", "nl").kind == "intervention"
    assert library.problems == ()


def test_register_content_packs_reports_a_broken_plugin_pack_by_the_plugin_name(tmp_path: Path) -> None:
    good = write_pack(tmp_path / "good", CHECKS)
    bad = write_pack(tmp_path / "bad", '[[item]]\nid = "Geen Slug"\nkind = "check"\n', pack_id="kapot")

    library = load_library(
        plugins=[("good", PackPlugin(good)), ("bad", PackPlugin(bad))], entry_points=False, cache=False
    )

    assert [pack.plugin for pack in library.packs] == ["good"]
    assert library.problems
    assert {library.plugin_of(problem) for problem in library.problems} == {"bad"}


def test_register_content_packs_with_a_wrong_return_leaves_only_that_plugin_out(tmp_path: Path) -> None:
    class TextInsteadOfList:
        @hookimpl
        def register_content_packs(self) -> str:
            return str(tmp_path)

    folder = write_pack(tmp_path / "oefenen", CHECKS)
    library = load_library(
        plugins=[("wrong", TextInsteadOfList()), ("oefenen", PackPlugin(folder))], entry_points=False
    )

    assert library.find("wie-beslist", "nl") is not None
    assert library.plugins.failures() == [
        ("wrong", "hook register_content_packs returned a str; expected a list of pack folders")
    ]


# register_item_kinds


@frozen(kw_only=True)
class Scenario(Item):
    """A role-play for a training: the situation to act out and who plays whom."""

    kind: ClassVar[str] = "scenario"

    setting: str = field()
    roles: tuple[str, ...] = ()


class ScenarioPlugin:
    @hookimpl
    def register_item_kinds(self) -> list[type[Item]]:
        return [Scenario]


SCENARIOS = """\
    [[item]]
    id = "eerste-gesprek"
    kind = "scenario"
    title = "Het eerste gesprek met de wijkregisseur"
    setting = "De wijkregisseur is enthousiast, maar belooft niets."
    roles = ["bewoner", "wijkregisseur"]
    """


@pytest.mark.parametrize("cache", [False, True])
def test_register_item_kinds_lets_a_pack_use_a_new_kind(tmp_path: Path, cache: bool) -> None:
    folder = write_pack(tmp_path / "training", SCENARIOS)

    for _load in range(2):  # with the cache, the second load reads the pickled items back
        library = load_library(
            packs=[folder], plugins=[("scenarios", ScenarioPlugin())], entry_points=False, cache=cache
        )
        assert library.problems == ()
        assert library.kinds["scenario"] is Scenario
        assert {"topic", "check", "principle", "intervention", "module"} <= set(library.kinds)
        item = library.get("eerste-gesprek", "nl")
        assert isinstance(item, Scenario)
        assert item.roles == ("bewoner", "wijkregisseur")
        assert library.items("nl", "scenario") == (item,)


def test_register_item_kinds_without_the_plugin_the_kind_is_unknown(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "training", SCENARIOS)

    library = load_library(packs=[folder], entry_points=False)

    assert "scenario" not in library.kinds
    assert library.packs == ()
    assert any("unknown kind 'scenario'" in problem.message for problem in library.problems)


def test_register_item_kinds_refuses_a_class_that_is_not_an_item(tmp_path: Path) -> None:
    @frozen
    class NotAnItem:
        kind: ClassVar[str] = "note"

    class Wrong:
        @hookimpl
        def register_item_kinds(self) -> list[type]:
            return [NotAnItem]

    library = load_library(plugins=[("wrong", Wrong())], entry_points=False)

    assert "note" not in library.kinds
    assert "check" in library.kinds
    [(name, message)] = library.plugins.failures()
    assert name == "wrong"
    assert message.startswith("hook register_item_kinds returned NotAnItem; item kinds must be")


SCENARIO_PLUGIN = """\
from pathlib import Path
from typing import ClassVar

from attrs import field, frozen

from aantafel import Item, hookimpl

PACK = Path(__file__).parent / "rollenspel-pack"


@frozen(kw_only=True)
class Scenario(Item):
    kind: ClassVar[str] = "scenario"
    setting: str = field()
    roles: tuple[str, ...] = ()


@hookimpl
def register_item_kinds():
    return [Scenario]


@hookimpl
def register_content_packs():
    return [PACK]
"""


def test_a_kind_a_plugin_registers_is_offered_by_every_kind_option(
    tmp_path: Path, install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install_plugin("aantafel_test_rollenspel", SCENARIO_PLUGIN, distribution="rollenspel", entry_point="rol")
    write_pack(tmp_path / "site" / "rollenspel-pack", SCENARIOS, pack_id="rollenspel")

    code, out, _err = run_aantafel(["list", "--help"], capsys)
    assert code == 0
    assert "topic, check, principle, intervention, module, scenario" in " ".join(out.split())
    code, out, _err = run_aantafel(["list", "--kind", "scenario"], capsys)
    assert (code, out.split()) == (0, ["scenario", "(1)", "eerste-gesprek", *SCENARIO_TITLE.split()])
    code, out, _err = run_aantafel(["search", "--kind", "scenario", "wijkregisseur"], capsys)
    assert code == 0
    assert SCENARIO_TITLE in out
    code, _out, err = run_aantafel(["search", "--kind", "scenarios", "wijkregisseur"], capsys)
    assert code == 2
    kinds = "topic, check, principle, intervention, module, scenario"
    assert f"'scenarios' is geen soort; gebruik een van: {kinds}" in " ".join(err.split())


SCENARIO_TITLE = "Het eerste gesprek met de wijkregisseur"


# register_exporters


def render_markdown(document: Document) -> bytes:
    lines = [f"# {document.title}", ""] + [f"- {key}: {value}" for key, value in document.data.items()]
    return ("\n".join(lines) + "\n").encode("utf-8")


MARKDOWN = Exporter(
    name="md", title="Markdown", media_type="text/markdown", suffix=".md", render=render_markdown
)


class MarkdownPlugin:
    @hookimpl
    def register_exporters(self) -> list[Exporter]:
        return [MARKDOWN]


DOCUMENT = Document(kind="sheet", title="Gesprek 12 mei", language="nl", data={"doel": "een pilot"})


def test_register_exporters_adds_a_format_next_to_the_built_in_json() -> None:
    library = load_library(plugins=[("markdown", MarkdownPlugin())], entry_points=False)

    exporters = library.exporters()

    assert {"json", "md"} <= set(exporters)
    assert exporters["md"] is MARKDOWN
    assert exporters["md"].render(DOCUMENT) == b"# Gesprek 12 mei\n\n- doel: een pilot\n"
    assert json.loads(exporters["json"].render(DOCUMENT)) == {
        "kind": "sheet",
        "title": "Gesprek 12 mei",
        "language": "nl",
        "data": {"doel": "een pilot"},
    }
    assert library.plugins.records["markdown"].hooks == ["register_exporters"]


def test_register_exporters_with_a_wrong_return_keeps_the_others() -> None:
    class Wrong:
        @hookimpl
        def register_exporters(self) -> list[dict[str, str]]:
            return [{"name": "pdf"}]

    library = load_library(plugins=[("markdown", MarkdownPlugin()), ("wrong", Wrong())], entry_points=False)

    assert set(library.exporters()) == {"html", "ics", "json", "md", "txt"}
    assert library.plugins.failures() == [
        ("wrong", "hook register_exporters returned a dict among its exporters; expected Exporter objects")
    ]


# register_commands

COMMAND_PLUGIN = '''\
"""A plugin that adds ``aantafel hallo``; click is imported only when the hook runs."""

from aantafel import hookimpl


@hookimpl
def register_commands(cli):
    import click

    @cli.command("hallo")
    @click.argument("name")
    def hallo(name):
        """Greet someone at the table."""
        click.echo(f"Hallo {name}, fijn dat je aan tafel zit.")
'''


def run_aantafel(args: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the ``aantafel`` console script in this process: (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    out, err = capsys.readouterr()
    code = exit_.value.code
    assert isinstance(code, int)
    return code, out, err


def test_register_commands_adds_a_command_to_the_help(
    install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install_plugin("aantafel_test_hallo", COMMAND_PLUGIN, distribution="aantafel-hallo", entry_point="hallo")

    code, out, err = run_aantafel(["--help"], capsys)

    assert code == 0
    assert "hallo" in out
    assert "Greet someone at the table." in out
    assert err == ""


def test_register_commands_command_runs(
    install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install_plugin("aantafel_test_hallo", COMMAND_PLUGIN, distribution="aantafel-hallo", entry_point="hallo")

    code, out, err = run_aantafel(["hallo", "Fatima"], capsys)

    assert (code, out, err) == (0, "Hallo Fatima, fijn dat je aan tafel zit.\n", "")


def test_register_commands_plugin_is_listed_by_aantafel_plugins(
    install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    install_plugin("aantafel_test_hallo", COMMAND_PLUGIN, distribution="aantafel-hallo", entry_point="hallo")

    code, out, _err = run_aantafel(["plugins", "--json"], capsys)

    assert code == 0
    [record] = [p for p in json.loads(out)["plugins"] if p["name"] == "hallo"]
    assert record["distribution"] == "aantafel-hallo"
    assert record["version"] == "0.1"
    assert record["hooks"] == ["register_commands"]
    assert record["failures"] == []


def test_register_commands_is_skipped_for_a_plugin_the_kill_switch_leaves_out(
    install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    install_plugin("aantafel_test_hallo", COMMAND_PLUGIN, distribution="aantafel-hallo", entry_point="hallo")
    monkeypatch.setenv("AANTAFEL_LOAD_PLUGINS", "nl")

    code, _out, err = run_aantafel(["hallo", "Fatima"], capsys)

    assert code == 2
    assert "De opdracht 'hallo' bestaat niet." in err


@pytest.mark.parametrize(("command", "package"), [("serve", "aantafel-web"), ("coach", "aantafel-repl")])
def test_a_front_end_left_out_is_named_with_its_package(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str, package: str
) -> None:
    """Installed but not loaded (here: the kill switch); tests/plugins/test_modules.py runs an install
    without the front-ends, which says to install the package."""
    monkeypatch.setenv("AANTAFEL_LOAD_PLUGINS", "nl")

    code, _out, err = run_aantafel([command], capsys)

    assert code == 2
    assert (
        f"'{command}' hoort bij het pakket {package}. Dat is geïnstalleerd, maar niet geladen. Kijk bij: "
        "aantafel plugins"
    ) in err


def test_register_commands_that_raises_is_one_warning_line(
    install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    source = (
        "from aantafel import hookimpl\n\n\n@hookimpl\ndef register_commands(cli):\n    raise OSError('x')\n"
    )
    install_plugin("aantafel_test_broken", source, distribution="aantafel-broken", entry_point="broken")

    code, out, err = run_aantafel(["--help"], capsys)

    assert code == 0
    assert "check" in out
    assert err.splitlines() == [
        "aantafel: waarschuwing: plug-in 'broken' (aantafel-broken 0.1): hook register_commands raised "
        "OSError: x; zie: aantafel plugins"
    ]


def test_register_commands_receives_the_group() -> None:
    """A plugin can also be handed a group of its own, which is how to test a command without the CLI."""
    from click.testing import CliRunner

    from aantafel import make_plugin_host

    class Plugin:
        @hookimpl
        def register_commands(self, cli: click.Group) -> None:
            @cli.command("ping")
            def ping() -> None:
                click.echo("pong")

    group = click.Group("aantafel")
    host = make_plugin_host(entry_points=False, plugins=[("ping", Plugin())])
    host.call("register_commands", cli=group)

    result = CliRunner().invoke(group, ["ping"])
    assert (result.exit_code, result.output) == (0, "pong\n")


# suggest_items


class ExtraFinder:
    """A finder that scores fixed items, and remembers what it was asked."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores
        self.calls: list[tuple[str, Library, str]] = []

    @hookimpl
    def suggest_items(self, situation: str, library: Library, language: str) -> list[Suggestion]:
        self.calls.append((situation, library, language))
        suggestions = []
        for item_id, score in self.scores.items():
            item = library.get(item_id, language)
            suggestions.append(Suggestion(item=item, score=score, reasons=(f"extra finder: {item_id}",)))
        return suggestions


MANY_FIT = "het blijft vaag, geen afspraken, ze wachten af en mogen niks beslissen"


def test_suggest_items_merges_plugin_and_built_in_suggestions() -> None:
    base = load_library(plugins=[("nl", aantafel_nl)], entry_points=False)
    built_in = base.suggest(MANY_FIT, "nl", limit=30)
    assert len(built_in) >= 3, "the Dutch pack should give at least three built-in suggestions"
    top, beaten, lifted = built_in[0], built_in[1], built_in[-1]
    new = next(i.id for i in base.items("nl", "intervention") if i.id not in {s.item.id for s in built_in})
    finder = ExtraFinder({new: 0.5, beaten.item.id: beaten.score / 2, lifted.item.id: 0.9})

    library = load_library(plugins=[("nl", aantafel_nl), ("extra", finder)], entry_points=False)
    merged = library.suggest(MANY_FIT, "nl", limit=30)

    assert finder.calls == [(MANY_FIT, library, "nl")]
    by_id = {s.item.id: s for s in merged}
    assert by_id[new].score == 0.5
    assert by_id[new].reasons == (f"extra finder: {new}",)
    assert by_id[beaten.item.id] == beaten  # the built-in scored it higher, so its suggestion stays
    assert by_id[lifted.item.id].score == 0.9  # the plugin scored it higher
    assert by_id[lifted.item.id].reasons == (f"extra finder: {lifted.item.id}",)
    assert merged[0] == top
    assert [s.score for s in merged] == sorted((s.score for s in merged), reverse=True)
    assert len(merged) == len(built_in) + 1
    assert library.suggest(MANY_FIT, "nl") == merged[:3]


def test_suggest_items_with_a_wrong_return_keeps_the_built_in_finder() -> None:
    class Wrong:
        @hookimpl
        def suggest_items(self, situation: str) -> list[str]:
            return ["niet-concreet"]

    class Raises:
        @hookimpl
        def suggest_items(self) -> list[Suggestion]:
            raise RuntimeError("no model")

    plugins: list[tuple[str, object]] = [("nl", aantafel_nl), ("wrong", Wrong()), ("raises", Raises())]
    library = load_library(plugins=plugins, entry_points=False)

    assert library.suggest(SITUATION, "nl")[0].item.id == "niet-concreet"
    assert sorted(library.plugins.failures()) == [
        ("raises", "hook suggest_items raised RuntimeError: no model"),
        (
            "wrong",
            "hook suggest_items returned a str among its suggestions; expected Suggestion objects",
        ),
    ]


# validate_library


class TagsRequired:
    """A publisher's rule: every check carries at least one tag."""

    @hookimpl
    def validate_library(self, library: Library) -> Iterable[Problem]:
        for language in library.languages:
            for item in library.items(language, "check"):
                if not item.tags:
                    yield Problem(
                        message="every check needs at least one tag",
                        file=library.pack_of(item.id, language).folder,
                        item=item.id,
                        field="tags",
                        severity="warning",
                    )


def test_validate_library_adds_a_plugins_problems(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "oefenen", CHECKS)

    library = load_library(packs=[folder], plugins=[("tags", TagsRequired())], entry_points=False)

    assert library.problems == (
        Problem(
            message="every check needs at least one tag",
            file=folder,
            item="wat-is-het-doel",
            field="tags",
            severity="warning",
        ),
    )
    assert [pack.folder for pack in library.packs] == [folder]  # a warning leaves the pack in

    with pytest.raises(LibraryError) as error:
        load_library(packs=[folder], plugins=[("tags", TagsRequired())], entry_points=False, strict=True)
    assert error.value.problems == library.problems


def test_validate_library_with_a_wrong_return_keeps_the_others(tmp_path: Path) -> None:
    class Wrong:
        @hookimpl
        def validate_library(self) -> list[str]:
            return ["something is off"]

    folder = write_pack(tmp_path / "oefenen", CHECKS)
    library = load_library(
        packs=[folder], plugins=[("tags", TagsRequired()), ("wrong", Wrong())], entry_points=False
    )

    assert [problem.item for problem in library.problems] == ["wat-is-het-doel"]
    assert library.plugins.failures() == [
        ("wrong", "hook validate_library returned a str among its problems; expected Problem objects")
    ]


# choose_language


class PreferEnglish:
    @hookimpl
    def choose_language(self, requested: str | None, available: Sequence[str]) -> str | None:
        if requested is None and "en" in available:
            return "en"
        return None  # leave every other case to the next plugin, finally the built-in choice


BOTH: list[tuple[str, object]] = [("nl", aantafel_nl), ("en", aantafel_en)]


def test_choose_language_plugin_decides_when_nothing_is_requested() -> None:
    library = load_library(plugins=[*BOTH, ("prefer-en", PreferEnglish())], entry_points=False)

    assert library.language() == "en"
    assert library.language("nl") == "nl"  # the plugin passed, so the built-in gave what was asked


def test_choose_language_built_in_prefers_the_request_then_dutch_then_the_first() -> None:
    both = load_library(plugins=BOTH, entry_points=False)
    assert both.language() == "nl"
    assert both.language("en") == "en"
    assert both.language("de") == "nl"

    english_only = load_library(plugins=[("en", aantafel_en)], entry_points=False)
    assert english_only.language("de") == "en"
    assert english_only.language() == "en"


def test_choose_language_ignores_an_answer_that_is_not_available() -> None:
    class German:
        @hookimpl
        def choose_language(self) -> str:
            return "de"

    library = load_library(plugins=[*BOTH, ("german", German())], entry_points=False)

    assert library.language() == "nl"
    [(name, message)] = library.plugins.failures()
    assert name == "german"
    assert message.startswith("hook choose_language returned 'de', which is not one of (")


def test_register_commands_cannot_take_a_built_in_name(
    install_plugin: Callable[..., None], capsys: pytest.CaptureFixture[str]
) -> None:
    source = textwrap.dedent(
        """
        from aantafel import hookimpl


        @hookimpl
        def register_commands(cli):
            import click

            @cli.command("list")
            def hijack():
                click.echo("not the real list")
        """
    )
    install_plugin("aantafel_test_list", source, distribution="aantafel-list", entry_point="list-plugin")

    code, out, err = run_aantafel(["--help"], capsys)
    assert code == 0
    assert "plug-in 'list-plugin'" in err
    code, out, err = run_aantafel(["plugins", "--json"], capsys)
    [plugin] = [p for p in json.loads(out)["plugins"] if p["name"] == "list-plugin"]
    assert plugin["failures"] == [
        "hook register_commands raised ValueError: the command name 'list' is already taken; choose another"
    ]
    code, out, err = run_aantafel(["list", "--kind", "principle"], capsys)
    assert code == 0
    assert "not the real list" not in out
    assert "belangen-niet-posities" in out


def test_aantafel_s_own_hooks_run_in_the_caller_and_another_plugin_s_under_its_deadline() -> None:
    """The web page's deadline runs a plugin's implementation in a thread of its own, so a hung one holds
    no worker; aantafel's own ran without one, which a "Vastgelopen?" answer no longer pays for."""
    import threading

    from aantafel.plugins import PluginHost, PluginRecord

    ran_in: dict[str, threading.Thread] = {}

    class Kinds:
        def __init__(self, name: str) -> None:
            self.name = name

        @hookimpl
        def register_item_kinds(self) -> list[type]:
            ran_in[self.name] = threading.current_thread()
            return []

    host = PluginHost()
    host.register(Kinds("aantafel"), PluginRecord(name="aantafel", builtin=True))
    host.register(Kinds("other"), PluginRecord(name="other"))
    host.deadline = 5.0
    host.call("register_item_kinds")
    assert ran_in["aantafel"] is threading.current_thread()
    assert ran_in["other"] is not threading.current_thread()
    assert ran_in["other"].name == "aantafel plugin"
