"""Every way a pack can break is reported exactly; the broken pack is left out and the base packs still load.

The packs live in ``corpus/`` (see its README); each is broken in one way. The table below says, per case,
the problem the loader must report and which valid items of the case must (warnings) or must not (errors)
end up in the library.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from aantafel import Library, LibraryError, Problem, load_library, make_plugin_host
from aantafel.cli import cli
from aantafel.reader import MAX_FILE_BYTES, _read_at_most

CORPUS = Path(__file__).resolve().parent / "corpus"
BASE_PACKS = ("basis (nl)", "basis (en)")


@dataclass(frozen=True)
class Expect:
    """One problem as it must be reported. ``file`` is relative to the case folder; "" is the folder itself.

    ``message`` holds the key parts of the message; ``{case}`` in them stands for the case folder.
    """

    file: str
    message: tuple[str, ...]
    line: int | None = None
    item: str | None = None
    field: str | None = None
    severity: str = "error"


@dataclass(frozen=True)
class Case:
    name: str
    problems: tuple[Expect, ...]
    valid: tuple[str, ...] = ()
    """Valid items of the broken pack: gone from the library after an error, present after a warning.
    ``en/`` in front means the English item; the rest are Dutch."""
    packs: tuple[str, ...] = ("",)
    """The pack folders inside the case folder, in the order they are given to ``load_library``."""
    kept: tuple[str, ...] = ()
    """Valid items of other packs in the case, which must load whatever happens to the broken one."""


def _pack(folder: Path, pack_id: str) -> None:
    """A generated case: a pack with one valid item, ``<pack_id>-goed``, to which the case adds its fault."""
    folder.mkdir()
    (folder / "pack.toml").write_text(
        f'schema_version = 1\nid = "{pack_id}"\nlanguage = "nl"\nversion = "0.1.0"\n'
        f'title = "Kapot pakket: {pack_id}"\n',
        encoding="utf-8",
    )
    (folder / "goed.toml").write_text(
        f'[[item]]\nid = "{pack_id}-goed"\nkind = "topic"\ntitle = "Klein"\nbody = "Dit past wel."\n',
        encoding="utf-8",
    )


def _oversized(folder: Path) -> None:
    """An item file just over the size limit (a megabyte is not worth keeping in git)."""
    _pack(folder, "kapot-te-groot")
    line = "# " + "x" * 98 + "\n"
    (folder / "groot.toml").write_text(line * (MAX_FILE_BYTES // len(line) + 1), encoding="utf-8")


def _link(name: str, target: str, outside: str | None = None) -> Callable[[Path], None]:
    """A pack whose ``name`` is a link to ``target``; ``outside``, when given, is written where the link
    points, so that only the link is wrong, not what it reaches."""

    def make(folder: Path) -> None:
        _pack(folder, f"kapot-{folder.name}")
        if outside is not None:
            (folder / target).write_text(outside.format(id=f"kapot-{folder.name}"), encoding="utf-8")
        (folder / name).unlink(missing_ok=True)
        (folder / name).symlink_to(target)

    return make


def _fifo(folder: Path) -> None:
    _pack(folder, "kapot-fifo")
    os.mkfifo(folder / "items.toml")


GENERATED: dict[str, Callable[[Path], None]] = {
    "te-groot": _oversized,
    "link-naar-niets": _link("items.toml", "../weg.toml"),
    "link-naar-buiten": _link(
        "items.toml",
        "../buiten.toml",
        '[[item]]\nid = "{id}-buiten"\nkind = "topic"\ntitle = "Buiten"\nbody = "Buiten het pakket."\n',
    ),
    "link-naar-apparaat": _link("items.toml", "/dev/zero"),
    "link-in-een-kring": _link("items.toml", "items.toml"),
    "pack-toml-als-link": _link(
        "pack.toml",
        "../buiten-pack.toml",
        'schema_version = 1\nid = "{id}"\nlanguage = "nl"\nversion = "0.1.0"\ntitle = "Buiten"\n',
    ),
    "fifo": _fifo,
}
"""Cases made by the test: a file too big for git, and links and a FIFO, which git cannot hold (a link to
outside the repository would point elsewhere on every machine)."""


CASES = (
    Case(
        "toml-syntaxfout",
        (Expect("items.toml", ("TOML syntax error: Illegal character '\\n'",), line=4),),
        valid=("kapot-syntax-goed",),
    ),
    Case(
        "null-waarde",
        (Expect("items.toml", ("TOML syntax error: Invalid value",), line=5),),
        valid=("kapot-null-goed",),
    ),
    Case(
        "getal-als-tekst",
        (Expect("items.toml", ("expected text, got a number",), 10, "titel-is-getal", "title"),),
        valid=("kapot-getal-goed",),
    ),
    Case(
        "tekst-als-lijst",
        (
            Expect(
                "items.toml",
                ('expected a list, got text; write it as ["…"]',),
                12,
                "signalen-als-tekst",
                "signals",
            ),
        ),
        valid=("kapot-lijst-goed",),
    ),
    Case(
        "getal-in-lijst",
        (Expect("items.toml", ("expected text, got a number",), 13, "zin-is-getal", "sentences[1]"),),
        valid=("kapot-getal-in-lijst-goed",),
    ),
    Case(
        "tabel-in-lijst",
        (Expect("items.toml", ("expected text, got a table",), 12, "tag-is-tabel", "tags[1]"),),
        valid=("kapot-tabel-in-lijst-goed",),
    ),
    Case(
        # One typo, two problems: the misspelt key, and the field it was meant to be.
        "onbekende-sleutel",
        (
            Expect("items.toml", ("required field is missing",), 7, "titel-in-het-nederlands", "title"),
            Expect(
                "items.toml",
                ("unknown key 'titel'; did you mean 'title'?",),
                10,
                "titel-in-het-nederlands",
                "titel",
            ),
        ),
        valid=("kapot-sleutel-goed",),
    ),
    Case(
        "onbekende-soort",
        (
            Expect(
                "items.toml",
                ("unknown kind 'tip'; use one of: check, intervention, module, principle, topic",),
                9,
                "soort-bestaat-niet",
                "kind",
            ),
        ),
        valid=("kapot-soort-goed",),
    ),
    Case(
        "soort-ontbreekt",
        (
            Expect(
                "items.toml",
                ("missing 'kind'; use one of: check, intervention, module, principle, topic",),
                7,  # no kind line, so the item's [[item]] line
                "zonder-soort",
                "kind",
            ),
        ),
        valid=("kapot-zonder-soort-goed",),
    ),
    Case(
        "verplicht-veld-ontbreekt",
        (Expect("items.toml", ("required field is missing",), 7, "check-zonder-advies", "if_not"),),
        valid=("kapot-verplicht-goed",),
    ),
    Case(
        "lege-tekst",
        (Expect("items.toml", ("must not be empty",), 11, "lege-waarom", "why"),),
        valid=("kapot-leeg-veld-goed",),
    ),
    Case(
        "dubbele-id",
        (Expect("b.toml", ("duplicate id; already used in a.toml at line 8",), 2, "zelfde-id", "id"),),
        valid=("kapot-dubbel-goed", "zelfde-id"),
    ),
    Case(
        "geen-slug",
        (
            Expect(
                "items.toml",
                ("'Bindende_Afspraken' is not a valid id", "like 'bindende-afspraken'"),
                8,
                "Bindende_Afspraken",
                "id",
            ),
        ),
        valid=("kapot-slug-goed",),
    ),
    Case(
        "vertaling-ontbreekt",
        (
            Expect(
                "en",
                ("missing translation: kapot-vertaling (nl) has this item, kapot-vertaling (en) does not",),
                item="alleen-nederlands",
                severity="warning",
            ),
        ),
        valid=("kapot-vertaling-goed", "alleen-nederlands", "en/kapot-vertaling-goed"),
        packs=("nl", "en"),
    ),
    Case(
        "check-antwoord-fout",
        (
            Expect(
                "items.toml",
                ('only a check that takes text (takes = "text" or "both") can fill a field',),
                13,
                "vult-met-ja-nee",
                "fills",
            ),
        ),
        valid=("kapot-antwoord-goed",),
    ),
    Case(
        "vertaling-vraagt-anders",
        (
            Expect(
                "en",
                ("kapot-vraagt (nl) and kapot-vraagt (en) ask for another answer here (takes, fills)",),
                item="wat-is-het-doel",
                severity="warning",
            ),
        ),
        valid=("wat-is-het-doel", "en/wat-is-het-doel"),
        packs=("nl", "en"),
    ),
    Case(
        "verwijzing-ontbreekt",
        (
            Expect(
                "items.toml",
                ("refers to 'bestaat-niet', which no loaded nl pack has",),
                12,  # the line of `related`
                "wijst-nergens-heen",
                "related",
                "warning",
            ),
        ),
        valid=("kapot-verwijzing-goed", "wijst-nergens-heen"),
    ),
    Case(
        "module-stap-ontbreekt",
        (
            Expect(
                "items.toml",
                ("refers to 'bestaat-ook-niet', which no loaded nl pack has",),
                13,  # the first [[item.steps]] table
                "module-met-gat",
                "steps",
                "warning",
            ),
        ),
        valid=("kapot-module-goed", "module-met-gat"),
    ),
    Case(
        "schema-versie",
        (
            Expect(
                "pack.toml",
                ("schema_version 2 is not supported; this aantafel reads 1",),
                1,
                field="schema_version",
            ),
        ),
        valid=("kapot-schema-goed",),
    ),
    Case(
        "leeg-bestand",
        (Expect("leeg.toml", ("file is empty",)),),
        valid=("kapot-leeg-bestand-goed",),
    ),
    Case(
        "geen-utf8",
        (Expect("latin1.toml", ("not UTF-8 text (byte 0xe9 at line 4); save the file as UTF-8",), 4),),
        valid=("kapot-latin1-goed",),
    ),
    Case(
        "te-groot",
        (Expect("groot.toml", ("file is over the limit of 1,000,000 bytes; split it into smaller files",)),),
        valid=("kapot-te-groot-goed",),
    ),
    Case(
        "te-diep-genest",
        (Expect("diep.toml", ("nested too deeply (", "400 levels); write it flatter")),),
        valid=("kapot-diep-goed",),
    ),
    Case(
        "link-naar-niets",
        (
            Expect(
                "items.toml",
                ("a link to ../weg.toml, which does not exist; put the file itself in the pack folder",),
            ),
        ),
        valid=("kapot-link-naar-niets-goed",),
    ),
    Case(
        "link-naar-buiten",
        (
            Expect(
                "items.toml",
                (
                    "a link to ../buiten.toml, outside the pack folder; put the file itself in the pack "
                    "folder",
                ),
            ),
        ),
        valid=("kapot-link-naar-buiten-goed",),
    ),
    Case(
        "link-naar-apparaat",
        (Expect("items.toml", ("a link to /dev/zero, outside the pack folder",)),),
        valid=("kapot-link-naar-apparaat-goed",),
    ),
    Case(
        "link-in-een-kring",
        (Expect("items.toml", ("cannot read the file: ",)),),
        valid=("kapot-link-in-een-kring-goed",),
    ),
    Case(
        "pack-toml-als-link",
        (Expect("pack.toml", ("a link to ../buiten-pack.toml, outside the pack folder",)),),
        valid=("kapot-pack-toml-als-link-goed",),
    ),
    Case(
        "fifo",
        (Expect("items.toml", ("not a file but a FIFO (named pipe)", "must be a plain text file")),),
        valid=("kapot-fifo-goed",),
    ),
    Case(
        "pack-toml-ontbreekt",
        (Expect("pack.toml", ("missing: every pack needs a pack.toml",)),),
        valid=("kapot-zonder-pack-goed",),
    ),
    Case(
        "foute-taalcode",
        (
            Expect(
                "pack.toml",
                ("'nederlands' is not a language code: use two letters",),
                3,
                field="language",
            ),
        ),
        valid=("kapot-taal-goed",),
    ),
    Case(
        "twee-pakketten-zelfde-id",
        (
            Expect(
                "b/pack.toml",
                (
                    "id claimed by two packs: kapot-eigenaar-b (nl) in {case}/b{by} and "
                    "kapot-eigenaar-a (nl) in {case}/a{by}; kapot-eigenaar-b (nl) is left out",
                ),
                item="van-wie-is-dit",
                field="id",
            ),
        ),
        valid=("kapot-eigenaar-b-goed",),
        packs=("a", "b"),
        kept=("kapot-eigenaar-a-goed", "van-wie-is-dit"),
    ),
    Case(
        "id-van-basispakket",
        (
            Expect(
                "pack.toml",
                (
                    "id claimed by two packs: kapot-basis-id (nl) in {case}{by} and basis (nl) in ",
                    "kapot-basis-id (nl) is left out",
                ),
                item="bindende-afspraken",
                field="id",
            ),
        ),
        valid=("kapot-basis-id-goed",),
    ),
    Case(
        "regelscheiding-in-tekst",
        (
            Expect(
                "items.toml",
                ("expected text, got a number",),
                10,
                "titel-is-getal-na-regelscheiding",
                "title",
            ),
        ),
        valid=("kapot-regelscheiding-goed",),
    ),
    Case(
        "item-kop-in-tekst",
        (Expect("items.toml", ("expected text, got a number",), 16, "titel-is-getal-na-voorbeeld", "title"),),
        valid=("kapot-item-kop-goed",),
    ),
    Case(
        "apostrofs-in-tekst",
        (Expect("items.toml", ("expected text, got a number",), 10, "titel-is-getal-na-apostrofs", "title"),),
        valid=("kapot-apostrofs-goed",),
    ),
)


def _where(ref: str) -> tuple[str, str]:
    """``"en/some-id"`` -> ``("some-id", "en")``; without a prefix the item is Dutch."""
    language, _, item_id = ref.rpartition("/")
    return item_id, language or "nl"


@pytest.fixture(scope="module")
def base_items() -> dict[str, tuple[str, ...]]:
    """The item ids of each base pack when nothing else is loaded, to compare with."""
    library = load_library(host=make_plugin_host(env={}), cache=False)
    found = {pack.info.label: tuple(item.id for item in pack.items) for pack in library.packs}
    assert set(BASE_PACKS) <= set(found)
    return found


def _case_folder(case: Case, tmp_path: Path) -> Path:
    if case.name in GENERATED:
        folder = tmp_path / case.name
        GENERATED[case.name](folder)
        return folder
    return CORPUS / case.name


def _assert_base_packs_load(library: Library, base_items: dict[str, tuple[str, ...]]) -> None:
    loaded = {pack.info.label: tuple(item.id for item in pack.items) for pack in library.packs}
    for label in BASE_PACKS:
        assert loaded.get(label) == base_items[label], f"{label} did not load whole"
    for language, label in (("nl", "basis (nl)"), ("en", "basis (en)")):
        assert library.get("bindende-afspraken", language).kind == "check"
        assert library.pack_of("bindende-afspraken", language).info.label == label


def _matches(problem: Problem, expect: Expect, folder: Path, by: str = "") -> bool:
    """``by`` is how messages name the plugin that registered the case's packs: "" when given directly."""
    return (
        problem.file == (folder / expect.file if expect.file else folder)
        and problem.line == expect.line
        and problem.item == expect.item
        and problem.field == expect.field
        and problem.severity == expect.severity
        and all(part.format(case=folder, by=by) in problem.message for part in expect.message)
    )


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_broken_pack_is_reported_exactly(
    case: Case, tmp_path: Path, base_items: dict[str, tuple[str, ...]]
) -> None:
    folder = _case_folder(case, tmp_path)
    library = load_library(packs=[folder / pack for pack in case.packs])

    problems = list(library.problems)
    described = "\n".join(f"{p!s} [{p.severity}]" for p in problems)
    assert len(problems) == len(case.problems), described
    for problem, expect in zip(problems, case.problems, strict=True):
        assert _matches(problem, expect, folder), f"expected {expect}\ngot {problem!r}"
    assert library.plugins.failures() == []

    _assert_base_packs_load(library, base_items)
    left_out = any(expect.severity == "error" for expect in case.problems)
    for ref in case.valid:
        assert (library.find(*_where(ref)) is None) == left_out, ref
    for ref in case.kept:
        assert library.find(*_where(ref)) is not None, ref


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_strict_loading_raises_with_the_same_problems(case: Case, tmp_path: Path) -> None:
    folder = _case_folder(case, tmp_path)
    with pytest.raises(LibraryError) as raised:
        load_library(packs=[folder / pack for pack in case.packs], strict=True)
    assert len(raised.value.problems) == len(case.problems)
    for problem, expect in zip(raised.value.problems, case.problems, strict=True):
        assert _matches(problem, expect, folder)
        assert str(problem) in str(raised.value)


