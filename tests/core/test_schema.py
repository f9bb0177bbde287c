"""The JSON Schemas for pack files: real packs pass, the usual mistakes do not, plugins' kinds are in."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
from attrs import field, frozen
from click.testing import CliRunner

from aantafel import load_library
from aantafel.cli import cli
from aantafel.items import Item, _not_blank
from aantafel.scaffold import create_pack
from aantafel.schema import items_schema, pack_schema

ROOT = Path(__file__).resolve().parents[2]
PACKS = [
    ROOT / "content" / "nl" / "src" / "aantafel_nl" / "pack",
    ROOT / "content" / "en" / "src" / "aantafel_en" / "pack",
]


def _errors(schema: dict[str, Any], data: object) -> list[str]:
    return [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(data)]


def _files(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    pack = tomllib.loads((folder / "pack.toml").read_text(encoding="utf-8"))
    items = [
        tomllib.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.toml"))
        if p.name != "pack.toml"
    ]
    return pack, items


@pytest.mark.parametrize("folder", PACKS, ids=["nl", "en"])
def test_the_base_packs_follow_the_schemas(folder: Path) -> None:
    kinds = load_library().kinds
    pack, items = _files(folder)
    assert _errors(pack_schema(), pack) == []
    assert items
    for data in items:
        assert _errors(items_schema(kinds), data) == []


def test_a_pack_made_by_new_pack_follows_the_schemas(tmp_path: Path) -> None:
    made = create_pack("oefenen", tmp_path)
    folders = [p.parent for p in made.rglob("pack.toml")]
    assert folders
    for folder in folders:
        pack, items = _files(folder)
        assert _errors(pack_schema(), pack) == []
        for data in items:
            assert _errors(items_schema(load_library().kinds), data) == []


@pytest.mark.parametrize(
    ("item", "complaint"),
    [
        ({"kind": "check", "id": "grenzen", "why": "w", "if_not": "i"}, "'title' is a required property"),
        ({"kind": "check", "id": "Grenzen!", "title": "t", "why": "w", "if_not": "i"}, "does not match"),
        (
            {"kind": "check", "id": "grenzen", "title": "t", "sumary": "s", "why": "w", "if_not": "i"},
            "sumary",
        ),
        ({"kind": "check", "id": "grenzen", "title": "   ", "why": "w", "if_not": "i"}, "does not match"),
        ({"kind": "verhaal", "id": "x", "title": "t"}, "is not valid under any of the given schemas"),
        (
            {
                "kind": "intervention",
                "id": "x",
                "title": "t",
                "situation": "s",
                "signals": "vaag",
                "sentences": [],
            },
            "is not of type 'array'",
        ),
    ],
    ids=["no title", "bad id", "misspelt key", "blank title", "unknown kind", "text for a list"],
)
def test_the_usual_mistakes_do_not_pass(item: dict[str, Any], complaint: str) -> None:
    schema = items_schema(load_library().kinds)
    errors = _errors(schema, {"item": [item]})
    assert errors
    for kind in schema["properties"]["item"]["items"][
        "oneOf"
    ]:  # the one kind's own complaint, when it exists
        if kind["properties"]["kind"]["const"] == item["kind"]:
            errors = _errors(kind, item)
    assert any(complaint in message for message in errors), errors


@frozen(kw_only=True, slots=False)
class Exercise(Item):
    """A role-play for a training day."""

    kind: ClassVar[str] = "exercise"
    roles: tuple[str, ...] = ()
    instructions: str = field(validator=_not_blank)


def test_a_kind_from_a_plugin_is_in_the_item_schema() -> None:
    schema = items_schema({**load_library().kinds, "exercise": Exercise})
    item = {
        "kind": "exercise",
        "id": "rollenspel",
        "title": "Rollenspel",
        "instructions": "Speel de wethouder.",
        "roles": ["wethouder"],
    }
    assert _errors(schema, {"item": [item]}) == []
    assert _errors(schema, {"item": [{**item, "instructions": ""}]})


def test_the_schema_command_prints_and_writes(tmp_path: Path) -> None:
    printed = CliRunner().invoke(cli, ["schema", "pack"])
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["title"] == "aantafel pack.toml"
    target = tmp_path / "items.schema.json"
    written = CliRunner().invoke(cli, ["schema", "items", "-o", str(target)])
    assert written.exit_code == 0, written.output
    kinds = json.loads(target.read_text(encoding="utf-8"))["properties"]["item"]["items"]["oneOf"]
    assert {k["properties"]["kind"]["const"] for k in kinds} >= {
        "check",
        "principle",
        "intervention",
        "module",
        "topic",
    }
    wrong = CliRunner().invoke(cli, ["schema", "items", "-o", str(tmp_path / "geen" / "map.json")])
    assert wrong.exit_code == 1
    assert "niet opslaan: No such file or directory" in wrong.stderr  # the system's words stay its own
    assert CliRunner().invoke(cli, ["schema", "blad"]).exit_code == 2
