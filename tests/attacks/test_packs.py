"""Content packs that stopped aantafel in the attack on issue 12: each is now a problem that names the file.

A pack is read by every start of every front-end, so one broken pack must never stop the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from aantafel import load_library
from aantafel.cli import cli

PACK_TOML = (
    'schema_version = 1\nid = "kapot-aanval"\nlanguage = "nl"\nversion = "0.1.0"\ntitle = "Kapot pakket"\n'
)
GOOD_ITEMS = '[[item]]\nid = "kapot-aanval-goed"\nkind = "topic"\ntitle = "Goed"\nbody = "Dit klopt."\n'


def _pack(folder: Path) -> Path:
    """A pack with one good item file; the test adds the bad one."""
    folder.mkdir()
    (folder / "pack.toml").write_text(PACK_TOML, encoding="utf-8")
    (folder / "goed.toml").write_text(GOOD_ITEMS, encoding="utf-8")
    return folder


def test_a_deeply_nested_pack_of_a_plugin_leaves_every_front_end_working(
    tmp_path: Path, install_plugin: Callable[..., None]
) -> None:
    """Item 2: ``x = [[[…`` a thousand deep raised RecursionError out of the reader."""
    pack = _pack(tmp_path / "diep")
    (pack / "diep.toml").write_text("x = " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    install_plugin(
        "kapot_diep_plugin",
        f"from pathlib import Path\nfrom aantafel import hookimpl\n\n\n@hookimpl\n"
        f"def register_content_packs():\n    return [Path({str(pack)!r})]\n",
        distribution="kapot-diep",
        entry_point="diep",
    )

    library = load_library()

    [problem] = library.problems
    assert problem.file == pack / "diep.toml"
    assert "nested too deeply" in problem.message
    assert library.plugin_of(problem) == "diep"
    assert library.find("kapot-aanval-goed", "nl") is None
    assert library.get("bindende-afspraken", "nl").kind == "check"
    assert library.search("afspraken", "nl")
    assert library.suggest("ze blijven vaag", "nl")[0].item.id == "niet-concreet"
    for command in (["list"], ["search", "afspraken"], ["suggest", "ze blijven vaag"]):
        done = CliRunner().invoke(cli, command)
        assert done.exit_code == 0, done.output
    plugins = CliRunner().invoke(cli, ["plugins"])
    assert plugins.exit_code == 0, plugins.output
    assert f"{pack / 'diep.toml'}: nested too deeply" in plugins.output

    from aantafel_web.app import create_app

    client = create_app({"TESTING": True}).test_client()
    assert client.get("/search?q=afspraken").status_code == 200
    about = client.get("/about")
    assert about.status_code == 200
    assert "diep.toml" in about.get_data(as_text=True)