PLUGIN = """\
from pathlib import Path

from aantafel import hookimpl


@hookimpl
def register_content_packs():
    return [Path(folder) for folder in {folders!r}]
"""


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_broken_pack_of_an_installed_plugin_leaves_the_others_working(
    case: Case, tmp_path: Path, install_plugin: Callable[..., None], base_items: dict[str, tuple[str, ...]]
) -> None:
    """The same pack as a user gets it from pip: registered by an installed plugin. Every front-end loads
    the library this way, so nothing in the pack may stop it; ``aantafel plugins`` names the plugin and
    every problem with its file."""
    folder = _case_folder(case, tmp_path)
    folders = [str(folder / pack) for pack in case.packs]
    install_plugin(
        "kapotte_pakketten",
        PLUGIN.format(folders=folders),
        distribution="kapotte-pakketten",
        entry_point="kapot",
    )

    library = load_library()

    problems = list(library.problems)
    described = "\n".join(f"{p!s} [{p.severity}]" for p in problems)
    assert len(problems) == len(case.problems), described
    for problem, expect in zip(problems, case.problems, strict=True):
        assert _matches(problem, expect, folder, by=" (plugin kapot)"), f"expected {expect}\ngot {problem!r}"
        assert library.plugin_of(problem) == "kapot"
    assert library.plugins.failures() == []
    _assert_base_packs_load(library, base_items)
    left_out = any(expect.severity == "error" for expect in case.problems)
    for ref in case.valid:
        assert (library.find(*_where(ref)) is None) == left_out, ref
    for ref in case.kept:
        assert library.find(*_where(ref)) is not None, ref
    assert library.search("bindende afspraken", "nl")[0].item.id == "bindende-afspraken"
    assert library.suggest("ze blijven vaag", "nl")[0].item.id == "niet-concreet"

    listed = CliRunner().invoke(cli, ["plugins"])
    assert listed.exit_code == 0, listed.output
    assert "kapot  kapotte-pakketten 0.1" in listed.output
    for problem in problems:
        assert str(problem) in listed.output


