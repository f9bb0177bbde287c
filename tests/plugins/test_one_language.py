"""A trainer module installed without its English pack works in Dutch: ``aantafel plugins`` and the About
page list it as working, with a note that English is missing, instead of as FAILED."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from aantafel import load_library
from aantafel.cli import cli
from aantafel_web.app import create_app
from tests.plugins import UITDAAGRECHT

DUTCH_ONLY = f"""
from pathlib import Path
from aantafel import hookimpl

@hookimpl
def register_content_packs():
    return [Path({str(UITDAAGRECHT / "packs" / "nl")!r}), Path(__file__).parent / "packs" / "en"]
"""


def test_a_module_without_its_english_pack_works_in_dutch(install_plugin: Callable[..., None]) -> None:
    install_plugin("alleen_nl", DUTCH_ONLY, distribution="aantafel-alleen-nl", entry_point="alleennl")
    library = load_library()
    assert library.missing_languages("alleennl") == ("en",)
    assert library.missing_languages("nl") == ()  # the base packs have every language
    assert "uitdaagrecht" in {item.id for item in library.items("nl", "module")}

    listed = CliRunner().invoke(cli, ["plugins"], env={"AANTAFEL_LANG": "nl"})
    assert listed.exit_code == 0, listed.output
    entry = listed.stdout.split("alleennl")[1].split("\n\n")[0]
    assert "MISLUKT" not in listed.stdout
    assert "probleem" not in entry
    assert "opmerking: werkt, maar heeft geen pakket in het Engels" in entry
    report = json.loads(CliRunner().invoke(cli, ["plugins", "--json"]).stdout)["plugins"]
    found = next(plugin for plugin in report if plugin["name"] == "alleennl")
    assert (found["failures"], found["missing_languages"]) == ([], ["en"])

    client = create_app({"TESTING": True}).test_client()
    for language, note in (
        ("nl", "werkt, maar heeft geen pakket in het Engels"),
        ("en", "works, but has no pack in English"),
    ):
        about = client.get(f"/about?lang={language}").get_data(as_text=True)
        listed_here = about.split("<strong>alleennl</strong>")[1].split("</li>")[0]
        assert note in listed_here
        assert 'class="overdue"' not in about.split("<strong>alleennl</strong>")[0].rsplit("<li", 1)[1]


def test_a_module_with_no_pack_at_all_still_fails(
    install_plugin: Callable[..., None], tmp_path: Path
) -> None:
    nothing = f"""
from pathlib import Path
from aantafel import hookimpl

@hookimpl
def register_content_packs():
    return [Path({str(tmp_path / "nl")!r})]
"""
    install_plugin("niets", nothing, distribution="aantafel-niets", entry_point="niets")
    library = load_library()
    assert [str(p) for p in library.problems if library.plugin_of(p) == "niets"] == [
        f"{tmp_path / 'nl'}: pack folder not found"
    ]