def test_links_that_stay_inside_the_pack_are_read(tmp_path: Path) -> None:
    """Only links that leave the pack are refused: a pack reached through a link, and an item file that
    links to a file elsewhere in its own folder, load as usual."""
    folder = tmp_path / "echt"
    _pack(folder, "kapot-link-binnen")
    (folder / "gedeeld").mkdir()
    (folder / "gedeeld" / "onderwerp.toml").write_text(
        '[[item]]\nid = "link-binnen"\nkind = "topic"\ntitle = "Via een link"\nbody = "Binnen."\n',
        encoding="utf-8",
    )
    (folder / "items.toml").symlink_to(Path("gedeeld") / "onderwerp.toml")
    (tmp_path / "via-link").symlink_to(folder)

    library = load_library(packs=[tmp_path / "via-link"], strict=True)

    assert library.get("link-binnen", "nl").title == "Via een link"
    assert library.get("kapot-link-binnen-goed", "nl").kind == "topic"


def test_reading_stops_just_past_the_limit_whatever_size_the_file_reports() -> None:
    """/dev/zero says it is empty and never ends: what is read is counted, not what stat says."""
    assert _read_at_most(Path("/dev/zero"), MAX_FILE_BYTES + 1) == bytes(MAX_FILE_BYTES + 1)


def test_broken_packs_load_the_same_from_the_cache(
    tmp_path: Path, base_items: dict[str, tuple[str, ...]]
) -> None:
    """A second load reads the packs from the cache; the problems must come out the same."""
    cases = list(CASES)
    folders = [_case_folder(case, tmp_path) / pack for case in cases for pack in case.packs]
    first = load_library(packs=folders)
    second = load_library(packs=folders)
    assert len(first.problems) == sum(len(case.problems) for case in cases)
    assert second.problems == first.problems
    _assert_base_packs_load(second, base_items)


def test_every_corpus_folder_has_a_case() -> None:
    on_disk = {path.name for path in CORPUS.iterdir() if path.is_dir()}
    in_table = {case.name for case in CASES} - set(GENERATED)
    assert on_disk == in_table
    assert len(CASES) >= 18


def test_the_corpus_files_are_still_broken_the_right_way() -> None:
    """Guards against an editor or a hook 'fixing' the corpus."""
    latin1 = (CORPUS / "geen-utf8" / "latin1.toml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        latin1.decode("utf-8")
    assert "café".encode("latin-1") in latin1
    assert (CORPUS / "leeg-bestand" / "leeg.toml").read_bytes() == b""
    assert "\u2028" in (CORPUS / "regelscheiding-in-tekst" / "items.toml").read_text(encoding="utf-8")
